// Issue 8 reproducers for random: bad keys, shapes and counts give a JaxonError of the right class
// naming the function, at once (sizes are checked before anything is allocated).
import { describe, expect, it } from "vitest";
import { DTypeError, JaxonError, np, random, ShapeError, ValueError } from "../../src/index.js";
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
