/** Everything the `np` namespace exports, before index.ts names each function for its errors. */
import type { DType } from "../array/dtype.js";
import type { ArrayLike, NDArray } from "../array/ndarray.js";
import { asArray, cast } from "./convert.js";
import { abs, add, div, equal, isnan, lessEqual, logicalAnd, logicalOr, mul, neg, pow, sub } from "./elementwise.js";
import { matmul } from "./linalg.js";
import { all, max, mean, min, sum } from "./reductions.js";
import { reshape, transpose } from "./shape.js";
import { broadcastTo as broadcastToShape, castAll, resultDType } from "./broadcast.js";
import { checkShape } from "../array/shape.js";

export * from "./creation.js";
export * from "./elementwise.js";
export * from "./linalg.js";
export { all, any, argmax, argmin, cumsum, max, mean, min, prod, std, sum, variance as var, variance, type ArgOptions, type ReduceOptions, type VarianceOptions } from "./reductions.js";
export * from "./shape.js";

/** Casts to `dtype` (float→int truncates toward zero). @example np.astype(np.array([1.7]), "int32") // [1] */
export function astype(x: ArrayLike, dtype: DType): NDArray {
  return cast(asArray(x, undefined, "astype"), dtype);
}

/** Broadcasts to `shape` with numpy's rules (a view: no copy). @example np.broadcastTo(np.array([1, 2]), [3, 2]) */
export function broadcastTo(x: ArrayLike, shape: readonly number[]): NDArray {
  return broadcastToShape(asArray(x, undefined, "broadcastTo"), checkShape(shape, "broadcastTo"));
}

/** Options of isclose/allclose, with numpy's defaults. */
export interface CloseOptions {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

/** Elementwise |x − y| <= atol + rtol·|y| (bool). @example np.isclose(1, 1 + 1e-9) // true */
export function isclose(x: ArrayLike, y: ArrayLike, opts: CloseOptions = {}): NDArray {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = opts;
  const dtype = resultDType([x, y]);
  const [a, b] = castAll([x, y], dtype === "float64" ? dtype : "float32", "isclose");
  // Equal values (infinities included) are close; otherwise the gap must be within tolerance.
  const close = logicalOr(equal(a!, b!), lessEqual(abs(sub(a!, b!)), add(atol, mul(rtol, abs(b!)))));
  return equalNan ? logicalOr(close, logicalAnd(isnan(a!), isnan(b!))) : close;
}

/** Whether every element of x is close to y (see isclose). @example np.allclose(np.array([1, 2]), [1, 2.000001]) // true */
export function allclose(x: ArrayLike, y: ArrayLike, opts: CloseOptions = {}): boolean {
  return all(isclose(x, y, opts)).item() as boolean;
}
