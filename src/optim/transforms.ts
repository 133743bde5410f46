/**
 * The building blocks: tiny pure gradient transformations, each one idea (Optax's `scale`,
 * `trace`, `scale_by_rss`, `scale_by_rms`, `scale_by_stddev`, `scale_by_adam`,
 * `add_decayed_weights`, `clip_by_global_norm`, `scale_by_learning_rate`). States are readonly
 * pytrees of arrays; step counts are int32 scalar arrays, so every update works under `jit`.
 *
 * @module
 */
import { ConcreteArray, NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import { callUser } from "../errors/context.js";
import * as np from "../numpy/index.js";
import * as tree from "../tree/index.js";
import { checkArrayLeaves, checkBoolean, checkNumber, checkSameStructure, like, named, zeroCount, type EmptyState, type GradientTransformation, type StepCount } from "./base.js";
import { isSchedule, type Schedule } from "./schedules.js";

const map = tree.map;
const EMPTY: EmptyState = Object.freeze({});

/** Checks the state passed to `op`'s update has the fields `init` makes. */
function checkState(op: string, state: unknown, fields: readonly string[]): void {
  if (state === null || typeof state !== "object" || fields.some((f) => !(f in state))) {
    throw new ValueError(`optim.${op}`, `the state should be an object with fields ${fields.join(", ")} (of ${op}), got ${state !== null && typeof state === "object" && !Array.isArray(state) ? `an object with fields ${Object.keys(state).join(", ") || "none"}` : describe(state)}; pass the state returned by init (or by the previous update) of this same transformation.`);
  }
}

/** Checks the gradients passed to `op`'s update: a pytree of arrays shaped like `like` (a state field). */
function checkGrads(op: string, grads: unknown, like: unknown, likeName: string): void {
  checkArrayLeaves(`optim.${op}`, grads, "the gradients");
  checkSameStructure(`optim.${op}`, grads, "gradients", like, `${likeName} (of ${op})`);
}

/** Checks the parameters given to init: a pytree of arrays. */
function checkParams(op: string, params: unknown): void {
  checkArrayLeaves(`optim.${op}`, params, "the parameters given to init");
}

/** The bias-corrected moment m / (1 − decay^t) (Kingma & Ba 2015, §3), t the step count after increment. */
function biasCorrection(moment: NDArray, decay: number, count: StepCount): NDArray {
  const correction = np.sub(1, np.pow(decay, np.astype(count, "float64")));
  return np.div(moment, like(correction, moment));
}

/** Multiplies updates by a fixed factor. @example optim.scale(-0.1).update({ w: np.array([1]) }, {})[0] // { w: [-0.1] } */
export function scale(factor: number): GradientTransformation<EmptyState> {
  checkNumber("optim.scale", "factor", factor, { min: -Infinity });
  return named("optim.scale", scaleImpl(factor));
}

function scaleImpl(factor: number): GradientTransformation<EmptyState> {
  return {
    init: () => EMPTY,
    update: (grads, state) => {
      checkArrayLeaves("optim.scale", grads, "the gradients");
      return [map((g: NDArray) => np.mul(g, factor), grads), state];
    },
  };
}

/** State of `scaleByMomentum` (Optax's `TraceState`). */
export interface TraceState {
  readonly trace: unknown;
}

/**
 * Momentum (Optax's `trace`): t ← g + β·t; the update is t, or g + β·t with `nesterov`
 * (Polyak 1964; Nesterov 1983, as formulated by Sutskever et al. 2013).
 *
 * @example
 * const opt = optim.scaleByMomentum(0.9, { nesterov: true });
 * const [u] = opt.update({ w: np.array([1]) }, opt.init({ w: np.zeros([1]) })); // w: 1 + 0.9·1 = 1.9
 */
export function scaleByMomentum(decay = 0.9, opts: { readonly nesterov?: boolean } = {}): GradientTransformation<TraceState> {
  const op = "optim.scaleByMomentum";
  checkNumber(op, "decay", decay, { max: 1 });
  checkOptions(op, opts, ["nesterov"]);
  const nesterov = checkBoolean(op, "nesterov", opts?.nesterov, false);
  const step = (g: NDArray, t: NDArray) => np.add(g, np.mul(t, decay));
  return named(op, {
    init: (params) => {
      checkParams("scaleByMomentum", params);
      return { trace: map((p: NDArray) => np.zerosLike(p), params) };
    },
    update(grads, state) {
      checkState("scaleByMomentum", state, ["trace"]);
      checkGrads("scaleByMomentum", grads, state.trace, "momentum state");
      const trace = map(step, grads, state.trace);
      return [nesterov ? map(step, grads, trace) : trace, { trace }];
    },
  });
}

/** State of `scaleByRss` (Optax's `ScaleByRssState`). */
export interface RssState {
  readonly sumOfSquares: unknown;
}

/**
 * Adagrad's scaling (Duchi et al. 2011; Optax's `scale_by_rss`): s ← s + g², update g / √(s + ε)
 * (0 where s = 0). The accumulator starts at `initialAccumulatorValue`.
 *
 * @example optim.scaleByRss({ initialAccumulatorValue: 0, eps: 0 }).update([np.array([2])], { sumOfSquares: [np.zeros([1])] })[0] // [[1]]
 */
export function scaleByRss(opts: { readonly initialAccumulatorValue?: number; readonly eps?: number } = {}): GradientTransformation<RssState> {
  checkOptions("optim.scaleByRss", opts, ["initialAccumulatorValue", "eps"]);
  return named("optim.scaleByRss", scaleByRssImpl("optim.scaleByRss", opts ?? {}));
}

/** scaleByRss, its options checked under the name `op`. @internal */
export function scaleByRssImpl(op: string, opts: { readonly initialAccumulatorValue?: number; readonly eps?: number }): GradientTransformation<RssState> {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = opts;
  checkNumber(op, "initialAccumulatorValue", initialAccumulatorValue);
  checkNumber(op, "eps", eps);
  return {
    init: (params) => {
      checkParams("scaleByRss", params);
      return { sumOfSquares: map((p: NDArray) => np.fullLike(p, initialAccumulatorValue), params) };
    },
    update(grads, state) {
      checkState("scaleByRss", state, ["sumOfSquares"]);
      checkGrads("scaleByRss", grads, state.sumOfSquares, "accumulator state");
      const sumOfSquares = map((g: NDArray, s: NDArray) => np.add(np.square(g), s), grads, state.sumOfSquares);
      const updates = map(
        (g: NDArray, s: NDArray) => np.where(np.greater(s, 0), np.div(g, np.sqrt(np.add(s, eps))), 0),
        grads,
        sumOfSquares,
      );
      return [updates, { sumOfSquares }];
    },
  };
}

/** Options of `scaleByRms`. */
export interface ScaleByRmsOptions {
  /** Decay of the moving average of squared gradients. Default 0.9. */
  readonly decay?: number;
  /** Default 1e-8. */
  readonly eps?: number;
  /** Initial value of the average. Default 0. */
  readonly initialScale?: number;
  /** √(ν + ε) when true (Optax's default), √ν + ε when false. */
  readonly epsInSqrt?: boolean;
  /** Divide the average by 1 − decay^t. Default false. */
  readonly biasCorrection?: boolean;
}

/** State of `scaleByRms` (Optax's `ScaleByRmsState`; `count` is used with `biasCorrection`). */
export interface RmsState {
  readonly count: StepCount;
  readonly nu: unknown;
}

/**
 * RMSProp's scaling (Tieleman & Hinton 2012; Optax's `scale_by_rms`): ν ← decay·ν + (1 − decay)·g²,
 * update g / √(ν + ε).
 *
 * @example const opt = optim.chain(optim.scaleByRms({ decay: 0.9 }), optim.scaleByLearningRate(1e-3));
 */
export function scaleByRms(opts: ScaleByRmsOptions = {}): GradientTransformation<RmsState> {
  checkOptions("optim.scaleByRms", opts, ["decay", "eps", "initialScale", "epsInSqrt", "biasCorrection"]);
  return named("optim.scaleByRms", scaleByRmsImpl("optim.scaleByRms", opts ?? {}));
}

/** scaleByRms, its options checked under the name `op`. @internal */
export function scaleByRmsImpl(op: string, opts: ScaleByRmsOptions): GradientTransformation<RmsState> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = opts;
  checkNumber(op, "decay", decay, { max: 1 });
  checkNumber(op, "eps", eps);
  checkNumber(op, "initialScale", initialScale);
  const epsInSqrt = checkBoolean(op, "epsInSqrt", opts.epsInSqrt, true);
  const correct = checkBoolean(op, "biasCorrection", opts.biasCorrection, false);
  return {
    init: (params) => {
      checkParams("scaleByRms", params);
      return { count: zeroCount(), nu: map((p: NDArray) => np.fullLike(p, initialScale), params) };
    },
    update(grads, state) {
      checkState("scaleByRms", state, ["count", "nu"]);
      checkGrads("scaleByRms", grads, state.nu, "RMS state");
      const nu = map((g: NDArray, n: NDArray) => np.add(np.mul(np.square(g), 1 - decay), np.mul(n, decay)), grads, state.nu);
      const count = np.add(state.count, 1);
      const nuHat = correct ? map((n: NDArray) => biasCorrection(n, decay, count), nu) : nu;
      const updates = map(
        (g: NDArray, n: NDArray) => np.div(g, epsInSqrt ? np.sqrt(np.add(n, eps)) : np.add(np.sqrt(n), eps)),
        grads,
        nuHat,
      );
      return [updates, { count, nu }];
    },
  };
}

