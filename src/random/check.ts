/**
 * Argument checks shared by `random`, `data`, `train` and `nn` (keys, shapes, counts); each throws
 * a JaxonError naming the public function. Not exported from the `random` namespace.
 * @internal
 */
import { NDArray } from "../array/ndarray.js";
import { checkSize } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { describe, MAX_ELEMENTS } from "../errors/checks.js";

/** Whether `x` is a PRNG key: an int32 NDArray of shape [2] (a tracer one under jit/vmap). */
export function isKey(x: unknown): x is NDArray {
  return x instanceof NDArray && x.dtype === "int32" && x.ndim === 1 && x.shape[0] === 2;
}

/**
 * Requires a PRNG key. A batch of keys ([n, 2]) gets a hint to vmap over it.
 * @param op the public function, e.g. "random.normal".
 */
export function checkKey(op: string, key: unknown, what = "key"): NDArray {
  if (isKey(key)) return key;
  const batch = key instanceof NDArray && key.dtype === "int32" && key.ndim === 2 && key.shape[1] === 2;
  throw new ValueError(
    op,
    `expected ${what === "key" ? "a key" : `${what} to be a key`} (an int32 array of shape [2] from random.key(seed) or random.split), got ${describe(key)}; ` +
      (batch ? `to use a batch of keys of shape [n, 2], vmap over it: vmap((k) => ${op}(k, ...))(keys).` : "create one with random.key(0)."),
    key instanceof NDArray ? { shapes: [key.shape], dtypes: [key.dtype] } : {},
  );
}

/**
 * Requires a shape: an array of non-negative integers whose product is at most `max` elements
 * (MAX_ELEMENTS by default), checked before anything is allocated.
 */
export function checkShape(op: string, shape: unknown, what = "shape", max = MAX_ELEMENTS, limit = "one array may hold"): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number")) {
    throw new ValueError(op, `${what} must be an array of non-negative integers, got ${describe(shape)}; pass e.g. [3] or [2, 4] ([] for a scalar).`);
  }
  const bad = shape.findIndex((d: number) => !Number.isInteger(d) || d < 0);
  if (bad >= 0) {
    throw new ShapeError(op, `${what} must be an array of non-negative integers, got [${shape.join(", ")}] (dimension ${bad} is ${String(shape[bad])}); use Math.round or Math.floor on computed sizes.`);
  }
  checkSize(op, shape as number[], what, max, limit);
  return [...(shape as number[])];
}

export { checkSize };
