import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkGrads, laws } from "../../laws/index.js";
import { itHolds } from "../../laws/vitest.js";
import { primitiveNames } from "../../src/core/registry.js";
import { grad, np, stopGradient, type NDArray } from "../../src/index.js";
import { entries } from "./table.js";

const runs = { numRuns: 10 };

describe("every primitive has a law entry", () => {
  it.each(primitiveNames)("%s", (name) => {
    expect(entries.filter((e) => e.covers.includes(name)).map((e) => e.name), `primitive ${name} has no entry in test/laws/table.ts`).not.toEqual([]);
  });
});

for (const e of entries) {
  describe(e.name, () => {
    if (e.fd !== false) itHolds("gradMatchesFiniteDifferences", laws.gradMatchesFiniteDifferences({ f: e.f, args: e.gen([]) }), runs);
    if (e.jvp !== false) itHolds("vjpIsTransposeOfJvp", laws.vjpIsTransposeOfJvp({ f: e.f, args: e.gen([]) }), runs);
    itHolds("vmapMatchesLoop", laws.vmapMatchesLoop({ f: e.f, args: e.gen([2]) }), runs);
    itHolds("jitMatchesEager", laws.jitMatchesEager({ f: e.f, args: e.gen([]) }), runs);
    // Second derivatives (both modes, and reverse-over-forward) against finite differences of the first: a
    // derivative rule whose own derivative is wrong (e.g. a mask that is constant in x) passes order 1 only.
    if (e.fd !== false) {
      it("second derivatives match finite differences", () => {
        fc.assert(fc.property(e.gen([]), (args) => checkGrads(e.f, args, { order: 2, modes: e.jvp === false ? ["rev"] : ["fwd", "rev"] })), { numRuns: 4 });
      });
    }
  });
}

it("stopGradient has a zero derivative", () => {
  const g = grad((x: NDArray) => np.sum(stopGradient(np.sin(x))))(np.array([0.5, 1], { dtype: "float64" })) as NDArray;
  expect(Array.from(g.data())).toEqual([0, 0]);
  void fc;
});
