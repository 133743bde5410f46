/** Shapes, strides, axes and broadcasting: pure functions on number arrays. */

export type Shape = readonly number[];

/** "[2, 3]" — how shapes appear in error messages. */
export function showShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Number of elements of a shape (1 for rank 0). */
export function shapeSize(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major (C-order) strides, in elements. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a user-given shape: non-negative integer dimensions. */
export function checkShape(shape: unknown, op: string): number[] {
  const dims = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(dims)) {
    throw new TypeError(`${op}: shape must be an array of non-negative integers, got ${String(shape)}.`);
  }
  for (const d of dims) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new RangeError(
        `${op}: shape ${JSON.stringify(dims)} has dimension ${String(d)}; every dimension must be a non-negative integer (use Math.round or Math.floor on computed sizes).`,
      );
    }
  }
  return dims.slice() as number[];
}

/** Resolves a possibly negative axis against `ndim`; throws naming `op` when out of range. */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    if (ndim === 0) throw new RangeError(`${op}: axis ${axis} is out of range: an array of rank 0 has no axes; leave the axis out.`);
    throw new RangeError(
      `${op}: axis ${axis} is out of range for an array of rank ${ndim}; use an integer in [${-ndim}, ${ndim - 1}].`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalises, sorts and de-duplicates a list of axes (undefined/null means all axes). */
export function normalizeAxes(axes: number | readonly number[] | null | undefined, ndim: number, op: string): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === "number" ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(a, ndim, op));
  const sorted = [...new Set(out)].sort((a, b) => a - b);
  if (sorted.length !== out.length) {
    throw new RangeError(`${op}: repeated axis in ${JSON.stringify(list)}; list each axis once.`);
  }
  return sorted;
}

/** numpy broadcasting of any number of shapes; throws naming `op` and all shapes on mismatch. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  let ndim = 0;
  for (const s of shapes) ndim = Math.max(ndim, s.length);
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    const off = ndim - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i]!;
      const cur = out[off + i]!;
      if (d === cur || d === 1) continue;
      if (cur === 1) {
        out[off + i] = d;
        continue;
      }
      throw new RangeError(
        `${op}: shapes ${shapes.map(showShape).join(" and ")} cannot be broadcast together (axis ${off + i - ndim} has sizes ${cur} and ${d}); ` +
          `dimensions must be equal or 1 when aligned from the right — reshape or expandDims one operand.`,
      );
    }
  }
  return out;
}

/** Whether `perm` is a permutation of 0..n-1. */
export function isPermutation(perm: readonly number[], n: number): boolean {
  if (perm.length !== n) return false;
  const seen = new Array<boolean>(n).fill(false);
  for (const p of perm) {
    if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) return false;
    seen[p] = true;
  }
  return true;
}
