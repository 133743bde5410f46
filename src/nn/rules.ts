/**
 * The classic learning rules, one example at a time. Weights `w` have length d + 1 with `w[0]`
 * the bias (the weight of a constant-1 input). Both rules accept one example (x [d], target a
 * number or a scalar array) or a batch (x [n, d], target [n]) whose examples are applied in order.
 */
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import { step } from "./activations.js";
import { asFloat } from "./util.js";

type Output = (w: NDArray, xb: NDArray) => NDArray;

function applyRule(op: string, output: Output, w: ArrayLike, x: ArrayLike, target: ArrayLike, lr: ArrayLike): NDArray {
  let wa = asFloat(w, op);
  const xa = x instanceof NDArray ? np.astype(x, wa.dtype) : np.asarray(x, { dtype: wa.dtype });
  const ta = target instanceof NDArray ? np.astype(target, wa.dtype) : np.asarray(target, { dtype: wa.dtype });
  if (typeof lr !== "number" && !(lr instanceof NDArray)) throw new ValueError(op, `the learning rate must be a number, got ${describe(lr)}; e.g. 0.1.`);
  if (typeof lr === "number" && !Number.isFinite(lr)) throw new ValueError(op, `the learning rate must be a finite number, got ${lr}; e.g. 0.1.`);
  const lra = typeof lr === "number" ? lr : (lr as NDArray);
  if (typeof lra !== "number" && lra.ndim !== 0) throw new ShapeError(op, `the learning rate must be a scalar, got shape ${showShape(lra.shape)}.`, { shapes: [(lra as NDArray).shape] });
  if (wa.ndim !== 1 || wa.shape[0] === 0) throw new ShapeError(op, `w must be a vector of length d + 1 (w[0] the bias), got shape ${showShape(wa.shape)}.`, { shapes: [wa.shape] });
  const d = wa.shape[0]! - 1;
  const batched = xa.ndim === 2;
  if (!(xa.ndim === 1 || batched) || xa.shape[xa.ndim - 1] !== d) {
    throw new ShapeError(op, `w of shape ${showShape(wa.shape)} (bias + ${d} weights) needs x of shape [${d}] or [n, ${d}], got ${showShape(xa.shape)}; w[0] is the bias, so w has one entry more than x.`, { shapes: [wa.shape, xa.shape] });
  }
  const n = batched ? xa.shape[0]! : 1;
  const expected = batched ? [n] : [];
  if (ta.ndim !== expected.length || (batched && ta.shape[0] !== n)) {
    throw new ShapeError(op, `x of shape ${showShape(xa.shape)} needs target of shape ${showShape(expected)}, got ${showShape(ta.shape)}.`, { shapes: [xa.shape, ta.shape] });
  }
  for (let i = 0; i < n; i++) {
    const xi = batched ? np.slice(xa, i, null) : xa;
    const ti = batched ? np.slice(ta, i) : ta;
    const xb = np.concatenate([np.ones([1], { dtype: wa.dtype }), xi]); // [1, x]: the bias input
    const y = output(wa, xb);
    wa = np.add(wa, np.mul(np.mul(lra, np.sub(ti, y)), xb));
  }
  return wa;
}

/**
 * Perceptron rule: y = H(w0 + w·x) (H(0) = 1), w ← w + lr (t − y) [1, x]; targets 0/1. Returns
 * the new weights.
 * @example nn.rules.perceptron(np.zeros([3]), np.array([[0, 0], [1, 1]]), np.array([0, 1]), 1) // [0, 1, 1]
 */
export function perceptron(w: ArrayLike, x: ArrayLike, target: ArrayLike, lr: ArrayLike): NDArray {
  return applyRule("nn.rules.perceptron", (wa, xb) => step(np.dot(wa, xb)), w, x, target, lr);
}

/**
 * Delta (Widrow–Hoff, LMS) rule: y = w0 + w·x, w ← w + lr (t − y) [1, x] — a gradient step on
 * ½(t − y)² per example; real targets. Returns the new weights.
 * @example nn.rules.delta(np.zeros([2]), np.array([[1]]), np.array([2]), 0.5) // [1, 1]
 */
export function delta(w: ArrayLike, x: ArrayLike, target: ArrayLike, lr: ArrayLike): NDArray {
  return applyRule("nn.rules.delta", (wa, xb) => np.dot(wa, xb), w, x, target, lr);
}
