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
