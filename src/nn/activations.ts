/**
 * Activation functions, softmax/logSoftmax/logsumexp and oneHot, written only with `np` so that
 * grad, jvp, vmap and jit all apply. Every function keeps the dtype of a float input (int and
 * bool inputs become float32), is numerically stable at ±1000 and propagates NaN (as numpy/JAX).
 */
import type { DType } from "../array/dtype.js";
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkInteger, checkOptions, describe, MAX_ELEMENTS } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import { stopGradient } from "../transforms/custom.js";
import { asFloat } from "./util.js";

/** The identity activation, f(x) = x (f' = 1). @example nn.identity(np.array([-1, 2])) // [-1, 2] */
export function identity(x: ArrayLike): NDArray {
  return asFloat(x, "nn.identity");
}

/**
 * The binary (Heaviside) step H(x): 1 for x ≥ 0 (so H(0) = 1), 0 otherwise, NaN for NaN (as
 * `jnp.heaviside`); its derivative is 0.
 * @example nn.step(np.array([-2, 0, 3])) // [0, 1, 1]
 */
export function step(x: ArrayLike): NDArray {
  const a = stopGradient(asFloat(x, "nn.step"));
  return np.where(np.isnan(a), a, np.astype(np.greaterEqual(a, 0), a.dtype));
}

/**
 * The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), σ' = σ(1 − σ). Stable: computed from e^(−|x|), so
 * values and gradients are finite at ±1000.
 * @example nn.sigmoid(np.array([0, 1000, -1000])) // [0.5, 1, 0]
 */
export function sigmoid(x: ArrayLike): NDArray {
  const a = asFloat(x, "nn.sigmoid");
  const pos = np.greaterEqual(a, 0);
  const z = np.exp(np.where(pos, np.neg(a), a)); // e^(−|x|) ∈ (0, 1], with the right derivative at 0
  const onePlus = np.add(z, 1);
  return np.where(pos, np.div(1, onePlus), np.div(z, onePlus));
}

/** The hyperbolic tangent, tanh' = 1 − tanh². @example nn.tanh(np.array([0])) // [0] */
export function tanh(x: ArrayLike): NDArray {
  return np.tanh(asFloat(x, "nn.tanh"));
}

/** The arctangent activation, arctan' = 1 / (1 + x²). @example nn.arctan(np.array([1])) // [π/4] */
export function arctan(x: ArrayLike): NDArray {
  return np.arctan(asFloat(x, "nn.arctan"));
}

/**
 * The rectified linear unit max(x, 0); relu' = H(x) except relu'(0) = 0 (as in JAX); relu(NaN)
 * is NaN.
 * @example nn.relu(np.array([-1, 0, 2])) // [0, 0, 2]
 */
export function relu(x: ArrayLike): NDArray {
  const a = asFloat(x, "nn.relu");
  // x ≤ 0 is false for NaN, so NaN passes through (x > 0 would map it to 0).
  return np.where(np.lessEqual(a, 0), 0, a);
}

/**
 * Parametric ReLU: x for x > 0, αx otherwise; `alpha` may be an array (learned, broadcast). The
 * derivative at 0 is α (the x ≤ 0 branch; flax's PReLU, with x ≥ 0, gives 1).
 * @example nn.prelu(np.array([-2, 3]), 0.25) // [-0.5, 3]
 */
export function prelu(x: ArrayLike, alpha: ArrayLike): NDArray {
  const a = asFloat(x, "nn.prelu");
  return np.where(np.greater(a, 0), a, np.mul(alpha, a));
}

/**
 * Leaky ReLU: x for x > 0, slope·x otherwise (slope 0.01 by default). The derivative at 0 is the
 * slope (JAX's `leaky_relu`, written with x ≥ 0, gives 1 there); values agree everywhere.
 * @example nn.leakyRelu(np.array([-100, 1])) // [-1, 1]
 */
export function leakyRelu(x: ArrayLike, slope = 0.01): NDArray {
  const a = asFloat(x, "nn.leakyRelu");
  return np.where(np.greater(a, 0), a, np.mul(a, slope));
}

/**
 * Exponential linear unit: x for x > 0, α(eˣ − 1) otherwise (α = 1 by default); elu' = 1 for x > 0
 * and αeˣ otherwise. Finite at ±1000.
 * @example nn.elu(np.array([-1, 2])) // [e⁻¹ − 1, 2]
 */
export function elu(x: ArrayLike, alpha: ArrayLike = 1): NDArray {
  const a = asFloat(x, "nn.elu");
  const pos = np.greater(a, 0);
  return np.where(pos, a, np.mul(alpha, np.expm1(np.where(pos, 0, a))));
}

/**
 * Softplus log(1 + eˣ), softplus' = σ. Stable form max(x, 0) + log1p(e^(−|x|)): finite values and
 * gradients at ±1000.
 * @example nn.softplus(np.array([0])) // [log 2]
 */
