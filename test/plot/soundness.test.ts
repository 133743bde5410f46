// Issue 8 reproducers for plot: bad input is a JaxonError naming the function (synchronously for
// the spec, as a rejection for rendering), never a raw error, a stack overflow or a silently wrong
// chart (NaN coordinates, non-integer labels).
import { describe, expect, it } from "vitest";
import { np, plot, ShapeError, ValueError, type NDArray } from "../../src/index.js";
import { rejectsNamed, throwsNamed } from "../nn/throws.js";

const ds = { x: np.array([[0, 0], [1, 1], [0, 1]]), y: np.array([0, 1, 1], { dtype: "int32" }) };
const predict = (x: NDArray) => np.stack([np.sum(x, 1), np.neg(np.sum(x, 1))], 1);

describe("plot: bad input", () => {
  it("misspelt options, bad sizes and titles", () => {
    throwsNamed(() => plot.specs.lossCurve([1, 0.5], { logscale: true } as never), ValueError, "plot.specs.lossCurve", /unknown option "logscale"; did you mean "logScale"\?/);
    throwsNamed(() => plot.lossCurve([1, 0.5], { width: Infinity }), ValueError, "plot.lossCurve", /width must be a positive number of pixels/);
    throwsNamed(() => plot.lossCurve([1, 0.5], { title: 3 as never }), ValueError, "plot.lossCurve", /title must be a string/);
    throwsNamed(() => plot.lossCurve({ loss: [1], validationLoss: "x" } as never), ValueError, "plot.lossCurve", /validationLoss must be an array of numbers/);
    throwsNamed(() => plot.fit1d((x) => x, { x: np.array([0, 1]), y: np.array([0, 1]) }, { samples: 1e9 }), ValueError, "plot.fit1d", /samples must be an integer in 2…100000/);
  });
  it("NaN coordinates, non-integer, negative or huge labels, NaN predictions", () => {
    throwsNamed(() => plot.specs.decisionBoundary(predict, { x: np.array([[NaN, 0], [1, 1]]), y: np.array([0, 1]) }), ValueError, "plot.specs.decisionBoundary", /dataset\.x must be finite, but element 0 is NaN/);
    throwsNamed(() => plot.specs.decisionBoundary(predict, { ...ds, y: np.array([0, 0.5, 1]) }), ValueError, "plot.specs.decisionBoundary", /label 1 is 0\.5/);
    throwsNamed(() => plot.specs.decisionBoundary(predict, { ...ds, y: np.array([0, 1e9, 1]) }), ValueError, "plot.specs.decisionBoundary", /integers in \[0, 256\)/);
    throwsNamed(() => plot.specs.decisionBoundary((x) => np.full([x.shape[0]!, 2], NaN), ds, { resolution: 4 }), ValueError, "plot.specs.decisionBoundary", /predict returned NaN/);
    throwsNamed(() => plot.specs.fit1d((x) => x, { x: np.array([0, NaN]), y: np.array([0, 1]) }), ValueError, "plot.specs.fit1d", /dataset\.x must be finite/);
  });
  it("predict is user code: a non-function is refused, its errors name what it called", () => {
    throwsNamed(() => plot.specs.decisionBoundary(3 as never, ds), ValueError, "plot.specs.decisionBoundary", /expected predict .* as a function, got number 3/);
    throwsNamed(() => plot.specs.fit1d((x) => np.reshape(x, [7]), { x: np.array([0, 1]), y: np.array([0, 1]) }), ShapeError, "np.reshape");
  });
  it("many points do not overflow the stack (no Math.min(...xs))", () => {
    const n = 200000;
    const x = np.arange(n, undefined, 1, { dtype: "float32" });
    const spec = plot.specs.fit1d((v) => v, { x, y: x }, { samples: 3 });
    expect((spec["layer"] as unknown[]).length).toBe(2);
  });
  it("render rejects a non-spec and an invalid spec with a ValueError naming plot.render", async () => {
    await rejectsNamed(plot.render(42 as never), ValueError, "plot.render", /expected a Vega-Lite spec/);
    await rejectsNamed(plot.render({ mark: "nonsense-mark", data: { values: [] } }), ValueError, "plot.render", /the Vega-Lite spec is invalid/);
  });
});
