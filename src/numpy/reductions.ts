/** Reductions: sum, prod, max, min, mean, var, std, argmax, argmin, all, any, cumsum. */
import type { DType } from "../array/dtype.js";
import type { ArrayLike, AxisArg, NDArray } from "../array/ndarray.js";
import { normalizeAxes, normalizeAxis, showShape } from "../array/shape.js";
import { bind } from "../core/trace.js";
import { ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { asArray, cast } from "./convert.js";
import { div, equal, greater, logicalNot, sqrt, square, sub } from "./elementwise.js";
import { reshape } from "./shape.js";
import { checkNumber, parseAxisArg } from "./validate.js";

/** Options of every reduction. */
export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end); all axes when omitted or null. */
  axis?: number | readonly number[] | null;
  /** Keep reduced axes with size 1, so the result broadcasts against the input. */
  keepdims?: boolean;
}

function keep(out: NDArray, x: NDArray, axes: readonly number[], keepdims: boolean | undefined): NDArray {
  if (!keepdims) return out;
  return reshape(
    out,
    x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
  );
}

type ReducePrim = "reduceSum" | "reduceProd" | "reduceMax" | "reduceMin";

function reduceWith(prim: ReducePrim, op: string, x: ArrayLike, arg: AxisArg, dtype?: (d: DType) => DType): NDArray {
  const a = asArray(x, undefined, op);
  const { axis, keepdims } = parseAxisArg(op, arg);
  const axes = normalizeAxes(axis, a.ndim, op);
  const input = dtype === undefined ? a : cast(a, dtype(a.dtype));
  if ((prim === "reduceMax" || prim === "reduceMin") && axes.some((ax) => a.shape[ax] === 0)) {
    throw new ValueError(
      op,
      `cannot reduce the empty axis of shape ${showShape(a.shape)}: a zero-size array has no ${prim === "reduceMax" ? "maximum" : "minimum"} (no identity) — check the input is not empty.`,
      { shapes: [a.shape] },
    );
  }
  return keep(bind(prim, [input], { axes }), a, axes, keepdims);
}

const intIfBool = (d: DType): DType => (d === "bool" ? "int32" : d);
const floatIfInt = (d: DType): DType => (d === "float64" ? d : "float32");

/** Sum over axes (bool counts as int32; int32 wraps exactly). @example np.sum(np.array([[1, 2], [3, 4]]), 0) // [4, 6] */
export function sum(x: ArrayLike, axis?: AxisArg): NDArray {
  return reduceWith("reduceSum", "sum", x, axis, intIfBool);
}
/** Product over axes. @example np.prod(np.array([2, 3, 4])) // 24 */
export function prod(x: ArrayLike, axis?: AxisArg): NDArray {
  return reduceWith("reduceProd", "prod", x, axis, intIfBool);
}
/** Maximum over axes (NaN propagates; empty axes are refused). @example np.max(np.array([[1, 5], [3, 2]]), { axis: 1 }) // [5, 3] */
export function max(x: ArrayLike, axis?: AxisArg): NDArray {
  return keepBool(x, "max", (a) => reduceWith("reduceMax", "max", a, axis, intIfBool));
}
/** Minimum over axes (NaN propagates; empty axes are refused). @example np.min(np.array([4, 1, 3])) // 1 */
export function min(x: ArrayLike, axis?: AxisArg): NDArray {
  return keepBool(x, "min", (a) => reduceWith("reduceMin", "min", a, axis, intIfBool));
}
/** max/min of bools are bools in numpy and JAX: the kernels run on int32, so cast back. */
function keepBool(x: ArrayLike, op: string, f: (a: NDArray) => NDArray): NDArray {
  const a = asArray(x, undefined, op);
  const out = f(a);
  return a.dtype === "bool" ? cast(out, "bool") : out;
}

function count(x: NDArray, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * x.shape[a]!, 1);
}

/** Arithmetic mean over axes (integers give float32; empty: NaN, as numpy). @example np.mean(np.array([1, 2, 3, 4])) // 2.5 */
export function mean(x: ArrayLike, axis?: AxisArg): NDArray {
  const a = asArray(x, undefined, "mean");
  const { axis: ax, keepdims } = parseAxisArg("mean", axis);
  const axes = normalizeAxes(ax, a.ndim, "mean");
  const f = cast(a, floatIfInt(a.dtype));
  return div(sum(f, { axis: axes, keepdims }), count(a, axes));
}

/** Options of var/std: the reduction options plus `ddof` (delta degrees of freedom; 0 = population). */
export interface VarianceOptions extends ReduceOptions {
  ddof?: number;
}

