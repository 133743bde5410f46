// Issue 8 reproducers for random: bad keys, shapes and counts give a JaxonError of the right class
// naming the function, at once (sizes are checked before anything is allocated).
import { describe, expect, it } from "vitest";
import { DTypeError, JaxonError, nn, np, random, ShapeError, ValueError, type NDArray } from "../../src/index.js";
import { throwsNamed } from "../nn/throws.js";

const key = random.key(0);

describe("random: errors of the hierarchy, before allocating", () => {
  it("huge shapes and counts throw at once", () => {
    const started = performance.now();
    throwsNamed(() => random.normal(key, [1e6, 1e6]), ShapeError, "random.normal", /1000000000000 elements, more than the 2147483647/);
    throwsNamed(() => random.uniform(key, [2 ** 30, 2], { dtype: "float64" }), ShapeError, "random.uniform", /float64 samples drawn at once/);
    throwsNamed(() => random.split(key, 1e9), ValueError, "random.split", /splitArray/);
    throwsNamed(() => random.permutation(key, 3e9), ValueError, "random.permutation", /n must be in \[0, 2147483647\]/);
    expect(performance.now() - started).toBeLessThan(500);
  });
  it("negative, fractional and non-number counts and shapes", () => {
    throwsNamed(() => random.split(key, -1), ValueError, "random.split", /n must be a positive integer, got number -1/);
    throwsNamed(() => random.split(key, 1.5), ValueError, "random.split", /got number 1\.5/);
    throwsNamed(() => random.splitArray(key, NaN), ValueError, "random.splitArray", /got number NaN/);
    throwsNamed(() => random.normal(key, [2, 1.5]), ShapeError, "random.normal", /dimension 1 is 1\.5/);
    throwsNamed(() => random.normal(key, "3" as never), ValueError, "random.normal", /shape must be an array/);
    throwsNamed(() => random.foldIn(key, 2 ** 40), ValueError, "random.foldIn", /data must be an integer/);
    throwsNamed(() => random.key("0" as never), ValueError, "random.key", /seed must be an integer/);
  });
  it("a non-key, or a batch of keys (with the vmap hint)", () => {
    throwsNamed(() => random.uniform(np.array([1, 2]), [2]), ValueError, "random.uniform", /expected a key .*float32\[2\]/);
    throwsNamed(() => random.bernoulli(random.splitArray(key, 3), 0.5), ValueError, "random.bernoulli", /vmap\(\(k\) => random\.bernoulli\(k, \.\.\.\)\)\(keys\)/);
    throwsNamed(() => random.categorical({} as never, np.zeros([3])), ValueError, "random.categorical", /expected a key/);
  });
  it("options, dtypes and bounds", () => {
    throwsNamed(() => random.uniform(key, [2], { minVal: 0 } as never), ValueError, "random.uniform", /unknown option "minVal"; did you mean "minval"\?/);
    throwsNamed(() => random.normal(key, [2], { dtype: "int32" as never }), DTypeError, "random.normal", /dtype must be "float32" or "float64"/);
    throwsNamed(() => random.uniform(key, [2], { minval: -1e300, maxval: 1e300 }), ValueError, "random.uniform", /too large for float32/);
    throwsNamed(() => random.uniform(key, [2], { minval: NaN }), ValueError, "random.uniform", /finite minval < maxval/);
    throwsNamed(() => random.categorical(key, np.zeros([4, 0])), ShapeError, "random.categorical", /no categories/);
    throwsNamed(() => random.bernoulli(key, np.array([0.2, 0.8]), [3]), ShapeError, "random.bernoulli", /cannot be broadcast to the sample shape \[3\]/);
    throwsNamed(() => random.bernoulli(key, NaN), ValueError, "random.bernoulli", /probability in \[0, 1\]/);
  });
  it("every error of the existing table is a JaxonError", () => {
    for (const f of [() => random.key(1.5), () => random.split(key, 0), () => random.permutation(key, np.array(3)), () => random.randint(key, [2], 5, 5)]) {
      expect(f).toThrow(JaxonError);
    }
  });
});

describe("bernoulli with a probability float32 uniforms cannot resolve", () => {
  const k = random.key(3);
  const lessThan = (u: NDArray, p: number) => Array.from(np.less(u, p).data());
  it("a number p near 0 or 1 is drawn from float64 uniforms, so P(true) is p (float32 draws gave 2^-23 ≈ 1.2e-7 for p = 1e-9)", () => {
    // float32 uniforms are multiples of 2^-23: u < 1e-9 only for u = 0, probability 2^-23, 119× too often.
    for (const p of [1e-9, 1e-4, 1 - 1e-6]) {
      expect(Array.from(random.bernoulli(k, p, [64]).data())).toEqual(lessThan(random.uniform(k, [64], { dtype: "float64" }), p));
    }
  });
  it("other numbers keep JAX's float32 stream", () => {
    for (const p of [0.5, 0.3, 0.9, 0.01]) {
      expect(Array.from(random.bernoulli(k, p, [64]).data())).toEqual(lessThan(random.uniform(k, [64]), p));
    }
  });
  it("so dropout keeps its expectation at a rate near 1: the kept fraction is 1 − rate, each scaled by 1 / (1 − rate)", () => {
    const rate = 1 - 1e-4;
    const y = Array.from(nn.dropout(k, np.ones([20000], { dtype: "float64" }), rate, { train: true }).data());
    const kept = y.filter((v) => v !== 0);
    kept.forEach((v) => expect(v).toBeCloseTo(1e4, 6));
    // float64 draws: kept elements are exactly the uniforms below 1e-4.
    expect(kept.length).toBe(lessThan(random.uniform(k, [20000], { dtype: "float64" }), 1 - rate).filter(Boolean).length);
  });
});
