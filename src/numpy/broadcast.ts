/** Type promotion and numpy broadcasting of operands, ahead of binding a primitive. */
import { promoteTypes, promoteWithScalar, scalarDType, type DType } from "../array/dtype.js";
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import { broadcastShapes, shapesEqual, showShape, type Shape } from "../array/shape.js";
import { bind } from "../core/trace.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { asArray, cast, scalar } from "./convert.js";

function isWeak(x: ArrayLike): x is number | boolean {
  return typeof x === "number" || typeof x === "boolean";
}

/** The dtype numpy/JAX promotion gives `values` (JS numbers are weakly typed). */
export function resultDType(values: readonly ArrayLike[]): DType {
  let strong: DType | undefined;
  for (const v of values) if (!isWeak(v)) strong = strong === undefined ? asArray(v).dtype : promoteTypes(strong, asArray(v).dtype);
  let dtype = strong;
  for (const v of values) {
    if (!isWeak(v)) continue;
    dtype = dtype === undefined ? scalarDType(v) : strong === undefined ? promoteTypes(dtype, scalarDType(v)) : promoteWithScalar(dtype, v);
  }
  return dtype!;
}

/** Converts every operand to `dtype`; JS scalars become rank-0 constants. */
export function castAll(values: readonly ArrayLike[], dtype: DType, op: string): NDArray[] {
  return values.map((v) => (isWeak(v) ? scalar(checkFits(v, dtype, op), dtype) : cast(asArray(v, undefined, op), dtype)));
}

/** A JS integer meeting an int32 array must fit in int32 (as in JAX and NumPy 2), rather than silently wrap. */
function checkFits(v: number | boolean, dtype: DType, op: string): number | boolean {
  if (dtype === "int32" && typeof v === "number" && (v > 2147483647 || v < -2147483648)) {
    throw new ValueError(op, `the JS number ${v} does not fit in int32, the dtype of the other operand; cast that array with astype("float64") (or "float32") first.`, {
      dtypes: [dtype],
    });
  }
  return v;
}

/** Broadcasts `x` to `shape` (numpy rules; a view, no copy). */
export function broadcastTo(x: NDArray, shape: Shape, op = "broadcastTo"): NDArray {
  if (shapesEqual(x.shape, shape)) return x;
  const result = broadcastShapes(op, x.shape, shape);
  if (!shapesEqual(result, shape)) {
    throw new ShapeError(op, `cannot broadcast shape ${showShape(x.shape)} to ${showShape(shape)}; the target must be at least as large on every axis.`, {
      shapes: [x.shape, shape],
    });
  }
  const offset = shape.length - x.shape.length;
  return bind("broadcastInDim", [x], { shape, broadcastDimensions: x.shape.map((_, i) => i + offset) });
}

/** Promotes and broadcasts operands to one dtype and shape, ready for an elementwise primitive. */
export function promoteAndBroadcast(op: string, values: readonly ArrayLike[], dtype?: DType): NDArray[] {
  const arrays = toArrays(values, op);
  return broadcastAll(op, castAll(arrays, dtype ?? resultDType(arrays), op));
}

/** Converts the operands that are not weak JS scalars to arrays once (then dtype and cast reuse them). */
export function toArrays(values: readonly ArrayLike[], op: string): (NDArray | number | boolean)[] {
  return values.map((v) => (isWeak(v) ? v : asArray(v, undefined, op)));
}

/** Broadcasts arrays (of any dtypes) to their common shape. */
export function broadcastAll(op: string, arrays: readonly NDArray[]): NDArray[] {
  const shape = broadcastShapes(op, ...arrays.map((a) => a.shape));
  return arrays.map((a) => broadcastTo(a, shape, op));
}
