import { afterEach, describe, expect, it } from "vitest";
import { config, grad, jit, np, ValueError, type NDArray } from "../../src/index.js";
import { throwsNamed } from "../nn/throws.js";

afterEach(() => {
  config.update("debugNans", false);
  config.update("debugInfs", false);
});

describe("config debug flags", () => {
  it("debugNans names the primitive that first produced NaN, eagerly, under jit and in grad", () => {
    expect(np.log(np.array([-1])).toArray()).toEqual([NaN]); // off by default
    config.update("debugNans", true);
    expect(() => np.log(np.array([1, -1]))).toThrow(/debugNans: primitive log produced NaN at flat index 1 of its float32\[2\] result \(inputs float32\[2\]\)/);
    expect(() => jit((x: NDArray) => np.sqrt(np.sub(x, 2)))(np.array([1]))).toThrow(/primitive sqrt produced NaN/);
    expect(np.log(np.array(2)).item()).toBeCloseTo(Math.log(2), 6);
  });
  it("debugInfs catches overflow; grad of sqrt at 0 is an Inf", () => {
    config.update("debugInfs", true);
    expect(() => np.exp(np.array([100]))).toThrow(/debugInfs: primitive exp produced Infinity/);
    expect(() => grad((x: NDArray) => np.sum(np.sqrt(x)))(np.array([0, 1]))).toThrow(/debugInfs: primitive div produced Infinity/);
  });
  it("rejects unknown flags and non-boolean values", () => {
    expect(() => config.update("debugNan" as never, true as never)).toThrow(/unknown flag "debugNan"; the flags are "debugNans", "debugInfs", "checkTracerLeaks"/);
    expect(() => config.update("debugNans", 1 as never)).toThrow(/takes true or false/);
    expect(config.read("checkTracerLeaks")).toBe(true);
  });
  it("errors are ValueErrors naming config.update / config.read, with a suggestion for a misspelt flag", () => {
    throwsNamed(() => config.update("debugNan" as never, true as never), ValueError, "config.update", /unknown flag "debugNan"; .* \(did you mean "debugNans"\?\)/);
    throwsNamed(() => config.update("debugNans", "true" as never), ValueError, "config.update", /takes true or false, got the string "true"/);
    throwsNamed(() => config.read("checkTracerLeak" as never), ValueError, "config.read", /did you mean "checkTracerLeaks"/);
    throwsNamed(() => config.read(3 as never), ValueError, "config.read", /must be a string/);
    throwsNamed(() => config.update("toString" as never, true as never), ValueError, "config.update", /unknown flag "toString"/);
  });
});
