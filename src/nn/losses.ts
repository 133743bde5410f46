/**
 * Losses. `halfSquaredError`, `sse`, `mse` and `l2Penalty` return one scalar (summed or averaged
 * over everything); `binaryCrossEntropy` and `sigmoidBinaryCrossEntropy` return one value per
 * element; `softmaxCrossEntropy`, `softmaxCrossEntropyWithIntegerLabels` and `multiclassHinge`
 * return one value per example (the class axis, the last, is reduced). Reduce per-example values
 * with `np.mean` / `np.sum` to train.
 *
 * Shapes are never broadcast: a prediction and a target of different shapes ([n] against [n, 1]
 * would silently broadcast to [n, n]) are refused. Integer labels are checked to lie in [0, C),
 * probabilities to lie in [0, 1] and probability targets within ½ of [0, 1] (±1 labels and
 * class indices are refused), when they are concrete; under
 * `jit`/`vmap` (traced values) they cannot be, and an out-of-range label then selects no class
 * (a one-hot row of zeros), as in JAX.
 */
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import * as tree from "../tree/index.js";
import { logSoftmax, oneHot, softplus } from "./activations.js";
import { asFloat, concreteValues } from "./util.js";

function sameShape(op: string, a: NDArray, b: NDArray, names: [string, string]): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(op, `${names[0]} has shape ${showShape(a.shape)} but ${names[1]} has shape ${showShape(b.shape)}; they must match (they are not broadcast) — reshape the ${names[1]} (e.g. np.reshape(${names[1]}, ${names[0]}.shape)).`, { shapes: [a.shape, b.shape] });
  }
}

/**
 * Refuses concrete values outside [−slack, 1 + slack] (NaN passes: it propagates to the loss).
 * Traced values cannot be checked, as integer labels (see the module note).
 */
function checkUnit(op: string, a: NDArray, name: string, hint: string, slack = 0): void {
  const v = concreteValues(a);
  if (v === undefined) return;
  for (const x of Array.from(v)) {
    if (x < -slack || x > 1 + slack) throw new ValueError(op, `${name} must lie in [0, 1], found ${x}; ${hint}.`);
  }
}

/**
 * Targets are probabilities; the losses are linear in them, so values just outside [0, 1] (finite
 * differences at a 0/1 target make them) are harmless. Values more than ½ outside are labels of
 * another convention (±1, class indices 2, 3, ...), which gave finite, even negative, losses.
 */
const TARGET_SLACK = 0.5;

/** The target as an array of the prediction's float dtype (JS values are converted to it). */
const targetOf = (op: string, target: ArrayLike, p: NDArray): NDArray => (target instanceof NDArray ? asFloat(target, op) : np.asarray(target, { dtype: p.dtype }));

const diff = (op: string, pred: ArrayLike, target: ArrayLike): NDArray => {
  const p = asFloat(pred, op);
  const t = targetOf(op, target, p);
  sameShape(op, p, t, ["pred", "target"]);
  return np.sub(p, t);
};

/** ½‖ŷ − y‖², summed over all elements (a scalar); its gradient in ŷ is ŷ − y. @example nn.losses.halfSquaredError(np.array([1, 2]), np.array([0, 0])) // 2.5 */
export function halfSquaredError(pred: ArrayLike, target: ArrayLike): NDArray {
  return np.mul(np.sum(np.square(diff("nn.losses.halfSquaredError", pred, target))), 0.5);
}

/** Sum of squared errors Σ(ŷ − y)² over all elements (a scalar). @example nn.losses.sse(np.array([1, 2]), np.array([0, 0])) // 5 */
export function sse(pred: ArrayLike, target: ArrayLike): NDArray {
  return np.sum(np.square(diff("nn.losses.sse", pred, target)));
}

/** Mean squared error, the mean of (ŷ − y)² over all elements (a scalar). @example nn.losses.mse(np.array([1, 2]), np.array([0, 0])) // 2.5 */
export function mse(pred: ArrayLike, target: ArrayLike): NDArray {
  return np.mean(np.square(diff("nn.losses.mse", pred, target)));
}

