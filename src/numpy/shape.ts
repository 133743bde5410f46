/** Shape manipulation: reshape, transpose, expandDims, squeeze, concatenate, stack, split, slice, take. */
import { promoteTypes } from "../array/dtype.js";
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import { checkShape, isPermutation, normalizeAxes, normalizeAxis, shapeSize, showShape } from "../array/shape.js";
import { bind } from "../core/trace.js";
import { asArray, cast } from "./convert.js";

/** Reshapes (one dimension may be -1, inferred). @example np.reshape(np.arange(6), [2, -1]) // shape [2, 3] */
export function reshape(x: ArrayLike, shape: number | readonly number[]): NDArray {
  const a = asArray(x, undefined, "reshape");
  const dims = typeof shape === "number" ? [shape] : shape.slice();
  const unknown = dims.filter((d) => d === -1).length;
  if (unknown > 1) throw new RangeError(`reshape: shape ${showShape(dims)} has more than one -1; at most one dimension can be inferred.`);
  if (unknown === 1) {
    const known = dims.reduce((n, d) => (d === -1 ? n : n * d), 1);
    if (known === 0 || a.size % known !== 0) {
      throw new RangeError(`reshape: cannot reshape shape ${showShape(a.shape)} (${a.size} elements) to ${showShape(dims)}; ${a.size} is not divisible by ${known}.`);
    }
    dims[dims.indexOf(-1)] = a.size / known;
  }
  const target = checkShape(dims, "reshape");
  if (shapeSize(target) !== a.size) {
    throw new RangeError(
      `reshape: cannot reshape shape ${showShape(a.shape)} (${a.size} elements) to ${showShape(target)} (${shapeSize(target)} elements); the sizes must match — use -1 for one inferred dimension.`,
    );
  }
  if (target.length === a.ndim && target.every((d, i) => d === a.shape[i])) return a;
  return bind("reshape", [a], { shape: target });
}

/** Flattens to one dimension. @example np.ravel(np.ones([2, 3])) // shape [6] */
export function ravel(x: ArrayLike): NDArray {
  const a = asArray(x, undefined, "ravel");
  return reshape(a, [a.size]);
}

/** Permutes axes (reverses them by default). @example np.transpose(np.ones([2, 3])).shape // [3, 2] */
export function transpose(x: ArrayLike, axes?: readonly number[]): NDArray {
  const a = asArray(x, undefined, "transpose");
  const perm = axes === undefined ? a.shape.map((_, i) => a.ndim - 1 - i) : axes.map((ax) => (ax < 0 ? ax + a.ndim : ax));
  if (!isPermutation(perm, a.ndim)) {
    throw new RangeError(`transpose: axes ${showShape(axes ?? [])} are not a permutation of the ${a.ndim} axes of shape ${showShape(a.shape)}; list each axis exactly once.`);
  }
  if (perm.every((p, i) => p === i)) return a;
  return bind("transpose", [a], { perm });
}

/** Swaps two axes. @example np.swapaxes(np.ones([2, 3, 4]), 0, 2).shape // [4, 3, 2] */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number): NDArray {
  const a = asArray(x, undefined, "swapaxes");
  const i = normalizeAxis(axis1, a.ndim, "swapaxes");
  const j = normalizeAxis(axis2, a.ndim, "swapaxes");
  const perm = a.shape.map((_, k) => (k === i ? j : k === j ? i : k));
  return transpose(a, perm);
}

/** Inserts size-1 axes at the given positions of the result. @example np.expandDims(np.ones([3]), 0).shape // [1, 3] */
export function expandDims(x: ArrayLike, axis: number | readonly number[]): NDArray {
  const a = asArray(x, undefined, "expandDims");
  const list = typeof axis === "number" ? [axis] : axis;
  const axes = normalizeAxes(list, a.ndim + list.length, "expandDims");
  const shape: number[] = [];
  let src = 0;
  for (let i = 0; i < a.ndim + axes.length; i++) shape.push(axes.includes(i) ? 1 : a.shape[src++]!);
  return reshape(a, shape);
}

