/**
 * `train`: a ready-made minibatch training loop, `train.fit`, with a progress bar on a terminal.
 *
 * `fit` shuffles the training set into minibatches every epoch (`data.batches` with a fresh key
 * split from `key`), runs one `jit`-compiled update step per batch (value and gradient of the
 * loss, `optimizer.update`, `optim.applyUpdates`), and records the mean training loss per epoch,
 * plus validation loss and accuracy when it can. Everything is a pure function of the inputs:
 * the same `key` gives the same parameters and the same history.
 *
 * @example
 * import { data, nn, optim, random, train } from "jaxon";
 * const [kData, kSplit, kInit, kFit] = random.split(random.key(0), 4);
 * const [trainSet, valSet] = data.split(kSplit!, data.moons(kData!, { n: 400 }), 0.8);
 * const model = nn.mlp({ sizes: [2, 16, 16, 2], activation: nn.tanh });
 * const { params, history } = train.fit({
 *   params: model.init(kInit!), apply: model.apply, optimizer: optim.adam(0.03),
 *   data: trainSet, validation: valSet, epochs: 50, batchSize: 32, key: kFit!,
 * });
 * console.log(history.loss.at(-1), history.accuracy?.at(-1)); // softmax CE (y is int32), accuracy
 *
 * @module
 */
import { NDArray } from "../array/ndarray.js";
import type { Dataset } from "../data/index.js";
import * as data from "../data/index.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import { callUser, publicOp } from "../errors/context.js";
import * as np from "../numpy/index.js";
import { applyUpdates, type GradientTransformation } from "../optim/base.js";
import * as random from "../random/index.js";
import { isKey } from "../random/check.js";
import * as tree from "../tree/index.js";
import { jit } from "../transforms/jit.js";
import { valueAndGrad } from "../transforms/vjp.js";
import { accuracyOf, defaultLoss, labelRange, OP } from "./defaults.js";

/** A minibatch (or a whole dataset) as the loss sees it. */
export interface Batch {
  x: NDArray;
  y: NDArray;
}

/** What `onEpoch` receives after every epoch. */
export interface EpochInfo<P> {
  /** The epoch just finished, counting from 1. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size). */
  loss: number;
  /** Loss on the validation set with the parameters at the end of the epoch (when `validation` is given). */
  validationLoss?: number;
  /** Accuracy in [0, 1] (with `apply` and int32 labels): on the validation set if given, else on the training set. */
  accuracy?: number;
  /** The parameters at the end of the epoch. */
  params: P;
}

/** Per-epoch records returned by {@link fit}; every array has one entry per epoch. */
export interface History {
  /** Mean training loss of each epoch (weighted by batch size, so the mean over examples). */
  loss: number[];
  /** Validation loss after each epoch (only when `validation` is given). */
  validationLoss?: number[];
  /** Accuracy after each epoch (only with `apply` and int32 labels): validation accuracy, or training accuracy without validation. */
  accuracy?: number[];
}

/** Something a progress bar can be drawn on (process.stdout, process.stderr, or a test double). */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

interface FitCommon<P> {
  /** The initial parameters (any pytree of arrays). */
  params: P;
  /** The optimiser, e.g. `optim.adam(1e-3)`. */
  optimizer: GradientTransformation<any>;
  /** The training set `{ x, y }` (one example per row of each). */
  data: Dataset;
  /** Evaluated after every epoch (validation loss, and accuracy with `apply` and int32 labels). */
  validation?: Dataset;
  /** Number of passes over the training set (an integer ≥ 0). */
  epochs: number;
  /** Examples per minibatch (an integer ≥ 1); the last batch of an epoch may be smaller. */
  batchSize: number;
  /** PRNG key (e.g. `random.key(0)`): drives the shuffling (and the per-batch keys given to `loss`). */
  key: NDArray;
  /** Draw a progress bar (default: whether `progressStream` is a TTY). */
  progress?: boolean;
  /** Where the progress bar goes (default `process.stdout`). */
  progressStream?: ProgressStream;
  /** Called after every epoch, e.g. for logging or early inspection. */
  onEpoch?: (info: EpochInfo<P>) => void;
  /** Compile the update step with `jit` (default true); false runs it eagerly (for debugging). */
  jit?: boolean;
}

