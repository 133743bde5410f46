/**
 * Feeding data to a training loop: shuffled minibatches, train/validation splits, feature
 * standardisation (part of `data`; index.ts makes each function a public operation). @internal
 */
import { NDArray } from "../array/ndarray.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { checkDataset, checkKey, type Dataset } from "./checks.js";

/** Options of {@link batches}. */
export interface BatchesOptions {
  /** Leave out the last batch when it would be smaller than batchSize (default false). */
  dropRemainder?: boolean;
}

/**
 * Shuffled minibatches for one pass (epoch) over `dataset`: rows are permuted with
 * `random.permutation(key, n)` and cut into consecutive batches of `batchSize`, so every example
 * appears exactly once; the last batch is smaller when batchSize does not divide n, unless
 * `dropRemainder`. Returns a generator (iterate it once; use a new key for each epoch).
 * @example
 * for (const [epoch, k] of random.split(key, 10).entries())
 *   for (const { x, y } of data.batches(k, train, 32)) params = step(params, x, y);
 */
export function batches(key: NDArray, dataset: Dataset, batchSize: number, opts: BatchesOptions = {}): Generator<Dataset, void, undefined> {
  const op = "data.batches";
  checkKey(op, key);
  const { x, y } = checkDataset(op, dataset);
  const n = x.shape[0]!;
  if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValueError(op, `batchSize must be a positive integer, got ${describe(batchSize)}; e.g. data.batches(key, dataset, 32).`);
  }
  checkOptions(op, opts, ["dropRemainder"]);
  const drop: unknown = opts?.dropRemainder ?? false;
  if (typeof drop !== "boolean") throw new ValueError(op, `dropRemainder must be true or false, got ${describe(drop)}.`);
  if (drop && batchSize > n) {
    throw new ValueError(op, `batchSize ${batchSize} exceeds the ${n} examples, so with dropRemainder no batch would be produced; use batchSize ≤ ${n} or leave dropRemainder off.`);
  }
  const perm = random.permutation(key, n);
  return (function* () {
    for (let start = 0; start < n; start += batchSize) {
      const stop = Math.min(start + batchSize, n);
      if (drop && stop - start < batchSize) return;
      const idx = np.slice(perm, [start, stop]);
      yield { x: np.take(x, idx, 0), y: np.take(y, idx, 0) };
    }
  })();
}

/**
 * Shuffles `dataset` and splits it into `[train, validation]`, with round(fraction · n) examples
 * in train and the rest in validation (disjoint; together every example once).
 * @example const [train, val] = data.split(random.key(1), data.iris(), 0.8); // 120 / 30 rows
 */
export function split(key: NDArray, dataset: Dataset, fraction: number): [train: Dataset, validation: Dataset] {
  const op = "data.split";
  checkKey(op, key);
  const { x, y } = checkDataset(op, dataset);
  if (typeof fraction !== "number" || !(fraction > 0 && fraction < 1)) {
    throw new ValueError(op, `fraction (the share of examples for training) must be strictly between 0 and 1, got ${describe(fraction)}; e.g. data.split(key, dataset, 0.8).`);
  }
  const n = x.shape[0]!;
  const nTrain = Math.round(fraction * n);
  if (nTrain === 0 || nTrain === n) {
    throw new ValueError(op, `fraction ${fraction} of ${n} examples leaves ${nTrain === 0 ? "the training set" : "the validation set"} empty (train gets round(${fraction} · ${n}) = ${nTrain}); choose a fraction closer to 0.5 or use more examples.`);
  }
  const perm = random.permutation(key, n);
  const trainIdx = np.slice(perm, [0, nTrain]);
  const valIdx = np.slice(perm, [nTrain, n]);
  return [
    { x: np.take(x, trainIdx, 0), y: np.take(y, trainIdx, 0) },
    { x: np.take(x, valIdx, 0), y: np.take(y, valIdx, 0) },
  ];
}

/** Result of {@link standardize}. */
export interface Standardized {
  /** (x − mean) / std, feature-wise. */
  x: NDArray;
  /** Per-feature mean over the examples (axis 0), shape x.shape.slice(1). */
  mean: NDArray;
  /** Per-feature standard deviation (population, ddof 0), with zeros replaced by 1. */
  std: NDArray;
}

/**
 * Feature-wise standardisation: subtracts the mean and divides by the standard deviation of each
 * feature (computed over axis 0; constant features are left at 0 rather than divided by 0). Pass
 * `{ mean, std }` from the training set to apply the same transform to validation data.
 * @example
 * const s = data.standardize(train.x);
 * const valX = data.standardize(val.x, { mean: s.mean, std: s.std }).x;
 */
export function standardize(x: NDArray, stats?: { mean: NDArray; std: NDArray }): Standardized {
  const op = "data.standardize";
  if (!(x instanceof NDArray) || x.ndim === 0 || x.shape[0] === 0) {
    throw new ValueError(op, `x must be an array with examples along axis 0 (at least one), got ${describe(x)}; e.g. data.standardize(dataset.x).`);
  }
  const xf = x.dtype === "float64" ? x : np.astype(x, "float32");
  let mean: NDArray;
  let std: NDArray;
  if (stats === undefined) {
    mean = np.mean(xf, 0);
    const s = np.std(xf, 0);
    std = np.where(np.equal(s, 0), np.onesLike(s), s);
  } else {
    if (stats === null || typeof stats !== "object" || !(stats.mean instanceof NDArray) || !(stats.std instanceof NDArray)) {
      const got = stats === null || typeof stats !== "object" ? describe(stats) : `mean = ${describe(stats.mean)}, std = ${describe(stats.std)}`;
      throw new ValueError(op, `stats must be { mean, std } NDArrays (as returned by data.standardize), got ${got}.`);
    }
    const feat = x.shape.slice(1).join(", ");
    for (const [name, a] of [["mean", stats.mean], ["std", stats.std]] as const) {
      if (a.shape.join(", ") !== feat) {
        throw new ShapeError(op, `stats.${name} has shape [${a.shape.join(", ")}] but x has features of shape [${feat}] (x is [${x.shape.join(", ")}]); use the stats of data with the same features.`);
      }
    }
    mean = stats.mean;
    std = stats.std;
  }
  return { x: np.div(np.sub(xf, mean), std), mean, std };
}
