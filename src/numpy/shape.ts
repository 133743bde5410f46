/** Shape manipulation: reshape, transpose, expandDims, squeeze, concatenate, stack, split, slice, take. */
import { INT32_MAX, INT32_MIN, promoteTypes } from "../array/dtype.js";
import { ConcreteArray, NDArray, type ArrayLike } from "../array/ndarray.js";
import { checkShape, checkSize, isPermutation, normalizeAxes, normalizeAxis, shapeSize, showShape, showValues } from "../array/shape.js";
import { bind } from "../core/trace.js";
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { asArray, cast } from "./convert.js";
import { checkList, checkNumber } from "./validate.js";

/** Reshapes (one dimension may be -1, inferred). @example np.reshape(np.arange(6), [2, -1]) // shape [2, 3] */
export function reshape(x: ArrayLike, shape: number | readonly number[]): NDArray {
  const a = asArray(x, undefined, "reshape");
  if (typeof shape !== "number" && !Array.isArray(shape)) {
    throw new ValueError("reshape", `shape must be an array of integers (or one integer), got ${describe(shape)}.`);
  }
  const dims: unknown[] = typeof shape === "number" ? [shape] : shape.slice();
  for (const [i, d] of dims.entries()) {
    if (typeof d !== "number") throw new ValueError("reshape", `shape has ${describe(d)} at index ${i}; every dimension must be an integer.`);
    if (d !== -1 && (!Number.isInteger(d) || d < 0)) {
      throw new ShapeError("reshape", `shape ${showValues(dims)} has dimension ${d}; every dimension must be a non-negative integer, or -1 for one inferred dimension.`);
    }
  }
  const given = dims as number[];
  const unknown = given.filter((d) => d === -1).length;
  if (unknown > 1) throw new ShapeError("reshape", `shape ${showShape(given)} has more than one -1; at most one dimension can be inferred.`);
  if (unknown === 1) {
    const known = given.reduce((n, d) => (d === -1 ? n : n * d), 1);
    if (known === 0 || a.size % known !== 0) {
      const why = known === 0 ? "the other dimensions multiply to 0, so the -1 could be any size; give every dimension" : `${a.size} is not divisible by ${known}`;
      throw new ShapeError("reshape", `cannot reshape shape ${showShape(a.shape)} (${a.size} elements) to ${showShape(given)}; ${why}.`, {
        shapes: [a.shape],
      });
    }
    given[given.indexOf(-1)] = a.size / known;
  }
  const target = checkShape(given, "reshape");
  if (shapeSize(target) !== a.size) {
    throw new ShapeError(
      "reshape",
      `cannot reshape shape ${showShape(a.shape)} (${a.size} elements) to ${showShape(target)} (${shapeSize(target)} elements); the sizes must match — use -1 for one inferred dimension.`,
      { shapes: [a.shape, target] },
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

/** Permutes axes (reverses them by default; a single integer is allowed for 1-D input). @example np.transpose(np.ones([2, 3])).shape // [3, 2] */
export function transpose(x: ArrayLike, axes?: number | readonly number[] | null): NDArray {
  const a = asArray(x, undefined, "transpose");
  let perm: number[];
  if (axes === undefined || axes === null) perm = a.shape.map((_, i) => a.ndim - 1 - i);
  else {
    if (typeof axes !== "number" && !Array.isArray(axes)) {
      throw new ValueError("transpose", `axes must be a list of integers, got ${describe(axes)}.`);
    }
    const list: readonly unknown[] = typeof axes === "number" ? [axes] : axes;
    for (const ax of list) {
      if (typeof ax !== "number" || !Number.isInteger(ax)) throw new ValueError("transpose", `axes must be integers, got ${typeof ax === "number" ? ax : describe(ax)}.`);
    }
    perm = (list as number[]).map((ax) => (ax < 0 ? ax + a.ndim : ax));
    if (!isPermutation(perm, a.ndim)) {
      throw new ShapeError(
        "transpose",
        `axes ${showShape(list as number[])} are not a permutation of the ${a.ndim} axes of shape ${showShape(a.shape)}; list each axis exactly once.`,
        { shapes: [a.shape] },
      );
    }
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
  if (typeof axis !== "number" && !Array.isArray(axis)) throw new ValueError("expandDims", `axis must be an integer or a list of integers, got ${describe(axis)}.`);
  const list: readonly number[] = typeof axis === "number" ? [axis] : axis;
  const axes = normalizeAxes(list, a.ndim + list.length, "expandDims");
  const shape: number[] = [];
  let src = 0;
  for (let i = 0; i < a.ndim + axes.length; i++) shape.push(axes.includes(i) ? 1 : a.shape[src++]!);
  return reshape(a, shape);
}

/** Removes size-1 axes (all of them, or those given). @example np.squeeze(np.ones([1, 3, 1])).shape // [3] */
export function squeeze(x: ArrayLike, axis?: number | readonly number[] | null): NDArray {
  const a = asArray(x, undefined, "squeeze");
  const axes = axis === undefined || axis === null ? a.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, a.ndim, "squeeze");
  for (const ax of axes) {
    if (a.shape[ax] !== 1) {
      throw new ShapeError("squeeze", `axis ${ax} of shape ${showShape(a.shape)} has size ${a.shape[ax]}, not 1; only size-1 axes can be squeezed.`, { shapes: [a.shape] });
    }
  }
  return reshape(
    a,
    a.shape.filter((_, i) => !axes.includes(i)),
  );
}

/** The arrays of concatenate/stack: a non-empty JS list of array-likes. */
function arrayList(op: string, xs: unknown): NDArray[] {
  const list = checkList(op, xs, "the arrays to join");
  if (list.length === 0) throw new ValueError(op, "needs at least one array.");
  return list.map((x) => asArray(x as ArrayLike, undefined, op));
}

/** Joins arrays along an existing axis (null: of the flattened arrays). @example np.concatenate([np.ones([2]), np.zeros([3])]) // shape [5] */
export function concatenate(xs: readonly ArrayLike[], axis: number | null = 0): NDArray {
  let arrays = arrayList("concatenate", xs);
  if (axis === null) arrays = arrays.map((a) => reshape(a, [a.size]));
  const first = arrays[0]!;
  if (first.ndim === 0) throw new ShapeError("concatenate", "zero-dimensional arrays cannot be concatenated; use np.stack to make a new axis.");
  const ax = normalizeAxis(axis ?? 0, first.ndim, "concatenate");
  for (const [i, a] of arrays.entries()) {
    if (a.ndim !== first.ndim || a.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
      throw new ShapeError(
        "concatenate",
        `array ${i} has shape ${showShape(a.shape)} but array 0 has ${showShape(first.shape)}; all sizes except along axis ${ax} must match.`,
        { shapes: [first.shape, a.shape] },
      );
    }
  }
  checkSize("concatenate", [arrays.reduce((n, a) => n + a.size, 0)]);
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
  const arrays = arrayList("stack", xs);
  const first = arrays[0]!;
  for (const [i, a] of arrays.entries()) {
    if (a.ndim !== first.ndim || a.shape.some((d, k) => d !== first.shape[k])) {
      throw new ShapeError("stack", `array ${i} has shape ${showShape(a.shape)} but array 0 has ${showShape(first.shape)}; stacked arrays must have equal shapes.`, {
        shapes: [first.shape, a.shape],
      });
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
    // An empty axis splits into any number of empty sections; past 65536 that is a runaway count, not a request.
    const k = checkNumber("split", indicesOrSections, "the number of sections", { integer: true, min: 1, max: Math.max(n, 65536) });
    if (n % k !== 0) {
      throw new ShapeError("split", `axis ${ax} of shape ${showShape(a.shape)} (size ${n}) cannot be split into ${k} equal sections; give a divisor of ${n} or a list of split indices.`, {
        shapes: [a.shape],
      });
    }
    bounds = Array.from({ length: k - 1 }, (_, i) => ((i + 1) * n) / k);
  } else {
    const list = checkList("split", indicesOrSections, "indicesOrSections (a number of sections or a list of indices)");
    bounds = list.map((i, j) => {
      const v = checkNumber("split", i, `split index ${j}`, { integer: true });
      return Math.min(n, Math.max(0, v < 0 ? v + n : v));
    });
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
    throw new ShapeError("slice", `${specs.length} index specs for an array of rank ${a.ndim} (shape ${showShape(a.shape)}); give at most one spec per axis.`, { shapes: [a.shape] });
  }
  const start: number[] = [];
  const limit: number[] = [];
  const strides: number[] = [];
  const reversed: number[] = [];
  const dropped: number[] = [];
  a.shape.forEach((n, ax) => {
    const spec: unknown = specs[ax];
    if (spec === undefined || spec === null) {
      start.push(0), limit.push(n), strides.push(1);
    } else if (typeof spec === "number") {
      if (!Number.isInteger(spec)) throw new ValueError("slice", `index ${spec} on axis ${ax} must be an integer.`);
      if (spec < -n || spec >= n) {
        const range = n === 0 ? "an empty axis has no index to pick; use a range such as [0, 0] instead" : `use an integer in [${-n}, ${n - 1}]`;
        throw new ShapeError("slice", `index ${spec} is out of bounds for axis ${ax} with size ${n} (shape ${showShape(a.shape)}); ${range}.`, {
          shapes: [a.shape],
        });
      }
      const i = spec < 0 ? spec + n : spec;
      start.push(i), limit.push(i + 1), strides.push(1), dropped.push(ax);
    } else if (Array.isArray(spec) && spec.length <= 3) {
      const [lo, hi, st] = sliceIndices(spec as unknown as Exclude<SliceSpec, number | null>, n, ax);
      if (st > 0) {
        start.push(lo), limit.push(Math.max(lo, hi)), strides.push(st);
      } else {
        // Walk backwards: reverse the axis, then slice forwards (index i becomes n - 1 - i).
        reversed.push(ax);
        const s = n - 1 - lo;
        start.push(s), limit.push(Math.max(s, n - 1 - hi)), strides.push(-st);
      }
    } else {
      throw new ValueError("slice", `the spec for axis ${ax} must be an integer index, null or [start, stop, step], got ${describe(spec)}.`);
    }
  });
  if (reversed.length > 0) a = bind("rev", [a], { axes: reversed });
  const whole = start.every((s, i) => s === 0 && limit[i] === a.shape[i] && strides[i] === 1);
  const out = whole ? a : bind("slice", [a], { start, limit, strides });
  return dropped.length === 0 ? out : reshape(out, out.shape.filter((_, i) => !dropped.includes(i)));
}

/** Python's slice.indices(n): clamped start/stop and the step. */
function sliceIndices(spec: Exclude<SliceSpec, number | null>, n: number, axis: number): [number, number, number] {
  const bound = (v: unknown, what: string): number | null => {
    if (v === null || v === undefined) return null;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new ValueError("slice", `${what} ${typeof v === "number" ? v : describe(v)} on axis ${axis} must be an integer or null.`);
    }
    return v;
  };
  const step = bound(spec[2], "step") ?? 1;
  if (step === 0) throw new ValueError("slice", `step 0 on axis ${axis} must be a nonzero integer.`);
  const clamp = (v: unknown, what: string, dflt: number, lo: number, hi: number): number => {
    const b = bound(v, what);
    if (b === null) return dflt;
    const w = b < 0 ? b + n : b;
    return Math.min(hi, Math.max(lo, w));
  };
  return step > 0
    ? [clamp(spec[0], "start", 0, 0, n), clamp(spec[1], "stop", n, 0, n), step]
    : [clamp(spec[0], "start", n - 1, -1, n - 1), clamp(spec[1], "stop", -1, -1, n - 1), step];
}

/** JS index values as int32, refusing fractions rather than truncating them (numpy raises too). */
function integerIndices(indices: Exclude<ArrayLike, NDArray>): NDArray {
  const exact = asArray(indices, "float64", "take");
  const values = (exact as ConcreteArray).values();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) {
      throw new ValueError("take", `index ${v} is not an integer (indices of shape ${showShape(exact.shape)}); round the indices with Math.round or Math.floor first.`);
    }
    if (v > INT32_MAX || v < INT32_MIN) throw new ValueError("take", `index ${v} is out of bounds (indices of shape ${showShape(exact.shape)}).`);
  }
  return cast(exact, "int32");
}

/**
 * Picks elements by integer index along `axis` (of the flattened array when omitted or null);
 * negative indices count from the end. @example np.take(np.array([10, 20, 30]), [2, 0]) // [30, 10]
 */
export function take(x: ArrayLike, indices: ArrayLike, axis?: number | null): NDArray {
  let a = asArray(x, undefined, "take");
  const idx = indices instanceof NDArray ? indices : integerIndices(indices);
  if (idx.dtype !== "int32") {
    throw new DTypeError("take", `indices must be int32, got ${idx.dtype} with shape ${showShape(idx.shape)}; convert with indices.astype("int32").`, {
      dtypes: [idx.dtype],
      shapes: [idx.shape],
    });
  }
  let ax = 0;
  if (axis === undefined || axis === null) a = ravel(a);
  else ax = normalizeAxis(axis, a.ndim, "take");
  // Known indices are checked here, so that the error names np.take under jit too (traced ones are checked by the kernel).
  if (idx instanceof ConcreteArray) {
    const n = a.shape[ax]!;
    const bad = Array.from(idx.values()).find((j) => j < -n || j >= n);
    if (bad !== undefined) {
      throw new ValueError("take", `index ${bad} is out of bounds for axis ${ax} with size ${n} (shape ${showShape(a.shape)}); use indices in [${-n}, ${n - 1}].`, {
        shapes: [a.shape, idx.shape],
      });
    }
  }
  return bind("take", [a, idx], { axis: ax });
}
