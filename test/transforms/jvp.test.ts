import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import { jvp } from "../../src/transforms/jvp.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
const num = (x: NDArray) => x.data();

/** Central difference of f at x along t, in float64. */
function numericalJvp(f: (...a: NDArray[]) => NDArray, xs: NDArray[], ts: NDArray[], eps = 1e-6): Float64Array {
  const plus = f(...xs.map((x, i) => np.add(x, np.mul(ts[i]!, eps))));
  const minus = f(...xs.map((x, i) => np.sub(x, np.mul(ts[i]!, eps))));
  return np.div(np.sub(plus, minus), 2 * eps).astype("float64").data() as Float64Array;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    expect(Math.abs(a - e), `element ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e)));
  }
}

describe("jvp", () => {
  it("differentiates sin at 0 and a polynomial", () => {
    const [y, dy] = jvp((x: NDArray) => np.sin(x), [f64(0)], [f64(1)]);
    expect(y.item()).toBe(0);
    expect(dy.item()).toBe(1);
    const [, d] = jvp((x: NDArray) => np.add(np.mul(x, np.mul(x, x)), np.mul(x, 2)), [f64(3)], [f64(1)]);
    expect(d.item()).toBe(29); // 3x² + 2 at 3
  });

  it("nests for higher derivatives (d²/dx² sin = −sin)", () => {
    const dsin = (x: NDArray) => jvp((u: NDArray) => np.sin(u), [x], [np.onesLike(x)])[1];
    const [, d2] = jvp(dsin, [f64(0.7)], [f64(1)]);
    expect(d2.item()).toBeCloseTo(-Math.sin(0.7), 12);
    const d3 = jvp((x: NDArray) => jvp(dsin, [x], [np.onesLike(x)])[1], [f64(0.7)], [f64(1)])[1];
    expect(d3.item()).toBeCloseTo(-Math.cos(0.7), 12);
  });

  it("takes pytrees in and out, and JS control flow on concrete values", () => {
    const f = (p: { w: NDArray; b: NDArray }) => {
      const z = np.add(np.matmul(p.w, f64([1, 2])), p.b);
      return (z.sum().item() as number) > 0 ? { z, twice: np.mul(z, 2) } : { z, twice: z };
    };
    const [out, tangent] = jvp(f, [{ w: f64([[1, 0], [0, 1]]), b: f64([0, 0]) }], [{ w: f64([[1, 1], [0, 0]]), b: f64([1, 0]) }]);
    expect(out.z.toArray()).toEqual([1, 2]);
    expect(tangent.z.toArray()).toEqual([4, 0]);
    expect(tangent.twice.toArray()).toEqual([8, 0]);
  });

  it("gives zero, not NaN, for the unused branch of where and for relu at 0", () => {
    const safeLog = (x: NDArray) => np.where(np.greater(x, 0), np.log(np.where(np.greater(x, 0), x, 1)), 0);
    expect(jvp(safeLog, [f64([0, 2])], [f64([1, 1])])[1].toArray()).toEqual([0, 0.5]);
    const relu = (x: NDArray) => np.maximum(x, 0);
    expect(jvp(relu, [f64([-1, 0, 2])], [f64([1, 1, 1])])[1].toArray()).toEqual([0, 0.5, 1]);
  });

  it("rejects mismatched tangents and integer primals with a fix", () => {
    expect(() => jvp(np.sin, [f64([1, 2])], [f64([1])])).toThrow(/tangent 0 is float64\[1\] but its primal is float64\[2\]/);
    expect(() => jvp(np.sin, [np.array([1], { dtype: "int32" })], [np.array([1], { dtype: "int32" })])).toThrow(/only float32\/float64/);
  });

  // Every differentiable np function against central differences in float64, on generated values.
  const value = fc.integer({ min: -1000, max: 1000 }).map((i) => i / 400);
  const positive = fc.integer({ min: 1, max: 1000 }).map((i) => i / 300 + 0.2);
  // Away from the kinks of clip, where and max, where finite differences straddle a jump.
  const smoothValue = value.filter((v) => Math.abs(v) > 0.01 && Math.abs(Math.abs(v) - 1) > 0.01);
  const vec = (arb: fc.Arbitrary<number>) => fc.array(arb, { minLength: 6, maxLength: 6 });
  const unaryCases: [string, (x: NDArray) => NDArray, fc.Arbitrary<number>][] = [
    ["neg", np.neg, value],
    ["exp", np.exp, value],
    ["log", np.log, positive],
    ["log1p", np.log1p, positive],
    ["expm1", np.expm1, value],
    ["sin", np.sin, value],
    ["cos", np.cos, value],
    ["tanh", np.tanh, value],
    ["arctan", np.arctan, value],
    ["sqrt", np.sqrt, positive],
    ["abs", np.abs, positive],
    ["square", np.square, value],
    ["sum", (x) => np.sum(np.reshape(x, [2, 3]), 1), value],
    ["prod", (x) => np.prod(np.reshape(x, [2, 3]), 0), value],
    ["max", (x) => np.max(np.reshape(x, [3, 2]), 1), value],
    ["min", (x) => np.min(x), value],
    ["mean", (x) => np.mean(x), value],
    ["var", (x) => np.var(np.reshape(x, [2, 3]), 1), value],
    ["std", (x) => np.std(x), value],
    ["cumsum", (x) => np.cumsum(np.reshape(x, [2, 3]), 1), value],
    ["transpose/reshape", (x) => np.transpose(np.reshape(x, [2, 3])), value],
    ["slice", (x) => np.slice(x, [4, 0, -2]), value],
    ["take", (x) => np.take(x, [5, 0, 0, -1]), value],
    ["concatenate/stack", (x) => np.stack([np.concatenate([x, x]), np.concatenate([np.neg(x), x])]), value],
    ["split", (x) => np.mul(np.split(x, 2)[0]!, np.split(x, 2)[1]!), value],
    ["clip", (x) => np.clip(x, -1, 1), smoothValue],
    ["pow", (x) => np.pow(x, 3), value],
    ["where", (x) => np.where(np.greater(x, 0), np.exp(x), np.mul(x, x)), smoothValue],
  ];
  for (const [name, f, arb] of unaryCases) {
    it(`matches finite differences: ${name}`, () => {
      fc.assert(
        fc.property(vec(arb), vec(value), (xs, ts) => {
          const x = f64(xs);
          const t = f64(ts);
          expectClose(num(jvp(f, [x], [t])[1]), numericalJvp(f, [x], [t]), 1e-5);
        }),
        { numRuns: 30 },
      );
    });
  }
  const binaryCases: [string, (x: NDArray, y: NDArray) => NDArray, fc.Arbitrary<number>][] = [
    ["add", np.add, value],
    ["sub", np.sub, value],
    ["mul", np.mul, value],
    ["div", np.div, positive],
    ["pow", np.pow, positive],
    ["arctan2", np.arctan2, positive],
    ["matmul", (x, y) => np.matmul(np.reshape(x, [2, 3]), np.reshape(y, [3, 2])), value],
    ["dot/outer", (x, y) => np.add(np.dot(x, y), np.sum(np.outer(x, y))), value],
    ["broadcast add", (x, y) => np.add(np.reshape(x, [6, 1]), np.slice(y, [0, 3])), value],
  ];
  for (const [name, f, arb] of binaryCases) {
    it(`matches finite differences: ${name}`, () => {
      fc.assert(
        fc.property(vec(arb), vec(arb), vec(value), vec(value), (xs, ys, tx, ty) => {
          const args = [f64(xs), f64(ys)];
          const ts = [f64(tx), f64(ty)];
          expectClose(num(jvp(f, args, ts)[1]), numericalJvp(f, args, ts), 1e-5);
        }),
        { numRuns: 30 },
      );
    });
  }
});