/** State of `scaleByStddev` (Optax's `ScaleByRStdDevState`). */
export interface StddevState {
  readonly mu: unknown;
  readonly nu: unknown;
}

/**
 * Centred RMSProp's scaling (Graves 2013; Optax's `scale_by_stddev`): μ ← decay·μ + (1 − decay)·g,
 * ν ← decay·ν + (1 − decay)·g², update g / √(ν − μ² + ε).
 *
 * @example const opt = optim.chain(optim.scaleByStddev(), optim.scaleByLearningRate(1e-3));
 */
export function scaleByStddev(opts: { readonly decay?: number; readonly eps?: number; readonly initialScale?: number } = {}): GradientTransformation<StddevState> {
  checkOptions("optim.scaleByStddev", opts, ["decay", "eps", "initialScale"]);
  return named("optim.scaleByStddev", scaleByStddevImpl("optim.scaleByStddev", opts ?? {}));
}

/** scaleByStddev, its options checked under the name `op`. @internal */
export function scaleByStddevImpl(op: string, opts: { readonly decay?: number; readonly eps?: number; readonly initialScale?: number }): GradientTransformation<StddevState> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = opts;
  checkNumber(op, "decay", decay, { max: 1 });
  checkNumber(op, "eps", eps);
  checkNumber(op, "initialScale", initialScale);
  return {
    init: (params) => {
      checkParams("scaleByStddev", params);
      return { mu: map((p: NDArray) => np.zerosLike(p), params), nu: map((p: NDArray) => np.fullLike(p, initialScale), params) };
    },
    update(grads, state) {
      checkState("scaleByStddev", state, ["mu", "nu"]);
      checkGrads("scaleByStddev", grads, state.nu, "RMS state");
      const mu = map((g: NDArray, m: NDArray) => np.add(np.mul(g, 1 - decay), np.mul(m, decay)), grads, state.mu);
      const nu = map((g: NDArray, n: NDArray) => np.add(np.mul(np.square(g), 1 - decay), np.mul(n, decay)), grads, state.nu);
      const updates = map((g: NDArray, m: NDArray, n: NDArray) => np.div(g, np.sqrt(np.add(np.sub(n, np.square(m)), eps))), grads, mu, nu);
      return [updates, { mu, nu }];
    },
  };
}

