/**
 * debugNans / debugInfs: usable with jaxon's stable functions (which pass infinities around on
 * clean input), still catching the primitive that produces a NaN or an infinity, eagerly, under
 * grad and under jit, including NaNs folded into a jitted program's constants.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as config from "../../src/core/config.js";
import { FloatingPointError } from "../../src/errors/index.js";
import * as nn from "../../src/nn/index.js";
import * as np from "../../src/numpy/index.js";
import { jit } from "../../src/transforms/jit.js";
import { grad, valueAndGrad } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";

afterEach(() => {
  config.update("debugNans", false);
  config.update("debugInfs", false);
});

const logits = () => np.array([[1, 2, 3], [-1000, 0, 1000], [0.5, -0.5, 0]]);
const oneHot = () => np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
const labels = () => np.array([2, 0, 1], { dtype: "int32" });

describe("debugInfs does not fire on clean input to the stable functions", () => {
  it("nn.softmax, nn.logSoftmax, nn.logsumexp and np.isfinite", () => {
    config.update("debugInfs", true);
    config.update("debugNans", true);
    expect(np.sum(nn.softmax(logits())).item()).toBeCloseTo(3, 5);
    expect(nn.logSoftmax(logits()).shape).toEqual([3, 3]);
    expect(nn.logsumexp(np.array([1000, 1000])).item()).toBeCloseTo(1000 + Math.log(2), 3);
    expect(np.isfinite(np.array([1, 2])).toArray()).toEqual([true, true]);
  });
  it("softmax cross-entropy losses, their gradients, and under jit and vmap", () => {
    config.update("debugInfs", true);
    config.update("debugNans", true);
    const ce = (z: NDArray) => np.mean(nn.losses.softmaxCrossEntropy(z, oneHot()));
    const ceInt = (z: NDArray) => np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(z, labels()));
    for (const loss of [ce, ceInt]) {
      const [value, g] = valueAndGrad(loss)(logits()) as [NDArray, NDArray];
      expect(Number.isFinite(value.item())).toBe(true);
      expect(g.shape).toEqual([3, 3]);
      expect(jit(grad(loss))(logits()).shape).toEqual([3, 3]);
    }
    expect(vmap(grad((z: NDArray) => nn.logsumexp(z)))(logits()).shape).toEqual([3, 3]);
    expect(jit((z: NDArray) => nn.softmax(z))(logits()).shape).toEqual([3, 3]);
  });
  it("−∞ logits (masks) are fine too", () => {
    config.update("debugInfs", true);
    config.update("debugNans", true);
    expect(nn.softmax(np.array([0, -Infinity])).toArray()).toEqual([1, 0]);
    expect(grad((z: NDArray) => nn.logsumexp(z))(np.array([0, -Infinity])).toArray()).toEqual([1, 0]);
  });
});

describe("debugInfs still names the primitive that produced an infinity", () => {
  it("overflow, log(0), division by zero; eagerly, under grad and under jit", () => {
    config.update("debugInfs", true);
    expect(() => np.exp(np.array([100]))).toThrow(FloatingPointError);
    expect(() => np.exp(np.array([100]))).toThrow(/^np\.exp: debugInfs: primitive exp produced Infinity at flat index 0 of its float32\[1\] result \(inputs float32\[1\]\) from finite inputs/);
    expect(() => np.log(np.array([1, 0]))).toThrow(/primitive log produced -Infinity at flat index 1/);
    expect(() => np.div(np.array([1]), np.array([0]))).toThrow(/primitive div produced Infinity/);
    expect(() => grad((x: NDArray) => np.sum(np.sqrt(x)))(np.array([0, 1]))).toThrow(/debugInfs: primitive div produced Infinity/);
    expect(() => jit((x: NDArray) => np.exp(np.mul(x, 100)))(np.array([1]))).toThrow(/primitive exp produced Infinity/);
  });
  it("an infinity that enters from outside is passed along, not blamed on the next primitive", () => {
    config.update("debugInfs", true);
    expect(np.add(np.array([Infinity]), 1).toArray()).toEqual([Infinity]);
  });
});

describe("debugNans", () => {
  it("names the producer, and says so when an input already held NaN", () => {
    config.update("debugNans", true);
    expect(() => np.sqrt(np.array([-1]))).toThrow(/^np\.sqrt: debugNans: primitive sqrt produced NaN/);
    const e = (() => {
      try {
        np.add(np.array([NaN]), 1);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(FloatingPointError);
    expect((e as Error).message).toMatch(/^np\.add: debugNans: primitive add received NaN from its inputs/);
  });
  it("a NaN folded into a jit constant raises on every call, also when the flag is turned on after tracing", () => {
    config.update("debugNans", true);
    const f = jit((x: NDArray) => np.add(x, np.log(np.array(-1))));
    expect(() => f(np.array([1]))).toThrow(/primitive log produced NaN/);
    expect(() => f(np.array([1]))).toThrow(/primitive log produced NaN/);
    config.update("debugNans", false);
    const g = jit((x: NDArray) => np.mul(x, np.sqrt(np.array(-1))));
    expect(g(np.array([1])).toArray()).toEqual([NaN]); // traced and cached without the check
    config.update("debugNans", true);
    expect(() => g(np.array([1]))).toThrow(/primitive sqrt produced NaN/);
    expect(() => g(np.array([1]))).toThrow(/primitive sqrt produced NaN/);
    const c = np.array([NaN]);
    const h = jit((x: NDArray) => np.add(x, c));
    expect(() => h(np.array([1]))).toThrow(/primitive add received NaN/);
    expect(() => h(np.array([1]))).toThrow(/primitive add received NaN/);
  });
  it("the same flag under debugInfs: an overflow folded into a constant is checked once the flag is on", () => {
    const f = jit((x: NDArray) => np.add(x, np.exp(np.array(100))));
    expect(f(np.array([1])).toArray()).toEqual([Infinity]);
    config.update("debugInfs", true);
    expect(() => f(np.array([1]))).toThrow(/primitive exp produced Infinity/);
  });
});
