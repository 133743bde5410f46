// Each optimiser's first steps against its published update rule, computed by hand in plain JS (float64).
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import * as optim from "../../src/optim/index.js";

const f64 = (v: number[]) => np.array(v, { dtype: "float64" });
const GRADS = [
  [0.5, -1.0, 2.0],
  [0.3, 0.7, -1.5],
  [-0.2, 0.1, 0.4],
];
const P0 = [1.0, -2.0, 0.5];

/** Runs `opt` on the fixed gradient sequence; returns the parameters after each step. */
function run(opt: optim.GradientTransformation<any>, steps = 3): number[][] {
  let params = f64(P0);
  let state = opt.init(params);
  const out: number[][] = [];
  for (const g of GRADS.slice(0, steps)) {
    const [updates, next] = opt.update(f64(g), state, params);
    params = optim.applyUpdates(params, updates as NDArray);
    expect(params.dtype).toBe("float64");
    state = next;
    out.push(Array.from(params.data()));
  }
  return out;
}

/** The same recursion in plain JS: `rule(g, i, t)` returns the update of coordinate i at step t (1-based), keeping its own state. */
function reference(rule: (g: number, i: number, t: number, p: number) => number, steps = 3): number[][] {
  const p = [...P0];
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = GRADS[t - 1]!;
    const next = p.map((pi, i) => pi + rule(g[i]!, i, t, pi));
    p.splice(0, 3, ...next);
    out.push([...p]);
  }
  return out;
}

function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, t) => row.forEach((v, i) => expect(v).toBeCloseTo(expected[t]![i]!, 12)));
}

describe("optimisers match their published update rules (first three steps)", () => {
  it("sgd: p ← p − lr·g", () => {
    expectClose(run(optim.sgd(0.1)), reference((g) => -0.1 * g));
  });

  it("sgd with momentum (Polyak): t ← g + β·t; p ← p − lr·t", () => {
    const tr = [0, 0, 0];
    expectClose(
      run(optim.sgd(0.1, { momentum: 0.9 })),
      reference((g, i) => {
        tr[i] = g + 0.9 * tr[i]!;
        return -0.1 * tr[i]!;
      }),
    );
  });

  it("momentum with nesterov (Optax's trace(nesterov=True)): t ← g + β·t; p ← p − lr·(g + β·t)", () => {
    const tr = [0, 0, 0];
    expectClose(
      run(optim.momentum(0.05, 0.8, { nesterov: true })),
      reference((g, i) => {
        tr[i] = g + 0.8 * tr[i]!;
        return -0.05 * (g + 0.8 * tr[i]!);
      }),
    );
  });

  it("adagrad (Duchi et al. 2011): s ← s + g²; p ← p − lr·g/√(s + ε), s₀ = 0.1", () => {
    const s = [0.1, 0.1, 0.1];
    expectClose(
      run(optim.adagrad(0.3)),
      reference((g, i) => {
        s[i] = s[i]! + g * g;
        return (-0.3 * g) / Math.sqrt(s[i]! + 1e-7);
      }),
    );
  });

  it("rmsprop (Tieleman & Hinton 2012): ν ← ρν + (1 − ρ)g²; p ← p − lr·g/√(ν + ε)", () => {
    const nu = [0, 0, 0];
    expectClose(
      run(optim.rmsprop(0.01, { decay: 0.95 })),
      reference((g, i) => {
        nu[i] = 0.95 * nu[i]! + 0.05 * g * g;
        return (-0.01 * g) / Math.sqrt(nu[i]! + 1e-8);
      }),
    );
  });

  it("centred rmsprop with momentum: p ← p − lr·trace(g/√(ν − μ² + ε))", () => {
    const nu = [0, 0, 0];
    const mu = [0, 0, 0];
    const tr = [0, 0, 0];
    expectClose(
      run(optim.rmsprop(0.01, { centered: true, momentum: 0.5 })),
      reference((g, i) => {
        mu[i] = 0.9 * mu[i]! + 0.1 * g;
        nu[i] = 0.9 * nu[i]! + 0.1 * g * g;
        tr[i] = g / Math.sqrt(nu[i]! - mu[i]! ** 2 + 1e-8) + 0.5 * tr[i]!;
        return -0.01 * tr[i]!;
      }),
    );
  });

  it("rmsprop with momentum and a schedule: the trace accumulates the scaled steps (Optax's order)", () => {
    // Optax: chain(scale_by_rms, scale_by_learning_rate(schedule), trace). The old order (trace
    // before the rate) rescaled the whole velocity by the current rate: wrong once the rate changes.
    const nu = [0, 0, 0];
    const tr = [0, 0, 0];
    const lr = (t: number) => 0.01 * 0.5 ** t; // the schedule at step count t = 0, 1, 2
    expectClose(
      run(optim.rmsprop(optim.schedules.exponentialDecay({ init: 0.01, decayRate: 0.5, transitionSteps: 1 }), { momentum: 0.9 })),
      reference((g, i, t) => {
        nu[i] = 0.9 * nu[i]! + 0.1 * g * g;
        tr[i] = (-lr(t - 1) * g) / Math.sqrt(nu[i]! + 1e-8) + 0.9 * tr[i]!;
        return tr[i]!;
      }),
    );
  });

  it("adam (Kingma & Ba 2015, Algorithm 1) with bias correction", () => {
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    const [b1, b2, eps, lr] = [0.9, 0.999, 1e-8, 0.01];
    expectClose(
      run(optim.adam(lr)),
      reference((g, i, t) => {
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        const mHat = m[i]! / (1 - b1 ** t);
        const vHat = v[i]! / (1 - b2 ** t);
        return (-lr * mHat) / (Math.sqrt(vHat) + eps);
      }),
    );
  });

  it("adam with custom b1, b2, eps", () => {
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    const [b1, b2, eps, lr] = [0.5, 0.9, 1e-3, 0.2];
    expectClose(
      run(optim.adam(lr, { b1, b2, eps })),
      reference((g, i, t) => {
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        return (-lr * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps);
      }),
    );
  });

  it("adamw (Loshchilov & Hutter 2019): p ← p − lr·(m̂/(√v̂ + ε) + λ·p)", () => {
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    const [b1, b2, eps, lr, wd] = [0.9, 0.999, 1e-8, 0.01, 0.1];
    expectClose(
      run(optim.adamw(lr, { weightDecay: wd })),
      reference((g, i, t, p) => {
        m[i] = b1 * m[i]! + (1 - b1) * g;
        v[i] = b2 * v[i]! + (1 - b2) * g * g;
        return -lr * ((m[i]! / (1 - b1 ** t)) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps) + wd * p);
      }),
    );
  });

  it("adamw's default weight decay is 1e-4 (Optax's)", () => {
    expectClose(run(optim.adamw(0.01)), run(optim.chain(optim.scaleByAdam(), optim.addDecayedWeights(1e-4), optim.scaleByLearningRate(0.01))));
  });

  it("a schedule is evaluated at the step count, 0 on the first update", () => {
    const lr = optim.schedules.exponentialDecay({ init: 0.1, decayRate: 0.5, transitionSteps: 1 });
    expectClose(run(optim.sgd(lr)), reference((g, _i, t) => -0.1 * 0.5 ** (t - 1) * g));
  });
});
