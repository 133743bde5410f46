/**
 * Derivatives of np.prod where elements are zero: the product of the other elements must be
 * exact there, and so must its own derivatives (a zero-masking formula gives a Hessian of zeros
 * at [0, 0], where the Hessian of x₀·x₁ is [[0, 1], [1, 0]]).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkGrads } from "../../laws/index.js";
import { grad, hessian, np, type NDArray } from "../../src/index.js";

const f64 = (v: unknown) => np.array(v as number[], { dtype: "float64" });

describe("np.prod derivatives with zeros", () => {
  it("the Hessian of x₀·x₁·x₂ at points with zeros is the analytic one", () => {
    expect(hessian(np.prod)(f64([0, 0])).toArray()).toEqual([[0, 1], [1, 0]]);
    expect(hessian(np.prod)(f64([0, 2, 3])).toArray()).toEqual([[0, 3, 2], [3, 0, 0], [2, 0, 0]]);
    expect(hessian(np.prod)(f64([0, 0, 5])).toArray()).toEqual([[0, 5, 0], [5, 0, 0], [0, 0, 0]]);
    expect(grad(np.prod)(f64([0, 0, 5])).toArray()).toEqual([0, 0, 0]);
    expect(grad(np.prod)(f64([0, 2, 3])).toArray()).toEqual([6, 0, 0]);
  });

  it("first and second derivatives match finite differences on vectors full of zeros, over any axes", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0, 1, -1, 2, 0.5), { minLength: 6, maxLength: 6 }), fc.constantFrom<number | number[]>(0, 1, [0, 1]), (xs, axis) => {
        const x = f64(xs).reshape([2, 3]);
        const f = (v: NDArray) => np.sum(np.mul(np.prod(v, { axis }), np.array([1, 2, 3].slice(0, axis === 0 ? 3 : axis === 1 ? 2 : 1), { dtype: "float64" })));
        checkGrads(f, [x], { order: 2 });
      }),
      { numRuns: 40 },
    );
  });
});
