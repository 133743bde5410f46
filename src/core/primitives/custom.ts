/**
 * Primitives behind stopGradient, customJvp and customVjp.
 *
 * - `stopGradient`: the identity with a zero derivative.
 * - `customJvpCall` / `customVjpCall`: one application of a user function with its own derivative
 *   rule. Being primitives, they pass through every interpreter: evaluation calls the function,
 *   forward mode calls the rule, jit records the call (so the rule survives `grad(jit(f))`), and
 *   vmap batches function and rule together (`grad(vmap(f))`). Their params carry closures made
 *   in transforms/custom.ts, including `batched`, which returns the params of the vmapped call.
 * - `customVjpLinear`: stands for a customVjp function's derivative in the linear program that
 *   reverse mode records; its transpose is the user's backward rule.
 */
import type { NDArray } from "../../array/ndarray.js";
import { elementwiseBatch } from "../batch-rules.js";
import * as op from "../ops.js";
import { shaped, type NoParams, type PrimitiveDef, type ShapedArray } from "../primitive.js";
import { bind } from "../trace.js";
import { ValueError } from "../../errors/classes.js";

interface CustomCallParams<Self> {
  readonly name: string;
  /** The function itself, over the flattened array arguments. */
  readonly fn: (...args: NDArray[]) => NDArray;
  /** The output's shape and dtype. */
  readonly out: ShapedArray;
  /** Params of the same call mapped over batch axes `dims` (null: unbatched) of size `size`; its output is batched at 0. */
  readonly batched: (dims: readonly (number | null)[], size: number) => Self;
}

export interface CustomJvpParams extends CustomCallParams<CustomJvpParams> {
  readonly rule: (primals: NDArray[], tangents: NDArray[]) => readonly [NDArray, NDArray];
}

export interface CustomVjpParams extends CustomCallParams<CustomVjpParams> {
  /** Output and residuals. */
  readonly fwd: (...args: NDArray[]) => readonly [NDArray, unknown];
  /** Cotangents of the arguments (null: zero) from residuals and the output cotangent. */
  readonly bwd: (residuals: unknown, cotangent: NDArray) => readonly (NDArray | null)[];
}

export interface CustomVjpLinearParams {
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

function customCall<P extends CustomCallParams<P>>(name: "customJvpCall" | "customVjpCall", jvp: PrimitiveDef<P>["jvp"]): PrimitiveDef<P> {
  return {
    name,
    abstractEval(_avals, { out }) {
      return out;
    },
    impl(args, { fn, name: fnName }) {
      return fn(...args).concrete(`custom derivative function ${fnName}`);
    },
    jvp,
    batch(args, dims, params, size) {
      return [bind(name, args, params.batched(dims, size) as never), 0];
    },
  };
}

const customJvpCall = customCall<CustomJvpParams>("customJvpCall", (primals, tangents, { rule }) => {
  const [out, tangentOut] = rule(
    [...primals],
    tangents.map((t, i) => op.instantiate(t, primals[i]!)),
  );
  return [out, tangentOut];
});

const customVjpCall = customCall<CustomVjpParams>("customVjpCall", (primals, tangents, { fwd, bwd, out, name }) => {
  const [value, residuals] = fwd(...primals);
  const backward = (ct: NDArray) => bwd(residuals, ct);
  const tangentOut = bind(
    "customVjpLinear",
    tangents.map((t, i) => op.instantiate(t, primals[i]!)),
    { backward, out, name },
  );
  return [value, tangentOut];
});

const customVjpLinear: PrimitiveDef<CustomVjpLinearParams> = {
  name: "customVjpLinear",
  abstractEval(_avals, { out }) {
    return out;
  },
  impl(_args, { name }) {
    throw new ValueError(
      "customVjp",
      `forward-mode differentiation (jvp, jacfwd, hessian) of the customVjp function ${name} is not defined; use grad/vjp/jacrev, or define the derivative with customJvp instead.`,
    );
  },
  jvp(_primals, _tangents, { name }) {
    throw new ValueError("customVjp", `forward-mode differentiation of the customVjp function ${name} is not defined; use customJvp for forward mode.`);
  },
  batch(_args, _dims, { name }) {
    throw new ValueError("customVjp", `forward-mode derivatives of the customVjp function ${name} cannot be batched; use customJvp for forward mode.`);
  },
  transpose: (ct, _args, { backward }) => backward(ct),
};

export const customPrimitives = { stopGradient, customJvpCall, customVjpCall, customVjpLinear };
