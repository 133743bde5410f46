/** Everything the `np` namespace exports, before index.ts names each function for its errors. */
import { checkDType, type DType } from "../array/dtype.js";
import type { ArrayLike, NDArray } from "../array/ndarray.js";
import { asArray, cast } from "./convert.js";
import { abs, add, equal, isfinite, isnan, lessEqual, logicalAnd, logicalOr, mul, sub } from "./elementwise.js";
import { all } from "./reductions.js";
import { broadcastTo as broadcastToShape, castAll, resultDType, toArrays } from "./broadcast.js";
import { checkBoolean, checkNumber, options } from "./validate.js";
import { checkShape } from "../array/shape.js";

export * from "./creation.js";
export * from "./elementwise.js";
export * from "./linalg.js";
export { all, any, argmax, argmin, cumsum, max, mean, min, prod, std, sum, variance as var, variance, type ArgOptions, type ReduceOptions, type VarianceOptions } from "./reductions.js";
export * from "./shape.js";

/**
 * Casts to `dtype`. float→int32 truncates toward zero and saturates as JAX does: ±Infinity and
 * out-of-range values clamp to the int32 limits, NaN becomes 0. @example np.astype(np.array([1.7]), "int32") // [1]
 */
export function astype(x: ArrayLike, dtype: DType): NDArray {
  const target = checkDType(dtype, "astype");
  return cast(asArray(x, undefined, "astype"), target);
}

/** Broadcasts to `shape` with numpy's rules (a view: no copy). @example np.broadcastTo(np.array([1, 2]), [3, 2]) */
export function broadcastTo(x: ArrayLike, shape: number | readonly number[]): NDArray {
  return broadcastToShape(asArray(x, undefined, "broadcastTo"), checkShape(shape, "broadcastTo"));
}

/** Options of isclose/allclose, with numpy's defaults. */
export interface CloseOptions {
  rtol?: number;
  atol?: number;
  equalNan?: boolean;
}

/** Elementwise x == y or (y finite and |x − y| <= atol + rtol·|y|) (bool). @example np.isclose(1, 1 + 1e-9) // true */
export function isclose(x: ArrayLike, y: ArrayLike, opts?: CloseOptions): NDArray {
  const { rtol = 1e-5, atol = 1e-8, equalNan } = options("isclose", opts, ["rtol", "atol", "equalNan"]);
  checkNumber("isclose", rtol, "rtol");
  checkNumber("isclose", atol, "atol");
  const nanEqual = checkBoolean("isclose", equalNan, "equalNan") ?? false;
  const operands = toArrays([x, y], "isclose");
  const dtype = resultDType(operands);
  const [a, b] = castAll(operands, dtype === "float64" ? dtype : "float32", "isclose");
  // Equal values (infinities included) are close; otherwise y must be finite (rtol·|∞| would
  // accept every x near an infinite y) and the gap within tolerance, as numpy and JAX define it.
  const inRange = lessEqual(abs(sub(a!, b!)), add(atol, mul(rtol, abs(b!))));
  const close = logicalOr(equal(a!, b!), logicalAnd(isfinite(b!), inRange));
  return nanEqual ? logicalOr(close, logicalAnd(isnan(a!), isnan(b!))) : close;
}

/** Whether every element of x is close to y (see isclose). @example np.allclose(np.array([1, 2]), [1, 2.000001]) // true */
export function allclose(x: ArrayLike, y: ArrayLike, opts?: CloseOptions): boolean {
  return all(isclose(x, y, opts)).item() as boolean;
}
