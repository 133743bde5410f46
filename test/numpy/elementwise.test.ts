/** Elementwise functions: values against numpy, and the dtype each promotion gives. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as np from "../../src/numpy/index.js";
import type { DType } from "../../src/array/dtype.js";
import { DTypeError } from "../../src/errors/index.js";
import type { ArrayLike, NDArray } from "../../src/array/ndarray.js";
import { arbRef, arbShape, expectArray, numericDType, roundTo, runs, toNd } from "./reference.js";

const f32 = (xs: number[]): number[] => xs.map(Math.fround);

describe("type promotion (JAX style: bool < int32 < float32 < float64)", () => {
  const dtypes: DType[] = ["bool", "int32", "float32", "float64"];
  const expected: Record<string, DType> = {
    "bool,bool": "bool", // as in JAX: add is logical or, mul logical and, sub is refused
    "bool,int32": "int32",
    "bool,float32": "float32",
    "bool,float64": "float64",
    "int32,int32": "int32",
    "int32,float32": "float32",
    "int32,float64": "float64",
    "float32,float32": "float32",
    "float32,float64": "float64",
    "float64,float64": "float64",
  };
  for (const a of dtypes) {
    for (const b of dtypes) {
      const key = dtypes.indexOf(a) <= dtypes.indexOf(b) ? `${a},${b}` : `${b},${a}`;
      it(`add(${a}, ${b}) is ${expected[key]}`, () => {
        const x = np.ones([2], { dtype: a });
        const y = np.ones([2], { dtype: b });
        const out = np.add(x, y);
        expect(out.dtype).toBe(expected[key]);
        expect(out.toArray()).toEqual(key === "bool,bool" ? [true, true] : [2, 2]);
        expect(np.mul(x, y).dtype).toBe(expected[key]);
        if (key === "bool,bool") expect(() => np.sub(x, y)).toThrow(DTypeError);
        else expect(np.sub(x, y).dtype).toBe(expected[key]);
      });
    }
  }

  it("JS numbers are weakly typed: they keep the array's dtype", () => {
    expect(np.array([1, 2], { dtype: "int32" }).mul(2).dtype).toBe("int32");
    expect(np.array([1, 2], { dtype: "float64" }).mul(2.5).dtype).toBe("float64");
    expect(np.array([1, 2]).add(1).dtype).toBe("float32");
    expect(np.add(3, np.array([1], { dtype: "int32" })).dtype).toBe("int32");
    expect(np.array([true]).add(true).dtype).toBe("bool");
  });

  it("a fractional JS number lifts int32 and bool to float32, not float64", () => {
    const i = np.array([1, 2, 3], { dtype: "int32" });
    const h = i.mul(0.5);
    expect(h.dtype).toBe("float32");
    expect(h.toArray()).toEqual([0.5, 1, 1.5]);
    expect(np.array([true, false]).mul(1.5).dtype).toBe("float32");
    expect(np.array([true, false]).add(2).dtype).toBe("int32");
  });

  it("two JS numbers give float32", () => {
    const s = np.add(1, 2);
    expect(s.dtype).toBe("float32");
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3);
  });

  it("true division of integers gives float32", () => {
    const q = np.div(np.array([1, 2, 7], { dtype: "int32" }), np.array([2, 4, 2], { dtype: "int32" }));
    expect(q.dtype).toBe("float32");
    expect(q.toArray()).toEqual([0.5, 0.5, 3.5]);
    expect(np.array([1, 2], { dtype: "int32" }).div(4).toArray()).toEqual([0.25, 0.5]);
    expect(np.div(np.array([3], { dtype: "float64" }), np.array([2], { dtype: "int32" })).dtype).toBe("float64");
  });

  it("comparisons give bool after promoting the operands", () => {
    const c = np.less(np.array([1, 2, 3], { dtype: "int32" }), 2.5);
    expect(c.dtype).toBe("bool");
    expect(c.toArray()).toEqual([true, true, false]);
    // 16777217 is not a float32; compared in float32 it equals 16777216.
    expect(np.equal(np.array([16777217], { dtype: "int32" }), np.array([16777216], { dtype: "float32" })).item()).toBe(true);
  });
});

describe("arithmetic values", () => {
  it("add sub mul div neg pow in float32 and float64", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const x = np.array([1.5, -2, 0.1], { dtype });
      const y = np.array([2, 4, 3], { dtype });
      const r = (v: number): number => roundTo(dtype, v);
      const xs = [1.5, -2, r(0.1)];
      expect(Array.from(np.add(x, y).data())).toEqual(xs.map((v, i) => r(v + [2, 4, 3][i]!)));
      expect(Array.from(np.sub(x, y).data())).toEqual(xs.map((v, i) => r(v - [2, 4, 3][i]!)));
      expect(Array.from(np.mul(x, y).data())).toEqual(xs.map((v, i) => r(v * [2, 4, 3][i]!)));
      expect(Array.from(np.div(x, y).data())).toEqual(xs.map((v, i) => r(v / [2, 4, 3][i]!)));
      expect(Array.from(np.neg(x).data())).toEqual(xs.map((v) => -v));
      expect(Array.from(np.pow(x, y).data())).toEqual(xs.map((v, i) => r(v ** [2, 4, 3][i]!)));
      expect(np.add(x, y).dtype).toBe(dtype);
    }
  });

  it("methods match the functions", () => {
    const x = np.array([1, 2, 3]);
    expect(x.add(1).toArray()).toEqual([2, 3, 4]);
    expect(x.sub(1).toArray()).toEqual([0, 1, 2]);
    expect(x.mul(x).toArray()).toEqual([1, 4, 9]);
    expect(x.div(2).toArray()).toEqual([0.5, 1, 1.5]);
    expect(x.pow(2).toArray()).toEqual([1, 4, 9]);
    expect(x.neg().toArray()).toEqual([-1, -2, -3]);
  });

  it("int32 arithmetic wraps like 32-bit integers", () => {
    const big = np.array([2147483647, -2147483648], { dtype: "int32" });
    expect(big.add(1).toArray()).toEqual([-2147483648, -2147483647]);
    expect(np.mul(np.array([65536], { dtype: "int32" }), np.array([65536], { dtype: "int32" })).toArray()).toEqual([0]);
    expect(np.mul(np.array([46341], { dtype: "int32" }), np.array([46341], { dtype: "int32" })).toArray()).toEqual([-2147479015]);
    expect(np.neg(np.array([-2147483648], { dtype: "int32" })).toArray()).toEqual([-2147483648]);
  });

  it("int32 pow stays int32", () => {
    const p = np.pow(np.array([2, 3, -2], { dtype: "int32" }), 3);
    expect(p.dtype).toBe("int32");
    expect(p.toArray()).toEqual([8, 27, -8]);
  });

  it("division by zero gives inf and nan as in IEEE arithmetic", () => {
    const q = np.div(np.array([1, -1, 0]), 0);
    expect(q.toArray()).toEqual([Infinity, -Infinity, NaN]);
    expect(np.div(np.array([1], { dtype: "int32" }), np.array([0], { dtype: "int32" })).toArray()).toEqual([Infinity]);
  });

  it("square", () => {
    expect(np.square(np.array([-3, 0.5])).toArray()).toEqual([9, 0.25]);
    expect(np.square(np.array([-3], { dtype: "int32" })).dtype).toBe("int32");
  });

  it("agrees with a loop for every binary op, dtype and random same-shape operands", () => {
    const ops: [string, (a: ArrayLike, b: ArrayLike) => NDArray, (a: number, b: number) => number][] = [
      ["add", np.add, (a, b) => a + b],
      ["sub", np.sub, (a, b) => a - b],
      ["mul", np.mul, (a, b) => a * b],
      ["maximum", np.maximum, Math.max],
      ["minimum", np.minimum, Math.min],
    ];
    fc.assert(
      fc.property(
        arbShape(3, 4).chain((s) => fc.tuple(numericDType, fc.constant(s))).chain(([d, s]) => fc.tuple(fc.constant(d), arbRef(s, d), arbRef(s, d), fc.nat(ops.length - 1))),
        ([dtype, a, b, which]) => {
          const [, f, ref] = ops[which]!;
          const out = f(toNd(a, dtype), toNd(b, dtype));
          expectArray(out, { shape: a.shape, data: a.data.map((v, i) => ref(v, b.data[i]!)) }, dtype);
        },
      ),
      runs,
    );
  });
});

describe("unary math", () => {
  it("exp log sqrt sin cos tanh arctan log1p expm1 in float64 match Math", () => {
    const xs = [0.25, 0.5, 1, 2, 3.75];
    const x = np.array(xs, { dtype: "float64" });
    const cases: [(v: ArrayLike) => NDArray, (v: number) => number][] = [
      [np.exp, Math.exp],
      [np.log, Math.log],
      [np.sqrt, Math.sqrt],
      [np.sin, Math.sin],
      [np.cos, Math.cos],
      [np.tanh, Math.tanh],
      [np.arctan, Math.atan],
      [np.log1p, Math.log1p],
      [np.expm1, Math.expm1],
    ];
    for (const [f, g] of cases) {
      const out = f(x);
      expect(out.dtype).toBe("float64");
      expect(Array.from(out.data())).toEqual(xs.map(g));
    }
  });

  it("in float32 round the exact result once", () => {
    const xs = f32([0.1, 0.7, 1.3]);
    const out = np.exp(np.array(xs));
    expect(out.dtype).toBe("float32");
    expect(Array.from(out.data())).toEqual(xs.map((v) => Math.fround(Math.exp(v))));
  });

  it("integer and bool inputs give float32", () => {
    const s = np.sqrt(np.array([4, 9], { dtype: "int32" }));
    expect(s.dtype).toBe("float32");
    expect(s.toArray()).toEqual([2, 3]);
    expect(np.exp(np.array([true, false])).toArray()).toEqual([Math.fround(Math.E), 1]);
    expect(np.log(1).dtype).toBe("float32");
  });

  it("log and sqrt of negatives give nan, log(0) gives -inf", () => {
    expect(np.log(np.array([-1, 0])).toArray()).toEqual([NaN, -Infinity]);
    expect(np.sqrt(np.array([-4])).toArray()).toEqual([NaN]);
  });

  it("abs and sign keep integer dtypes", () => {
    const i = np.array([-3, 0, 2], { dtype: "int32" });
    expect(np.abs(i).dtype).toBe("int32");
    expect(np.abs(i).toArray()).toEqual([3, 0, 2]);
    expect(np.sign(i).toArray()).toEqual([-1, 0, 1]);
    expect(np.sign(i).dtype).toBe("int32");
    expect(np.abs(np.array([-1.5, 2])).toArray()).toEqual([1.5, 2]);
    expect(np.sign(np.array([-2.5, 0, 3, NaN])).toArray()).toEqual([-1, 0, 1, NaN]);
  });

  it("floor and ceil", () => {
    expect(np.floor(np.array([-1.5, 1.5, 2])).toArray()).toEqual([-2, 1, 2]);
    expect(np.ceil(np.array([-1.5, 1.5, 2])).toArray()).toEqual([-1, 2, 2]);
  });

  it("arctan2 takes (y, x)", () => {
    const a = np.arctan2(np.array([1, -1], { dtype: "float64" }), np.array([1, -1], { dtype: "float64" }));
    expect(Array.from(a.data())).toEqual([Math.atan2(1, 1), Math.atan2(-1, -1)]);
  });
});

describe("maximum, minimum, clip", () => {
  it("are elementwise and broadcast", () => {
    expect(np.maximum(np.array([1, 5, 3]), 3).toArray()).toEqual([3, 5, 3]);
    expect(np.minimum(np.array([1, 5, 3]), np.array([2, 2, 2])).toArray()).toEqual([1, 2, 2]);
  });

  it("propagate NaN like numpy", () => {
    expect(np.maximum(np.array([NaN, 1]), np.array([0, NaN])).toArray()).toEqual([NaN, NaN]);
    expect(np.minimum(np.array([NaN, 1]), np.array([0, NaN])).toArray()).toEqual([NaN, NaN]);
  });

  it("clip limits to [lo, hi], either bound may be null", () => {
    const x = np.array([-2, 0.5, 3]);
    expect(np.clip(x, 0, 1).toArray()).toEqual([0, 0.5, 1]);
    expect(np.clip(x, null, 1).toArray()).toEqual([-2, 0.5, 1]);
    expect(np.clip(x, 0, null).toArray()).toEqual([0, 0.5, 3]);
    const i = np.clip(np.array([-5, 5, 50], { dtype: "int32" }), 0, 10);
    expect(i.dtype).toBe("int32");
    expect(i.toArray()).toEqual([0, 5, 10]);
  });
});

describe("comparisons and logic", () => {
  const x = np.array([1, 2, 3]);
  it("all six comparisons", () => {
    expect(np.equal(x, 2).toArray()).toEqual([false, true, false]);
    expect(np.notEqual(x, 2).toArray()).toEqual([true, false, true]);
    expect(np.less(x, 2).toArray()).toEqual([true, false, false]);
    expect(np.lessEqual(x, 2).toArray()).toEqual([true, true, false]);
    expect(np.greater(x, 2).toArray()).toEqual([false, false, true]);
    expect(np.greaterEqual(x, 2).toArray()).toEqual([false, true, true]);
    expect(np.equal(x, 2).dtype).toBe("bool");
  });

  it("NaN compares unequal to everything, itself included", () => {
    const n = np.array([NaN]);
    expect(np.equal(n, n).item()).toBe(false);
    expect(np.notEqual(n, n).item()).toBe(true);
    expect(np.less(n, 1).item()).toBe(false);
    expect(np.isnan(np.array([NaN, 1, Infinity])).toArray()).toEqual([true, false, false]);
    expect(np.isfinite(np.array([NaN, 1, Infinity, -Infinity])).toArray()).toEqual([false, true, false, false]);
    expect(np.isfinite(np.array([1], { dtype: "int32" })).toArray()).toEqual([true]);
  });

  it("logical functions read truthiness", () => {
    const a = np.array([true, true, false, false]);
    const b = np.array([true, false, true, false]);
    expect(np.logicalAnd(a, b).toArray()).toEqual([true, false, false, false]);
    expect(np.logicalOr(a, b).toArray()).toEqual([true, true, true, false]);
    expect(np.logicalNot(a).toArray()).toEqual([false, false, true, true]);
    expect(np.logicalNot(np.array([0, 2, -0.5])).toArray()).toEqual([true, false, false]);
    expect(np.logicalAnd(np.array([0, 3], { dtype: "int32" }), 1).toArray()).toEqual([false, true]);
    expect(np.logicalOr(np.array([0, 0]), np.array([0, 0.25])).dtype).toBe("bool");
  });
});

describe("where", () => {
  it("selects with broadcasting", () => {
    const c = np.array([[true], [false]]);
    const out = np.where(c, np.array([1, 2, 3]), 0);
    expect(out.shape).toEqual([2, 3]);
    expect(out.toArray()).toEqual([[1, 2, 3], [0, 0, 0]]);
  });

  it("promotes the two branches", () => {
    const out = np.where(np.array([true, false]), np.array([1, 2], { dtype: "int32" }), np.array([0.5, 0.5], { dtype: "float64" }));
    expect(out.dtype).toBe("float64");
    expect(out.toArray()).toEqual([1, 0.5]);
    expect(np.where(np.array([true, false]), np.array([1, 2], { dtype: "int32" }), -1).dtype).toBe("int32");
  });

  it("reads a numeric condition as nonzero", () => {
    expect(np.where(np.array([0, 2, -1]), 1, 0).toArray()).toEqual([0, 1, 1]);
  });
});

describe("isclose and allclose", () => {
  it("use numpy's default tolerances", () => {
    expect(np.allclose(np.array([1, 2]), [1, 2.000001])).toBe(true);
    expect(np.allclose(np.array([1, 2]), [1, 2.1])).toBe(false);
    expect(np.isclose(np.array([1, 1e-9]), np.array([1.1, 0])).toArray()).toEqual([false, true]);
    expect(np.isclose(np.array([Infinity]), np.array([Infinity])).item()).toBe(true);
  });

  it("treat NaN as unequal unless equalNan", () => {
    expect(np.allclose(np.array([NaN]), np.array([NaN]))).toBe(false);
    expect(np.allclose(np.array([NaN]), np.array([NaN]), { equalNan: true })).toBe(true);
  });

  it("honour rtol and atol", () => {
    expect(np.allclose(np.array([100]), np.array([101]), { rtol: 0.02 })).toBe(true);
    expect(np.allclose(np.array([0.5]), np.array([0]), { atol: 0.5 })).toBe(true);
    expect(np.allclose(np.array([0.5]), np.array([0]), { atol: 0.4 })).toBe(false);
  });
});
