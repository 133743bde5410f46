/** Shapes, strides, axes and broadcasting: pure functions on number arrays. */
import { ShapeError, ValueError } from "../errors/classes.js";
import { describe, MAX_ELEMENTS } from "../errors/checks.js";

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

/** The most dimensions an array may have (numpy's limit too); deeper nesting is refused, not recursed into. */
export const MAX_RANK = 64;

/**
 * Validates a user-given shape: a number or an array of non-negative integer dimensions, of rank at
 * most MAX_RANK and at most MAX_ELEMENTS elements (checked before anything is allocated).
 */
export function checkShape(shape: unknown, op: string, what = "shape"): number[] {
  const dims = typeof shape === "number" ? [shape] : shape;
  if (!Array.isArray(dims)) {
    throw new ValueError(op, `${what} must be an array of non-negative integers (or one integer), got ${describe(shape)}.`);
  }
  if (dims.length > MAX_RANK) throw new ShapeError(op, `${what} has ${dims.length} dimensions; at most ${MAX_RANK} are supported.`);
  for (let i = 0; i < dims.length; i++) {
    const d: unknown = dims[i];
    if (typeof d !== "number") {
      throw new ValueError(op, `${what} ${showValues(dims)} has ${describe(d)} at index ${i}; every dimension must be a non-negative integer.`);
    }
    if (!Number.isInteger(d) || d < 0 || d > MAX_ELEMENTS) {
      throw new ShapeError(
        op,
        `${what} ${showValues(dims, ",")} has dimension ${String(d)}; every dimension must be a non-negative integer${d > MAX_ELEMENTS ? ` of at most ${MAX_ELEMENTS}` : " (use Math.round or Math.floor on computed sizes)"}.`,
      );
    }
  }
  const out = dims.slice() as number[];
  checkSize(op, out, what);
  return out;
}

/**
 * Refuses shapes of more than `max` elements (MAX_ELEMENTS: a typed array could not hold more),
 * before allocation; `limit` says what the bound is, for the message.
 */
export function checkSize(op: string, shape: Shape, what = "shape", max = MAX_ELEMENTS, limit = "an array can hold"): void {
  const n = shapeSize(shape);
  if (n > max) {
    throw new ShapeError(op, `${what} ${showShape(shape)} has ${n} elements, more than the ${max} ${limit}; use smaller sizes.`, { shapes: [shape] });
  }
}

/** "[2, -1]": the entries of a user-given shape, whatever they are (objects without toString included). */
export function showValues(values: readonly unknown[], separator = ", "): string {
  return `[${values.map((v) => (typeof v === "number" ? String(v) : typeof v === "string" ? JSON.stringify(v) : describe(v))).join(separator)}]`;
}

/**
 * Resolves a possibly negative axis against `ndim`; throws naming `op` when it is not an integer
 * (ValueError) or out of range (ShapeError). `what` names the argument ("axis", "inAxes", ...).
 */
export function normalizeAxis(axis: unknown, ndim: number, op: string, what = "axis"): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    const range = ndim === 0 ? "an array of rank 0 has no axes" : `an axis is an integer in [${-ndim}, ${ndim - 1}] (negative counts from the end)`;
    if (typeof axis === "number") throw new ValueError(op, `${what} ${axis} is not an integer; ${range}.`);
    throw new ValueError(op, `${what} must be an integer, got ${describe(axis)}; ${range}.`);
  }
  if (axis < -ndim || axis >= ndim) {
    if (ndim === 0) throw new ShapeError(op, `${what} ${axis} is out of range: an array of rank 0 has no axes; leave the axis out.`);
    throw new ShapeError(op, `${what} ${axis} is out of range for an array of rank ${ndim}; use an integer in [${-ndim}, ${ndim - 1}].`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalises, sorts and de-duplicates a list of axes (undefined/null means all axes). */
export function normalizeAxes(axes: unknown, ndim: number, op: string, what = "axis"): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axes !== "number" && !Array.isArray(axes)) {
    throw new ValueError(op, `${what} must be an integer, a list of integers or null, got ${describe(axes)}.`);
  }
  const list: readonly unknown[] = typeof axes === "number" ? [axes] : axes;
  if (list.length > MAX_RANK) throw new ShapeError(op, `${list.length} axes given for an array of rank ${ndim}; list each axis once.`);
  const out = list.map((a) => normalizeAxis(a, ndim, op, what));
  const sorted = [...new Set(out)].sort((a, b) => a - b);
  if (sorted.length !== out.length) {
    throw new ShapeError(op, `repeated axis in ${JSON.stringify(list)}; list each axis once.`);
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
      throw new ShapeError(
        op,
        `shapes ${shapes.map(showShape).join(" and ")} cannot be broadcast together (axis ${off + i - ndim} has sizes ${cur} and ${d}); ` +
          `dimensions must be equal or 1 when aligned from the right — reshape or expandDims one operand.`,
        { shapes },
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
