/**
 * Small reference implementations and fast-check arbitraries for the `np` tests.
 *
 * A reference array is a shape plus its elements in row-major order, and every operation is a
 * plain loop over multi-indices, written independently of jaxon's strides and views. Values are
 * integers or multiples of 1/16, so float32 results are exact and comparisons need no tolerance.
 */
import fc from "fast-check";
import { expect } from "vitest";
import * as np from "../../src/numpy/index.js";
import type { DType } from "../../src/array/dtype.js";
import type { NDArray } from "../../src/array/ndarray.js";

/** A reference array: its shape and its elements in row-major order. */
export interface Ref {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

export type NumericDType = "float32" | "float64" | "int32";

export function size(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

/** The flat row-major position of multi-index `idx` in `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + idx[d]!;
  return flat;
}

/** Builds a reference array by calling `at` on every multi-index of `shape`. */
export function tabulate(shape: readonly number[], at: (idx: number[]) => number): Ref {
  const n = size(shape);
  const data: number[] = [];
  for (let i = 0; i < n; i++) data.push(at(unravel(i, shape)));
  return { shape: [...shape], data };
}

/** Element of `x` at `idx`. */
export function get(x: Ref, idx: readonly number[]): number {
  return x.data[ravel(idx, x.shape)]!;
}

/** How storage of `dtype` rounds a JS number. */
export function roundTo(dtype: DType, v: number): number {
  switch (dtype) {
    case "float32":
      return Math.fround(v);
    case "int32":
      return v | 0;
    case "bool":
      return v !== 0 ? 1 : 0;
    case "float64":
      return v;
  }
}

/** numpy broadcasting of two shapes (null when incompatible). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The element of `x` that broadcasting to `outShape` places at `idx`. */
function broadcastGet(x: Ref, idx: readonly number[], outShape: readonly number[]): number {
  const off = outShape.length - x.shape.length;
  const own = x.shape.map((d, i) => (d === 1 ? 0 : idx[off + i]!));
  return get(x, own);
}

/** f applied elementwise with numpy broadcasting. */
export function binary(a: Ref, b: Ref, f: (x: number, y: number) => number): Ref {
  const shape = broadcastShape(a.shape, b.shape);
  if (shape === null) throw new Error("reference: shapes do not broadcast");
  return tabulate(shape, (idx) => f(broadcastGet(a, idx, shape), broadcastGet(b, idx, shape)));
}

/** A reduction over `axes` (already non-negative) with `f` starting from `init`. */
export function reduce(x: Ref, axes: readonly number[], keepdims: boolean, init: number, f: (acc: number, v: number) => number): Ref {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const acc = new Array<number>(size(kept)).fill(init);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
    const o = ravel(idx, kept);
    acc[o] = f(acc[o]!, x.data[i]!);
  }
  const shape = keepdims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  return { shape, data: acc };
}

/** out[idx] = x[idx permuted back]: numpy's transpose. */
export function transpose(x: Ref, perm: readonly number[]): Ref {
  const shape = perm.map((p) => x.shape[p]!);
  return tabulate(shape, (idx) => {
    const src = new Array<number>(x.shape.length);
    perm.forEach((p, i) => (src[p] = idx[i]!));
    return get(x, src);
  });
}

/** The indices Python's `range(n)[start:stop:step]` selects (CPython's PySlice_AdjustIndices). */
export function pythonSliceIndices(n: number, start: number | null, stop: number | null, step: number | null): number[] {
  const st = step ?? 1;
  const adjust = (v: number | null, dflt: number, lower: number, upper: number): number => {
    if (v === null) return dflt;
    if (v < 0) {
      v += n;
      if (v < 0) return lower;
      return v;
    }
    return v >= n ? upper : v;
  };
  const out: number[] = [];
  if (st > 0) {
    const lo = adjust(start, 0, 0, n);
    const hi = adjust(stop, n, 0, n);
    for (let i = lo; i < hi; i += st) out.push(i);
  } else {
    const lo = adjust(start, n - 1, -1, n - 1);
    const hi = adjust(stop, -1, -1, n - 1);
    for (let i = lo; i > hi; i += st) out.push(i);
  }
  return out;
}

/** One axis of a reference slice: an integer index (drops the axis) or Python start/stop/step. */
export type RefSpec = { index: number } | { start: number | null; stop: number | null; step: number | null };

/** numpy basic indexing with one spec per leading axis. */
export function slice(x: Ref, specs: readonly RefSpec[]): Ref {
  const picks: number[][] = x.shape.map((n, ax) => {
    const s = specs[ax];
    if (s === undefined) return Array.from({ length: n }, (_, i) => i);
    if ("index" in s) return [s.index < 0 ? s.index + n : s.index];
    return pythonSliceIndices(n, s.start, s.stop, s.step);
  });
  const full = picks.map((p) => p.length);
  const r = tabulate(full, (idx) => get(x, idx.map((i, ax) => picks[ax]![i]!)));
  const shape = full.filter((_, ax) => !(specs[ax] !== undefined && "index" in specs[ax]!));
  return { shape, data: r.data };
}

/** numpy.matmul: 1-D operands promoted to matrices, batch axes broadcast. */
export function matmul(a: Ref, b: Ref, dtype: DType): Ref {
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const m = a2.shape[a2.shape.length - 2]!;
  const k = a2.shape[a2.shape.length - 1]!;
  const n = b2.shape[b2.shape.length - 1]!;
  const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  if (batch === null || b2.shape[b2.shape.length - 2] !== k) throw new Error("reference: matmul shapes do not fit");
  const aBatch = { shape: a2.shape.slice(0, -2), data: [] };
  const bBatch = { shape: b2.shape.slice(0, -2), data: [] };
  const pick = (x: Ref, xb: Ref, bi: number[], i: number, j: number): number => {
    const off = batch.length - xb.shape.length;
    const own = xb.shape.map((d, t) => (d === 1 ? 0 : bi[off + t]!));
    return get(x, [...own, i, j]);
  };
  const full = tabulate([...batch, m, n], (idx) => {
    const bi = idx.slice(0, -2);
    const i = idx[idx.length - 2]!;
    const j = idx[idx.length - 1]!;
    let s = 0;
    for (let q = 0; q < k; q++) s += pick(a2, aBatch, bi, i, q) * pick(b2, bBatch, bi, q, j);
    return roundTo(dtype, s);
  });
  let shape = [...batch, m, n];
  if (a.shape.length === 1) shape = [...shape.slice(0, -2), n];
  if (b.shape.length === 1) shape = shape.slice(0, -1);
  if (a.shape.length === 1 && b.shape.length === 1) shape = [];
  return { shape, data: full.data };
}

/** Running sum along `axis`. */
export function cumsum(x: Ref, axis: number): Ref {
  return tabulate(x.shape, (idx) => {
    let s = 0;
    for (let t = 0; t <= idx[axis]!; t++) {
      const j = idx.slice();
      j[axis] = t;
      s += get(x, j);
    }
    return s;
  });
}

/** numpy.take along `axis` with (possibly negative) integer indices. */
export function take(x: Ref, indices: Ref, axis: number): Ref {
  const n = x.shape[axis]!;
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const k = indices.shape.length;
  return tabulate(shape, (idx) => {
    const raw = get(indices, idx.slice(axis, axis + k));
    const j = raw < 0 ? raw + n : raw;
    return get(x, [...idx.slice(0, axis), j, ...idx.slice(axis + k)]);
  });
}

// ---------------------------------------------------------------------------------------------
// Conversions and assertions

/** A jaxon array holding a reference array's elements. */
export function toNd(x: Ref, dtype: DType): NDArray {
  return np.array([...x.data], { dtype, shape: x.shape });
}

/** Asserts shape, dtype and elements (exactly, after rounding the expected values to `dtype`). */
export function expectArray(actual: NDArray, expected: Ref, dtype: DType): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(dtype);
  expect(Array.from(actual.data())).toEqual(expected.data.map((v) => roundTo(dtype, v)));
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

export const numericDType = fc.constantFrom<NumericDType>("float32", "float64", "int32");

/** A shape of rank 0..maxRank with dimensions 1..maxDim. */
export function arbShape(maxRank = 4, maxDim = 4, minRank = 0): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/** Exactly representable values: multiples of 1/16 for floats, small integers for int32. */
export function arbValue(dtype: DType): fc.Arbitrary<number> {
  if (dtype === "int32") return fc.integer({ min: -1000, max: 1000 });
  if (dtype === "bool") return fc.integer({ min: 0, max: 1 });
  return fc.integer({ min: -1000, max: 1000 }).map((i) => i / 16);
}

/** A reference array of `shape` with values suited to `dtype`. */
export function arbRef(shape: readonly number[], dtype: DType, value: fc.Arbitrary<number> = arbValue(dtype)): fc.Arbitrary<Ref> {
  const n = size(shape);
  return fc.array(value, { minLength: n, maxLength: n }).map((data) => ({ shape: [...shape], data }));
}

/**
 * Two shapes that broadcast together: both are suffixes of one shape of rank 0..4, with some
 * dimensions set to 1 in each.
 */
export const arbBroadcastShapes: fc.Arbitrary<[number[], number[]]> = arbShape(4, 4).chain((full) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: full.length }),
      fc.integer({ min: 0, max: full.length }),
      fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
    )
    .map(([ra, rb, onesA, onesB]) => {
      const a = full.map((d, i) => (onesA[i] ? 1 : d)).slice(full.length - ra);
      const b = full.map((d, i) => (onesB[i] ? 1 : d)).slice(full.length - rb);
      return [a, b] as [number[], number[]];
    }),
);

/** A random permutation of 0..n-1. */
export function arbPermutation(n: number): fc.Arbitrary<number[]> {
  return fc
    .array(fc.nat(), { minLength: n, maxLength: n })
    .map((keys) => keys.map((k, i) => [k, i] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, i]) => i));
}

/** Property-run settings shared by the suite: modest, so the whole folder runs in seconds. */
export const runs = { numRuns: 60 } as const;
