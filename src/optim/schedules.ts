/**
 * Learning-rate schedules, as in Optax: functions of the step count. Each is written once with
 * `np` ops on a float64 scalar, so the same schedule takes a JS number (and returns a number:
 * handy for plotting and tests) or an NDArray step count (and returns a scalar array: this is what
 * `scaleByLearningRate` passes, and it works under `jit`, where the count is a traced value).
 *
 * @example
 * const lr = optim.schedules.cosineDecay({ init: 0.1, decaySteps: 100 });
 * lr(0);   // 0.1
 * lr(50);  // 0.05
 * lr(100); // 0
 *
 * @module
 */
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe } from "../errors/checks.js";
import { callUser, publicOp } from "../errors/context.js";
import * as np from "../numpy/index.js";
import { checkBoolean, checkNumber } from "./base.js";

/** A learning-rate schedule: step count → value. Called with a number it returns a number; with a (possibly traced) scalar array, a float64 scalar array. */
export interface Schedule {
  (step: number): number;
  (step: NDArray): NDArray;
}

/**
 * Lifts a function written with `np` ops on a float64 scalar step into a `Schedule` (so that it
 * also works under `jit`).
 *
 * @example
 * const inverseSqrt = optim.schedules.custom((t) => np.div(0.1, np.sqrt(np.add(t, 1))));
 * inverseSqrt(3); // 0.05
 */
export function custom(f: (step: NDArray) => NDArray | number): Schedule {
  checkFunction("optim.schedules.custom", f, "the schedule");
  return lift("optim.schedules.custom", (step) => callUser(f, [step]));
}

/**
 * Makes `f` (np ops on a float64 step) a Schedule: a public operation named `name` that checks
 * the step and the value `f` returns.
 */
function lift(name: string, f: (step: NDArray) => unknown): Schedule {
  const value = (step: NDArray): NDArray => {
    const v = f(step);
    if (typeof v !== "number" && !(v instanceof NDArray)) throw new ValueError(name, `the schedule must return a number or a scalar array, got ${describe(v)}.`);
    return v instanceof NDArray ? v : np.array(v, { dtype: "float64" });
  };
  const lifted = (step: number | NDArray): number | NDArray => {
    if (typeof step === "number") {
      if (!Number.isFinite(step)) throw new ValueError(name, `the step must be a finite number, got ${step}.`);
      const v = value(np.array(step, { dtype: "float64" }));
      if (v.size !== 1) throw new ShapeError(name, `the schedule must return a scalar, got shape ${showShape(v.shape)}.`, { shapes: [v.shape] });
      return np.astype(v, "float64").item() as number;
    }
    if (!(step instanceof NDArray)) throw new ValueError(name, `the step must be a number or a scalar NDArray, got ${describe(step)}.`);
    if (step.dtype !== "float32" && step.dtype !== "float64" && step.dtype !== "int32") {
      throw new ValueError(name, `the step must be a number or an int32/float array, got dtype ${step.dtype}.`, { dtypes: [step.dtype] });
    }
    return np.astype(value(step.dtype === "float64" ? step : np.astype(step, "float64")), "float64");
  };
  return publicOp(name, lifted) as Schedule;
}

/** Requires the options object of a schedule builder, with keys among `allowed`. */
function requireOptions(op: string, opts: unknown, allowed: readonly string[]): void {
  if (opts === undefined) throw new ValueError(op, `needs an options object with ${allowed.map((k) => `"${k}"`).join(", ")}.`);
  checkOptions(op, opts, allowed);
}

/** Whether `x` is a schedule (a function) rather than a constant. */
export function isSchedule(x: unknown): x is Schedule {
  return typeof x === "function";
}

/** The same value at every step. @example optim.schedules.constant(0.1)(1000) // 0.1 */
export function constant(value: number): Schedule {
  checkNumber("optim.schedules.constant", "value", value, { min: -Infinity });
  return lift("optim.schedules.constant", () => np.array(value, { dtype: "float64" }));
}

/** Options of `exponentialDecay` (Optax's `exponential_decay`). */
export interface ExponentialDecayOptions {
  readonly init: number;
  readonly decayRate: number;
  readonly transitionSteps: number;
  /** Decay in discrete jumps every `transitionSteps` steps (floor of the exponent). Default false. */
  readonly staircase?: boolean;
  /** Hold `init` until this step. Default 0. */
  readonly transitionBegin?: number;
  /** Clip the value at this bound (a floor when decaying, a ceiling when growing); it bounds every step, `init` included. */
  readonly endValue?: number;
}

