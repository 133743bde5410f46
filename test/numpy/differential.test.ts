/**
 * Silent wrong answers found by differential testing of every np function against numpy under
 * JAX's dtype rules (issue 8). Each case once returned a plausible but wrong value or dtype; the
 * expected values are worked out by hand (and agree with numpy 2 and JAX unless noted).
 */
import { describe, expect, it } from "vitest";
import * as np from "../../src/numpy/index.js";
import { grad, jit, vmap } from "../../src/index.js";
import { JaxonError, ValueError } from "../../src/errors/index.js";
import type { NDArray } from "../../src/array/ndarray.js";

const ints = (xs: number[]): NDArray => np.array(new Int32Array(xs));

describe("floor and ceil of integers and bools return the input", () => {
  it("keep int32 (a float32 detour would round 16777217 to 16777216) and bool", () => {
    const x = ints([16777217, -3, 2147483647]);
    for (const f of [np.floor, np.ceil]) {
      const y = f(x);
      expect(y.dtype).toBe("int32");
      expect(y.toArray()).toEqual([16777217, -3, 2147483647]);
      const b = f(np.array([true, false]));
      expect(b.dtype).toBe("bool");
      expect(b.toArray()).toEqual([true, false]);
    }
  });
  it("still round floats, under jit and vmap too", () => {
    expect(np.floor(np.array([-1.5, 2.5])).toArray()).toEqual([-2, 2]);
    expect(jit((v: NDArray) => np.ceil(v))(ints([4, -4])).dtype).toBe("int32");
    expect(vmap((v: NDArray) => np.floor(v))(np.array([[-0.5], [1.5]])).toArray()).toEqual([[-1], [1]]);
  });
});

describe("square of bools", () => {
  it("is int32, as JAX promotes bools to a number for square (numpy gives int8), not bool", () => {
    const y = np.square(np.array([true, false]));
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([1, 0]);
    expect(np.square(true).dtype).toBe("int32");
  });
});

describe("var and std with no degrees of freedom left are NaN, as in JAX", () => {
  it("ddof > n once gave a negative variance, ddof = n Infinity, empty input -0", () => {
    const x = np.array([1, 2, 3]);
    // The sum of squares is 2: 2 / (3 - 5) was -1 and 2 / (3 - 3) was Infinity.
    expect(np.var(x, { ddof: 5 }).item()).toBeNaN();
    expect(np.var(x, { ddof: 3 }).item()).toBeNaN();
    expect(np.std(x, { ddof: 3 }).item()).toBeNaN();
    expect(np.variance(np.zeros([0]), { ddof: 1 }).item()).toBeNaN();
    expect(np.var(np.array([[1, 2], [3, 5]]), { axis: 1, ddof: 2 }).toArray()).toEqual([NaN, NaN]);
    const kept = np.var(np.array([[1, 2], [3, 5]], { dtype: "float64" }), { axis: 0, ddof: 2, keepdims: true });
    expect(kept.shape).toEqual([1, 2]);
    expect(kept.dtype).toBe("float64");
  });
  it("keeps the usual values while n - ddof > 0", () => {
    expect(np.var(np.array([1, 2, 3]), { ddof: 2 }).item()).toBe(2);
    expect(np.var(np.array([1, 2, 3]), { ddof: 0.5 }).item()).toBeCloseTo(0.8, 6);
    expect(np.std(np.array([1, 3]), { ddof: 1 }).item()).toBeCloseTo(Math.SQRT2, 6);
  });
});

describe("isclose with an infinite y", () => {
  it("is true only for an equal infinity (rtol·|∞| accepted every finite x before)", () => {
    const x = np.array([1, Infinity, -Infinity, 3e38, NaN]);
    expect(np.isclose(x, Infinity).toArray()).toEqual([false, true, false, false, false]);
    expect(np.isclose(ints([1, -2]), np.array([Infinity, -Infinity]), { rtol: 1 }).toArray()).toEqual([false, false]);
    expect(np.allclose(np.array([3]), 3.5e38)).toBe(false); // 3.5e38 is Infinity in float32
    expect(np.allclose(np.array([3], { dtype: "float64" }), 1e300, { rtol: 1 })).toBe(true); // a finite y: within tolerance
    expect(np.isclose(np.array([NaN, Infinity]), np.array([NaN, Infinity]), { equalNan: true }).toArray()).toEqual([true, true]);
  });
});

describe("pow at the points where JS's Math.pow differs from C's pow", () => {
  it("1 ** NaN, 1 ** ±Infinity and (−1) ** ±Infinity are 1, as in numpy and JAX", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const base = np.array([1, 1, 1, -1, -1, NaN, 2, -1, 0.5], { dtype });
      const exponent = np.array([NaN, Infinity, -Infinity, Infinity, -Infinity, 0, NaN, 3, Infinity], { dtype });
      expect(np.pow(base, exponent).toArray()).toEqual([1, 1, 1, 1, 1, 1, NaN, -1, 0]);
    }
    expect(np.pow(1, np.array([NaN])).toArray()).toEqual([1]);
    expect(jit((b: NDArray) => np.pow(b, Infinity))(np.array([-1, 2])).toArray()).toEqual([1, Infinity]);
  });
});