/** Variance over axes: sum((x − mean(x))²) / (n − ddof), NaN when n − ddof <= 0. @example np.var(np.array([1, 2, 3, 4])) // 1.25 */
export function variance(x: ArrayLike, axis?: number | readonly number[] | VarianceOptions | null): NDArray {
  return varianceOf(x, axis, "var");
}
/** Standard deviation: sqrt(var). @example np.std(np.array([1, 2, 3, 4])) // 1.118 */
export function std(x: ArrayLike, axis?: number | readonly number[] | VarianceOptions | null): NDArray {
  return sqrt(varianceOf(x, axis, "std"));
}
function varianceOf(x: ArrayLike, arg: unknown, op: string): NDArray {
  const a = asArray(x, undefined, op);
  const { axis, keepdims, rest } = parseAxisArg(op, arg, ["ddof"]);
  const axes = normalizeAxes(axis, a.ndim, op);
  const ddof = rest["ddof"] === undefined ? 0 : checkNumber(op, rest["ddof"], "ddof", { finite: true });
  const f = cast(a, floatIfInt(a.dtype));
  const centered = sub(f, mean(f, { axis: axes, keepdims: true }));
  // No degrees of freedom left (n − ddof <= 0): NaN, as JAX gives, never a negative or infinite variance.
  const dof = count(a, axes) - ddof;
  return div(sum(square(centered), { axis: axes, keepdims }), dof > 0 ? dof : NaN);
}

/** Options of argmax/argmin: a single axis (flattened input when omitted) and keepdims. */
export interface ArgOptions {
  axis?: number | null;
  keepdims?: boolean;
}

function argWith(prim: "argmax" | "argmin", x: ArrayLike, arg: unknown): NDArray {
  const a = asArray(x, undefined, prim);
  const { axis, keepdims } = parseAxisArg(prim, arg);
  if (Array.isArray(axis)) throw new ValueError(prim, `takes a single axis (an integer or null), got ${describe(axis)}.`);
  const input = cast(a, intIfBool(a.dtype));
  const empty = (): ValueError =>
    new ValueError(prim, `attempt to get ${prim} of an empty sequence (shape ${showShape(a.shape)}); check the input is not empty.`, { shapes: [a.shape] });
  if (axis === null || axis === undefined) {
    if (a.size === 0) throw empty();
    const flat = reshape(input, [a.size]);
    const out = bind(prim, [flat], { axis: 0 });
    return keepdims ? reshape(out, a.shape.map(() => 1)) : out;
  }
  const ax = normalizeAxis(axis, a.ndim, prim);
  if (a.shape[ax] === 0) throw empty();
  return keep(bind(prim, [input], { axis: ax }), a, [ax], keepdims);
}
/** Index of the largest element (first on ties; the first NaN wins). @example np.argmax(np.array([1, 9, 3])) // 1 */
export function argmax(x: ArrayLike, axis?: number | null | ArgOptions): NDArray {
  return argWith("argmax", x, axis);
}
/** Index of the smallest element (first on ties; the first NaN wins). @example np.argmin(np.array([4, 1, 3])) // 1 */
export function argmin(x: ArrayLike, axis?: number | null | ArgOptions): NDArray {
  return argWith("argmin", x, axis);
}

/** Whether every element is true (nonzero). @example np.all(np.array([1, 1, 0])) // false */
export function all(x: ArrayLike, axis?: AxisArg): NDArray {
  return equal(sum(logicalNot(asArray(x, undefined, "all")), axis), 0);
}
/** Whether any element is true (nonzero). @example np.any(np.array([0, 0, 2])) // true */
export function any(x: ArrayLike, axis?: AxisArg): NDArray {
  return greater(sum(cast(asArray(x, undefined, "any"), "bool"), axis), 0);
}

/** Running sum along an axis (of the flattened input when omitted). @example np.cumsum(np.array([1, 2, 3])) // [1, 3, 6] */
export function cumsum(x: ArrayLike, axis?: number | null): NDArray {
  const input = asArray(x, undefined, "cumsum");
  const a = cast(input, intIfBool(input.dtype));
  if (axis !== undefined && axis !== null && typeof axis !== "number") {
    throw new ValueError("cumsum", `axis must be an integer or null, got ${describe(axis)}.`);
  }
  if (axis === undefined || axis === null) return bind("cumsum", [reshape(a, [a.size])], { axis: 0, reverse: false });
  return bind("cumsum", [a], { axis: normalizeAxis(axis, a.ndim, "cumsum"), reverse: false });
}

