/**
 * jaxon/laws: reusable property laws, checkGrads and fast-check arbitraries for testing models
 * and functions written with jaxon. Needs fast-check (a peer dependency); no test runner.
 * A vitest adapter lives in laws/vitest.ts (`itHolds`); with any runner, `it(name, holds(property))`.
 * @example
 * import fc from "fast-check";
 * import { checkGrads, laws, arb } from "jaxon/laws";
 * checkGrads((x) => np.tanh(x), [np.array([0.3, -1], { dtype: "float64" })], { order: 2 });
 * fc.assert(laws.jitMatchesEager({ f: np.sin, args: fc.tuple(arb.ndarray()) }));
 */
import fc from "fast-check";
import * as arbitraries from "./arb.js";

export { checkGrads, GradCheckError, type CheckGradsOptions, type Mode } from "./check.js";
export { laws, type DerivativeLawOptions, type JitLawOptions, type TreeFunctorOptions, type VmapLawOptions } from "./laws.js";
export type { BroadcastingOptions, NDArrayOptions, PytreeOptions, ShapeOptions, ValueOptions } from "./arb.js";

/** Arbitraries: shape, scalar, ndarray, broadcastingShapes, broadcastingPair, pytree. */
export const arb = {
  shape: arbitraries.shape,
  scalar: arbitraries.scalar,
  ndarray: arbitraries.ndarray,
  broadcastingShapes: arbitraries.broadcastingShapes,
  broadcastingPair: arbitraries.broadcastingPair,
  pytree: arbitraries.pytree,
};

/** A test body that asserts the property (any runner): `it("name", holds(laws.jitMatchesEager(...), { numRuns: 20 }))`. */
export function holds<Ts>(property: fc.IProperty<Ts>, params?: fc.Parameters<Ts>): () => void {
  return () => fc.assert(property, params);
}
