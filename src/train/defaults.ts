/**
 * The defaults of `train.fit`'s `apply` path: the loss chosen by the labels and the prediction
 * shape, the check that int32 labels fit it, and the accuracy. @internal
 */
import { ConcreteArray, NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import type { Dataset } from "../data/index.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { mse, sigmoidBinaryCrossEntropy, softmaxCrossEntropyWithIntegerLabels } from "../nn/losses.js";
import * as np from "../numpy/index.js";

/** The public name every error of fit carries. */
export const OP = "train.fit";

/** One logit per example: shape [n] or [n, 1]. */
export const oneLogit = (pred: NDArray): boolean => pred.ndim === 1 || (pred.ndim === 2 && pred.shape[1] === 1);

/** The smallest and largest int32 label of the training and validation sets. */
export interface LabelRange {
  min: number;
  max: number;
}

/** The range of the int32 labels of `sets` (read once, before jit; undefined when there are none). */
export function labelRange(sets: readonly (Dataset | undefined)[]): LabelRange | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const ds of sets) {
    // Traced labels (fit called under a transformation) cannot be read; the check is skipped.
    if (ds === undefined || ds.y.dtype !== "int32" || !(ds.y instanceof ConcreteArray)) continue;
    for (const v of ds.y.data() as Int32Array) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : undefined;
}

/**
 * Requires the int32 labels to fit the default loss. Under jit the loss sees traced labels and
 * cannot check them: a label ≥ C selected no class (its example silently counted 0), and a label
 * 2 with one logit gave sigmoid cross-entropy a target of 2.
 */
function checkLabelRange(pred: NDArray, range: LabelRange | undefined): void {
  if (range === undefined) return;
  const classes = oneLogit(pred) ? 2 : pred.shape[pred.ndim - 1]!;
  if (range.min < 0 || range.max >= classes) {
    const what = oneLogit(pred) ? "the model has one output (a logit), so the labels must be 0 or 1" : `the model outputs ${classes} logits per example, so the labels must be class indices 0…${classes - 1}`;
    throw new ValueError(OP, `the int32 labels range over ${range.min}…${range.max}, but ${what}; give the model as many outputs as classes, or relabel the data (or pass your own lossFn).`);
  }
}

/** The default loss of the apply path, chosen by the dtype of the labels and the prediction shape. */
export function defaultLoss(pred: NDArray, y: NDArray, range?: LabelRange): NDArray {
  if (y.dtype === "int32") {
    checkLabelRange(pred, range);
    if (oneLogit(pred)) return np.mean(sigmoidBinaryCrossEntropy(np.reshape(pred, [-1]), np.astype(np.reshape(y, [-1]), pred.dtype)));
    return np.mean(softmaxCrossEntropyWithIntegerLabels(pred, y));
  }
  const target = y.size === pred.size && y.shape.join(",") !== pred.shape.join(",") && (y.ndim <= 1 || pred.ndim <= 1 || y.shape.at(-1) === 1 || pred.shape.at(-1) === 1) ? np.reshape(y, pred.shape) : y;
  return mse(pred, target.dtype === pred.dtype ? target : np.astype(target, pred.dtype));
}

/** Fraction of examples whose predicted class (argmax, or logit > 0 for one logit) equals the int label. */
export function accuracyOf(pred: unknown, y: NDArray): number {
  if (!(pred instanceof NDArray)) throw new ValueError(OP, `apply must return an NDArray of predictions, got ${describe(pred)}.`);
  const labels = np.reshape(y, [-1]);
  const predicted = oneLogit(pred) ? np.astype(np.greater(np.reshape(pred, [-1]), 0), "int32") : np.reshape(np.argmax(pred, -1), [-1]);
  if (predicted.size !== labels.size) {
    throw new ShapeError(OP, `apply returned predictions of shape ${showShape(pred.shape)} for ${labels.size} labels; it must return one row per example ([n, classes], or [n] / [n, 1] for one logit).`, { shapes: [pred.shape, y.shape] });
  }
  return np.mean(np.astype(np.equal(np.astype(predicted, "int32"), labels), "float32")).item() as number;
}
