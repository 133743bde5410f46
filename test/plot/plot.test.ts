import { describe, expect, it } from "vitest";
import * as vl from "vega-lite";
import { data, nn, np, random, type NDArray } from "../../src/index.js";
import * as plot from "../../src/plot/index.js";

/** Number of child marks (e.g. `<path>`) in the SVG groups of vega mark type `type` (symbol, rect, line). */
function markCount(svg: string, type: string): number {
  let count = 0;
  const re = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>`, "g");
  for (const m of svg.matchAll(re)) {
    const start = m.index + m[0].length;
    const body = svg.slice(start, svg.indexOf("</g>", start));
    count += (body.match(/<path /g) ?? []).length;
  }
  return count;
}

const wellFormed = (svg: string) => {
  expect(svg.startsWith("<svg")).toBe(true);
  expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
};

describe("plot.lossCurve", () => {
  it("draws the training loss of a plain array", async () => {
    const svg = await plot.lossCurve([1, 0.5, 0.3, 0.2], { title: "Plain loss" });
    wellFormed(svg);
    expect(svg).toContain("Plain loss");
    expect(markCount(svg, "line")).toBe(1);
    expect(svg).not.toContain("validation");
  });

  it("draws training and validation curves with a legend", async () => {
    const svg = await plot.lossCurve({ loss: [1, 0.5, 0.3], validationLoss: [1.1, 0.7, 0.5] }, { title: "With validation" });
    wellFormed(svg);
    expect(markCount(svg, "line")).toBe(2);
    expect(svg).toContain("validation");
    expect(svg).toContain("training");
  });

  it("rejects empty or malformed histories", () => {
    expect(() => plot.lossCurve([])).toThrow(/empty/);
    expect(() => plot.lossCurve({ loss: "x" } as never)).toThrow(/history/);
  });
});

describe("plot.decisionBoundary", () => {
  const key = random.key(0);

  it("two classes with a one-logit model", async () => {
    const ds = data.moons(key, { n: 40 });
    const predict = (x: NDArray) => np.sub(np.matmul(x, np.array([[0], [1]])), 0.25); // logit = y - 0.25
    const svg = await plot.decisionBoundary(predict, ds, { title: "Moons", resolution: 10 });
    wellFormed(svg);
    expect(svg).toContain("Moons");
    expect(markCount(svg, "symbol")).toBe(40);
    expect(svg).toContain("role-legend");
    expect(markCount(svg, "rect")).toBeGreaterThanOrEqual(10); // at least one run per row
    expect(markCount(svg, "rect")).toBeLessThanOrEqual(100);
  });

  it("three classes with probabilities", async () => {
    const ds = data.spirals(key, { n: 30, classes: 3 });
    const w = np.array([[1, 0, -1], [0, 1, -1]]);
    const predict = (x: NDArray) => nn.softmax(np.matmul(x, w));
    const svg = await plot.decisionBoundary(predict, ds, { resolution: 12, classNames: ["a", "b", "c"] });
    wellFormed(svg);
    expect(markCount(svg, "symbol")).toBe(30);
    expect(markCount(svg, "rect")).toBeGreaterThanOrEqual(12);
    expect(markCount(svg, "rect")).toBeLessThanOrEqual(144);
    expect(svg).toMatch(/>c<\/text>/);
  });

  it("rejects non-2-D inputs", () => {
    expect(() => plot.specs.decisionBoundary((x) => x, { x: np.zeros([3, 3]), y: np.zeros([3]) })).toThrow(/\[n, 2\]/);
  });
});

describe("plot.fit1d", () => {
  it("draws the data points and the model curve", async () => {
    const ds = data.regression1d(random.key(1), (x) => np.sin(x), { n: 25 });
    const svg = await plot.fit1d((x) => np.sin(x), ds, { title: "Sine fit" });
    wellFormed(svg);
    expect(svg).toContain("Sine fit");
    expect(markCount(svg, "symbol")).toBe(25);
    expect(svg).toMatch(/>model<\/text>/);
    expect(markCount(svg, "line")).toBe(1);
  });

  it("accepts [n] inputs and targets", async () => {
    const svg = await plot.fit1d((x) => x.mul(2), { x: np.array([0, 1, 2]), y: np.array([0, 2, 4]) });
    wellFormed(svg);
  });
});

describe("plot.specs", () => {
  it("builds Vega-Lite specs that compile", () => {
    const ds = data.moons(random.key(2), { n: 10 });
    const all = [
      plot.specs.lossCurve([1, 0.5]),
      plot.specs.lossCurve({ loss: [1, 0.5], validationLoss: [1, 0.6] }, { title: "t", logScale: true }),
      plot.specs.decisionBoundary((x) => np.zeros([x.shape[0]!, 2]), ds, { resolution: 4 }),
      plot.specs.fit1d((x) => x, { x: np.array([[0], [1]]), y: np.array([[0], [1]]) }),
    ];
    for (const spec of all) {
      expect(spec["$schema"]).toMatch(/vega-lite/);
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      expect(() => vl.compile(spec as never)).not.toThrow();
    }
  });
});
