/**
 * Bitwise primitives on int32 operands of one shape: and, or, xor and the two shifts. They treat
 * the 32 bits as an unsigned word where it matters (`shiftRightLogical` fills with zeros), which is
 * what uint32 arithmetic on int32 storage needs (the PRNG's Threefry hash). Shift amounts are read
 * as unsigned and an amount of 32 or more gives 0, as `lax.shift_left`/`shift_right_logical` do
 * (not JS's `mod 32`). Piecewise constant: the tangent is zero (null).
 */
import { elementwise } from "../../backend/js/elementwise.js";
import type { ConcreteArray } from "../../array/ndarray.js";
import { elementwiseBatch } from "../batch-rules.js";
import type { PrimitiveName } from "../params.js";
import { shaped, type NoParams, type PrimitiveDef, type ShapedArray } from "../primitive.js";
import { bind } from "../trace.js";
import { allocateFor, checkDTypeIn, checkSameShapeAndDType, fromData, operand } from "./common.js";

const INT32 = ["int32"] as const;

function run(expr: string, args: readonly ConcreteArray[], out: ShapedArray): ConcreteArray {
  const data = allocateFor(out);
  // Stores into an Int32Array wrap to 32 bits, so `>>>` results above 2^31 land as the right bit pattern.
  elementwise(expr, data, out.shape, args.map(operand));
  return fromData(out.shape, out.dtype, data);
}

function bitwise(name: PrimitiveName, expr: string): PrimitiveDef<NoParams> {
  return {
    name,
    jvp: (args, _t, params) => [bind(name, args, params as never), null],
    batch: elementwiseBatch(name),
    abstractEval(avals) {
      checkSameShapeAndDType(name, avals);
      checkDTypeIn(name, avals[0]!, INT32);
      return shaped(avals[0]!.shape, "int32");
    },
    impl(args, _params, out) {
      return run(expr, args, out);
    },
  };
}

export const bitwisePrimitives = {
  bitwiseAnd: bitwise("bitwiseAnd", "a & b"),
  bitwiseOr: bitwise("bitwiseOr", "a | b"),
  bitwiseXor: bitwise("bitwiseXor", "a ^ b"),
  shiftLeft: bitwise("shiftLeft", "(b >>> 0) >= 32 ? 0 : a << b"),
  shiftRightLogical: bitwise("shiftRightLogical", "(b >>> 0) >= 32 ? 0 : a >>> b"),
};