/** Removes size-1 axes (all of them, or those given). @example np.squeeze(np.ones([1, 3, 1])).shape // [3] */
export function squeeze(x: ArrayLike, axis?: number | readonly number[]): NDArray {
  const a = asArray(x, undefined, "squeeze");
  const axes = axis === undefined ? a.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, a.ndim, "squeeze");
  for (const ax of axes) {
    if (a.shape[ax] !== 1) throw new RangeError(`squeeze: axis ${ax} of shape ${showShape(a.shape)} has size ${a.shape[ax]}, not 1; only size-1 axes can be squeezed.`);
  }
  return reshape(
    a,
    a.shape.filter((_, i) => !axes.includes(i)),
  );
}

/** Joins arrays along an existing axis. @example np.concatenate([np.ones([2]), np.zeros([3])]) // shape [5] */
export function concatenate(xs: readonly ArrayLike[], axis = 0): NDArray {
  if (xs.length === 0) throw new RangeError("concatenate: needs at least one array.");
  const arrays = xs.map((x) => asArray(x, undefined, "concatenate"));
  const first = arrays[0]!;
  if (first.ndim === 0) throw new RangeError("concatenate: zero-dimensional arrays cannot be concatenated; use np.stack to make a new axis.");
  const ax = normalizeAxis(axis, first.ndim, "concatenate");
  for (const [i, a] of arrays.entries()) {
    if (a.ndim !== first.ndim || a.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
      throw new RangeError(
        `concatenate: array ${i} has shape ${showShape(a.shape)} but array 0 has ${showShape(first.shape)}; all sizes except along axis ${ax} must match.`,
      );
    }
  }
  if (arrays.length === 1) return first;
  const dtype = arrays.map((a) => a.dtype).reduce(promoteTypes);
  return bind(
    "concatenate",
    arrays.map((a) => cast(a, dtype)),
    { axis: ax },
  );
}

/** Joins arrays along a new axis. @example np.stack([np.ones([2]), np.zeros([2])]).shape // [2, 2] */
export function stack(xs: readonly ArrayLike[], axis = 0): NDArray {
  if (xs.length === 0) throw new RangeError("stack: needs at least one array.");
  const arrays = xs.map((x) => asArray(x, undefined, "stack"));
  const first = arrays[0]!;
  for (const [i, a] of arrays.entries()) {
    if (a.ndim !== first.ndim || a.shape.some((d, k) => d !== first.shape[k])) {
      throw new RangeError(`stack: array ${i} has shape ${showShape(a.shape)} but array 0 has ${showShape(first.shape)}; stacked arrays must have equal shapes.`);
    }
  }
  const ax = normalizeAxis(axis, first.ndim + 1, "stack");
  return concatenate(
    arrays.map((a) => expandDims(a, ax)),
    ax,
  );
}

/**
 * Splits into equal sections (a number) or at the given indices (an array), along `axis`.
 * @example np.split(np.arange(6), 3) // three arrays of shape [2]
 */
export function split(x: ArrayLike, indicesOrSections: number | readonly number[], axis = 0): NDArray[] {
  const a = asArray(x, undefined, "split");
  const ax = normalizeAxis(axis, a.ndim, "split");
  const n = a.shape[ax]!;
  let bounds: number[];
  if (typeof indicesOrSections === "number") {
    const k = indicesOrSections;
    if (!Number.isInteger(k) || k <= 0 || n % k !== 0) {
      throw new RangeError(`split: axis ${ax} of shape ${showShape(a.shape)} (size ${n}) cannot be split into ${k} equal sections; give a divisor of ${n} or a list of split indices.`);
    }
    bounds = Array.from({ length: k - 1 }, (_, i) => ((i + 1) * n) / k);
  } else {
    bounds = indicesOrSections.map((i) => Math.min(n, Math.max(0, i < 0 ? i + n : i)));
  }
  const edges = [0, ...bounds, n];
  const out: NDArray[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i]!;
    const hi = Math.max(lo, edges[i + 1]!);
    out.push(
      bind("slice", [a], {
        start: a.shape.map((_, k) => (k === ax ? lo : 0)),
        limit: a.shape.map((d, k) => (k === ax ? hi : d)),
        strides: a.shape.map(() => 1),
      }),
    );
  }
  return out;
}

/**
 * One axis of a slice: a number picks one index (and drops the axis), `null` keeps the whole
 * axis, and `[start, stop, step]` (each optional or null; negatives count from the end; a negative
 * step walks backwards) selects a range, as Python's `x[start:stop:step]`.
 */
export type SliceSpec = number | null | readonly [(number | null)?, (number | null)?, (number | null)?];

