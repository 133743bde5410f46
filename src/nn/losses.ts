/**
 * Losses. `halfSquaredError`, `sse`, `mse` and `l2Penalty` return one scalar (summed or averaged
 * over everything); `binaryCrossEntropy` and `sigmoidBinaryCrossEntropy` return one value per
 * element; `softmaxCrossEntropy`, `softmaxCrossEntropyWithIntegerLabels` and `multiclassHinge`
 * return one value per example (the class axis, the last, is reduced). Reduce per-example values
 * with `np.mean` / `np.sum` to train.
 */
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import * as np from "../numpy/index.js";
import * as tree from "../tree/index.js";
import { logSoftmax, oneHot, softplus } from "./activations.js";
import { asFloat } from "./util.js";

function sameShape(op: string, a: NDArray, b: NDArray, names: [string, string]): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new RangeError(`nn.losses.${op}: ${names[0]} has shape ${showShape(a.shape)} but ${names[1]} has shape ${showShape(b.shape)}; they must match — reshape the ${names[1]} (e.g. np.reshape(${names[1]}, ${names[0]}.shape)).`);
  }
}

const diff = (op: string, pred: ArrayLike, target: ArrayLike): NDArray => {
  const p = asFloat(pred, op);
  const t = target instanceof NDArray ? target : np.asarray(target, { dtype: p.dtype });
  sameShape(op, p, t, ["pred", "target"]);
  return np.sub(p, t);
};

/** ½‖ŷ − y‖², summed over all elements (a scalar); its gradient in ŷ is ŷ − y. @example nn.losses.halfSquaredError(np.array([1, 2]), np.array([0, 0])) // 2.5 */
export function halfSquaredError(pred: ArrayLike, target: ArrayLike): NDArray {
  return np.mul(np.sum(np.square(diff("halfSquaredError", pred, target))), 0.5);
}

/** Sum of squared errors Σ(ŷ − y)² over all elements (a scalar). @example nn.losses.sse(np.array([1, 2]), np.array([0, 0])) // 5 */
export function sse(pred: ArrayLike, target: ArrayLike): NDArray {
  return np.sum(np.square(diff("sse", pred, target)));
}

/** Mean squared error, the mean of (ŷ − y)² over all elements (a scalar). @example nn.losses.mse(np.array([1, 2]), np.array([0, 0])) // 2.5 */
export function mse(pred: ArrayLike, target: ArrayLike): NDArray {
  return np.mean(np.square(diff("mse", pred, target)));
}

/**
 * Binary cross-entropy from probabilities, −(y log p + (1 − y) log(1 − p)), one value per element
 * (p is clipped to [1e-12, 1 − 1e-12] in float64, [1e-7, 1 − 1e-7] in float32, so the loss stays
 * finite). Prefer `sigmoidBinaryCrossEntropy` on logits: it is exact and stable.
 * @example nn.losses.binaryCrossEntropy(np.array([0.5]), np.array([1])) // [log 2]
 */
export function binaryCrossEntropy(prob: ArrayLike, target: ArrayLike): NDArray {
  const p0 = asFloat(prob, "binaryCrossEntropy");
  const t = target instanceof NDArray ? target : np.asarray(target, { dtype: p0.dtype });
  sameShape("binaryCrossEntropy", p0, t, ["prob", "target"]);
  const eps = p0.dtype === "float64" ? 1e-12 : 1e-7;
  const p = np.clip(p0, eps, 1 - eps);
  return np.neg(np.add(np.mul(t, np.log(p)), np.mul(np.sub(1, t), np.log1p(np.neg(p)))));
}

/**
 * Binary cross-entropy from logits z, softplus(z) − y·z = −(y log σ(z) + (1 − y) log(1 − σ(z))),
 * one value per element; its gradient in z is σ(z) − y. Stable: finite values and gradients at ±1000.
 * @example nn.losses.sigmoidBinaryCrossEntropy(np.array([0]), np.array([1])) // [log 2]
 */
export function sigmoidBinaryCrossEntropy(logits: ArrayLike, target: ArrayLike): NDArray {
  const z = asFloat(logits, "sigmoidBinaryCrossEntropy");
  const t = target instanceof NDArray ? target : np.asarray(target, { dtype: z.dtype });
  sameShape("sigmoidBinaryCrossEntropy", z, t, ["logits", "target"]);
  return np.sub(softplus(z), np.mul(t, z));
}

/** −Σ_c y_c log softmax(z)_c over the last axis, where terms with y_c = 0 count 0 even if log p_c = −∞. */
function crossEntropy(op: string, z: NDArray, y: NDArray): NDArray {
  const logp = logSoftmax(z, -1);
  // 0 · log 0 counts 0 (a −∞ logit of a zero-target class), without changing the derivative in y elsewhere.
  const safeLogp = np.where(np.logicalAnd(np.equal(y, 0), np.equal(logp, -Infinity)), 0, logp);
  const terms = np.mul(y, safeLogp);
  return np.neg(np.sum(terms, -1));
}