/** Options of `scaleByAdam`. */
export interface ScaleByAdamOptions {
  /** Decay of the first moment. Default 0.9. */
  readonly b1?: number;
  /** Decay of the second moment. Default 0.999. */
  readonly b2?: number;
  /** Added to √ν̂. Default 1e-8. */
  readonly eps?: number;
  /** Added to ν̂ inside the square root. Default 0. */
  readonly epsRoot?: number;
}

/** State of `scaleByAdam` (Optax's `ScaleByAdamState`). */
export interface AdamState {
  readonly count: StepCount;
  readonly mu: unknown;
  readonly nu: unknown;
}

/**
 * Adam's scaling (Kingma & Ba 2015; Optax's `scale_by_adam`): μ ← b1·μ + (1 − b1)·g,
 * ν ← b2·ν + (1 − b2)·g², update μ̂ / (√(ν̂ + εroot) + ε) with μ̂ = μ / (1 − b1^t), ν̂ = ν / (1 − b2^t).
 *
 * @example const opt = optim.chain(optim.scaleByAdam({ b1: 0.9 }), optim.scaleByLearningRate(1e-3));
 */
export function scaleByAdam(opts: ScaleByAdamOptions = {}): GradientTransformation<AdamState> {
  checkOptions("optim.scaleByAdam", opts, ADAM_KEYS);
  return named("optim.scaleByAdam", scaleByAdamImpl("optim.scaleByAdam", opts ?? {}));
}