/**
 * numpy basic indexing: one spec per leading axis; missing trailing specs keep their axes.
 * @example np.slice(x, [1, 3], null, [null, null, -1]) // x[1:3, :, ::-1]
 */
export function slice(x: ArrayLike, ...specs: SliceSpec[]): NDArray {
  let a = asArray(x, undefined, "slice");
  if (specs.length > a.ndim) {
    throw new RangeError(`slice: ${specs.length} index specs for an array of rank ${a.ndim} (shape ${showShape(a.shape)}); give at most one spec per axis.`);
  }
  const start: number[] = [];
  const limit: number[] = [];
  const strides: number[] = [];
  const reversed: number[] = [];
  const dropped: number[] = [];
  a.shape.forEach((n, ax) => {
    const spec = specs[ax];
    if (spec === undefined || spec === null) {
      start.push(0), limit.push(n), strides.push(1);
    } else if (typeof spec === "number") {
      if (!Number.isInteger(spec) || spec < -n || spec >= n) {
        throw new RangeError(`slice: index ${spec} is out of bounds for axis ${ax} with size ${n} (shape ${showShape(a.shape)}); use an integer in [${-n}, ${n - 1}].`);
      }
      const i = spec < 0 ? spec + n : spec;
      start.push(i), limit.push(i + 1), strides.push(1), dropped.push(ax);
    } else {
      const [lo, hi, st] = sliceIndices(spec, n, ax);
      if (st > 0) {
        start.push(lo), limit.push(Math.max(lo, hi)), strides.push(st);
      } else {
        // Walk backwards: reverse the axis, then slice forwards (index i becomes n - 1 - i).
        reversed.push(ax);
        const s = n - 1 - lo;
        start.push(s), limit.push(Math.max(s, n - 1 - hi)), strides.push(-st);
      }
    }
  });
  if (reversed.length > 0) a = bind("rev", [a], { axes: reversed });
  const whole = start.every((s, i) => s === 0 && limit[i] === a.shape[i] && strides[i] === 1);
  const out = whole ? a : bind("slice", [a], { start, limit, strides });
  return dropped.length === 0 ? out : reshape(out, out.shape.filter((_, i) => !dropped.includes(i)));
}

/** Python's slice.indices(n): clamped start/stop and the step. */
function sliceIndices(spec: Exclude<SliceSpec, number | null>, n: number, axis: number): [number, number, number] {
  const step = spec[2] ?? 1;
  if (!Number.isInteger(step) || step === 0) throw new RangeError(`slice: step ${step} on axis ${axis} must be a nonzero integer.`);
  const clamp = (v: number | null | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === null || v === undefined) return dflt;
    if (!Number.isInteger(v)) throw new RangeError(`slice: bound ${v} on axis ${axis} must be an integer.`);
    const w = v < 0 ? v + n : v;
    return Math.min(hi, Math.max(lo, w));
  };
  return step > 0 ? [clamp(spec[0], 0, 0, n), clamp(spec[1], n, 0, n), step] : [clamp(spec[0], n - 1, -1, n - 1), clamp(spec[1], -1, -1, n - 1), step];
}

/** JS index values as int32, refusing fractions rather than truncating them (numpy raises too). */
function integerIndices(indices: Exclude<ArrayLike, NDArray>): NDArray {
  const exact = asArray(indices, "float64", "take");
  const bad = Array.from(exact.data()).find((v) => !Number.isInteger(v));
  if (bad !== undefined) {
    throw new TypeError(`take: index ${bad} is not an integer (indices of shape ${showShape(exact.shape)}); round the indices with Math.round or Math.floor first.`);
  }
  return cast(exact, "int32");
}

/**
 * Picks elements by integer index along `axis` (of the flattened array when omitted); negative
 * indices count from the end. @example np.take(np.array([10, 20, 30]), [2, 0]) // [30, 10]
 */
export function take(x: ArrayLike, indices: ArrayLike, axis?: number): NDArray {
  let a = asArray(x, undefined, "take");
  const idx = indices instanceof NDArray ? indices : integerIndices(indices);
  if (idx.dtype !== "int32") {
    throw new TypeError(`take: indices must be int32, got ${idx.dtype} with shape ${showShape(idx.shape)}; convert with indices.astype("int32").`);
  }
  let ax = 0;
  if (axis === undefined) a = ravel(a);
  else ax = normalizeAxis(axis, a.ndim, "take");
  return bind("take", [a, idx], { axis: ax });
}

