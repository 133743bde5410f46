// Every optimiser minimises a quadratic and makes good progress on Rosenbrock's function, with gradients from jaxon.
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import * as optim from "../../src/optim/index.js";
import { jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";

const f64 = (v: number[] | number[][]) => np.array(v, { dtype: "float64" });

/** Minimises `loss` from `x0` with a jitted step; returns the final parameters. */
export function minimise(opt: optim.GradientTransformation<any>, loss: (x: NDArray) => NDArray, x0: NDArray, steps: number): NDArray {
  const step = jit((x: NDArray, state: unknown) => {
    const [updates, next] = opt.update(grad(loss)(x), state, x);
    return [optim.applyUpdates(x, updates), next] as const;
  });
  let x = x0;
  let state = opt.init(x);
  for (let i = 0; i < steps; i++) [x, state] = step(x, state);
  return x;
}

// f(x) = ½‖Ax − b‖², minimised at x* = A⁻¹b = [0.2, 0.4].
const A = f64([[3, 1], [1, 2]]);
const b = f64([1, 1]);
const quadratic = (x: NDArray) => np.mul(0.5, np.sum(np.square(np.sub(np.matmul(A, x), b))));
const X_STAR = [0.2, 0.4];

// Rosenbrock: (1 − x)² + 100(y − x²)², minimum 0 at (1, 1); 24.2 at the classic start (−1.2, 1).
const rosenbrock = (p: NDArray) => {
  const x = np.take(p, 0);
  const y = np.take(p, 1);
  return np.add(np.square(np.sub(1, x)), np.mul(100, np.square(np.sub(y, np.square(x)))));
};
const START = [-1.2, 1];

const cases: { name: string; quad: () => optim.GradientTransformation<any>; quadSteps: number; rosen: () => optim.GradientTransformation<any>; rosenSteps: number }[] = [
  { name: "sgd", quad: () => optim.sgd(0.1), quadSteps: 200, rosen: () => optim.sgd(1e-3), rosenSteps: 1500 },
  { name: "momentum", quad: () => optim.momentum(0.05, 0.9), quadSteps: 200, rosen: () => optim.momentum(2e-4, 0.9), rosenSteps: 1500 },
  { name: "nesterov", quad: () => optim.sgd(0.05, { momentum: 0.9, nesterov: true }), quadSteps: 200, rosen: () => optim.momentum(2e-4, 0.9, { nesterov: true }), rosenSteps: 1500 },
  { name: "adagrad", quad: () => optim.adagrad(0.5), quadSteps: 300, rosen: () => optim.adagrad(0.5), rosenSteps: 1500 },
  { name: "rmsprop", quad: () => optim.rmsprop(0.01), quadSteps: 300, rosen: () => optim.rmsprop(3e-3), rosenSteps: 1500 },
  { name: "adam", quad: () => optim.adam(0.05), quadSteps: 400, rosen: () => optim.adam(0.02), rosenSteps: 1500 },
  { name: "adamw", quad: () => optim.adamw(0.05, { weightDecay: 0 }), quadSteps: 400, rosen: () => optim.adamw(0.02, { weightDecay: 0 }), rosenSteps: 1500 },
];

describe("convergence", () => {
  for (const c of cases) {
    it(`${c.name} converges on a quadratic ½‖Ax − b‖²`, () => {
      const x = minimise(c.quad(), quadratic, f64([0, 0]), c.quadSteps);
      const [x0, x1] = Array.from(x.data());
      expect(Math.abs(x0! - X_STAR[0]!)).toBeLessThan(1e-2);
      expect(Math.abs(x1! - X_STAR[1]!)).toBeLessThan(1e-2);
    });

    it(`${c.name} makes good progress on Rosenbrock's function`, () => {
      const x = minimise(c.rosen(), rosenbrock, f64(START), c.rosenSteps);
      const final = rosenbrock(x).item() as number;
      expect(final).toBeLessThan(0.25); // from 24.2: a reduction of more than 99%
    });
  }
});
