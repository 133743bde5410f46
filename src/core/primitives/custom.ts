/**
 * Primitives behind stopGradient and customVjp. `stopGradient` is the identity with a zero
 * derivative. `customVjpLinear` stands, in the linear program that reverse mode records, for the
 * derivative of a customVjp function: its transpose is the user's `bwd` rule.
 */
import type { NDArray } from "../../array/ndarray.js";
import { elementwiseBatch } from "../batch-rules.js";
import { shaped, type NoParams, type PrimitiveDef, type ShapedArray } from "../primitive.js";
import { bind } from "../trace.js";

export interface CustomVjpParams {
  /** The user's backward rule, closed over the residuals of the forward pass. */
  readonly backward: (cotangent: NDArray) => readonly (NDArray | null)[];
  readonly out: ShapedArray;
  readonly name: string;
}

const stopGradient: PrimitiveDef<NoParams> = {
  name: "stopGradient",
  abstractEval([x]) {
    return shaped(x!.shape, x!.dtype);
  },
  impl([x]) {
    return x!;
  },
  jvp: ([x]) => [bind("stopGradient", [x!], {}), null],
  batch: elementwiseBatch("stopGradient"),
};

const customVjpLinear: PrimitiveDef<CustomVjpParams> = {
  name: "customVjpLinear",
  abstractEval(_avals, { out }) {
    return out;
  },
  impl(_args, { name }) {
    throw new TypeError(
      `customVjp(${name}): forward-mode differentiation (jvp, jacfwd, hessian) of a customVjp function is not defined; use grad/vjp/jacrev, or define the derivative with customJvp instead.`,
    );
  },
  jvp(_primals, _tangents, { name }) {
    throw new TypeError(`customVjp(${name}): forward-mode differentiation of a customVjp function is not defined; use customJvp for forward mode.`);
  },
  batch(_args, _dims, { name }) {
    throw new TypeError(`customVjp(${name}): vmap of the forward-mode derivative of a customVjp function is not defined; use customJvp.`);
  },
  transpose: (ct, _args, { backward }) => backward(ct),
};

export const customPrimitives = { stopGradient, customVjpLinear };
