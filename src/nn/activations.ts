/**
 * Activation functions, softmax/logSoftmax/logsumexp and oneHot, written only with `np` so that
 * grad, jvp, vmap and jit all apply. Every function keeps the dtype of a float input (int and
 * bool inputs become float32) and is numerically stable at ±1000.
 */
import type { DType } from "../array/dtype.js";
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import * as np from "../numpy/index.js";
import { stopGradient } from "../transforms/custom.js";
import { asFloat } from "./util.js";

/** The identity activation, f(x) = x (f' = 1). @example nn.identity(np.array([-1, 2])) // [-1, 2] */
export function identity(x: ArrayLike): NDArray {
  return asFloat(x, "identity");
}

/**
 * The binary (Heaviside) step H(x): 1 for x ≥ 0 (so H(0) = 1), 0 otherwise; its derivative is 0.
 * @example nn.step(np.array([-2, 0, 3])) // [0, 1, 1]
 */
export function step(x: ArrayLike): NDArray {
  const a = asFloat(x, "step");
  return np.astype(np.greaterEqual(stopGradient(a), 0), a.dtype);
}

/**
 * The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), σ' = σ(1 − σ). Stable: computed from e^(−|x|), so
 * values and gradients are finite at ±1000.
 * @example nn.sigmoid(np.array([0, 1000, -1000])) // [0.5, 1, 0]
 */
export function sigmoid(x: ArrayLike): NDArray {
  const a = asFloat(x, "sigmoid");
  const pos = np.greaterEqual(a, 0);
  const z = np.exp(np.where(pos, np.neg(a), a)); // e^(−|x|) ∈ (0, 1], with the right derivative at 0
  const onePlus = np.add(z, 1);
  return np.where(pos, np.div(1, onePlus), np.div(z, onePlus));
}

/** The hyperbolic tangent, tanh' = 1 − tanh². @example nn.tanh(np.array([0])) // [0] */
export function tanh(x: ArrayLike): NDArray {
  return np.tanh(asFloat(x, "tanh"));
}

/** The arctangent activation, arctan' = 1 / (1 + x²). @example nn.arctan(np.array([1])) // [π/4] */
export function arctan(x: ArrayLike): NDArray {
  return np.arctan(asFloat(x, "arctan"));
}

/**
 * The rectified linear unit max(x, 0); relu' = H(x) except relu'(0) = 0 (as in JAX).
 * @example nn.relu(np.array([-1, 0, 2])) // [0, 0, 2]
 */
export function relu(x: ArrayLike): NDArray {
  const a = asFloat(x, "relu");
  return np.where(np.greater(a, 0), a, 0);
}

/**
 * Parametric ReLU: x for x > 0, αx otherwise; `alpha` may be an array (learned, broadcast).
 * @example nn.prelu(np.array([-2, 3]), 0.25) // [-0.5, 3]
 */
export function prelu(x: ArrayLike, alpha: ArrayLike): NDArray {
  const a = asFloat(x, "prelu");
  return np.where(np.greater(a, 0), a, np.mul(alpha, a));
}

/** Leaky ReLU: x for x > 0, slope·x otherwise (slope 0.01 by default). @example nn.leakyRelu(np.array([-100, 1])) // [-1, 1] */
export function leakyRelu(x: ArrayLike, slope = 0.01): NDArray {
  const a = asFloat(x, "leakyRelu");
  return np.where(np.greater(a, 0), a, np.mul(a, slope));
}

/**
 * Exponential linear unit: x for x > 0, α(eˣ − 1) otherwise (α = 1 by default); elu' = 1 for x > 0
 * and αeˣ otherwise. Finite at ±1000.
 * @example nn.elu(np.array([-1, 2])) // [e⁻¹ − 1, 2]
 */
export function elu(x: ArrayLike, alpha: ArrayLike = 1): NDArray {
  const a = asFloat(x, "elu");
  const pos = np.greater(a, 0);
  return np.where(pos, a, np.mul(alpha, np.expm1(np.where(pos, 0, a))));
}

/**
 * Softplus log(1 + eˣ), softplus' = σ. Stable form max(x, 0) + log1p(e^(−|x|)): finite values and
 * gradients at ±1000.
 * @example nn.softplus(np.array([0])) // [log 2]
 */
export function softplus(x: ArrayLike): NDArray {
  const a = asFloat(x, "softplus");
  const pos = np.greaterEqual(a, 0);
  const negAbs = np.where(pos, np.neg(a), a);
  return np.add(np.where(pos, a, 0), np.log1p(np.exp(negAbs)));
}

/**
 * GELU, tanh approximation (Hendrycks & Gimpel, as JAX's `gelu(approximate=True)`):
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 * @example nn.gelu(np.array([0, 1])) // [0, 0.8412]
 */
