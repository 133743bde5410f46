/**
 * Argument checks of the `data` functions: every message names the function, the problem and the
 * fix. @internal
 */
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { isKey } from "../random/check.js";

/** A dataset: `x` has one example per row (axis 0), `y` one label or target per row. */
export interface Dataset {
  x: NDArray;
  y: NDArray;
}

/**
 * The most numbers (examples × features) a generator makes: these are toy datasets, and a bigger
 * request (n: 1e9) is refused at once rather than left to allocate for minutes.
 */
export const MAX_GENERATED = 2 ** 24;

/** Requires a PRNG key as the first argument of `op`. */
export function checkKey(op: string, key: unknown): NDArray {
  if (!isKey(key)) {
    throw new ValueError(op, `the first argument must be a PRNG key (an int32 array of shape [2]), got ${describe(key)}; pass e.g. random.key(0), or a key from random.split.`);
  }
  return key;
}

/** Requires an integer count in [min, max]. */
export function checkCount(op: string, name: string, v: unknown, min: number, max = MAX_GENERATED): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new ValueError(op, `${name} must be an integer ≥ ${min}, got ${describe(v)}; e.g. { ${name}: ${Math.max(min, 200)} }.`);
  }
  if (v > max) throw new ValueError(op, `${name} = ${v} is more than the ${max} these toy generators make; use a smaller ${name}.`);
  return v;
}

/** Refuses a dataset of more than MAX_GENERATED numbers. */
export function checkGeneratedSize(op: string, n: number, dim: number): void {
  if (n * dim > MAX_GENERATED) {
    throw new ValueError(op, `${n} examples of ${dim} features are ${n * dim} numbers, more than the ${MAX_GENERATED} these toy generators make; use fewer examples or features.`);
  }
}

/** Requires a finite number ≥ 0 (a noise level or a standard deviation). */
export function checkNonNegative(op: string, name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new ValueError(op, `${name} must be a finite number ≥ 0, got ${describe(v)}; use 0 for noise-free data.`);
  }
  return v;
}

/** Requires a dataset `{ x, y }` with the same number of rows in both. */
export function checkDataset(op: string, ds: unknown): Dataset {
  const d = ds as Partial<Dataset> | null | undefined;
  if (typeof d !== "object" || d === null || !(d.x instanceof NDArray) || !(d.y instanceof NDArray)) {
    throw new ValueError(op, `expected a dataset { x: NDArray, y: NDArray }, got ${d === null || typeof d !== "object" ? describe(d) : `an object with x = ${describe(d.x)} and y = ${describe(d.y)}`}; build one with e.g. data.moons(key) or { x: np.array(...), y: np.array(...) }.`);
  }
  if (d.x.ndim === 0 || d.y.ndim === 0) {
    throw new ShapeError(op, `x and y must have a leading example axis, got x of shape ${showShape(d.x.shape)} and y of shape ${showShape(d.y.shape)}; reshape scalars to [1, ...].`, { shapes: [d.x.shape, d.y.shape] });
  }
  if (d.x.shape[0] !== d.y.shape[0]) {
    throw new ShapeError(op, `x and y disagree on the number of examples: x has shape ${showShape(d.x.shape)} (${d.x.shape[0]} examples) but y has shape ${showShape(d.y.shape)} (${d.y.shape[0]}); axis 0 must index examples in both — check that y was not transposed or sliced differently.`, { shapes: [d.x.shape, d.y.shape] });
  }
  return { x: d.x, y: d.y };
}