/**
 * Binary cross-entropy from probabilities, −(y log p + (1 − y) log(1 − p)), one value per element
 * (p is clipped to [1e-12, 1 − 1e-12] in float64, [1e-7, 1 − 1e-7] in float32, so the loss stays
 * finite; its derivative in p is 0 where p is clipped). Concrete p outside [0, 1] (logits passed
 * by mistake) is refused. Prefer `sigmoidBinaryCrossEntropy` on logits: it is exact and stable.
 * @example nn.losses.binaryCrossEntropy(np.array([0.5]), np.array([1])) // [log 2]
 */
export function binaryCrossEntropy(prob: ArrayLike, target: ArrayLike): NDArray {
  const op = "nn.losses.binaryCrossEntropy";
  const p0 = asFloat(prob, op);
  const t = targetOf(op, target, p0);
  sameShape(op, p0, t, ["prob", "target"]);
  // Clipping hid out-of-range input: logits 1.5 and −0.5 with targets 1 and 0 gave a loss of 1e-12.
  checkUnit(op, p0, "prob", "pass probabilities (e.g. nn.sigmoid(logits)), or pass the logits to sigmoidBinaryCrossEntropy");
  checkUnit(op, t, "target", "targets are probabilities of the positive class (0/1 labels, or soft labels); map ±1 labels with (y + 1) / 2", TARGET_SLACK);
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
  const op = "nn.losses.sigmoidBinaryCrossEntropy";
  const z = asFloat(logits, op);
  const t = targetOf(op, target, z);
  sameShape(op, z, t, ["logits", "target"]);
  // A target of 2 or −1 gave a finite loss, even a negative one, and a gradient that never settles.
  checkUnit(op, t, "target", "targets are probabilities of the positive class (0/1 labels, or soft labels); map ±1 labels with (y + 1) / 2", TARGET_SLACK);
  return np.sub(softplus(z), np.mul(t, z));
}

/** −Σ_c y_c log softmax(z)_c over the last axis, where terms with y_c = 0 count 0 even if log p_c = −∞. */
function crossEntropy(z: NDArray, y: NDArray): NDArray {
  const logp = logSoftmax(z, -1);
  // 0 · log 0 counts 0 (a −∞ logit of a zero-target class), without changing the derivative in y
  // elsewhere. −∞ is found as "neither finite nor NaN" (logp ≤ 0, so never +∞): no −∞ constant is
  // built, which would trip debugInfs on clean input.
  const isInf = np.logicalNot(np.logicalOr(np.isfinite(logp), np.isnan(logp)));
  const safeLogp = np.where(np.logicalAnd(np.equal(y, 0), isInf), 0, logp);
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
  const op = "nn.losses.softmaxCrossEntropy";
  const z = asFloat(logits, op);
  const y = targetOf(op, oneHotTargets, z);
  if (z.ndim === 0) throw new ShapeError(op, `logits must have a class axis (shape [..., C]), got a scalar; use sigmoidBinaryCrossEntropy for one logit.`, { shapes: [z.shape] });
  if (y.ndim === z.ndim - 1 && y.shape.every((d, i) => d === z.shape[i])) {
    throw new ShapeError(op, `logits of shape ${showShape(z.shape)} need one-hot (or probability) targets of the same shape, got labels of shape ${showShape(y.shape)}; for integer labels use softmaxCrossEntropyWithIntegerLabels, or nn.oneHot(labels, ${z.shape[z.ndim - 1]}).`, { shapes: [z.shape, y.shape] });
  }
  sameShape(op, z, y, ["logits", "oneHotTargets"]);
  checkUnit(op, y, "oneHotTargets", "they are one-hot rows or class probabilities (for integer labels use softmaxCrossEntropyWithIntegerLabels)", TARGET_SLACK);
  return crossEntropy(z, y);
}