export function softplus(x: ArrayLike): NDArray {
  const a = asFloat(x, "nn.softplus");
  const pos = np.greaterEqual(a, 0);
  const negAbs = np.where(pos, np.neg(a), a);
  return np.add(np.where(pos, a, 0), np.log1p(np.exp(negAbs)));
}

/**
 * GELU, tanh approximation (Hendrycks & Gimpel, as JAX's `gelu(approximate=True)`, JAX's
 * default): ½x(1 + tanh(u)), u = √(2/π)(x + 0.044715x³). Computed as the equal x·σ(2u), which
 * keeps full relative precision for negative x (1 + tanh(u) cancels: in float32 gelu(−3) was off
 * by 1e-5, and gelu(−10) = −1.2e-37 came out 0). gelu(−∞) is NaN (−∞ · 0), as in JAX.
 * @example nn.gelu(np.array([0, 1])) // [0, 0.8412]
 */
export function gelu(x: ArrayLike): NDArray {
  const a = asFloat(x, "nn.gelu");
  const inner = np.mul(Math.sqrt(8 / Math.PI), np.add(a, np.mul(0.044715, np.mul(a, np.square(a))))); // 2u
  return np.mul(a, sigmoid(inner));
}

/** SiLU (swish) x·σ(x). @example nn.silu(np.array([0])) // [0] */
export function silu(x: ArrayLike): NDArray {
  const a = asFloat(x, "nn.silu");
  return np.mul(a, sigmoid(a));
}

/** Shared by logsumexp, logSoftmax, softmax: shifted = x − stopGradient(max), s = Σ exp(shifted) (keepdims), guarded. */
function shiftedSums(a: NDArray, axis: number | readonly number[] | null): { shifted: NDArray; m: NDArray; s: NDArray; empty: NDArray; safeS: NDArray } {
  const m0 = stopGradient(np.max(a, { axis, keepdims: true }));
  const m = np.where(np.isfinite(m0), m0, 0); // all −∞ (or ±∞) rows: shift by 0 instead of producing NaN
  const shifted = np.sub(a, m);
  const s = np.sum(np.exp(shifted), { axis, keepdims: true });
  // s ≤ 0 only for an all −∞ row (s = 0); a NaN sum is not "empty", so NaN propagates to the result.
  const empty = np.lessEqual(s, 0);
  const safeS = np.where(empty, 1, s); // an all −∞ row: keep log and 1/s finite so no NaN gradient
  return { shifted, m, s, empty, safeS };
}

type AxisOption = number | readonly number[] | null;

/** The axes of a reduction over `axis` (undefined/null: all), checked against the rank. */
function axesOf(axis: unknown, ndim: number, op: string): number | readonly number[] | null {
  if (axis === undefined || axis === null) return null;
  const list: unknown[] = typeof axis === "number" ? [axis] : Array.isArray(axis) ? axis : [axis];
  for (const ax of list) {
    if (typeof ax !== "number" || !Number.isInteger(ax)) {
      throw new ValueError(op, `axis must be an integer or a list of integers, got ${describe(ax)}.`);
    }
    if (ndim === 0) throw new ShapeError(op, `axis ${ax} is out of range: a scalar (rank 0) has no axes; pass an array with at least one axis.`);
    if (ax < -ndim || ax >= ndim) {
      throw new ShapeError(op, `axis ${ax} is out of range for an array of rank ${ndim}; use an axis in [${-ndim}, ${ndim - 1}].`);
    }
  }
  const norm = list.map((ax) => ((ax as number) < 0 ? (ax as number) + ndim : (ax as number)));
  if (new Set(norm).size !== norm.length) throw new ShapeError(op, `axis [${list.join(", ")}] repeats an axis; list each axis once.`);
  return axis as number | readonly number[];
}

/** Whether a reduction of `a` over `axis` (null: all) reduces an axis of size 0. */
function reducesEmpty(a: NDArray, axis: number | readonly number[] | null): boolean {
  const list = axis === null ? a.shape.map((_, i) => i) : typeof axis === "number" ? [axis] : axis;
  return list.some((ax) => a.shape[ax < 0 ? ax + a.ndim : ax] === 0);
}

/** Reads `(x, axis, keepdims)` or `(x, { axis, keepdims })`. */
function reductionArgs(op: string, axisOrOpts: unknown, keepdims: unknown, defaultAxis: AxisOption, allowKeepdims: boolean): { axis: AxisOption; keepdims: boolean } {
  let axis: unknown = axisOrOpts;
  let keep: unknown = keepdims;
  if (axisOrOpts !== null && typeof axisOrOpts === "object" && !Array.isArray(axisOrOpts)) {
    checkOptions(op, axisOrOpts, allowKeepdims ? ["axis", "keepdims"] : ["axis"]);
    const o = axisOrOpts as { axis?: unknown; keepdims?: unknown };
    axis = o.axis;
    keep = o.keepdims ?? keepdims;
  }
  if (keep !== undefined && typeof keep !== "boolean") throw new ValueError(op, `keepdims must be true or false, got ${describe(keep)}.`);
  return { axis: (axis === undefined ? defaultAxis : axis) as AxisOption, keepdims: keep === true };
}

