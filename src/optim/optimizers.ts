/**
 * The optimisers: each is a `chain` of building blocks in the order Optax's `optax/_src/alias.py`
 * uses (ending in `scaleByLearningRate`, except rmsprop with momentum, whose trace comes last).
 *
 * @module
 */
import { ValueError } from "../errors/classes.js";
import { checkOptions } from "../errors/checks.js";
import { chainOf, checkBoolean, checkNumber, named, type GradientTransformation } from "./base.js";
import type { Schedule } from "./schedules.js";
import {
  ADAM_KEYS,
  addDecayedWeightsImpl,
  scaleByAdamImpl,
  scaleByLearningRateImpl,
  scaleByMomentum,
  scaleByRmsImpl,
  scaleByRssImpl,
  scaleByStddevImpl,
  type ScaleByAdamOptions,
} from "./transforms.js";

/** The optimiser `name` as a chain of `parts`, its init/update public operations `<name>.init` / `<name>.update`. */
const optimizer = (name: string, ...parts: GradientTransformation<any>[]): GradientTransformation<readonly unknown[]> => named(name, chainOf(parts));

/** A learning rate: a constant or a schedule of the step count. */
export type LearningRate = number | Schedule;

/** Options of `sgd`. */
export interface SgdOptions {
  /** Momentum decay β; none when undefined. */
  readonly momentum?: number;
  /** Nesterov's accelerated gradient (needs `momentum`). Default false. */
  readonly nesterov?: boolean;
}

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum (Robbins & Monro 1951;
 * Polyak 1964; Nesterov 1983): `chain(scaleByMomentum(β), scaleByLearningRate(lr))`.
 *
 * @example
 * const opt = optim.sgd(0.1, { momentum: 0.9, nesterov: true });
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grad(loss)(params), state);
 * params = optim.applyUpdates(params, updates);
 */
export function sgd(learningRate: LearningRate, opts: SgdOptions = {}): GradientTransformation<readonly unknown[]> {
  return sgdNamed("optim.sgd", learningRate, opts);
}

function sgdNamed(op: string, learningRate: LearningRate, opts: SgdOptions): GradientTransformation<readonly unknown[]> {
  checkOptions(op, opts, ["momentum", "nesterov"]);
  const o = opts ?? {};
  const nesterov = checkBoolean(op, "nesterov", o.nesterov, false);
  if (nesterov && o.momentum === undefined) {
    throw new ValueError(op, "nesterov needs momentum; pass e.g. { momentum: 0.9, nesterov: true }.");
  }
  const lr = scaleByLearningRateImpl(op, learningRate);
  if (o.momentum === undefined) return optimizer(op, lr);
  return optimizer(op, scaleByMomentum(checkNumber(op, "momentum", o.momentum, { max: 1 }), { nesterov }), lr);
}

/**
 * SGD with momentum β (default 0.9): `sgd(lr, { momentum: β, nesterov })` (Polyak 1964;
 * Nesterov 1983).
 *
 * @example const opt = optim.momentum(0.01, 0.9, { nesterov: true });
 */
export function momentum(learningRate: LearningRate, beta = 0.9, opts: { readonly nesterov?: boolean } = {}): GradientTransformation<readonly unknown[]> {
  checkOptions("optim.momentum", opts, ["nesterov"]);
  return sgdNamed("optim.momentum", learningRate, { momentum: beta, nesterov: checkBoolean("optim.momentum", "nesterov", opts?.nesterov, false) });
}

/** Options of `adagrad` (Optax's defaults). */
export interface AdagradOptions {
  /** Initial value of the sum of squared gradients. Default 0.1. */
  readonly initialAccumulatorValue?: number;
  /** Default 1e-7. */
  readonly eps?: number;
}

/**
 * Adagrad (Duchi, Hazan & Singer 2011): s ← s + g², update −lr · g / √(s + ε).
 * `chain(scaleByRss(...), scaleByLearningRate(lr))`.
 *
 * @example const opt = optim.adagrad(0.1);
 */
export function adagrad(learningRate: LearningRate, opts: AdagradOptions = {}): GradientTransformation<readonly unknown[]> {
  const op = "optim.adagrad";
  checkOptions(op, opts, ["initialAccumulatorValue", "eps"]);
  return optimizer(op, scaleByRssImpl(op, opts ?? {}), scaleByLearningRateImpl(op, learningRate));
}