/** `fit` with an explicit loss on parameters and a batch. */
export interface FitWithLoss<P> extends FitCommon<P> {
  /**
   * Scalar loss of `params` on a batch. `key` is a fresh PRNG key for every training batch (for
   * dropout and the like); it is `undefined` when the validation loss is computed.
   */
  loss: (params: P, batch: Batch, key?: NDArray) => NDArray;
  apply?: undefined;
  lossFn?: undefined;
}

/** `fit` with a model's `apply` and an optional loss on (prediction, target). */
export interface FitWithApply<P> extends FitCommon<P> {
  /** The model: predictions (logits for classification) for a batch of inputs. */
  apply: (params: P, x: NDArray) => NDArray;
  /**
   * Loss of predictions against targets (a scalar). Default, chosen by the training labels:
   * int32 labels with logits [n, C], C ≥ 2 → mean softmax cross-entropy with integer labels;
   * int32 labels with one logit per example ([n] or [n, 1]) → mean sigmoid binary cross-entropy;
   * otherwise (float targets) → mean squared error (a [n, 1] prediction and [n] targets, or the
   * other way round, are matched up). With the default, int32 labels (of data and validation)
   * must be class indices below the number of logits (0 or 1 for one logit): checked before the
   * first step, since the jitted loss cannot see them.
   */
  lossFn?: (pred: NDArray, y: NDArray) => NDArray;
  loss?: undefined;
}

/** Options of {@link fit}: give exactly one of `loss` or `apply` (optionally with `lossFn`). */
export type FitOptions<P> = FitWithLoss<P> | FitWithApply<P>;

/** Result of {@link fit}. */
export interface FitResult<P> {
  /** The trained parameters. */
  params: P;
  history: History;
}

// ---------------------------------------------------------------------------------------------
// Checks: every message names train.fit, the problem and the fix.

/** The most epochs one call runs (one key is split off per epoch up front). */
const MAX_EPOCHS = 2 ** 20;
const FIT_KEYS = ["params", "optimizer", "data", "validation", "epochs", "batchSize", "key", "progress", "progressStream", "onEpoch", "jit", "loss", "apply", "lossFn"];

function checkDataset(name: string, ds: unknown): Dataset {
  const d = ds as Partial<Dataset> | null | undefined;
  if (typeof d !== "object" || d === null || !(d.x instanceof NDArray) || !(d.y instanceof NDArray)) {
    throw new ValueError(OP, `${name} must be a dataset { x: NDArray, y: NDArray }, got ${typeof d !== "object" || d === null ? describe(d) : `an object with x = ${describe(d.x)} and y = ${describe(d.y)}`}; build one with e.g. data.moons(key) or { x: np.array(...), y: np.array(...) }.`);
  }
  if (d.x.ndim === 0 || d.y.ndim === 0 || d.x.shape[0] === 0) {
    throw new ShapeError(OP, `${name}.x and ${name}.y need a leading example axis with at least one example, got x of shape [${d.x.shape.join(", ")}] and y of shape [${d.y.shape.join(", ")}]; put one example per row.`);
  }
  if (d.x.shape[0] !== d.y.shape[0]) {
    throw new ShapeError(OP, `${name}.x has ${d.x.shape[0]} examples (shape [${d.x.shape.join(", ")}]) but ${name}.y has ${d.y.shape[0]} (shape [${d.y.shape.join(", ")}]); give one target per row of x — check that y was not transposed or sliced differently.`);
  }
  return { x: d.x, y: d.y };
}

