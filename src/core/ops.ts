/**
 * Thin typed wrappers over `bind` for writing derivative rules inside core/ (which cannot use the
 * `np` layer above it). Operands must already agree in shape and dtype, except where a helper
 * says it broadcasts a constant.
 */
import { allocate, coerceScalar, type DType } from "../array/dtype.js";
import { ConcreteArray, type NDArray } from "../array/ndarray.js";
import type { Shape } from "../array/shape.js";
import { wrapStorage } from "../array/storage.js";
import { bind } from "./trace.js";

const noParams = {} as Record<string, never>;

export const add = (a: NDArray, b: NDArray): NDArray => bind("add", [a, b], noParams);
export const sub = (a: NDArray, b: NDArray): NDArray => bind("sub", [a, b], noParams);
export const mul = (a: NDArray, b: NDArray): NDArray => bind("mul", [a, b], noParams);
export const div = (a: NDArray, b: NDArray): NDArray => bind("div", [a, b], noParams);
export const pow = (a: NDArray, b: NDArray): NDArray => bind("pow", [a, b], noParams);
export const neg = (a: NDArray): NDArray => bind("neg", [a], noParams);
export const exp = (a: NDArray): NDArray => bind("exp", [a], noParams);
export const log = (a: NDArray): NDArray => bind("log", [a], noParams);
export const sin = (a: NDArray): NDArray => bind("sin", [a], noParams);
export const cos = (a: NDArray): NDArray => bind("cos", [a], noParams);
export const sign = (a: NDArray): NDArray => bind("sign", [a], noParams);
export const equal = (a: NDArray, b: NDArray): NDArray => bind("equal", [a, b], noParams);
export const greater = (a: NDArray, b: NDArray): NDArray => bind("greater", [a, b], noParams);
export const less = (a: NDArray, b: NDArray): NDArray => bind("less", [a, b], noParams);
export const select = (p: NDArray, a: NDArray, b: NDArray): NDArray => bind("select", [p, a, b], noParams);
export const convert = (a: NDArray, dtype: DType): NDArray => (a.dtype === dtype ? a : bind("convertElementType", [a], { dtype }));
export const reduceSum = (a: NDArray, axes: readonly number[]): NDArray => (axes.length === 0 ? a : bind("reduceSum", [a], { axes }));
export const reduceProd = (a: NDArray, axes: readonly number[]): NDArray => (axes.length === 0 ? a : bind("reduceProd", [a], { axes }));

/** A constant `value` of `dtype` broadcast (as a view) to `shape`. */
export function full(shape: Shape, value: number, dtype: DType): NDArray {
  const data = allocate(dtype, 1);
  data[0] = coerceScalar(dtype, value);
  const s = new ConcreteArray([], dtype, wrapStorage(dtype, data));
  return shape.length === 0 ? s : bind("broadcastInDim", [s], { shape, broadcastDimensions: [] });
}
export const fullLike = (x: NDArray, value: number): NDArray => full(x.shape, value, x.dtype);
export const zerosLike = (x: NDArray): NDArray => fullLike(x, 0);

/** Broadcasts a reduction's result back over the reduced `axes` of `shape`. */
export function unreduce(y: NDArray, shape: Shape, axes: readonly number[]): NDArray {
  if (axes.length === 0) return y;
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  return bind("broadcastInDim", [y], { shape, broadcastDimensions: kept });
}

/** Adds tangents where null means zero. */
export function addTangents(a: NDArray | null, b: NDArray | null): NDArray | null {
  if (a === null) return b;
  if (b === null) return a;
  return add(a, b);
}

/** Materialises a symbolic-zero tangent (null) as zeros shaped like `like`. */
export function instantiate(t: NDArray | null, like: NDArray): NDArray {
  return t ?? zerosLike(like);
}