/** Options of `rmsprop` (Optax's defaults). */
export interface RmspropOptions {
  /** Decay of the moving average of squared gradients. Default 0.9. */
  readonly decay?: number;
  /** Default 1e-8. */
  readonly eps?: number;
  /** Initial value of the average. Default 0. */
  readonly initialScale?: number;
  /** Divide by the moving standard deviation instead (Graves 2013). Default false. */
  readonly centered?: boolean;
  /** Momentum applied after the scaling; none when undefined. */
  readonly momentum?: number;
  readonly nesterov?: boolean;
}

/**
 * RMSProp (Tieleman & Hinton 2012, Coursera lecture 6.5): ν ← decay·ν + (1 − decay)·g²,
 * update −lr · g / √(ν + ε); `centered` divides by √(ν − μ² + ε) (Graves 2013). As Optax:
 * `chain(scaleByRms | scaleByStddev, scaleByLearningRate(lr), scaleByMomentum(momentum)?)` —
 * the momentum trace accumulates the already scaled steps −lr·g/√(ν + ε).
 *
 * @example const opt = optim.rmsprop(1e-3, { decay: 0.9 });
 */
export function rmsprop(learningRate: LearningRate, opts: RmspropOptions = {}): GradientTransformation<readonly unknown[]> {
  const op = "optim.rmsprop";
  checkOptions(op, opts, ["decay", "eps", "initialScale", "centered", "momentum", "nesterov"]);
  const o = opts ?? {};
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = o;
  const centered = checkBoolean(op, "centered", o.centered, false);
  const nesterov = checkBoolean(op, "nesterov", o.nesterov, false);
  const scaling = centered ? scaleByStddevImpl(op, { decay, eps, initialScale }) : scaleByRmsImpl(op, { decay, eps, initialScale });
  const parts: GradientTransformation<any>[] = [scaling, scaleByLearningRateImpl(op, learningRate)];
  // As Optax's rmsprop, momentum comes after the learning rate: it accumulates the scaled steps
  // (unlike sgd, where it comes before). The two orders agree for a constant rate but not with a
  // schedule, where this one keeps each past step at the rate it was taken with.
  if (o.momentum !== undefined) parts.push(scaleByMomentum(checkNumber(op, "momentum", o.momentum, { max: 1 }), { nesterov }));
  else if (nesterov) throw new ValueError(op, "nesterov needs momentum; pass e.g. { momentum: 0.9, nesterov: true }.");
  return optimizer(op, ...parts);
}

/**
 * Adam (Kingma & Ba 2015): bias-corrected moving averages of the gradient and its square,
 * update −lr · μ̂ / (√ν̂ + ε). `chain(scaleByAdam(...), scaleByLearningRate(lr))`.
 *
 * @example
 * const opt = optim.adam(1e-3);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grads, state);
 */
export function adam(learningRate: LearningRate, opts: ScaleByAdamOptions = {}): GradientTransformation<readonly unknown[]> {
  const op = "optim.adam";
  checkOptions(op, opts, ADAM_KEYS);
  return optimizer(op, scaleByAdamImpl(op, opts ?? {}), scaleByLearningRateImpl(op, learningRate));
}

/** Options of `adamw`. */
export interface AdamwOptions extends ScaleByAdamOptions {
  /** Decoupled weight decay. Default 1e-4 (Optax's default). */
  readonly weightDecay?: number;
}

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019): update
 * −lr · (μ̂ / (√ν̂ + ε) + weightDecay · params). `chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)`;
 * `update` needs the parameters.
 *
 * @example
 * const opt = optim.adamw(1e-3, { weightDecay: 1e-2 });
 * const [updates, next] = opt.update(grads, opt.init(params), params);
 */
export function adamw(learningRate: LearningRate, opts: AdamwOptions = {}): GradientTransformation<readonly unknown[]> {
  const op = "optim.adamw";
  checkOptions(op, opts, [...ADAM_KEYS, "weightDecay"]);
  const { weightDecay = 1e-4, ...adamOptions } = opts ?? {};
  return optimizer(op, scaleByAdamImpl(op, adamOptions), addDecayedWeightsImpl(op, weightDecay), scaleByLearningRateImpl(op, learningRate));
}