/**
 * `init · decayRate^((step − transitionBegin) / transitionSteps)`, `init` before `transitionBegin`
 * (Optax's `exponential_decay`).
 *
 * @example
 * const lr = optim.schedules.exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 10 });
 * lr(10); // 0.5
 * lr(15); // 0.3535…; with staircase: true, 0.5
 */
export function exponentialDecay(opts: ExponentialDecayOptions): Schedule {
  const op = "optim.schedules.exponentialDecay";
  requireOptions(op, opts, ["init", "decayRate", "transitionSteps", "staircase", "transitionBegin", "endValue"]);
  const { init, decayRate, transitionSteps, transitionBegin = 0, endValue } = opts;
  const staircase = checkBoolean(op, "staircase", opts.staircase, false);
  checkNumber(op, "init", init, { min: -Infinity });
  checkNumber(op, "decayRate", decayRate, { exclusiveMin: true, hint: "a rate of 1 is constant, below 1 decays, above 1 grows" });
  checkNumber(op, "transitionSteps", transitionSteps, { exclusiveMin: true, hint: "it is the number of steps over which the value is multiplied by decayRate" });
  checkNumber(op, "transitionBegin", transitionBegin);
  if (endValue !== undefined) checkNumber(op, "endValue", endValue, { min: -Infinity });
  return lift(op, (step) => {
    const count = np.sub(step, transitionBegin);
    let p = np.div(count, transitionSteps);
    if (staircase) p = np.floor(p);
    const decayed = np.where(np.lessEqual(count, 0), init, np.mul(init, np.pow(decayRate, p)));
    // As Optax, the bound applies after the hold, so it also bounds `init` before transitionBegin.
    if (endValue === undefined) return decayed;
    return decayRate < 1 ? np.maximum(decayed, endValue) : np.minimum(decayed, endValue);
  });
}

/** Options of `cosineDecay` (Optax's `cosine_decay_schedule`). */
export interface CosineDecayOptions {
  readonly init: number;
  readonly decaySteps: number;
  /** The final value as a fraction of `init`. Default 0. */
  readonly alpha?: number;
  /** Power of the cosine factor. Default 1. */
  readonly exponent?: number;
}

/**
 * `init · ((1 − α) · (½(1 + cos(π · min(step, decaySteps) / decaySteps)))^exponent + α)`
 * (Loshchilov & Hutter 2017, SGDR; Optax's `cosine_decay_schedule`).
 *
 * @example optim.schedules.cosineDecay({ init: 1, decaySteps: 100, alpha: 0.1 })(100) // 0.1
 */
export function cosineDecay(opts: CosineDecayOptions): Schedule {
  const op = "optim.schedules.cosineDecay";
  requireOptions(op, opts, ["init", "decaySteps", "alpha", "exponent"]);
  const { init, decaySteps, alpha = 0, exponent = 1 } = opts;
  checkNumber(op, "init", init, { min: -Infinity });
  checkNumber(op, "decaySteps", decaySteps, { exclusiveMin: true, hint: "pass the number of steps the decay lasts" });
  checkNumber(op, "alpha", alpha, { max: 1 });
  checkNumber(op, "exponent", exponent);
  return lift(op, (step) => cosineFactor(step, init, decaySteps, alpha, exponent));
}

function cosineFactor(step: NDArray, init: number, decaySteps: number, alpha: number, exponent: number): NDArray {
  const count = np.minimum(step, decaySteps);
  const cosine = np.mul(0.5, np.add(1, np.cos(np.mul(Math.PI, np.div(count, decaySteps)))));
  return np.mul(init, np.add(np.mul(1 - alpha, np.pow(cosine, exponent)), alpha));
}

/** Options of `warmupCosineDecay` (Optax's `warmup_cosine_decay_schedule`). */
export interface WarmupCosineDecayOptions {
  /** The value at step 0. */
  readonly init: number;
  /** The value reached at the end of the warmup. */
  readonly peak: number;
  readonly warmupSteps: number;
  /** Total length of the schedule, warmup included. */
  readonly decaySteps: number;
  /** The value at `decaySteps` and after. Default 0. */
  readonly end?: number;
  readonly exponent?: number;
}

