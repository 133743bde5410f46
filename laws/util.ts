/** Shared helpers of jaxon/laws: deterministic random arrays, pytree arithmetic and comparisons. */
import { np, NDArray, tree, type DType } from "../src/index.js";

/** A small deterministic PRNG (mulberry32), so checks are reproducible from a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const isFloatDType = (d: DType): boolean => d === "float32" || d === "float64";

export function toArray(x: unknown): NDArray {
  return x instanceof NDArray ? x : np.asarray(x as never);
}

/** The leaves of a pytree as NDArrays. */
export function leavesOf(x: unknown): NDArray[] {
  return tree.leaves(x).map(toArray);
}

export function valuesOf(x: NDArray): number[] {
  return Array.from(x.data() as ArrayLike<number>, Number);
}

/** An array shaped like x with values uniform in [-1, 1] (zeros for non-float x). */
export function randLike(x: NDArray, next: () => number): NDArray {
  if (!isFloatDType(x.dtype)) return np.zeros(x.shape, { dtype: x.dtype });
  const vals = Array.from({ length: x.size }, () => 2 * next() - 1);
  return np.reshape(np.array(vals, { dtype: x.dtype }), x.shape);
}

/** tree.map of randLike. */
export function randTreeLike<T>(t: T, next: () => number): T {
  return tree.map((leaf: unknown) => randLike(toArray(leaf), next), t);
}

export function zerosTreeLike<T>(t: T): T {
  return tree.map((leaf: unknown) => {
    const x = toArray(leaf);
    return np.zeros(x.shape, { dtype: x.dtype });
  }, t);
}

/** x + s·t leafwise (t's non-float leaves are ignored). */
export function axpy<T>(x: T, s: number, t: unknown): T {
  return tree.map(
    (a: unknown, b: unknown) => {
      const xa = toArray(a);
      return isFloatDType(xa.dtype) ? np.add(xa, np.mul(toArray(b), s)) : xa;
    },
    x,
    t,
  );
}

/** Σ over leaves of Σ a·b, in float64 JS arithmetic (non-float leaves contribute 0). */
export function inner(a: unknown, b: unknown): number {
  const la = leavesOf(a);
  const lb = leavesOf(b);
  let s = 0;
  la.forEach((x, i) => {
    const y = lb[i]!;
    if (!isFloatDType(x.dtype) || !isFloatDType(y.dtype)) return;
    const u = valuesOf(x);
    const v = valuesOf(y);
    for (let k = 0; k < u.length; k++) s += u[k]! * v[k]!;
  });
  return s;
}

/** The central-difference directional derivative of f at args along tangents (leafwise, float64 JS arithmetic). */
export function numericalJvp(f: (...a: any[]) => unknown, args: readonly unknown[], tangents: readonly unknown[], eps: number): number[][] {
  const plus = leavesOf(f(...axpy(args, eps, tangents)));
  const minus = leavesOf(f(...axpy(args, -eps, tangents)));
  return plus.map((p, i) => {
    const u = valuesOf(p);
    const v = valuesOf(minus[i]!);
    return u.map((x, k) => (x - v[k]!) / (2 * eps));
  });
}

export interface Tolerance {
  eps: number;
  atol: number;
  rtol: number;
}

/** float64 everywhere: tight; any float32 (or other) leaf: loose. */
export function defaultTolerance(values: unknown): Tolerance {
  const leaves = leavesOf(values).filter((x) => isFloatDType(x.dtype));
  const all64 = leaves.length > 0 && leaves.every((x) => x.dtype === "float64");
  return all64 ? { eps: 1e-6, atol: 1e-5, rtol: 1e-5 } : { eps: 1e-3, atol: 1e-2, rtol: 1e-2 };
}

export interface Discrepancy {
  leaf: number;
  index: number;
  actual: number;
  expected: number;
  /** |actual − expected| − (atol + rtol·|expected|): positive means out of tolerance. */
  excess: number;
}

/** The worst element of `actual` vs `expected` (lists of leaves of numbers), or null when all are within tolerance. */
export function worst(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[], atol: number, rtol: number): Discrepancy | null {
  let w: Discrepancy | null = null;
  actual.forEach((a, leaf) => {
    const e = expected[leaf] ?? [];
    if (a.length !== e.length) {
      w = { leaf, index: -1, actual: a.length, expected: e.length, excess: Infinity };
      return;
    }
    a.forEach((x, index) => {
      const y = e[index]!;
      const bothNonFinite = !Number.isFinite(x) && Object.is(x, y);
      const excess = bothNonFinite ? -Infinity : Number.isNaN(x) || Number.isNaN(y) ? Infinity : Math.abs(x - y) - (atol + rtol * Math.abs(y));
      if (excess > 0 && (w === null || excess > w.excess)) w = { leaf, index, actual: x, expected: y, excess };
    });
  });
  return w;
}

export function describe(d: Discrepancy): string {
  if (d.index < 0) return `output leaf ${d.leaf} has ${d.actual} elements but ${d.expected} were expected`;
  return `output leaf ${d.leaf}, element ${d.index}: got ${d.actual}, expected ${d.expected} (|difference| ${Math.abs(d.actual - d.expected)})`;
}

export function leafValues(x: unknown): number[][] {
  return leavesOf(x).map(valuesOf);
}

export function sameShapes(a: unknown, b: unknown): string | null {
  const la = leavesOf(a);
  const lb = leavesOf(b);
  if (la.length !== lb.length) return `${la.length} output leaves vs ${lb.length}`;
  for (let i = 0; i < la.length; i++) {
    const x = la[i]!;
    const y = lb[i]!;
    if (x.shape.length !== y.shape.length || x.shape.some((d, k) => d !== y.shape[k])) return `output leaf ${i} has shape [${x.shape.join(", ")}] vs [${y.shape.join(", ")}]`;
  }
  return null;
}

/** f restricted to its differentiable (all-float) arguments, the others held fixed at `args`. */
export function restrictToFloatArgs(f: (...a: any[]) => unknown, args: readonly unknown[]): { g: (...a: any[]) => unknown; diffArgs: unknown[]; indices: number[] } {
  const indices = args.map((_, i) => i).filter((i) => {
    const leaves = leavesOf(args[i]);
    return leaves.length > 0 && leaves.every((x) => isFloatDType(x.dtype));
  });
  const g = (...xs: unknown[]) => {
    const full = args.slice();
    indices.forEach((a, k) => (full[a] = xs[k]));
    return f(...full);
  };
  return { g, diffArgs: indices.map((i) => args[i]), indices };
}
