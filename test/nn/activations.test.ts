import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arb, checkGrads, laws } from "../../laws/index.js";
import type { NDArray } from "../../src/array/ndarray.js";
import * as nn from "../../src/nn/index.js";
import * as np from "../../src/numpy/index.js";
import { jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
const pts = [-3, -1.5, -0.7, -0.1, 0, 0.1, 0.4, 1, 2.5, 4];
/** Elementwise derivative of a scalar activation at each point, by vmap(grad). */
const deriv = (f: (x: NDArray) => NDArray, xs: number[] = pts): number[] => Array.from(vmap(grad(f))(f64(xs)).data());
const close = (a: number[], b: number[], tol = 1e-12) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, -Math.log10(tol)));
const sig = (x: number) => 1 / (1 + Math.exp(-x));

describe("activation values", () => {
  it("match their definitions", () => {
    const x = f64([-2, -0.5, 0, 0.5, 2]);
    expect(nn.identity(x).toArray()).toEqual([-2, -0.5, 0, 0.5, 2]);
    expect(nn.step(x).toArray()).toEqual([0, 0, 1, 1, 1]);
    expect(nn.relu(x).toArray()).toEqual([0, 0, 0, 0.5, 2]);
    expect(nn.prelu(x, 0.25).toArray()).toEqual([-0.5, -0.125, 0, 0.5, 2]);
    expect(nn.leakyRelu(x).toArray()).toEqual([-0.02, -0.005, 0, 0.5, 2]);
    close(Array.from(nn.elu(x).data()), [Math.expm1(-2), Math.expm1(-0.5), 0, 0.5, 2]);
    close(Array.from(nn.sigmoid(x).data()), [-2, -0.5, 0, 0.5, 2].map(sig));
    close(Array.from(nn.softplus(x).data()), [-2, -0.5, 0, 0.5, 2].map((v) => Math.log1p(Math.exp(v))));
    close(Array.from(nn.silu(x).data()), [-2, -0.5, 0, 0.5, 2].map((v) => v * sig(v)));
    const g = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    close(Array.from(nn.gelu(x).data()), [-2, -0.5, 0, 0.5, 2].map(g));
    close(Array.from(nn.tanh(x).data()), [-2, -0.5, 0, 0.5, 2].map(Math.tanh));
    close(Array.from(nn.arctan(x).data()), [-2, -0.5, 0, 0.5, 2].map(Math.atan));
    expect(nn.relu(np.array([1, -1], { dtype: "int32" })).dtype).toBe("float32");
    expect(nn.sigmoid(np.array([0.5])).dtype).toBe("float32");
  });

  it("softmax, logSoftmax, logsumexp, oneHot", () => {
    const z = f64([[1, 2, 3], [0, 0, 0]]);
    const e = [1, 2, 3].map(Math.exp);
    const s = e.reduce((a, b) => a + b);
    close(Array.from(nn.softmax(z).data()), [...e.map((v) => v / s), 1 / 3, 1 / 3, 1 / 3]);
    close(Array.from(nn.logSoftmax(z).data()), [...e.map((v) => Math.log(v / s)), -Math.log(3), -Math.log(3), -Math.log(3)]);
    close(Array.from(nn.logsumexp(z, 1).data()), [Math.log(s), Math.log(3)]);
    expect(nn.logsumexp(z).shape).toEqual([]);
    expect(nn.logsumexp(z, 1, true).shape).toEqual([2, 1]);
    close(Array.from(nn.softmax(z, 0).data()).slice(0, 1), [Math.E / (Math.E + 1)]);
    expect(nn.oneHot(np.array([2, 0], { dtype: "int32" }), 3).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(nn.oneHot([1], 2, { dtype: "float64" }).dtype).toBe("float64");
    expect(() => nn.softmax(z, 2)).toThrow(/softmax: axis 2 is out of range/);
  });
});

describe("activation derivatives match the lecture's table", () => {
  it("σ' = σ(1 − σ), tanh' = 1 − tanh², arctan' = 1/(1 + x²)", () => {
    close(deriv(nn.sigmoid), pts.map((v) => sig(v) * (1 - sig(v))));
    close(deriv(nn.tanh), pts.map((v) => 1 - Math.tanh(v) ** 2));
    close(deriv(nn.arctan), pts.map((v) => 1 / (1 + v * v)));
  });
  it("relu' = H(x) with relu'(0) = 0; step' = 0; identity' = 1", () => {
    expect(deriv(nn.relu)).toEqual(pts.map((v) => (v > 0 ? 1 : 0)));
    expect(deriv(nn.step)).toEqual(pts.map(() => 0));
    expect(deriv(nn.identity)).toEqual(pts.map(() => 1));
  });
  it("elu' = 1 for x > 0 and αeˣ otherwise; softplus' = σ; prelu, leakyRelu, silu", () => {
    close(deriv((x) => nn.elu(x, 0.7)), pts.map((v) => (v > 0 ? 1 : 0.7 * Math.exp(v))));
    close(deriv(nn.softplus), pts.map(sig));
    close(deriv((x) => nn.prelu(x, 0.2)), pts.map((v) => (v > 0 ? 1 : 0.2)));
    close(deriv((x) => nn.leakyRelu(x)), pts.map((v) => (v > 0 ? 1 : 0.01)));
    close(deriv(nn.silu), pts.map((v) => sig(v) * (1 + v * (1 - sig(v)))));
  });
  it("prelu's alpha is differentiable", () => {
    expect(grad((a: NDArray) => np.sum(nn.prelu(f64([-2, 3]), a)))(f64(0.5)).item()).toBe(-2);
  });
});

describe("checkGrads (float64, order 2)", () => {
  const x = f64([[-1.3, -0.4, 0.35], [0.8, 1.7, -2.2]]);
  const smooth: [string, (x: NDArray) => NDArray][] = [
    ["identity", nn.identity],
    ["sigmoid", nn.sigmoid],
    ["tanh", nn.tanh],
    ["arctan", nn.arctan],
    ["relu", nn.relu],
    ["prelu", (v) => nn.prelu(v, 0.3)],
    ["leakyRelu", (v) => nn.leakyRelu(v, 0.1)],
    ["elu", (v) => nn.elu(v, 1.5)],
    ["softplus", nn.softplus],
    ["gelu", nn.gelu],
    ["silu", nn.silu],
    ["softmax", (v) => nn.softmax(v)],
    ["softmax axis 0", (v) => nn.softmax(v, 0)],
    ["logSoftmax", (v) => nn.logSoftmax(v)],
    ["logsumexp", (v) => nn.logsumexp(v, -1)],
    ["logsumexp all", (v) => nn.logsumexp(v)],
  ];
  for (const [name, f] of smooth) it(name, () => checkGrads(f, [x], { order: 2 }));
  it("prelu in alpha", () => checkGrads((a: NDArray) => nn.prelu(x, a), [f64(0.3)], { order: 2 }));
});

describe("laws", () => {
  const args = fc.tuple(arb.ndarray({ shape: [3, 4], dtype: "float64", min: -3, max: 3 }));
  it("vmap matches a loop and jit matches eager for softmax / logsumexp / gelu", () => {
    fc.assert(laws.vmapMatchesLoop({ f: (v: NDArray) => nn.logSoftmax(v), args }), { numRuns: 5 });
    fc.assert(laws.jitMatchesEager({ f: (v: NDArray) => nn.logsumexp(v, 1), args }), { numRuns: 5 });
    fc.assert(laws.jitMatchesEager({ f: (v: NDArray) => nn.sigmoid(nn.gelu(v)), args }), { numRuns: 5 });
  });
  it("gradients match finite differences on random inputs", () => {
    fc.assert(laws.gradMatchesFiniteDifferences({ f: (v: NDArray) => np.sum(nn.softplus(v)), args }), { numRuns: 10 });
    fc.assert(laws.gradMatchesFiniteDifferences({ f: (v: NDArray) => np.sum(np.mul(nn.softmax(v), np.arange(4))), args }), { numRuns: 10 });
  });
});

describe("stability", () => {
  const big = [-1000, -50, 0, 50, 1000];
  const finite = (a: NDArray) => Array.from(a.data()).every(Number.isFinite);
  for (const dtype of ["float32", "float64"] as const) {
    it(`sigmoid, softplus, elu, gelu, silu, tanh have finite values and gradients at ±1000 (${dtype})`, () => {
      const x = np.array(big, { dtype });
      for (const f of [nn.sigmoid, nn.softplus, (v: NDArray) => nn.elu(v), nn.gelu, nn.silu, nn.tanh, nn.arctan]) {
        expect(finite(f(x))).toBe(true);
        expect(finite(vmap(grad(f))(x))).toBe(true);
        expect(finite(jit(vmap(grad(f)))(x))).toBe(true);
      }
      const sv = Array.from(nn.sigmoid(x).data());
      [0, sig(-50), 0.5, sig(50), 1].forEach((v, i) => expect(Math.abs(sv[i]! - v)).toBeLessThanOrEqual(1e-7 * Math.abs(v)));
      expect(nn.softplus(x).data()[4]).toBe(1000);
      expect(vmap(grad(nn.softplus))(x).data()[4]).toBe(1);
    });
    it(`logsumexp / logSoftmax / softmax with ±1000 and -Infinity (${dtype})`, () => {
      const z = np.array([[1000, 1000, -1000], [-Infinity, 0, 0], [-Infinity, -Infinity, -Infinity], [-1000, -1000, -Infinity]], { dtype });
      const lse = Array.from(nn.logsumexp(z, 1).data());
      expect(lse[0]).toBeCloseTo(1000 + Math.log(2), dtype === "float32" ? 3 : 10);
      expect(lse[1]).toBeCloseTo(Math.log(2), 5);
      expect(lse[2]).toBe(-Infinity);
      expect(lse[3]).toBeCloseTo(-1000 + Math.log(2), dtype === "float32" ? 3 : 10);
      const ls = nn.logSoftmax(z);
      expect(Array.from(nn.softmax(z).data()).every(Number.isFinite)).toBe(true);
      expect((nn.softmax(z).toArray() as number[][])[1]).toEqual([0, 0.5, 0.5]);
      expect((nn.softmax(z).toArray() as number[][])[2]).toEqual([0, 0, 0]);
      expect(Array.from(ls.data()).some(Number.isNaN)).toBe(false);
      for (const f of [(v: NDArray) => np.sum(nn.logsumexp(v, 1)), (v: NDArray) => np.sum(np.mul(nn.softmax(v), np.arange(3))), (v: NDArray) => np.sum(np.where(np.isfinite(ls), nn.logSoftmax(v), 0))]) {
        const g = grad(f)(z);
        expect(finite(g)).toBe(true);
        expect(finite(jit(grad(f))(z))).toBe(true);
      }
      const g = grad((v: NDArray) => np.sum(nn.logsumexp(v, 1)))(z).toArray() as number[][];
      expect(g[0]).toEqual([0.5, 0.5, 0]);
      expect(g[1]).toEqual([0, 0.5, 0.5]);
      expect(g[2]).toEqual([0, 0, 0]);
    });
  }
});