/**
 * Softmax cross-entropy −Σ_c y_c log softmax(z)_c with one-hot (or probability) targets, one value
 * per example: logits [..., C] → [...]. Its gradient in z is softmax(z) − y (for targets summing
 * to 1). Stable at ±1000 and with −∞ logits of zero-target classes.
 * @example nn.losses.softmaxCrossEntropy(np.array([[0, 0]]), np.array([[1, 0]])) // [log 2]
 */
export function softmaxCrossEntropy(logits: ArrayLike, oneHotTargets: ArrayLike): NDArray {
  const z = asFloat(logits, "softmaxCrossEntropy");
  const y = oneHotTargets instanceof NDArray ? oneHotTargets : np.asarray(oneHotTargets, { dtype: z.dtype });
  if (z.ndim === 0) throw new RangeError(`nn.losses.softmaxCrossEntropy: logits must have a class axis (shape [..., C]), got a scalar; use sigmoidBinaryCrossEntropy for one logit.`);
  sameShape("softmaxCrossEntropy", z, y, ["logits", "oneHotTargets"]);
  return crossEntropy("softmaxCrossEntropy", z, y);
}

/**
 * Softmax cross-entropy with integer labels, −log softmax(z)[label], one value per example:
 * logits [..., C], labels [...] (int32 in [0, C)) → [...]. Gradient in z: softmax(z) − oneHot(label).
 * @example nn.losses.softmaxCrossEntropyWithIntegerLabels(np.array([[0, 0]]), np.array([1], { dtype: "int32" })) // [log 2]
 */
export function softmaxCrossEntropyWithIntegerLabels(logits: ArrayLike, labels: ArrayLike): NDArray {
  const z = asFloat(logits, "softmaxCrossEntropyWithIntegerLabels");
  const l = labels instanceof NDArray ? labels : np.asarray(labels, { dtype: "int32" });
  checkLabels("softmaxCrossEntropyWithIntegerLabels", z, l, "logits");
  return crossEntropy("softmaxCrossEntropyWithIntegerLabels", z, oneHot(l, z.shape[z.ndim - 1]!, { dtype: z.dtype }));
}

function checkLabels(op: string, z: NDArray, l: NDArray, name: string): void {
  const batch = z.shape.slice(0, -1);
  if (z.ndim === 0 || l.ndim !== batch.length || l.shape.some((d, i) => d !== batch[i])) {
    throw new RangeError(`nn.losses.${op}: ${name} of shape ${showShape(z.shape)} need labels of shape ${showShape(batch)} (one integer class per example), got ${showShape(l.shape)}; pass integer labels, not one-hot rows (use np.argmax(y, -1)).`);
  }
}

/**
 * Multiclass hinge (SVM) loss Σ_{j≠y} max(0, s_j − s_y + margin), one value per example: scores
 * [..., C], integer labels [...] → [...]. Margin 1 by default.
 * @example nn.losses.multiclassHinge(np.array([[3.2, 5.1, -1.7]]), np.array([0], { dtype: "int32" })) // [2.9]
 */
export function multiclassHinge(scores: ArrayLike, labels: ArrayLike, margin = 1): NDArray {
  const s = asFloat(scores, "multiclassHinge");
  const l = labels instanceof NDArray ? labels : np.asarray(labels, { dtype: "int32" });
  checkLabels("multiclassHinge", s, l, "scores");
  const y = oneHot(l, s.shape[s.ndim - 1]!, { dtype: "bool" });
  const sy = np.sum(np.where(y, s, 0), { axis: -1, keepdims: true });
  const m = np.add(np.sub(s, sy), margin);
  const terms = np.where(np.logicalAnd(np.logicalNot(y), np.greater(m, 0)), m, 0);
  return np.sum(terms, -1);
}

/**
 * L2 penalty ½Σθ² over every leaf of a parameter pytree (a scalar); multiply by λ for weight decay.
 * @example nn.losses.l2Penalty({ w: np.array([1, 2]), b: np.array([1]) }) // 3
 */
export function l2Penalty(params: unknown): NDArray {
  const leaves = tree.leaves(params);
  let total: NDArray | undefined;
  for (const leaf of leaves) {
    const term = np.sum(np.square(asFloat(leaf as ArrayLike, "l2Penalty")));
    total = total === undefined ? term : np.add(total, term);
  }
  return total === undefined ? np.array(0) : np.mul(total, 0.5);
}
