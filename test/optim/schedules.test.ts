// Schedules against Optax's formulas, written out here in plain JS.
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import * as optim from "../../src/optim/index.js";
import { jit } from "../../src/transforms/jit.js";

const { schedules } = optim;

describe("schedules", () => {
  it("constant", () => {
    const s = schedules.constant(0.3);
    for (const t of [0, 1, 1000]) expect(s(t)).toBe(0.3);
  });

  it("exponentialDecay: init · rate^(t / steps), with staircase, transitionBegin and endValue", () => {
    const s = schedules.exponentialDecay({ init: 2, decayRate: 0.5, transitionSteps: 10 });
    for (const t of [0, 1, 10, 15, 37]) expect(s(t)).toBeCloseTo(2 * 0.5 ** (t / 10), 14);
    const stairs = schedules.exponentialDecay({ init: 2, decayRate: 0.5, transitionSteps: 10, staircase: true });
    for (const t of [0, 9, 10, 15, 37]) expect(stairs(t)).toBeCloseTo(2 * 0.5 ** Math.floor(t / 10), 14);
    const late = schedules.exponentialDecay({ init: 1, decayRate: 0.1, transitionSteps: 5, transitionBegin: 10, endValue: 0.05 });
    expect(late(3)).toBe(1);
    expect(late(10)).toBe(1);
    expect(late(15)).toBeCloseTo(0.1, 14);
    expect(late(100)).toBeCloseTo(0.05, 14);
    // As Optax, endValue bounds every step, init included (a floor above init holds from step 0).
    const floor = schedules.exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 1, endValue: 2 });
    expect([floor(0), floor(1), floor(5)]).toEqual([2, 2, 2]);
    const ceiling = schedules.exponentialDecay({ init: 1, decayRate: 2, transitionSteps: 1, endValue: 10 });
    expect([ceiling(0), ceiling(3), ceiling(4), ceiling(100)]).toEqual([1, 8, 10, 10]);
  });

  it("cosineDecay: init · ((1 − α)·½(1 + cos(π·min(t, T)/T)) + α)", () => {
    const s = schedules.cosineDecay({ init: 0.1, decaySteps: 100, alpha: 0.2 });
    for (const t of [0, 1, 25, 50, 99, 100, 250]) {
      const c = 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 100)) / 100));
      expect(s(t)).toBeCloseTo(0.1 * ((1 - 0.2) * c + 0.2), 14);
    }
  });

  it("warmupCosineDecay: linear warmup, then cosine from peak to end", () => {
    const [init, peak, warmup, total, end] = [0.01, 1, 10, 110, 0.1];
    const s = schedules.warmupCosineDecay({ init, peak, warmupSteps: warmup, decaySteps: total, end });
    const expected = (t: number) => {
      if (t < warmup) return init + ((peak - init) * t) / warmup;
      const k = Math.min(t - warmup, total - warmup);
      const c = 0.5 * (1 + Math.cos((Math.PI * k) / (total - warmup)));
      const alpha = end / peak;
      return peak * ((1 - alpha) * c + alpha);
    };
    for (const t of [0, 1, 5, 9, 10, 11, 60, 109, 110, 500]) expect(s(t)).toBeCloseTo(expected(t), 14);
    expect(s(10)).toBeCloseTo(peak, 14);
    expect(s(110)).toBeCloseTo(end, 14);
  });

  it("piecewiseConstant scales from the boundary step on (step ≥ boundary, as Optax computes it)", () => {
    // Optax: indicator = max(0, sign(boundary − step)), so the scale applies at step == boundary.
    const s = schedules.piecewiseConstant(0.1, { 100: 0.1, 200: 0.5 });
    expect(s(0)).toBeCloseTo(0.1, 15);
    expect(s(99)).toBeCloseTo(0.1, 15);
    expect(s(100)).toBeCloseTo(0.01, 15);
    expect(s(199)).toBeCloseTo(0.01, 15);
    expect(s(200)).toBeCloseTo(0.005, 15);
    expect(schedules.piecewiseConstant(1, { 0: 0.5 })(0)).toBe(0.5);
    const pairs = schedules.piecewiseConstant(1, [[20, 2], [10, 3]]);
    expect([pairs(5), pairs(15), pairs(25)]).toEqual([1, 3, 6]);
  });

  it("custom lifts an np function; every schedule also takes a (traced) array step", () => {
    const inverseSqrt = schedules.custom((t) => np.div(0.1, np.sqrt(np.add(t, 1))));
    expect(inverseSqrt(3)).toBeCloseTo(0.05, 15);
    const s = schedules.warmupCosineDecay({ init: 0, peak: 1, warmupSteps: 10, decaySteps: 110 });
    const jitted = jit((t: NDArray) => s(t));
    for (const t of [3, 10, 60]) {
      expect(s(np.array(t, { dtype: "int32" })).item()).toBeCloseTo(s(t), 14);
      expect(jitted(np.array(t, { dtype: "int32" })).item()).toBeCloseTo(s(t), 14);
    }
  });

  it("rejects bad arguments with an error naming the schedule and the fix", () => {
    expect(() => schedules.exponentialDecay({ init: 1, decayRate: 0.5, transitionSteps: 0 })).toThrow(/exponentialDecay: transitionSteps must be > 0, got 0/);
    expect(() => schedules.cosineDecay({ init: 1, decaySteps: -5 })).toThrow(/cosineDecay: decaySteps/);
    expect(() => schedules.warmupCosineDecay({ init: 0, peak: 1, warmupSteps: 10, decaySteps: 5 })).toThrow(/warmupCosineDecay: decaySteps must be > 10.*warmup included/);
    expect(() => schedules.piecewiseConstant(1, { 10: -1 })).toThrow(/piecewiseConstant: the scale at boundary 10 must be >= 0.*non-negative/);
  });
});