/**
 * Linear warmup from `init` to `peak` over `warmupSteps`, then cosine decay from `peak` to `end`
 * until `decaySteps` (Goyal et al. 2017 warmup; Loshchilov & Hutter 2017 cosine; Optax's
 * `warmup_cosine_decay_schedule`).
 *
 * @example
 * const lr = optim.schedules.warmupCosineDecay({ init: 0, peak: 1, warmupSteps: 10, decaySteps: 110 });
 * lr(5);  // 0.5
 * lr(60); // 0.5
 */
export function warmupCosineDecay(opts: WarmupCosineDecayOptions): Schedule {
  const op = "optim.schedules.warmupCosineDecay";
  requireOptions(op, opts, ["init", "peak", "warmupSteps", "decaySteps", "end", "exponent"]);
  const { init, peak, warmupSteps, decaySteps, end = 0, exponent = 1 } = opts;
  checkNumber(op, "init", init, { min: -Infinity });
  checkNumber(op, "peak", peak, { min: -Infinity });
  checkNumber(op, "end", end, { min: -Infinity });
  checkNumber(op, "warmupSteps", warmupSteps);
  checkNumber(op, "decaySteps", decaySteps, { min: warmupSteps, exclusiveMin: true, hint: "decaySteps counts the whole schedule, warmup included" });
  checkNumber(op, "exponent", exponent);
  const alpha = peak === 0 ? 0 : end / peak;
  return lift(op, (step) => {
    const decay = cosineFactor(np.sub(step, warmupSteps), peak, decaySteps - warmupSteps, alpha, exponent);
    if (warmupSteps === 0) return decay;
    // Optax's linear_schedule: (init − peak) · (1 − clip(step, 0, warmup) / warmup) + peak.
    const frac = np.sub(1, np.div(np.clip(step, 0, warmupSteps), warmupSteps));
    const warm = np.add(np.mul(init - peak, frac), peak);
    return np.where(np.less(step, warmupSteps), warm, decay);
  });
}

/**
 * `init` multiplied by every scale whose boundary the step has reached (step ≥ boundary), as
 * Optax's `piecewise_constant_schedule` computes it. Boundaries and scales are an object
 * `{ boundary: scale }` or a list of `[boundary, scale]` pairs; scales must be non-negative.
 *
 * @example
 * const lr = optim.schedules.piecewiseConstant(0.1, { 100: 0.1, 200: 0.5 });
 * lr(99); // 0.1;  lr(100); // 0.01;  lr(200); // 0.005
 */
export function piecewiseConstant(init: number, boundariesAndScales: Readonly<Record<number, number>> | readonly (readonly [number, number])[] = {}): Schedule {
  const op = "optim.schedules.piecewiseConstant";
  checkNumber(op, "init", init, { min: -Infinity });
  const raw: unknown = boundariesAndScales;
  if (raw === null || typeof raw !== "object" || ArrayBuffer.isView(raw) || raw instanceof NDArray) {
    throw new ValueError(op, `boundariesAndScales must be an object { boundary: scale } or a list of [boundary, scale] pairs, got ${describe(raw)}; e.g. { 100: 0.1, 200: 0.5 }.`);
  }
  if (Array.isArray(raw)) {
    raw.forEach((p: unknown, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new ValueError(op, `entry ${i} of boundariesAndScales must be a [boundary, scale] pair, got ${describe(p)}.`);
    });
  }
  const pairs: [number, number][] = Array.isArray(raw)
    ? (raw as [number, number][]).map(([b, s]) => [b, s])
    : Object.entries(raw).map(([b, s]) => [Number(b), s as number]);
  for (const [b, s] of pairs) {
    checkNumber(op, `boundary ${b}`, b, { min: -Infinity });
    checkNumber(op, `the scale at boundary ${b}`, s, { hint: "scales multiply the value, so they must be non-negative" });
  }
  pairs.sort((x, y) => x[0] - y[0]);
  return lift(op, (step) => {
    let v: NDArray = np.array(init, { dtype: "float64" });
    for (const [b, s] of pairs) v = np.where(np.greaterEqual(step, b), np.mul(v, s), v);
    return v;
  });
}
