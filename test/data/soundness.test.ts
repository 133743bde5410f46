// Issue 8 reproducers for data: bad sizes (negative, fractional, NaN, huge) and options give a
// ValueError naming the function at once; the user's function runs as user code.
import { describe, expect, it } from "vitest";
import { data, np, random, ShapeError, ValueError, type NDArray } from "../../src/index.js";
import { throwsNamed } from "../nn/throws.js";

const key = random.key(0);

describe("data generators: bad sizes", () => {
  it.each([-1, 1.5, NaN, Infinity, 1e9, "10"])("moons/circles/spirals/blobs/regression1d with n = %s", (n) => {
    const started = performance.now();
    throwsNamed(() => data.moons(key, { n: n as number }), ValueError, "data.moons", /n /);
    throwsNamed(() => data.circles(key, { n: n as number }), ValueError, "data.circles", /n /);
    throwsNamed(() => data.spirals(key, { n: n as number }), ValueError, "data.spirals", /n /);
    throwsNamed(() => data.blobs(key, { n: n as number }), ValueError, "data.blobs", /n /);
    throwsNamed(() => data.regression1d(key, (x) => x, { n: n as number }), ValueError, "data.regression1d", /n /);
    expect(performance.now() - started).toBeLessThan(500);
  });
  it("too many numbers in all (n × dim), more centres than examples, a huge parity", () => {
    throwsNamed(() => data.blobs(key, { n: 100000, dim: 1000 }), ValueError, "data.blobs", /100000000 numbers, more than the 16777216/);
    throwsNamed(() => data.blobs(key, { n: 3, centers: 4 }), ValueError, "data.blobs", /4 centres need at least as many examples, got n = 3/);
    throwsNamed(() => data.blobs(key, { n: 3, centers: 1e9 }), ValueError, "data.blobs", /centers = 1000000000 is more than/);
    throwsNamed(() => data.parity(40), ValueError, "data.parity", /1…20/);
  });
  it("options are validated", () => {
    throwsNamed(() => data.moons(key, { nosie: 0.1 } as never), ValueError, "data.moons", /unknown option "nosie"; did you mean "noise"\?/);
    throwsNamed(() => data.batches(key, data.xor(), 2, { dropRemaining: true } as never), ValueError, "data.batches", /did you mean "dropRemainder"/);
    throwsNamed(() => data.blobs(key, { centers: [[0, 0], [1]] }), ShapeError, "data.blobs", /same length/);
    throwsNamed(() => data.standardize(np.ones([3, 2]), null as never), ValueError, "data.standardize", /stats must be \{ mean, std \}/);
    throwsNamed(() => data.split(key, data.xor(), NaN), ValueError, "data.split", /fraction/);
  });
  it("regression1d's fn is user code: a non-function is refused, its errors name what it called", () => {
    throwsNamed(() => data.regression1d(key, 3 as never), ValueError, "data.regression1d", /expected the second argument .* as a function, got number 3/);
    throwsNamed(() => data.regression1d(key, (x: NDArray) => np.reshape(x, [7])), ShapeError, "np.reshape");
    throwsNamed(() => data.regression1d(key, (x: NDArray) => np.sum(x)), ShapeError, "data.regression1d", /fn must return an array with 100 rows/);
  });
});

describe("standardize: no silent wrong answers on constant or large features", () => {
  it("a constant float64 column gives 0, not −1 (its rounded mean left a std of 1.4e-17)", () => {
    // mean(0.1, 0.1, 0.1) = 0.10000000000000002 in float64; the column used to come out [−1, −1, −1].
    const s = data.standardize(np.array([[0.1, 1], [0.1, 2], [0.1, 3]], { dtype: "float64" }));
    expect(Array.from(np.slice(s.x, null, 0).data())).toEqual([0, 0, 0]);
    expect(Array.from(s.mean.data())).toEqual([0.1, 2]);
    expect(s.std.data()[0]).toBe(1);
    const c = Math.sqrt(1.5); // (x − 2) / √(2/3) for x = 1, 2, 3
    const col = Array.from(np.slice(s.x, null, 1).data());
    [-c, 0, c].forEach((v, i) => expect(col[i]).toBeCloseTo(v, 14));
  });
  it("statistics are accumulated in float64 for float32 data (1e6 and 1e6 + 0.125 give ∓1, not −1.41 and 0)", () => {
    const x = np.array(Array.from({ length: 10 }, (_, i) => [1e6 + (i % 2) * 0.125]), { dtype: "float32" });
    const s = data.standardize(x);
    expect(s.x.dtype).toBe("float32");
    expect(Array.from(s.x.data())).toEqual([-1, 1, -1, 1, -1, 1, -1, 1, -1, 1]);
    expect(s.mean.data()[0]).toBe(1000000.0625);
    expect(s.std.data()[0]).toBe(0.0625);
  });
  it("given stats whose std is 0, negative or not finite are refused (they gave ±∞)", () => {
    const x = np.ones([3, 2]);
    throwsNamed(() => data.standardize(x, { mean: np.zeros([2]), std: np.array([1, 0]) }), ValueError, "data.standardize", /stats\.std holds 0; every standard deviation must be finite and > 0/);
    throwsNamed(() => data.standardize(x, { mean: np.zeros([2]), std: np.array([NaN, 1]) }), ValueError, "data.standardize", /holds NaN/);
    expect(Array.from(data.standardize(x, { mean: np.zeros([2]), std: np.array([2, 4]) }).x.data())).toEqual([0.5, 0.25, 0.5, 0.25, 0.5, 0.25]);
  });
});
