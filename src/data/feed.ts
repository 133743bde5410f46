/**
 * Feeding data to a training loop: shuffled minibatches, train/validation splits, feature
 * standardisation (part of `data`; index.ts makes each function a public operation). @internal
 */
import { ConcreteArray, NDArray } from "../array/ndarray.js";
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
  /** Per-feature standard deviation (population, ddof 0), with that of constant features replaced by 1. */
  std: NDArray;
}

/**
 * Feature-wise standardisation: subtracts the mean and divides by the standard deviation of each
 * feature (computed over axis 0, in float64; the results have x's float dtype). Constant features
 * come out exactly 0 (their mean is their value, their std is reported as 1). Pass `{ mean, std }`
 * from the training set to apply the same transform to validation data; a std that is not finite
 * and positive is refused.
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
  if (stats === undefined) {
    // Statistics in float64 (as scikit-learn's StandardScaler accumulates): float32 sums of large
    // values lose the spread (1e6 and 1e6 + 0.125 came out as −1.41 and 0, not −1 and 1).
    const x64 = np.astype(xf, "float64");
    const lo = np.min(x64, 0);
    // A constant column's mean is rounded (0.1 three times averages to 0.10000000000000002) and
    // its std is then rounding noise (1.4e-17), not 0: every value became −1. Detect constant
    // columns exactly (max = min; false for NaN) and centre them on their value, so they give 0.
    const constant = np.equal(np.max(x64, 0), lo);
    const s = np.std(x64, 0);
    const m64 = np.where(constant, lo, np.mean(x64, 0));
    const s64 = np.where(np.logicalOr(constant, np.equal(s, 0)), 1, s);
    const z = np.div(np.sub(x64, m64), s64);
    const back = (a: NDArray) => (xf.dtype === "float64" ? a : np.astype(a, xf.dtype));
    return { x: back(z), mean: back(m64), std: back(s64) };
  }
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
  const { mean, std } = stats;
  if (std instanceof ConcreteArray) {
    const bad = Array.from(std.data() as ArrayLike<number>).find((v) => !(v > 0 && v < Infinity));
    if (bad !== undefined) {
      throw new ValueError(op, `stats.std holds ${bad}; every standard deviation must be finite and > 0 (dividing by it gives ±∞ or NaN). Use the std returned by data.standardize, which replaces the std of constant features by 1.`);
    }
  }
  return { x: np.div(np.sub(xf, mean), std), mean, std };
}
