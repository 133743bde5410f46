/**
 * What a primitive is: one object holding all of its rules. Each family of primitives lives in
 * its own file under core/primitives/ and the registry (core/registry.ts) gathers them, typed by
 * name, so that interpreters and the law suite can iterate over every primitive.
 *
 * Rules present now: `abstractEval` (shape/dtype inference and validation, used by every
 * interpreter) and `impl` (the eager kernel). The transformation rules — `jvp`, `transpose` (for
 * linear primitives) and `batch` — join them here, next to the primitive they belong to.
 */
import type { DType } from "../array/dtype.js";
import type { ConcreteArray, NDArray } from "../array/ndarray.js";
import type { Shape } from "../array/shape.js";
import type { BatchRule } from "./batching.js";
import type { JvpRule } from "./jvp.js";

/** The abstract value of an array: what is known about it without its elements. */
export interface ShapedArray {
  readonly shape: Shape;
  readonly dtype: DType;
}

export function shaped(shape: Shape, dtype: DType): ShapedArray {
  return { shape, dtype };
}

export interface PrimitiveDef<P> {
  readonly name: string;
  /** Output shape and dtype; throws a descriptive error for invalid operands or params. */
  abstractEval(avals: readonly ShapedArray[], params: P): ShapedArray;
  /** Evaluates on concrete operands; `out` is `abstractEval`'s answer. */
  impl(args: readonly ConcreteArray[], params: P, out: ShapedArray): ConcreteArray;
  /** Forward-mode rule (see core/jvp.ts). */
  jvp: JvpRule<P>;
  /** Batching rule for vmap (see core/batching.ts). */
  batch: BatchRule<P>;
  /** For primitives linear in some operands: cotangents of those operands (see core/transpose.ts). */
  transpose?: TransposeRule<P>;
}

/** Marks an operand that a transpose rule must produce a cotangent for (its value is unknown). */
export class LinearArg {
  constructor(readonly aval: ShapedArray) {}
  get shape(): Shape {
    return this.aval.shape;
  }
  get dtype(): DType {
    return this.aval.dtype;
  }
}

/**
 * Transpose of a linear map: given the output cotangent and the operands (the linear ones as
 * LinearArg, the others as values), the cotangent of each operand (null for non-linear ones).
 */
export type TransposeRule<P> = (ct: NDArray, args: readonly (NDArray | LinearArg)[], params: P) => readonly (NDArray | null)[];

/** Params of primitives that take none. */
export type NoParams = Record<string, never>;