describe("linspace with an integer dtype rounds down", () => {
  it("floors as numpy 2 and JAX do (it truncated toward zero)", () => {
    // -4 + 0.04·i: -3.96 is -4 (truncation gave -3).
    expect((np.linspace(-4, -2, 50, { endpoint: false, dtype: "int32" }).toArray() as number[]).slice(0, 3)).toEqual([-4, -4, -4]);
    // 3, 2.42, 1.83, 1.25, 0.67, 0.08, -0.5
    expect(np.linspace(3, -0.5, 7, { dtype: "int32" }).toArray()).toEqual([3, 2, 1, 1, 0, 0, -1]);
    expect(np.linspace(0, 10, 5, { dtype: "int32" }).toArray()).toEqual([0, 2, 5, 7, 10]);
  });
});

describe("arange with an integer dtype and fractional arguments", () => {
  it("truncates start and step first, as numpy and JAX (it gave the repeat [-1, 0, 0, 1])", () => {
    expect(np.arange(-1.5, 2.5, null, { dtype: "int32" }).toArray()).toEqual([-1, 0, 1, 2]);
    expect(np.arange(2.7, -3, -1.5, { dtype: "int32" }).toArray()).toEqual([2, 1, 0, -1]);
    // JAX: start 0, step 1, length ceil(2.5 / 1.5) = 2.
    expect(np.arange(0.5, 3, 1.5, { dtype: "int32" }).toArray()).toEqual([0, 1]);
  });
  it("refuses a step that truncates to 0 (numpy gives all zeros) unless at most one element results", () => {
    let caught: unknown;
    try {
      np.arange(0, 5, 0.5, { dtype: "int32" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ValueError);
    expect((caught as JaxonError).message).toMatch(/^np\.arange: step 0\.5 truncates to 0/);
    expect(np.arange(0.1, -5, 0.5, { dtype: "int32" }).shape).toEqual([0]);
    expect(np.arange(0, 0.4, 0.5, { dtype: "int32" }).toArray()).toEqual([0]);
    expect(np.arange(0, 2, 0.5).toArray()).toEqual([0, 0.5, 1, 1.5]);
  });
});

describe("gradients at special points follow JAX's conventions", () => {
  const g = (f: (x: NDArray) => NDArray, x: number): number => grad(f)(np.array(x)).item() as number;
  it("sqrt, abs, pow, maximum/minimum ties and clip bounds", () => {
    expect(g(np.sqrt, 0)).toBe(Infinity);
    expect(g(np.abs, 0)).toBe(0);
    expect(g(np.abs, -0) === 0).toBe(true); // sign(-0) · 1: -0, as in JAX
    expect(g((x) => np.pow(x, 2), 0)).toBe(0);
    expect(g((x) => np.pow(x, 0), 0)).toBe(0);
    expect(g((x) => np.pow(x, 0.5), 0)).toBe(Infinity);
    expect(g((y) => np.pow(0, y), 2)).toBe(0);
    expect(g((y) => np.pow(0, y), 0)).toBe(0);
    expect(g((x) => np.maximum(x, 0), 0)).toBe(0.5);
    expect(g((x) => np.minimum(x, x), 3)).toBe(1);
    expect(g((x) => np.clip(x, 0, 1), 1)).toBe(0.5);
    expect(grad((x: NDArray) => np.max(x))(np.array([1, 3, 3])).toArray()).toEqual([0, 0.5, 0.5]);
    // The norm at 0 is NaN in JAX too (0.5/sqrt(0) · 2x = ∞ · 0).
    expect(grad((x: NDArray) => np.sqrt(np.sum(np.square(x))))(np.array([0, 0])).toArray()).toEqual([NaN, NaN]);
  });
});

describe("messages of refusals the fuzz hit often", () => {
  it("say why a -1 cannot be inferred next to a 0, and that an empty axis has no index", () => {
    expect(() => np.reshape(np.zeros([3, 0]), [0, -1])).toThrow(/^np\.reshape: .*the other dimensions multiply to 0/);
    expect(() => np.slice(np.zeros([2, 0]), null, 0)).toThrow(/^np\.slice: index 0 is out of bounds for axis 1 with size 0 .*an empty axis has no index to pick/);
  });
});

describe("take under vmap with per-example indices", () => {
  const x = np.array([[10, 20], [30, 40]]);
  const f = (a: NDArray, i: NDArray): NDArray => np.take(a, i);
  it("gathers within each example", () => {
    expect(vmap(f)(x, np.array([[1, -1], [0, -2]], { dtype: "int32" })).toArray()).toEqual([[20, 20], [30, 30]]);
    expect(vmap(grad((a: NDArray, i: NDArray) => np.sum(np.take(a, i))))(x, np.array([[1, 1], [0, -1]], { dtype: "int32" })).toArray()).toEqual([[0, 2], [1, 1]]);
  });
  it("refuses an index outside its own example (it read the next example's row: [[30], [30]])", () => {
    const oob = np.array([[2], [0]], { dtype: "int32" });
    expect(() => vmap(f)(x, oob)).toThrow(/^np\.take: index 2 is out of bounds for axis 0 with size 2 of each example/);
    expect(() => vmap(f)(x, np.array([[0], [-3]], { dtype: "int32" }))).toThrow(/^np\.take: index -3 is out of bounds/);
    expect(() => jit(vmap(f))(x, oob)).toThrow(/out of bounds for its example's axis/);
  });
});
