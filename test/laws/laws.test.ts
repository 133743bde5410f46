import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arb, checkGrads, GradCheckError, holds, laws } from "../../laws/index.js";
import { itHolds } from "../../laws/vitest.js";
import { customJvp, customVjp, jit, np, NDArray, tree } from "../../src/index.js";

const x64 = arb.ndarray({ dtype: "float64", shape: arb.shape({ minRank: 1, maxRank: 2, minDim: 1, maxDim: 3 }), min: -2, max: 2 });
const args1 = fc.tuple(x64);

// Deliberately wrong derivatives: sin with derivative 2cos (jvp) and cube with gradient 2x² (vjp).
const wrongJvp = customJvp(
  (x: NDArray) => np.sin(x),
  ([x], [t]) => [np.sin(x), np.mul(t, np.mul(2, np.cos(x)))],
);
const wrongVjp = customVjp(
  (x: NDArray) => np.mul(x, np.mul(x, x)),
  (x: NDArray) => [np.mul(x, np.mul(x, x)), x],
  (x: NDArray, g: NDArray) => [np.mul(g, np.mul(2, np.mul(x, x)))],
);
// A linear map whose vjp is not the transpose of its jvp (both modes see only their own rule).
const notTransposed = customJvp(
  (x: NDArray) => np.mul(x, 2),
  ([x], [t]) => [np.mul(x, 2), np.mul(t, 2)],
);
const nonlinearTangent = customJvp(
  (x: NDArray) => np.mul(x, 2),
  ([x], [t]) => [np.mul(x, 2), np.mul(t, t)],
);
// vmap/jit mismatches: an impure function (it counts its calls), so vmap's single call and jit's cached trace differ from the eager calls.
let counter = 0;
const impureAdd = (x: NDArray) => np.add(x, counter++);

describe("the laws hold for correct functions", () => {
  itHolds("checkGrads order 2, both modes", fc.property(args1, ([x]) => checkGrads((y: NDArray) => np.mul(np.sin(y), np.exp(y)), [x], { order: 2 })), { numRuns: 5 });
  itHolds("jvpMatchesFiniteDifferences on a pytree argument", laws.jvpMatchesFiniteDifferences({ f: (p: { w: NDArray; b: NDArray }) => np.tanh(np.add(p.w, p.b)), args: fc.tuple(fc.record({ w: x64, b: arb.ndarray({ dtype: "float64", shape: [] }) })) }), { numRuns: 5 });
  itHolds("jvpIsLinear", laws.jvpIsLinear({ f: (x: NDArray) => np.mul(np.sin(x), x), args: args1 }), { numRuns: 5 });
  itHolds(
    "jacobianMatchesFiniteDifferences on pytrees in and out, with a held-out integer argument",
    laws.jacobianMatchesFiniteDifferences({
      f: (p: { w: NDArray; b: NDArray }, x: NDArray, k: NDArray) => ({ y: np.tanh(np.mul(p.w, x)), s: [np.sum(np.mul(p.b, np.astype(k, "float64")))] }),
      args: fc.tuple(fc.record({ w: arb.ndarray({ dtype: "float64", shape: [2] }), b: arb.ndarray({ dtype: "float64", shape: [] }) }), arb.ndarray({ dtype: "float64", shape: [2] }), fc.constant(np.array(3, { dtype: "int32" }))),
    }),
    { numRuns: 5 },
  );
  itHolds("treeFunctor", laws.treeFunctor({ tree: arb.pytree(fc.oneof(fc.integer({ min: -5, max: 5 }), arb.ndarray({ shape: [2] }))) }), { numRuns: 20 });
  it("vmapMatchesLoop with explicit inAxes and a held-out integer argument", holds(laws.vmapMatchesLoop({ f: (x: NDArray, y: NDArray) => np.mul(x, y), args: fc.tuple(arb.ndarray({ dtype: "float64", shape: [3, 2] }), arb.ndarray({ dtype: "float64", shape: [3, 2] })), inAxes: [0, null] }), { numRuns: 5 }));
  it("checkGrads skips integer arguments and uses loose float32 tolerances", () => {
    checkGrads((x: NDArray, k: NDArray) => np.mul(np.sin(x), np.astype(k, "float32")), [np.array([0.5, -1]), np.array([2, 3], { dtype: "int32" })]);
  });
});

