/** Helpers shared by the nn modules (not exported from nn). */
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import * as np from "../numpy/index.js";

/** A float array: float inputs pass through, others become float32. */
export function asFloat(x: ArrayLike, op: string): NDArray {
  const a = x instanceof NDArray ? x : np.asarray(x);
  if (a.dtype === "float32" || a.dtype === "float64") return a;
  if (a.dtype === "int32" || a.dtype === "bool") return np.astype(a, "float32");
  throw new TypeError(`nn.${op}: expected a numeric array, got dtype ${String(a.dtype)}.`);
}