export function gelu(x: ArrayLike): NDArray {
  const a = asFloat(x, "gelu");
  const inner = np.mul(Math.sqrt(2 / Math.PI), np.add(a, np.mul(0.044715, np.mul(a, np.square(a)))));
  return np.mul(np.mul(a, 0.5), np.add(np.tanh(inner), 1));
}

/** SiLU (swish) x·σ(x). @example nn.silu(np.array([0])) // [0] */
export function silu(x: ArrayLike): NDArray {
  const a = asFloat(x, "silu");
  return np.mul(a, sigmoid(a));
}

/** Shared by logsumexp, logSoftmax, softmax: shifted = x − stopGradient(max), s = Σ exp(shifted) (keepdims), guarded. */
function shiftedSums(a: NDArray, axis: number | readonly number[] | null): { shifted: NDArray; m: NDArray; s: NDArray; nonzero: NDArray; safeS: NDArray } {
  const m0 = stopGradient(np.max(a, { axis, keepdims: true }));
  const m = np.where(np.isfinite(m0), m0, 0); // all −∞ (or ±∞) rows: shift by 0 instead of producing NaN
  const shifted = np.sub(a, m);
  const s = np.sum(np.exp(shifted), { axis, keepdims: true });
  const nonzero = np.greater(s, 0);
  const safeS = np.where(nonzero, s, 1); // an all −∞ row has s = 0: keep log and 1/s finite so no NaN gradient
  return { shifted, m, s, nonzero, safeS };
}

/** The axes of a reduction over `axis` (undefined/null: all). */
function axesOf(axis: number | readonly number[] | null | undefined, ndim: number, op: string): number | readonly number[] | null {
  if (axis === undefined || axis === null) return null;
  const list = typeof axis === "number" ? [axis] : axis;
  for (const ax of list) {
    if (!Number.isInteger(ax) || ax < -ndim || ax >= Math.max(ndim, 1)) {
      throw new RangeError(`nn.${op}: axis ${ax} is out of range for an array of rank ${ndim}; use an axis in [${-ndim}, ${ndim - 1}].`);
    }
  }
  return axis;
}

/**
 * log Σ exp(x) over `axis` (all axes by default), stable: subtracts the (stopGradient) maximum.
 * Finite at ±1000; −∞ entries contribute 0; an all −∞ slice gives −∞ with zero (not NaN) gradient.
 * @example nn.logsumexp(np.array([1000, 1000])) // 1000 + log 2
 */
export function logsumexp(x: ArrayLike, axis?: number | readonly number[] | null, keepdims = false): NDArray {
  const a = asFloat(x, "logsumexp");
  const ax = axesOf(axis, a.ndim, "logsumexp");
  const { m, nonzero, safeS } = shiftedSums(a, ax);
  const out = np.add(np.where(nonzero, np.log(safeS), -Infinity), m);
  if (keepdims) return out;
  return ax === null ? np.reshape(out, []) : np.squeeze(out, ax);
}

/**
 * log softmax(x) = x − logsumexp(x) along `axis` (default −1), stable at ±1000 and with −∞ entries
 * (an all −∞ row gives −∞ values with finite gradients).
 * @example nn.logSoftmax(np.array([0, 0])) // [−log 2, −log 2]
 */
export function logSoftmax(x: ArrayLike, axis: number = -1): NDArray {
  const a = asFloat(x, "logSoftmax");
  axesOf(axis, a.ndim, "logSoftmax");
  const { shifted, safeS } = shiftedSums(a, axis);
  return np.sub(shifted, np.log(safeS));
}

/**
 * softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) along `axis` (default −1), stable at ±1000; an all −∞ row
 * gives zeros.
 * @example nn.softmax(np.array([1, 1])) // [0.5, 0.5]
 */
export function softmax(x: ArrayLike, axis: number = -1): NDArray {
  const a = asFloat(x, "softmax");
  axesOf(axis, a.ndim, "softmax");
  const { shifted, safeS } = shiftedSums(a, axis);
  return np.div(np.exp(shifted), safeS);
}

/**
 * One-hot encoding: labels of any shape (integers in [0, n)) → shape [...labels.shape, n], float32
 * by default (`opts.dtype` to change). Out-of-range labels give all-zero rows (as JAX).
 * @example nn.oneHot(np.array([2, 0]), 3) // [[0, 0, 1], [1, 0, 0]]
 */
export function oneHot(labels: ArrayLike, n: number, opts: { dtype?: DType } = {}): NDArray {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`nn.oneHot: the number of classes must be a positive integer, got ${n}.`);
  const l = labels instanceof NDArray ? labels : np.asarray(labels, { dtype: "int32" });
  const classes = np.arange(n, undefined, 1, { dtype: l.dtype === "float64" ? "float64" : l.dtype === "float32" ? "float32" : "int32" });
  return np.astype(np.equal(np.expandDims(l, -1), classes), opts.dtype ?? "float32");
}