/** The option names of scaleByAdam. @internal */
export const ADAM_KEYS = ["b1", "b2", "eps", "epsRoot"] as const;

/** scaleByAdam, its options checked under the name `op`. @internal */
export function scaleByAdamImpl(op: string, opts: ScaleByAdamOptions): GradientTransformation<AdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8, epsRoot = 0 } = opts;
  checkNumber(op, "b1", b1, { max: 1 });
  checkNumber(op, "b2", b2, { max: 1 });
  checkNumber(op, "eps", eps);
  checkNumber(op, "epsRoot", epsRoot);
  return {
    init: (params) => {
      checkParams("scaleByAdam", params);
      return { count: zeroCount(), mu: map((p: NDArray) => np.zerosLike(p), params), nu: map((p: NDArray) => np.zerosLike(p), params) };
    },
    update(grads, state) {
      checkState("scaleByAdam", state, ["count", "mu", "nu"]);
      checkGrads("scaleByAdam", grads, state.mu, "Adam state");
      const mu = map((g: NDArray, m: NDArray) => np.add(np.mul(g, 1 - b1), np.mul(m, b1)), grads, state.mu);
      const nu = map((g: NDArray, n: NDArray) => np.add(np.mul(np.square(g), 1 - b2), np.mul(n, b2)), grads, state.nu);
      const count = np.add(state.count, 1);
      const updates = map(
        (m: NDArray, n: NDArray) => np.div(biasCorrection(m, b1, count), np.add(np.sqrt(np.add(biasCorrection(n, b2, count), epsRoot)), eps)),
        mu,
        nu,
      );
      return [updates as typeof grads, { count, mu, nu }];
    },
  };
}

/**
 * Adds `weightDecay · params` to the updates: decoupled weight decay (Loshchilov & Hutter 2019;
 * Optax's `add_decayed_weights`). Needs the parameters in `update`.
 *
 * @example
 * const wd = optim.addDecayedWeights(0.1);
 * wd.update({ w: np.array([0]) }, wd.init(params), { w: np.array([2]) })[0]; // { w: [0.2] }
 */
export function addDecayedWeights(weightDecay = 0): GradientTransformation<EmptyState> {
  return named("optim.addDecayedWeights", addDecayedWeightsImpl("optim.addDecayedWeights", weightDecay));
}

/** addDecayedWeights, its argument checked under the name `op`. @internal */
export function addDecayedWeightsImpl(op: string, weightDecay: number): GradientTransformation<EmptyState> {
  checkNumber(op, "weightDecay", weightDecay, { hint: "it multiplies the parameters; use 0 for no decay" });
  return {
    init: () => EMPTY,
    update(grads, state, params) {
      if (params === undefined) {
        throw new ValueError("optim.addDecayedWeights", "update needs the parameters (weight decay is proportional to them); call update(grads, state, params).");
      }
      checkArrayLeaves("optim.addDecayedWeights", grads, "the gradients");
      checkArrayLeaves("optim.addDecayedWeights", params, "the params");
      checkSameStructure("optim.addDecayedWeights", grads, "gradients", params, "params");
      return [map((g: NDArray, p: NDArray) => np.add(g, like(np.mul(p, weightDecay), g)), grads, params), state];
    },
  };
}

/** globalNorm, with a finite derivative at 0 (√ is taken of 1 there, so √'(0) = ∞ never meets a zero cotangent). */
function safeGlobalNorm(t: unknown): NDArray {
  const squares = tree.leaves(t).map((x) => np.sum(np.square(x as NDArray)));
  if (squares.length === 0) return np.zeros([]);
  const sq = squares.reduce((a, b) => np.add(a, b));
  const zero = np.lessEqual(sq, 0); // false for NaN, so a NaN norm stays NaN (and clips every leaf to NaN, as Optax)
  return np.where(zero, 0, np.sqrt(np.where(zero, 1, sq)));
}

