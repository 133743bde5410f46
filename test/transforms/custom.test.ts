import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import { customJvp, customVjp, stopGradient } from "../../src/transforms/custom.js";
import { hessian, jacfwd, jacrev } from "../../src/transforms/jacobian.js";
import { jit } from "../../src/transforms/jit.js";
import { jvp } from "../../src/transforms/jvp.js";
import { grad, vjp } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });

describe("stopGradient", () => {
  it("blocks the derivative but not the value", () => {
    const f = (x: NDArray) => np.mul(x, stopGradient(x));
    expect(f(f64(3)).item()).toBe(9);
    expect(grad(f)(f64(3)).item()).toBe(3);
    expect(jvp(f, [f64(3)], [f64(1)])[1].item()).toBe(3);
    expect(vmap(grad(f))(f64([1, 2])).toArray()).toEqual([1, 2]);
  });
});

describe("customJvp", () => {
  // log(1 + eˣ) with the stable derivative σ(x); the naive derivative overflows at x = 1000.
  const sigmoid = (x: NDArray) => np.div(1, np.add(1, np.exp(np.neg(x))));
  const softplus = customJvp(
    (x: NDArray) => np.add(np.maximum(x, 0), np.log1p(np.exp(np.neg(np.abs(x))))),
    ([x], [t]) => [np.add(np.maximum(x, 0), np.log1p(np.exp(np.neg(np.abs(x))))), np.mul(t, sigmoid(x))],
  );
  it("is used by jvp, grad, grad of grad, and under vmap/jit", () => {
    expect(jvp(softplus, [f64(0)], [f64(2)])[1].item()).toBe(1);
    expect(grad(softplus)(f64(1000)).item()).toBe(1);
    expect(grad(grad(softplus))(f64(0)).item()).toBeCloseTo(0.25, 12);
    expect(vmap(grad(softplus))(f64([0, 1000, -1000])).toArray()).toEqual([0.5, 1, 0]);
    expect(jit(grad(softplus))(f64(0)).item()).toBe(0.5);
  });
  it("a deliberately wrong rule shows up in the gradient (the rule, not f, is differentiated)", () => {
    const wrong = customJvp((x: NDArray) => np.sin(x), ([x], [t]) => [np.sin(x), np.mul(t, 2)]);
    expect(grad(wrong)(f64(0.5)).item()).toBe(2);
  });
});

describe("customVjp", () => {
  const clipGradient = customVjp(
    (x: NDArray) => x,
    (x: NDArray) => [x, null],
    (_residuals, g) => [np.clip(g, -1, 1)],
  );
  it("applies the backward rule in grad/vjp, also under vmap and jit", () => {
    const f = (x: NDArray) => np.sum(np.mul(clipGradient(x), 10));
    expect(grad(f)(f64([1, 2])).toArray()).toEqual([1, 1]);
    expect(vmap(grad((x: NDArray) => np.mul(clipGradient(x), -5)))(f64([1, 2])).toArray()).toEqual([-1, -1]);
    expect(jit(grad(f))(f64([1, 2])).toArray()).toEqual([1, 1]);
    const [, pullback] = vjp(clipGradient, f64([3]));
    expect(pullback(f64([0.5]))[0].toArray()).toEqual([0.5]);
  });
  it("uses residuals, handles several arguments, and refuses forward mode", () => {
    const mulWithResiduals = customVjp(
      (a: NDArray, b: NDArray) => np.mul(a, b),
      (a: NDArray, b: NDArray) => [np.mul(a, b), [a, b]],
      ([a, b]: NDArray[], g) => [np.mul(g, b!), np.mul(g, a!)],
    );
    const [ga, gb] = grad((a: NDArray, b: NDArray) => np.sum(mulWithResiduals(a, b)), { argnums: [0, 1] })(f64([2]), f64([5]));
    expect([ga.toArray(), gb.toArray()]).toEqual([[5], [2]]);
    expect(() => jvp(clipGradient, [f64(1)], [f64(1)])).toThrow(/forward-mode differentiation.*customJvp/);
  });
});