describe("the laws fail on wrong derivatives", () => {
  const failed = (p: fc.IPropertyWithHooks<any>) => fc.check(p, { numRuns: 5 });
  const lawMessage = (p: fc.IPropertyWithHooks<any>) => {
    const r = failed(p);
    expect(r.failed).toBe(true);
    return String(r.errorInstance instanceof Error ? r.errorInstance.message : r.errorInstance);
  };
  it("gradMatchesFiniteDifferences (wrong jvp rule, and wrong vjp rule)", () => {
    expect(lawMessage(laws.gradMatchesFiniteDifferences({ f: wrongJvp, args: args1 }))).toMatch(/law gradMatchesFiniteDifferences failed: argument 0/);
    expect(lawMessage(laws.gradMatchesFiniteDifferences({ f: wrongVjp, args: args1 }))).toMatch(/gradMatchesFiniteDifferences/);
  });
  it("jacobianMatchesFiniteDifferences (a wrong jvp rule shows in jacfwd; a customVjp function has no forward mode)", () => {
    expect(lawMessage(laws.jacobianMatchesFiniteDifferences({ f: wrongJvp, args: args1 }))).toMatch(/law jacobianMatchesFiniteDifferences failed: jacfwd, output leaf 0, input leaf 0 \(of argument 0\)/);
    expect(lawMessage(laws.jacobianMatchesFiniteDifferences({ f: wrongVjp, args: args1 }))).toMatch(/law jacobianMatchesFiniteDifferences failed: .*forward-mode/);
  });
  it("jvpMatchesFiniteDifferences", () => {
    expect(lawMessage(laws.jvpMatchesFiniteDifferences({ f: wrongJvp, args: args1 }))).toMatch(/law jvpMatchesFiniteDifferences failed: .*mode fwd/);
  });
  it("vjpIsTransposeOfJvp", () => {
    // Transposition of a customJvp rule is derived, so it holds; a nonlinear rule breaks it.
    expect(lawMessage(laws.vjpIsTransposeOfJvp({ f: nonlinearTangent, args: args1 }))).toMatch(/law vjpIsTransposeOfJvp failed/);
    void notTransposed;
  });
  it("jvpIsLinear", () => {
    expect(lawMessage(laws.jvpIsLinear({ f: nonlinearTangent, args: args1 }))).toMatch(/law jvpIsLinear failed/);
  });
  it("vmapMatchesLoop", () => {
    expect(lawMessage(laws.vmapMatchesLoop({ f: impureAdd, args: fc.tuple(arb.ndarray({ shape: [2, 3] })) }))).toMatch(/law vmapMatchesLoop failed: inAxes \[0\]/);
  });
  it("jitMatchesEager", () => {
    expect(lawMessage(laws.jitMatchesEager({ f: impureAdd, args: args1 }))).toMatch(/law jitMatchesEager failed/);
    void jit;
  });
  it("treeFunctor", () => {
    let calls = 0;
    const impure = (x: unknown) => (typeof x === "number" ? x + calls++ : x);
    expect(lawMessage(laws.treeFunctor({ tree: fc.constant([1, 2]), f: impure }))).toMatch(/law treeFunctor failed: composition/);
  });
  it("checkGrads throws naming the mode, order and argument", () => {
    const x = np.array([0.3, -0.7], { dtype: "float64" });
    expect(() => checkGrads(wrongJvp, [x], { modes: ["fwd"] })).toThrow(/mode fwd \(JVP\), order 1, argument 0: .*got .*expected/);
    expect(() => checkGrads(wrongJvp, [x], { modes: ["rev"] })).toThrow(/mode rev \(VJP\), order 1, argument 0/);
    expect(() => checkGrads(wrongVjp, [x], { modes: ["rev"] })).toThrow(GradCheckError);
    expect(() => checkGrads((k: NDArray, y: NDArray) => wrongVjp(np.mul(y, np.astype(k, "float64"))), [np.array(1, { dtype: "int32" }), x], { modes: ["rev"] })).toThrow(/mode rev .*argument 1/);
    // Order 2: the first derivative is right, the second is wrong.
    const wrongSecond = customJvp(
      (y: NDArray) => np.sin(y),
      ([y], [t]) => [np.sin(y), np.mul(t, np.add(np.cos(y), np.mul(np.mul(y, y), np.mul(y, 0))))],
    );
    expect(() => checkGrads(wrongSecond, [x], { order: 2 })).not.toThrow();
    const cosWrong = customJvp((y: NDArray) => np.cos(y), ([y], [t]) => [np.cos(y), np.mul(t, np.sin(y))]);
    const fine = customJvp((y: NDArray) => np.sin(y), ([y], [t]) => [np.sin(y), np.mul(t, cosWrong(y))]);
    expect(() => checkGrads(fine, [x], { order: 1 })).not.toThrow();
    expect(() => checkGrads(fine, [x], { order: 2, modes: ["fwd"] })).toThrow(/mode fwd \(JVP of JVP\), order 2/);
  });
});

describe("arbitraries", () => {
  itHolds("ndarray values lie in [min, max] away from avoided points", fc.property(arb.ndarray({ dtype: "float64", min: -1, max: 3, avoid: [0], margin: 0.25 }), (a) => Array.from(a.data()).every((v) => v >= -1 && v <= 3 && Math.abs(v) >= 0.25)), { numRuns: 20 });
  itHolds("broadcastingPair broadcasts", fc.property(arb.broadcastingPair({ dtype: "float64" }), ([a, b]) => np.add(a, b) instanceof NDArray), { numRuns: 20 });
  itHolds("pytree leaves come from the leaf arbitrary", fc.property(arb.pytree(fc.constant(7)), (t) => tree.leaves(t).every((l) => l === 7)), { numRuns: 20 });
});
