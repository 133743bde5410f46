// chain, clipByGlobalNorm, addDecayedWeights, scaleByLearningRate; pytree parameters; jit; errors.
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import * as optim from "../../src/optim/index.js";
import * as tree from "../../src/tree/index.js";
import { jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
const values = (t: unknown) => tree.leaves(t).map((x) => (x as NDArray).toArray());

describe("building blocks", () => {
  it("scaleByLearningRate flips the sign once; flipSign: false ascends", () => {
    const lr = optim.scaleByLearningRate(0.1);
    expect(values(lr.update({ w: f64([2, -4]) }, lr.init(null))[0])).toEqual([[-0.2, 0.4]]);
    const up = optim.scaleByLearningRate(0.1, { flipSign: false });
    expect(values(up.update({ w: f64([2]) }, up.init(null))[0])).toEqual([[0.2]]);
  });

  it("scaleByLearningRate with a schedule counts steps in its state (an int32 scalar)", () => {
    const lr = optim.scaleByLearningRate(optim.schedules.piecewiseConstant(1, { 1: 0.5, 2: 0.5 }));
    let state = lr.init(null);
    expect(state.count!.dtype).toBe("int32");
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [u, next] = lr.update(f64([1]), state);
      seen.push(u.item() as number);
      state = next;
    }
    expect(seen).toEqual([-1, -0.5, -0.25]);
    expect(state.count!.item()).toBe(3);
  });

  it("chain applies transformations left to right and keeps one state each", () => {
    const opt = optim.chain(optim.scale(2), optim.scale(-0.5), optim.scaleByMomentum(0.5));
    const state = opt.init({ w: f64([0]) });
    expect(state.length).toBe(3);
    const [u1, s1] = opt.update({ w: f64([3]) }, state);
    expect(values(u1)).toEqual([[-3]]);
    const [u2] = opt.update({ w: f64([1]) }, s1);
    expect(values(u2)).toEqual([[-1 + 0.5 * -3]]);
  });

  it("clipByGlobalNorm rescales all leaves together above the threshold and leaves small updates alone", () => {
    const clip = optim.clipByGlobalNorm(1);
    const [clipped] = clip.update({ a: f64([3]), b: f64([[4]]) }, clip.init(null));
    const got = values(clipped) as number[][];
    expect(got[0]![0]).toBeCloseTo(0.6, 14);
    expect((got[1] as unknown as number[][])[0]![0]).toBeCloseTo(0.8, 14);
    expect(optim.globalNorm(clipped).item()).toBeCloseTo(1, 14);
    const [small] = clip.update([f64([0.3]), f64([0.4])], clip.init(null));
    expect(values(small)).toEqual([[0.3], [0.4]]);
  });

  it("addDecayedWeights adds λ·params (needs the params)", () => {
    const wd = optim.addDecayedWeights(0.1);
    const [u] = wd.update({ w: f64([1, 1]) }, wd.init(null), { w: f64([2, -3]) });
    const got = values(u)[0] as number[];
    expect(got[0]).toBeCloseTo(1.2, 14);
    expect(got[1]).toBeCloseTo(0.7, 14);
    expect(() => wd.update({ w: f64([1]) }, wd.init(null))).toThrow(/optim\.addDecayedWeights\.update: update needs the parameters.*update\(grads, state, params\)/);
  });

  it("updates keep each leaf's dtype (float32 params stay float32 under a float64 schedule)", () => {
    const opt = optim.adam(optim.schedules.cosineDecay({ init: 0.1, decaySteps: 10 }));
    const params = { w: np.ones([2]), b: np.zeros([1]) };
    const [u] = opt.update(params, opt.init(params));
    expect(tree.leaves(optim.applyUpdates(params, u)).map((x) => (x as NDArray).dtype)).toEqual(["float32", "float32"]);
  });
});

describe("pytree parameters", () => {
  const loss = (p: { w: NDArray; b: NDArray }, x: NDArray, y: NDArray) => np.mean(np.square(np.sub(np.add(np.matmul(x, p.w), p.b), y)));
  const x = f64([[1, 2], [3, 4], [5, 6], [0, 1]]);
  const y = f64([[1], [2], [3], [0.5]]);

  it("fits a linear model with { w, b } params; the state mirrors the params", () => {
    const opt = optim.adam(0.05);
    let params = { w: f64([[0], [0]]), b: f64([0]) };
    let state = opt.init(params);
    const adamState = state[0] as optim.AdamState;
    expect(tree.structure(adamState.mu).equals(tree.structure(params))).toBe(true);
    const before = loss(params, x, y).item() as number;
    for (let i = 0; i < 300; i++) {
      const [u, next] = opt.update(grad(loss)(params, x, y), state, params);
      params = optim.applyUpdates(params, u);
      state = next;
    }
    expect(loss(params, x, y).item() as number).toBeLessThan(before / 50);
  });

  it("works with arrays of leaves", () => {
    const opt = optim.sgd(0.5, { momentum: 0.5 });
    const params = [f64([1]), [f64([2]), f64([3, 4])]];
    const [u] = opt.update([f64([1]), [f64([1]), f64([1, 2])]], opt.init(params));
    const next = optim.applyUpdates(params, u);
    expect(values(next)).toEqual([[0.5], [1.5], [2.5, 3]]);
  });
});