describe("jacobians and hessians", () => {
  const f = (x: NDArray) => np.stack([np.mul(np.take(x, 0), np.take(x, 1)), np.sin(np.take(x, 0)), np.exp(np.take(x, 1))]);
  const x = f64([0.5, -1]);
  it("jacfwd equals jacrev and the hand-derived Jacobian", () => {
    const expected = [
      [-1, 0.5],
      [Math.cos(0.5), 0],
      [0, Math.exp(-1)],
    ];
    const forward = jacfwd(f)(x).toArray() as number[][];
    const reverse = jacrev(f)(x).toArray() as number[][];
    forward.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 12)));
    expect(reverse).toEqual(forward);
  });
  it("shapes are out.shape + in.shape; hessian of a quadratic form is A + Aᵀ", () => {
    const A = f64([[1, 2], [3, 4]]);
    expect(jacfwd((m: NDArray) => np.matmul(m, A))(f64([[1, 0], [0, 1]])).shape).toEqual([2, 2, 2, 2]);
    const quadratic = (v: NDArray) => np.dot(v, np.matmul(A, v));
    expect(hessian(quadratic)(f64([0.3, 0.7])).toArray()).toEqual([[2, 5], [5, 8]]);
    expect(() => hessian(f)(x)).toThrow(/must return a scalar/);
  });
});

describe("custom rules survive every nesting of transformations", () => {
  const wrongSin = customJvp((x: NDArray) => np.sin(x), ([x], [t]) => [np.sin(x), np.mul(t, 2)]);
  const clip = customVjp(
    (x: NDArray) => np.mul(x, 1),
    (x: NDArray) => [np.mul(x, 1), null],
    (_r, g: NDArray) => [np.clip(g, -1, 1)],
  );
  const xs = f64([0.1, 0.2, 0.3]);
  it("customJvp under grad(jit), grad(vmap), vmap(vmap) and jit(vmap(grad))", () => {
    expect(grad((x: NDArray) => np.sum(jit(wrongSin)(x)))(xs).toArray()).toEqual([2, 2, 2]);
    expect(grad((x: NDArray) => np.sum(vmap(wrongSin)(x)))(xs).toArray()).toEqual([2, 2, 2]);
    expect(jit(vmap(grad(wrongSin)))(xs).toArray()).toEqual([2, 2, 2]);
    const twice = vmap(vmap(grad(wrongSin)))(f64([[1, 2], [3, 4]]));
    expect(twice.toArray()).toEqual([[2, 2], [2, 2]]);
    expect(grad((x: NDArray) => np.sum(vmap(vmap(wrongSin))(x)))(f64([[1, 2], [3, 4]])).toArray()).toEqual([[2, 2], [2, 2]]);
    expect(jit(wrongSin)(f64(0.5)).item()).toBeCloseTo(Math.sin(0.5), 12);
  });
  it("customVjp under grad(jit), grad(vmap), and with an unbatched argument", () => {
    const f = (x: NDArray) => np.sum(np.mul(jit(clip)(x), 10));
    expect(grad(f)(xs).toArray()).toEqual([1, 1, 1]);
    expect(grad((x: NDArray) => np.sum(np.mul(vmap(clip)(x), -10)))(xs).toArray()).toEqual([-1, -1, -1]);
    const scale = customVjp(
      (a: NDArray, s: NDArray) => np.mul(a, s),
      (a: NDArray, s: NDArray) => [np.mul(a, s), [a, s]],
      ([a, s]: NDArray[], g: NDArray) => [np.mul(g, s!), np.sum(np.mul(g, a!))],
    );
    // s is shared by every batch member: its cotangent sums over the batch.
    const [ga, gs] = grad((a: NDArray, s: NDArray) => np.sum(vmap(scale, { inAxes: [0, null] })(a, s)), { argnums: [0, 1] })(f64([[1, 2], [3, 4]]), f64(2));
    expect(ga.toArray()).toEqual([[2, 2], [2, 2]]);
    expect(gs.item()).toBe(10);
  });
});