/**
 * Softmax cross-entropy with integer labels, −log softmax(z)[label], one value per example:
 * logits [..., C], labels [...] (int32 in [0, C)) → [...]. Gradient in z: softmax(z) − oneHot(label).
 * Concrete labels outside [0, C) are refused; under jit they cannot be checked (see the module note).
 * @example nn.losses.softmaxCrossEntropyWithIntegerLabels(np.array([[0, 0]]), np.array([1], { dtype: "int32" })) // [log 2]
 */
export function softmaxCrossEntropyWithIntegerLabels(logits: ArrayLike, labels: ArrayLike): NDArray {
  const op = "nn.losses.softmaxCrossEntropyWithIntegerLabels";
  const z = asFloat(logits, op);
  const l = labelsOf(op, labels);
  checkLabels(op, z, l, "logits");
  return crossEntropy(z, oneHot(l, z.shape[z.ndim - 1]!, { dtype: z.dtype }));
}

/** Integer labels: JS values become int32; an NDArray keeps its dtype (its values are checked in checkLabels). */
function labelsOf(op: string, labels: ArrayLike): NDArray {
  if (labels instanceof NDArray) return labels;
  const l = np.asarray(labels);
  const v = concreteValues(l);
  if (v !== undefined) {
    for (const x of Array.from(v)) {
      if (!Number.isInteger(x)) throw new ValueError(op, `labels must be integer class indices, got ${x}; pass one integer class per example (for one-hot or probability targets use softmaxCrossEntropy).`);
    }
  }
  return np.astype(l, "int32");
}

function checkLabels(op: string, z: NDArray, l: NDArray, name: string): void {
  const batch = z.shape.slice(0, -1);
  if (z.ndim === 0 || l.ndim !== batch.length || l.shape.some((d, i) => d !== batch[i])) {
    throw new ShapeError(op, `${name} of shape ${showShape(z.shape)} need labels of shape ${showShape(batch)} (one integer class per example), got ${showShape(l.shape)}; pass integer labels, not one-hot rows (use np.argmax(y, -1)).`, { shapes: [z.shape, l.shape] });
  }
  if (l.dtype !== "int32" && l.dtype !== "bool" && l.dtype !== "float32" && l.dtype !== "float64") {
    throw new ValueError(op, `labels must be integer class indices, got dtype ${l.dtype}.`, { dtypes: [l.dtype] });
  }
  const classes = z.shape[z.ndim - 1]!;
  const v = concreteValues(l);
  if (v === undefined) return; // traced labels: cannot be checked (an out-of-range one selects no class)
  for (const x of Array.from(v)) {
    if (!(Number.isInteger(x) && x >= 0 && x < classes)) {
      throw new ValueError(op, `label ${x} is not a class index in [0, ${classes}) for ${name} of shape ${showShape(z.shape)} (${classes} classes); labels must be integers 0…${classes - 1}.`);
    }
  }
}

/**
 * Multiclass hinge (SVM) loss Σ_{j≠y} max(0, s_j − s_y + margin), one value per example: scores
 * [..., C], integer labels [...] → [...]. Margin 1 by default.
 * @example nn.losses.multiclassHinge(np.array([[3.2, 5.1, -1.7]]), np.array([0], { dtype: "int32" })) // [2.9]
 */
export function multiclassHinge(scores: ArrayLike, labels: ArrayLike, margin: ArrayLike = 1): NDArray {
  const op = "nn.losses.multiclassHinge";
  const s = asFloat(scores, op);
  const l = labelsOf(op, labels);
  checkLabels(op, s, l, "scores");
  if (typeof margin !== "number" && !(margin instanceof NDArray)) throw new ValueError(op, `margin must be a number, got ${describe(margin)}.`);
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
    const term = np.sum(np.square(asFloat(leaf as ArrayLike, "nn.losses.l2Penalty")));
    total = total === undefined ? term : np.add(total, term);
  }
  return total === undefined ? np.array(0) : np.mul(total, 0.5);
}