describe("jit", () => {
  const loss = (p: { w: NDArray; b: NDArray }, x: NDArray) => np.sum(np.square(np.add(np.matmul(x, p.w), p.b)));
  const x = f64([[1, -2], [0.5, 3]]);
  const optimisers: [string, () => optim.GradientTransformation<any>][] = [
    ["adamw with a warmup-cosine schedule", () => optim.chain(optim.clipByGlobalNorm(1), optim.adamw(optim.schedules.warmupCosineDecay({ init: 0, peak: 0.1, warmupSteps: 2, decaySteps: 10 }), { weightDecay: 0.01 }))],
    ["nesterov sgd", () => optim.sgd(0.01, { momentum: 0.9, nesterov: true })],
    ["adagrad", () => optim.adagrad(0.1)],
    ["centred rmsprop", () => optim.rmsprop(optim.schedules.exponentialDecay({ init: 0.01, decayRate: 0.5, transitionSteps: 2 }), { centered: true })],
  ];

  for (const [name, make] of optimisers) {
    it(`an update step inside jit gives the eager result (${name})`, () => {
      const opt = make();
      const step = (params: { w: NDArray; b: NDArray }, state: unknown, xs: NDArray) => {
        const [u, next] = opt.update(grad(loss)(params, xs), state, params);
        return [optim.applyUpdates(params, u), next] as const;
      };
      const jitted = jit(step);
      let eager: readonly [{ w: NDArray; b: NDArray }, unknown] = [{ w: f64([[0.5], [-1]]), b: f64([0.2]) }, undefined];
      eager = [eager[0], opt.init(eager[0])];
      let compiled = eager;
      for (let i = 0; i < 4; i++) {
        eager = step(eager[0], eager[1], x);
        compiled = jitted(compiled[0], compiled[1], x);
      }
      expect(jitted.cacheSize()).toBe(1);
      const a = tree.leaves(eager).map((l) => (l as NDArray).data());
      const b = tree.leaves(compiled).map((l) => (l as NDArray).data());
      expect(b.length).toBe(a.length);
      a.forEach((arr, i) => arr.forEach((v, j) => expect(b[i]![j]).toBeCloseTo(v, 12)));
    });
  }
});

describe("errors name the function, the problem and the fix", () => {
  it("negative learning rates and bad hyperparameters", () => {
    expect(() => optim.sgd(-0.1)).toThrow(/optim\.sgd: learningRate must be >= 0, got -0.1; the sign is flipped for you/);
    expect(() => optim.adam(0.1, { b1: 1.5 })).toThrow(/optim\.adam: b1 must be >= 0 and <= 1, got 1.5/);
    expect(() => optim.clipByGlobalNorm(0)).toThrow(/optim\.clipByGlobalNorm: maxNorm must be > 0/);
    expect(() => optim.sgd(0.1, { nesterov: true })).toThrow(/optim\.sgd: nesterov needs momentum/);
    expect(() => optim.chain(optim.scaleByAdam as never)).toThrow(/optim\.chain: argument 0 is not a gradient transformation.*note the call/);
  });

  it("a structure mismatch between grads and state", () => {
    const opt = optim.adam(0.1);
    const state = opt.init({ w: f64([1]), b: f64([0]) });
    expect(() => opt.update({ w: f64([1]) }, state)).toThrow(/optim\.adam\.update: the gradients have structure .* but the Adam state \(of scaleByAdam\) have .*; they must match leaf for leaf/);
    const m = optim.momentum(0.1);
    expect(() => m.update([f64([1])], m.init([f64([1]), f64([2])]))).toThrow(/optim\.momentum\.update: the gradients/);
    expect(() => optim.applyUpdates({ w: f64([1]) }, { v: f64([1]) })).toThrow(/optim\.applyUpdates: the updates have structure/);
  });

  it("a state from another optimiser", () => {
    const adam = optim.adam(0.1);
    const sgd = optim.sgd(0.1, { momentum: 0.9 });
    const params = { w: f64([1]) };
    expect(() => adam.update(params, sgd.init(params))).toThrow(/optim\.adam\.update: the state should be an object with fields count, mu, nu \(of scaleByAdam\)/);
    expect(() => adam.update(params, [])).toThrow(/optim\.adam\.update: the state should be an array of 2 states/);
  });
});
