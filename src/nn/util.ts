/** Helpers shared by the nn modules (not exported from nn). */
import { ConcreteArray, NDArray, type ArrayLike as Arrayish } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { DTypeError, ValueError } from "../errors/classes.js";
import { checkFunction, describe } from "../errors/checks.js";
import { callUser } from "../errors/context.js";
import * as np from "../numpy/index.js";

/**
 * A float array: float inputs pass through, int32 and bool become float32.
 * @param op the public function, e.g. "nn.relu" (named unless an outer public function runs).
 */
export function asFloat(x: Arrayish, op: string): NDArray {
  const a = x instanceof NDArray ? x : np.asarray(x);
  if (a.dtype === "float32" || a.dtype === "float64") return a;
  if (a.dtype === "int32" || a.dtype === "bool") return np.astype(a, "float32");
  throw new DTypeError(op, `expected a numeric array, got dtype ${String(a.dtype)}.`, { dtypes: [String(a.dtype)] });
}

/**
 * Requires `params` to be an object holding the array fields `fields` (e.g. a dense layer's
 * `{ w, b }`) and returns them as float arrays.
 */
export function paramFields<K extends string>(op: string, params: unknown, fields: readonly K[], what = "params"): Record<K, NDArray> {
  const shape = `{ ${fields.join(", ")} }`;
  if (params === null || typeof params !== "object" || Array.isArray(params) || params instanceof NDArray) {
    throw new ValueError(op, `${what} must be an object ${shape} of arrays, got ${describe(params)}; pass the parameters first, e.g. ${op}({ w, b }, x) or the result of the model's init.`);
  }
  const out = {} as Record<K, NDArray>;
  for (const f of fields) {
    const v = (params as Record<string, unknown>)[f];
    if (v === undefined) {
      throw new ValueError(op, `${what} has no field "${f}"; it must be an object ${shape}, got one with fields ${Object.keys(params).map((k) => `"${k}"`).join(", ") || "none"}.`);
    }
    out[f] = asFloat(v as Arrayish, op);
  }
  return out;
}

/** An activation given in options: the default runs as library code, a user's function through callUser, checked. */
export function activationOf(op: string, f: unknown, what: string, fallback: ((x: NDArray) => NDArray) | undefined): ((x: NDArray) => NDArray) | undefined {
  if (f === undefined) return fallback;
  checkFunction(op, f, what);
  return (x: NDArray) => {
    const y = callUser(f as (x: NDArray) => unknown, [x]);
    if (!(y instanceof NDArray)) throw new ValueError(op, `${what} must return an NDArray, got ${describe(y)}.`);
    return y;
  };
}

/** The values of a concrete integer-label array (undefined under a transformation: they cannot be checked). */
export function concreteValues(a: NDArray): ArrayLike<number> | undefined {
  return a instanceof ConcreteArray ? (a.data() as unknown as ArrayLike<number>) : undefined;
}

/** Shows a shape for messages. */
export const sh = showShape;