/**
 * Rescales all updates together so that their global norm is at most `maxNorm` (Pascanu et al.
 * 2013; Optax's `clip_by_global_norm`): g ← g · maxNorm / max(‖g‖, maxNorm).
 *
 * @example
 * const clip = optim.clipByGlobalNorm(1);
 * clip.update([np.array([3]), np.array([4])], clip.init(null))[0]; // [[0.6], [0.8]]
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  checkNumber("optim.clipByGlobalNorm", "maxNorm", maxNorm, { exclusiveMin: true, hint: "it is the largest global norm the updates may have" });
  return named("optim.clipByGlobalNorm", {
    init: () => EMPTY,
    update(grads, state) {
      checkArrayLeaves("optim.clipByGlobalNorm", grads, "the gradients");
      const norm = safeGlobalNorm(grads);
      const keep = np.less(norm, maxNorm);
      // Dividing by where(keep, maxNorm, norm) rather than by norm gives the same values, but
      // differentiating through the update at zero gradients stays finite (g / 0 in the unused
      // branch of the where made the derivative NaN).
      const safeNorm = np.where(keep, maxNorm, norm);
      const updates = map((g: NDArray) => np.where(keep, g, np.mul(np.div(g, like(safeNorm, g)), maxNorm)), grads);
      return [updates, state];
    },
  });
}

/** State of `scaleByLearningRate` with a schedule (Optax's `ScaleByScheduleState`); empty for a constant rate. */
export interface LearningRateState {
  readonly count?: StepCount;
}

/**
 * Multiplies updates by −learningRate: the one place where the sign flips, so that
 * `applyUpdates(params, updates)` descends. A schedule is evaluated at the step count (0 on the
 * first update), kept in the state as an int32 scalar array so that it works under `jit`.
 *
 * @example
 * const lr = optim.scaleByLearningRate(0.1);
 * lr.update({ w: np.array([2]) }, lr.init(null))[0]; // { w: [-0.2] }
 */
export function scaleByLearningRate(learningRate: number | Schedule, opts: { readonly flipSign?: boolean } = {}): GradientTransformation<LearningRateState> {
  checkOptions("optim.scaleByLearningRate", opts, ["flipSign"]);
  return named("optim.scaleByLearningRate", scaleByLearningRateImpl("optim.scaleByLearningRate", learningRate, checkBoolean("optim.scaleByLearningRate", "flipSign", opts?.flipSign, true)));
}

/** scaleByLearningRate, its arguments checked under the name `op`. @internal */
export function scaleByLearningRateImpl(op: string, learningRate: number | Schedule, flipSign = true): GradientTransformation<LearningRateState> {
  const sign = flipSign ? -1 : 1;
  if (!isSchedule(learningRate)) {
    checkNumber(op, "learningRate", learningRate, { hint: "the sign is flipped for you (updates descend); to ascend pass flipSign: false" });
    const inner = scaleImpl(sign * learningRate);
    return { init: () => EMPTY, update: (grads, state) => [inner.update(grads, EMPTY)[0], state] };
  }
  return {
    init: () => ({ count: zeroCount() }),
    update(grads, state) {
      if (state === null || typeof state !== "object" || !(state.count instanceof NDArray)) {
        throw new ValueError("optim.scaleByLearningRate", `with a schedule the state should be { count }, got ${describe(state)}; pass the state returned by init of this same transformation.`);
      }
      checkArrayLeaves("optim.scaleByLearningRate", grads, "the gradients");
      // The schedule is the user's function (or one of optim.schedules): errors in it name what it called.
      const value: unknown = callUser(learningRate as (step: NDArray) => NDArray, [state.count]);
      if (typeof value !== "number" && !(value instanceof NDArray)) {
        throw new ValueError("optim.scaleByLearningRate", `the learning-rate schedule must return a number or a scalar array, got ${describe(value)}.`);
      }
      if (value instanceof NDArray && value.size !== 1) {
        throw new ShapeError("optim.scaleByLearningRate", `the learning-rate schedule must return a scalar, got shape ${showShape(value.shape)}.`, { shapes: [value.shape] });
      }
      const concrete = typeof value === "number" ? value : value instanceof ConcreteArray ? (value.item() as number) : 0;
      if (!Number.isFinite(concrete)) {
        throw new ValueError("optim.scaleByLearningRate", `the learning-rate schedule returned ${concrete} at step ${String(state.count instanceof ConcreteArray ? state.count.item() : "?")}; it must be finite.`);
      }
      const rate = np.mul(value instanceof NDArray ? np.reshape(value, []) : value, sign);
      return [map((g: NDArray) => np.mul(g, like(rate, g)), grads), { count: np.add(state.count, 1) }];
    },
  };
}