function checkFitOptions<P>(opts: FitOptions<P>): void {
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) {
    throw new ValueError(OP, `expected an options object { params, loss | apply, optimizer, data, epochs, batchSize, key }, got ${describe(opts)}.`);
  }
  checkOptions(OP, opts, FIT_KEYS);
  const hasLoss = opts.loss !== undefined;
  const hasApply = opts.apply !== undefined;
  if (hasLoss === hasApply) {
    throw new ValueError(OP, `give exactly one of loss or apply, got ${hasLoss ? "both" : "neither"}; pass loss: (params, { x, y }) => scalar, or apply: model.apply (with an optional lossFn: (pred, y) => scalar).`);
  }
  const fn = hasLoss ? (opts.loss as unknown) : (opts.apply as unknown);
  if (typeof fn !== "function") {
    throw new ValueError(OP, hasLoss ? `loss must be a function (params, { x, y }, key?) => scalar NDArray, got ${describe(fn)}.` : `apply must be a function (params, x) => predictions, got ${describe(fn)}; pass e.g. model.apply.`);
  }
  if (opts.lossFn !== undefined && (!hasApply || typeof opts.lossFn !== "function")) {
    throw new ValueError(OP, `lossFn ${hasApply ? "must be a function (pred, y) => scalar NDArray" : "only goes with apply"}; ${hasApply ? "e.g. lossFn: (p, y) => nn.losses.mse(p, y)" : "with loss, compute the whole loss there (or pass apply instead of loss)"}.`);
  }
  const o = opts.optimizer as Partial<GradientTransformation> | undefined;
  if (typeof o !== "object" || o === null || typeof o.init !== "function" || typeof o.update !== "function") {
    throw new ValueError(OP, `optimizer must be a gradient transformation { init, update }, got ${describe(o)}; pass e.g. optim.adam(1e-3) — note the call.`);
  }
  if (typeof opts.epochs === "number" && Number.isInteger(opts.epochs) && opts.epochs > MAX_EPOCHS) {
    throw new ValueError(OP, `epochs = ${opts.epochs} is more than the ${MAX_EPOCHS} train.fit runs; train in several calls (passing the params on) if you need more.`);
  }
  if (typeof opts.epochs !== "number" || !Number.isInteger(opts.epochs) || opts.epochs < 0) {
    throw new ValueError(OP, `epochs must be an integer ≥ 0, got ${describe(opts.epochs)}; e.g. epochs: 20.`);
  }
  if (typeof opts.batchSize !== "number" || !Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
    throw new ValueError(OP, `batchSize must be an integer ≥ 1, got ${describe(opts.batchSize)}; e.g. batchSize: 32 (or the dataset size for full-batch training).`);
  }
  if (!isKey(opts.key)) {
    throw new ValueError(OP, `key must be a PRNG key (an int32 array of shape [2]), got ${describe(opts.key)}; pass e.g. random.key(0), or a key from random.split.`);
  }
  if (opts.onEpoch !== undefined && typeof opts.onEpoch !== "function") throw new ValueError(OP, `onEpoch must be a function (info) => void, got ${describe(opts.onEpoch)}.`);
  for (const flag of ["progress", "jit"] as const) {
    if (opts[flag] !== undefined && typeof opts[flag] !== "boolean") throw new ValueError(OP, `${flag} must be true or false, got ${describe(opts[flag])}.`);
  }
  const s = opts.progressStream as Partial<ProgressStream> | undefined;
  if (s !== undefined && (s === null || typeof s !== "object" || typeof s.write !== "function")) {
    throw new ValueError(OP, `progressStream must be an object with a write(chunk) method (e.g. process.stderr), got ${describe(s)}.`);
  }
  const leaves = opts.params === undefined || opts.params === null ? [] : tree.leaves(opts.params);
  if (leaves.length === 0) {
    throw new ValueError(OP, `params must be a pytree of arrays to train (e.g. model.init(key)), got ${opts.params === undefined || opts.params === null ? describe(opts.params) : "a tree with no arrays"}.`);
  }
  const bad = leaves.find((l) => !(l instanceof NDArray) && typeof l !== "number");
  if (bad !== undefined) throw new ValueError(OP, `params must be a pytree of arrays, but one leaf is ${describe(bad)}.`);
}

// ---------------------------------------------------------------------------------------------
// A tiny progress bar (no dependency): one line per epoch, redrawn in place on a TTY.

class ProgressBar {
  private lastDraw = 0;
  constructor(private readonly stream: ProgressStream, private readonly epochs: number, private readonly nBatches: number) {}

  private line(epoch: number, done: number, loss: number, started: number, extra = ""): string {
    const width = 20;
    const filled = this.nBatches === 0 ? width : Math.round((width * done) / this.nBatches);
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const pad = String(this.epochs).length;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const lossText = Number.isFinite(loss) ? loss.toPrecision(4) : String(loss);
    return `epoch ${String(epoch).padStart(pad)}/${this.epochs} ${bar} ${String(done).padStart(String(this.nBatches).length)}/${this.nBatches} loss ${lossText}${extra} ${seconds}s`;
  }