/**
 * log Σ exp(x) over `axis` (all axes by default), stable: subtracts the (stopGradient) maximum.
 * Finite at ±1000; −∞ entries contribute 0; an all −∞ slice gives −∞ with zero (not NaN) gradient;
 * a NaN gives NaN. Also `logsumexp(x, { axis, keepdims })`.
 * @example nn.logsumexp(np.array([1000, 1000])) // 1000 + log 2
 */
export function logsumexp(x: ArrayLike, axis?: number | readonly number[] | null | { axis?: number | readonly number[] | null; keepdims?: boolean }, keepdims = false): NDArray {
  const op = "nn.logsumexp";
  const a = asFloat(x, op);
  const args = reductionArgs(op, axis, keepdims, null, true);
  const ax = axesOf(args.axis, a.ndim, op);
  if (reducesEmpty(a, ax)) {
    // log Σ over no terms is log 0 = −∞ (as JAX); np.max of an empty axis has no value to shift by.
    const out = np.full(np.sum(a, { axis: ax, keepdims: true }).shape, -Infinity, { dtype: a.dtype });
    return args.keepdims ? out : ax === null ? np.reshape(out, []) : np.squeeze(out, ax);
  }
  const { m, s, empty, safeS } = shiftedSums(a, ax);
  // An all −∞ slice: log(s) = log 0 = −∞, taken without gradient (log's derivative 1/0 would turn
  // the zero cotangent into NaN). No −∞ constant is built, so debugInfs stays quiet on clean input.
  const emptyTerm = np.where(empty, stopGradient(np.log(np.where(empty, s, 1))), 0);
  const out = np.add(np.add(np.log(safeS), m), emptyTerm);
  if (args.keepdims) return out;
  return ax === null ? np.reshape(out, []) : np.squeeze(out, ax);
}

/**
 * log softmax(x) = x − logsumexp(x) along `axis` (default −1), stable at ±1000 and with −∞ entries
 * (an all −∞ row gives −∞ values with finite gradients).
 * @example nn.logSoftmax(np.array([0, 0])) // [−log 2, −log 2]
 */
export function logSoftmax(x: ArrayLike, axis: number | { axis?: number } = -1): NDArray {
  const n = normalised("nn.logSoftmax", x, axis);
  return "empty" in n ? n.empty : np.sub(n.shifted, np.log(n.safeS));
}

/**
 * softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) along `axis` (default −1), stable at ±1000; an all −∞ row
 * gives zeros.
 * @example nn.softmax(np.array([1, 1])) // [0.5, 0.5]
 */
export function softmax(x: ArrayLike, axis: number | { axis?: number } = -1): NDArray {
  const n = normalised("nn.softmax", x, axis);
  return "empty" in n ? n.empty : np.div(np.exp(n.shifted), n.safeS);
}

/** What softmax and logSoftmax share: x shifted by its maximum along the axis and the safe sum of exp; an empty axis (no classes) is its own (empty) result. */
function normalised(op: string, x: ArrayLike, axis: number | { axis?: number }): { empty: NDArray } | { shifted: NDArray; safeS: NDArray } {
  const a = asFloat(x, op);
  const ax = axesOf(reductionArgs(op, axis, undefined, -1, false).axis, a.ndim, op);
  if (reducesEmpty(a, ax)) return { empty: a };
  const { shifted, safeS } = shiftedSums(a, ax);
  return { shifted, safeS };
}

/**
 * One-hot encoding: labels of any shape (integers in [0, n)) → shape [...labels.shape, n], float32
 * by default (`opts.dtype` to change). Out-of-range (and non-integer) labels give all-zero rows
 * (as JAX).
 * @example nn.oneHot(np.array([2, 0]), 3) // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: ArrayLike, n: number, opts: { dtype?: DType } = {}): NDArray {
  const op = "nn.oneHot";
  checkOptions(op, opts, ["dtype"]);
  checkInteger(op, n, "the number of classes", 1);
  const l = labels instanceof NDArray ? labels : np.asarray(labels);
  // Checked before allocating: a huge n would otherwise hang in arange.
  if (l.size * n > MAX_ELEMENTS) {
    throw new ShapeError(op, `the result would have shape ${showShape([...l.shape, n])} (${l.size * n} elements), more than the ${MAX_ELEMENTS} one array may hold; check the number of classes.`, { shapes: [l.shape] });
  }
  const classes = np.arange(n, undefined, 1, { dtype: l.dtype === "float64" ? "float64" : l.dtype === "float32" ? "float32" : "int32" });
  return np.astype(np.equal(np.expandDims(l, -1), classes), opts?.dtype ?? "float32");
}
