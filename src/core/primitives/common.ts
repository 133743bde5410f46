/** Helpers shared by the primitive families: operand views, output allocation, checks. */
import { allocate, isFloat, type DType, type TypedArray } from "../../array/dtype.js";
import { ConcreteArray } from "../../array/ndarray.js";
import { showShape, shapeSize, shapesEqual, type Shape } from "../../array/shape.js";
import { wrapStorage } from "../../array/storage.js";
import type { Operand } from "../../backend/js/elementwise.js";
import type { ShapedArray } from "../primitive.js";
import { DTypeError, ShapeError } from "../../errors/classes.js";

export function operand(x: ConcreteArray): Operand {
  return { data: x.storage.view(), offset: x.offset, strides: x.strides };
}

/** A fresh row-major array over `data`. */
export function fromData(shape: Shape, dtype: DType, data: TypedArray): ConcreteArray {
  return new ConcreteArray(shape, dtype, wrapStorage(dtype, data));
}

/** Fresh zeroed output storage for `aval`. */
export function allocateFor(aval: ShapedArray): TypedArray {
  return allocate(aval.dtype, shapeSize(aval.shape));
}

/** A view of `x` with other shape/strides/offset over the same storage. */
export function view(x: ConcreteArray, shape: Shape, strides: readonly number[], offset: number): ConcreteArray {
  return new ConcreteArray(shape, x.dtype, x.storage, strides, offset);
}

export function describe(avals: readonly ShapedArray[]): string {
  return avals.map((a) => `${a.dtype}${showShape(a.shape)}`).join(", ");
}

/** All operands share one shape and one dtype (the np layer broadcasts and casts before binding). */
export function checkSameShapeAndDType(op: string, avals: readonly ShapedArray[]): void {
  const first = avals[0]!;
  for (const a of avals) {
    if (!shapesEqual(a.shape, first.shape) || a.dtype !== first.dtype) {
      const details = { shapes: avals.map((v) => v.shape), dtypes: avals.map((v) => v.dtype) };
      const message = `${op} needs operands of equal shapes and dtypes, got ${describe(avals)}; broadcast with np.broadcastTo and cast with astype first (np.* functions do this for you).`;
      throw a.dtype !== first.dtype ? new DTypeError(op, message, details) : new ShapeError(op, message, details);
    }
  }
}

export function checkFloat(op: string, aval: ShapedArray): void {
  if (!isFloat(aval.dtype)) {
    throw new DTypeError(op, `${op} expects a float32 or float64 operand, got ${aval.dtype}; cast with x.astype("float32") first.`, { dtypes: [aval.dtype], shapes: [aval.shape] });
  }
}

export function checkDTypeIn(op: string, aval: ShapedArray, allowed: readonly DType[]): void {
  if (!allowed.includes(aval.dtype)) {
    throw new DTypeError(op, `${op} does not accept ${aval.dtype} operands (allowed: ${allowed.join(", ")}); cast with astype first.`, {
      dtypes: [aval.dtype],
      shapes: [aval.shape],
    });
  }
}