  update(epoch: number, done: number, loss: number, started: number): void {
    const now = performance.now();
    if (done < this.nBatches && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    this.stream.write(`\r\x1b[2K${this.line(epoch, done, loss, started)}`);
  }

  finish(epoch: number, loss: number, started: number, info: { validationLoss?: number; accuracy?: number }, validation: boolean): void {
    let extra = "";
    if (info.validationLoss !== undefined) extra += ` val_loss ${info.validationLoss.toPrecision(4)}`;
    if (info.accuracy !== undefined) extra += ` ${validation ? "val_acc" : "acc"} ${(100 * info.accuracy).toFixed(1)}%`;
    this.stream.write(`\r\x1b[2K${this.line(epoch, this.nBatches, loss, started, extra)}\n`);
  }
}

function defaultStream(): ProgressStream | undefined {
  const proc = (globalThis as { process?: { stdout?: ProgressStream } }).process;
  return proc?.stdout;
}

// ---------------------------------------------------------------------------------------------

/**
 * Trains `params` with minibatch gradient descent and returns the trained parameters and the
 * per-epoch history.
 *
 * Give either `loss(params, { x, y }, key?)` (a scalar), or a model's `apply(params, x)` with an
 * optional `lossFn(pred, y)`; the default `lossFn` is the mean softmax cross-entropy for int32
 * labels (sigmoid binary cross-entropy when the model has one output) and the mean squared
 * error for float targets. With `apply` and int32 labels the history also has the accuracy
 * (on `validation` when given, else on the training set), computed from argmax of the logits
 * (or logit > 0 for a single output).
 *
 * Each epoch uses a fresh key split from `key` to shuffle the data (`data.batches`), so the
 * result is deterministic given the key. The update step is built once and `jit`ted: it is
 * traced once per batch shape (the smaller last batch of an epoch adds one trace). The
 * training loss of an epoch is the mean of the batch losses weighted by batch size (each batch's
 * loss is taken before its update). A progress bar (epoch i/N, batches, running loss, elapsed
 * time) is drawn when the output is a TTY, unless `progress: false`.
 *
 * @example
 * const model = nn.mlp({ sizes: [2, 16, 2] });
 * const { params, history } = train.fit({
 *   params: model.init(random.key(1)), apply: model.apply, optimizer: optim.adam(0.05),
 *   data: data.blobs(random.key(0)), epochs: 10, batchSize: 32, key: random.key(2),
 * });
 * history.accuracy; // training accuracy per epoch, → 1
 */
export const fit: <P>(opts: FitOptions<P>) => FitResult<P> = publicOp(OP, fitImpl);

function fitImpl<P>(opts: FitOptions<P>): FitResult<P> {
  checkFitOptions(opts);
  const trainSet = checkDataset("data", opts.data);
  const valSet = opts.validation === undefined ? undefined : checkDataset("validation", opts.validation);
  const { optimizer, epochs, batchSize } = opts;
  const useKey = opts.loss !== undefined;
  const apply = opts.apply;
  const userLoss = opts.loss;
  // The user's functions run through callUser: errors inside them name what they called there.
  const predict = (p: P, x: NDArray): NDArray => {
    const pred: unknown = callUser(apply!, [p, x]);
    if (!(pred instanceof NDArray)) throw new ValueError(OP, `apply must return an NDArray of predictions, got ${describe(pred)}.`);
    return pred;
  };
  const labels = opts.lossFn === undefined && apply !== undefined ? labelRange([trainSet, valSet]) : undefined;
  const lossOnPred = (pred: NDArray, y: NDArray): unknown => (opts.lossFn === undefined ? defaultLoss(pred, y, labels) : callUser(opts.lossFn, [pred, y]));
  const lossOf = (p: P, batch: Batch, key?: NDArray): unknown => (userLoss !== undefined ? callUser(userLoss, key === undefined ? [p, batch] : [p, batch, key]) : lossOnPred(predict(p, batch.x), batch.y));
  const withAccuracy = apply !== undefined && trainSet.y.dtype === "int32";
  const compile = opts.jit ?? true;

  const scalarLoss = (p: P, batch: Batch, key?: NDArray): NDArray => {
    const value = lossOf(p, batch, key);
    if (!(value instanceof NDArray) || value.size !== 1) {
      const what = userLoss !== undefined ? "the loss" : opts.lossFn !== undefined ? "lossFn" : "the loss";
      throw new (value instanceof NDArray ? ShapeError : ValueError)(OP, `${what} must return a scalar NDArray, got ${describe(value)}; reduce per-example losses with np.mean(...).`);
    }
    return value.ndim === 0 ? value : np.reshape(value, []);
  };
  // publicOp: under jit these run as the traced function, so errors raised by the library in them
  // (valueAndGrad, applyUpdates) name train.fit; the optimizer is the user's object, so its
  // functions run through callUser (an optim optimizer names itself, e.g. optim.adam.update).
  const rawStep = publicOp(OP, (p: P, state: unknown, batch: Batch, key?: NDArray): [P, unknown, NDArray] => {
    const [value, grads] = valueAndGrad(scalarLoss)(p, batch, key) as [NDArray, P];
    const out: unknown = callUser(optimizer.update, [grads, state, p], optimizer);
    if (!Array.isArray(out) || out.length !== 2) throw new ValueError(OP, `optimizer.update must return [updates, state], got ${describe(out)}.`);
    return [applyUpdates(p, out[0]), out[1], value];
  });
  const step = compile ? jit(rawStep) : rawStep;
  const rawEval = publicOp(OP, (p: P, batch: Batch): NDArray[] => {
    if (apply === undefined) return [scalarLoss(p, batch)];
    const pred = predict(p, batch.x);
    const value = lossOnPred(pred, batch.y);
    if (!(value instanceof NDArray) || value.size !== 1) {
      throw new (value instanceof NDArray ? ShapeError : ValueError)(OP, `lossFn must return a scalar NDArray, got ${describe(value)}; reduce per-example losses with np.mean(...).`);
    }
    return [value, pred];
  });
  const evaluate = compile ? jit(rawEval) : rawEval;

  const stream = opts.progressStream ?? defaultStream();
  const showProgress = stream !== undefined && (opts.progress ?? stream.isTTY === true);
  const nBatches = Math.ceil(trainSet.x.shape[0]! / batchSize);
  const bar = showProgress ? new ProgressBar(stream, epochs, nBatches) : undefined;

  let params = opts.params;
  let state: unknown = callUser(optimizer.init, [params], optimizer);
  const history: History = { loss: [] };
  if (valSet !== undefined) history.validationLoss = [];
  if (withAccuracy) history.accuracy = [];

  // splitArray + row i is random.split's i-th key, without building one array per key up front.
  const epochKeys = epochs > 0 ? random.splitArray(opts.key, epochs) : undefined;
  const row = (keys: NDArray, i: number): NDArray => np.reshape(np.slice(keys, [i, i + 1]), [2]);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    const [kShuffle, kSteps] = random.split(row(epochKeys!, epoch - 1), 2) as [NDArray, NDArray];
    const stepKeys = useKey ? random.splitArray(kSteps, nBatches) : undefined;
    let total = 0;
    let seen = 0;
    let b = 0;
    for (const batch of data.batches(kShuffle, trainSet, batchSize)) {
      const rows = batch.x.shape[0]!;
      const [nextParams, nextState, value] = useKey ? step(params, state, batch, row(stepKeys!, b)) : step(params, state, batch);
      params = nextParams;
      state = nextState;
      total += (value.item() as number) * rows;
      seen += rows;
      b++;
      bar?.update(epoch, b, total / seen, started);
    }
    const info: EpochInfo<P> = { epoch, loss: total / seen, params };
    history.loss.push(info.loss);
    if (valSet !== undefined) {
      const [vLoss, vPred] = evaluate(params, valSet);
      info.validationLoss = vLoss!.item() as number;
      history.validationLoss!.push(info.validationLoss);
      if (withAccuracy) info.accuracy = accuracyOf(vPred!, valSet.y);
    } else if (withAccuracy) {
      info.accuracy = accuracyOf(predict(params, trainSet.x), trainSet.y);
    }
    if (info.accuracy !== undefined) history.accuracy!.push(info.accuracy);
    bar?.finish(epoch, info.loss, started, info, valSet !== undefined);
    if (opts.onEpoch !== undefined) callUser(opts.onEpoch, [info]);
  }
  return { params, history };
}
