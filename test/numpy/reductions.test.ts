/** Reductions (sum prod max min mean var std argmax argmin all any) and cumsum. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as np from "../../src/numpy/index.js";
import type { DType } from "../../src/array/dtype.js";
import type { NDArray } from "../../src/array/ndarray.js";
import { arbRef, arbShape, cumsum, expectArray, numericDType, reduce, roundTo, runs, toNd, type Ref } from "./reference.js";

describe("reductions, hand-picked", () => {
  const x = np.array([[1, 2, 3], [4, 5, 6]]);

  it("sum over all axes, one axis, several axes, negative axes", () => {
    expect(np.sum(x).item()).toBe(21);
    expect(np.sum(x).shape).toEqual([]);
    expect(np.sum(x, 0).toArray()).toEqual([5, 7, 9]);
    expect(np.sum(x, 1).toArray()).toEqual([6, 15]);
    expect(np.sum(x, -1).toArray()).toEqual([6, 15]);
    expect(np.sum(x, [0, 1]).item()).toBe(21);
    expect(np.sum(x, [-1, 0]).item()).toBe(21);
    expect(np.sum(x, null).item()).toBe(21);
  });

  it("options object with keepdims", () => {
    const k = np.sum(x, { axis: 1, keepdims: true });
    expect(k.shape).toEqual([2, 1]);
    expect(k.toArray()).toEqual([[6], [15]]);
    expect(np.sum(x, { axis: [0, 1], keepdims: true }).shape).toEqual([1, 1]);
    expect(np.sum(x, { keepdims: true }).shape).toEqual([1, 1]);
    expect(np.sum(x, {}).shape).toEqual([]);
    expect(x.sum({ axis: -1 }).toArray()).toEqual([6, 15]);
    // keepdims results broadcast back against the input
    expect(x.sub(np.mean(x, { axis: 1, keepdims: true })).toArray()).toEqual([[-1, 0, 1], [-1, 0, 1]]);
  });

  it("an empty axis list reduces nothing", () => {
    expect(np.sum(x, []).toArray()).toEqual(x.toArray());
  });

  it("prod max min mean", () => {
    expect(np.prod(np.array([2, 3, 4])).item()).toBe(24);
    expect(np.prod(x, 0).toArray()).toEqual([4, 10, 18]);
    expect(np.max(np.array([[1, 5], [3, 2]]), { axis: 1 }).toArray()).toEqual([5, 3]);
    expect(np.min(np.array([4, 1, 3])).item()).toBe(1);
    expect(x.max().item()).toBe(6);
    expect(x.min(0).toArray()).toEqual([1, 2, 3]);
    expect(np.mean(np.array([1, 2, 3, 4])).item()).toBe(2.5);
    expect(x.mean(0).toArray()).toEqual([2.5, 3.5, 4.5]);
  });

  it("reductions of empty arrays: sum 0, prod 1, mean nan", () => {
    expect(np.sum(np.zeros([0])).item()).toBe(0);
    expect(np.prod(np.zeros([0])).item()).toBe(1);
    expect(np.sum(np.zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(np.mean(np.zeros([0])).item()).toBeNaN();
    expect(np.max(np.zeros([3, 0]), 0).shape).toEqual([0]);
  });

  it("rank-0 input reduces to itself", () => {
    expect(np.sum(np.array(3)).item()).toBe(3);
    expect(np.max(np.array(3), []).item()).toBe(3);
  });

  it("max and min propagate NaN", () => {
    expect(np.max(np.array([1, NaN, 3])).item()).toBeNaN();
    expect(np.min(np.array([NaN, 1])).item()).toBeNaN();
    expect(np.max(np.array([[1, NaN], [2, 3]]), 0).toArray()).toEqual([2, NaN]);
    expect(np.sum(np.array([1, NaN])).item()).toBeNaN();
    expect(np.max(np.array([-Infinity, -Infinity])).item()).toBe(-Infinity);
  });
});

describe("reduction dtypes", () => {
  it("sum of bool counts in int32", () => {
    const b = np.array([true, false, true, true]);
    const s = np.sum(b);
    expect(s.dtype).toBe("int32");
    expect(s.item()).toBe(3);
    expect(np.sum(np.array([[true, false], [true, true]]), 0).toArray()).toEqual([2, 1]);
  });

  it("sum and prod keep int32, float32 and float64", () => {
    for (const dtype of ["int32", "float32", "float64"] as const) {
      const a = np.array([1, 2, 3], { dtype });
      expect(np.sum(a).dtype).toBe(dtype);
      expect(np.prod(a).dtype).toBe(dtype);
      expect(np.max(a).dtype).toBe(dtype);
      expect(np.min(a).dtype).toBe(dtype);
    }
  });

  it("max and min of bool are bool, as in numpy and JAX", () => {
    const b = np.array([[true, false], [false, false]]);
    expect(np.max(b).dtype).toBe("bool");
    expect(np.max(b).item()).toBe(true);
    expect(np.min(b, 1).toArray()).toEqual([false, false]);
    expect(np.max(b, 0).toArray()).toEqual([true, false]);
  });

  it("mean of integers is float32; of float64 is float64", () => {
    const m = np.mean(np.array([1, 2], { dtype: "int32" }));
    expect(m.dtype).toBe("float32");
    expect(m.item()).toBe(1.5);
    expect(np.mean(np.array([true, false, false, false])).item()).toBe(0.25);
    expect(np.mean(np.array([1, 2], { dtype: "float64" })).dtype).toBe("float64");
  });

  it("int32 sums and products wrap like 32-bit integers", () => {
    expect(np.sum(np.array([2147483647, 1], { dtype: "int32" })).item()).toBe(-2147483648);
    // 3**40 mod 2**32 as a signed 32-bit integer (what numpy's int32 prod gives).
    const threes = np.full([40], 3, { dtype: "int32" });
    expect(np.prod(threes).item()).toBe(Number(BigInt.asIntN(32, 3n ** 40n)));
    expect(np.prod(np.full([2, 40], 3, { dtype: "int32" }), 1).toArray()).toEqual([Number(BigInt.asIntN(32, 3n ** 40n)), Number(BigInt.asIntN(32, 3n ** 40n))]);
  });

  it("float32 sums of many terms stay accurate", () => {
    const s = np.sum(np.full([100000], 0.1));
    expect(Math.abs((s.item() as number) - 10000)).toBeLessThan(0.01);
  });
});

describe("var, std", () => {
  it("population variance by default, ddof for the sample variance", () => {
    const x = np.array([1, 2, 3, 4]);
    expect(np.var(x).item()).toBe(1.25);
    expect(np.std(x).item()).toBe(Math.fround(Math.sqrt(1.25)));
    expect(np.var(x, { ddof: 1 }).item()).toBe(Math.fround(5 / 3));
  });

  it("over axes, with keepdims", () => {
    const x = np.array([[1, 3], [2, 6]], { dtype: "float64" });
    expect(np.var(x, 0).toArray()).toEqual([0.25, 2.25]);
    expect(np.var(x, { axis: 1, keepdims: true }).toArray()).toEqual([[1], [4]]);
    expect(np.std(x, -1).toArray()).toEqual([1, 2]);
    expect(np.var(x, 0).dtype).toBe("float64");
    expect(np.var(np.array([1, 2], { dtype: "int32" })).dtype).toBe("float32");
  });
});

describe("argmax, argmin", () => {
  it("of the flattened array by default; first index on ties", () => {
    expect(np.argmax(np.array([1, 9, 3, 9])).item()).toBe(1);
    expect(np.argmin(np.array([4, 1, 3, 1])).item()).toBe(1);
    expect(np.argmax(np.array([[1, 2], [7, 3]])).item()).toBe(2);
    expect(np.argmax(np.array([1, 9])).dtype).toBe("int32");
  });

  it("along an axis, negative axes and keepdims", () => {
    const x = np.array([[1, 8, 3], [7, 2, 9]]);
    expect(np.argmax(x, 0).toArray()).toEqual([1, 0, 1]);
    expect(np.argmax(x, 1).toArray()).toEqual([1, 2]);
    expect(np.argmin(x, -1).toArray()).toEqual([0, 1]);
    expect(np.argmax(x, { axis: 1, keepdims: true }).toArray()).toEqual([[1], [2]]);
    expect(np.argmax(x, { keepdims: true }).shape).toEqual([1, 1]);
  });

  it("the first NaN wins, as in numpy", () => {
    expect(np.argmax(np.array([1, NaN, 3, NaN])).item()).toBe(1);
    expect(np.argmin(np.array([1, NaN, -3])).item()).toBe(1);
  });

  it("work on int32 and bool", () => {
    expect(np.argmax(np.array([3, -1, 7], { dtype: "int32" })).item()).toBe(2);
    expect(np.argmax(np.array([false, true, true])).item()).toBe(1);
  });

  it("agree with a loop along a random axis", () => {
    fc.assert(
      fc.property(
        arbShape(4, 4, 1).chain((s) => fc.tuple(arbRef(s, "int32", fc.integer({ min: -3, max: 3 })), fc.integer({ min: -s.length, max: s.length - 1 }))),
        ([a, axis]) => {
          const ax = axis < 0 ? axis + a.shape.length : axis;
          const best = reduce(a, [ax], false, -Infinity, Math.max);
          // argmax: the first index along `ax` holding the maximum
          const idx = reduce(
            { shape: a.shape, data: a.data.map((v, i) => i) },
            [ax],
            false,
            Infinity,
            (acc, flat) => {
              const o = outIndex(a.shape, ax, flat);
              return a.data[flat] === best.data[o] ? Math.min(acc, along(a.shape, ax, flat)) : acc;
            },
          );
          expectArray(np.argmax(toNd(a, "int32"), axis), idx, "int32");
        },
      ),
      runs,
    );
  });
});

/** Position of flat index `flat` along `axis`. */
function along(shape: readonly number[], axis: number, flat: number): number {
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return Math.floor(flat / inner) % shape[axis]!;
}
/** Flat index, in the reduced shape, of the output that flat input index `flat` contributes to. */
function outIndex(shape: readonly number[], axis: number, flat: number): number {
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const outer = Math.floor(flat / (inner * shape[axis]!));
  return outer * inner + (flat % inner);
}

describe("all, any", () => {
  it("read truthiness, over axes", () => {
    expect(np.all(np.array([1, 1, 0])).item()).toBe(false);
    expect(np.all(np.array([1, 2])).item()).toBe(true);
    expect(np.any(np.array([0, 0, 2])).item()).toBe(true);
    expect(np.any(np.array([0, 0])).item()).toBe(false);
    const b = np.array([[true, false], [true, true]]);
    expect(np.all(b, 0).toArray()).toEqual([true, false]);
    expect(np.any(b, { axis: 1, keepdims: true }).toArray()).toEqual([[true], [true]]);
    expect(np.all(np.zeros([0])).item()).toBe(true);
    expect(np.any(np.zeros([0])).item()).toBe(false);
    expect(np.all(b).dtype).toBe("bool");
  });
});

/** A random array plus a random subset of its axes, each written either way (k or k - ndim). */
const arbReduceCase = fc
  .tuple(arbShape(4, 4), numericDType)
  .chain(([shape, dtype]) =>
    fc.tuple(
      arbRef(shape, dtype),
      fc.constant(dtype),
      fc.subarray(shape.map((_, i) => i)),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      fc.boolean(),
      fc.boolean(),
    ),
  )
  .map(([x, dtype, axes, negative, keepdims, allAxes]) => ({
    x,
    dtype,
    axes,
    given: allAxes ? null : axes.map((a) => (negative[a] ? a - x.shape.length : a)),
    keepdims,
  }));

function check(
  name: string,
  f: (x: NDArray, opts: { axis: number[] | null; keepdims: boolean }) => NDArray,
  ref: (x: Ref, axes: number[], keepdims: boolean) => Ref,
  out: (dtype: DType) => DType = (d) => d,
): void {
  it(`${name} over random axes agrees with a reference`, () => {
    fc.assert(
      fc.property(arbReduceCase, ({ x, dtype, axes, given, keepdims }) => {
        const used = given === null ? x.shape.map((_, i) => i) : axes;
        const result = f(toNd(x, dtype), { axis: given, keepdims });
        expectArray(result, ref({ shape: x.shape, data: x.data.map((v) => roundTo(dtype, v)) }, used, keepdims), out(dtype));
      }),
      runs,
    );
  });
}

describe("reductions, properties", () => {
  check("sum", np.sum, (x, axes, k) => reduce(x, axes, k, 0, (a, v) => a + v));
  check("max", np.max, (x, axes, k) => reduce(x, axes, k, -Infinity, Math.max));
  check("min", np.min, (x, axes, k) => reduce(x, axes, k, Infinity, Math.min));
  check(
    "mean",
    np.mean,
    (x, axes, k) => {
      const s = reduce(x, axes, k, 0, (a, v) => a + v);
      const n = axes.reduce((c, a) => c * x.shape[a]!, 1);
      return { shape: s.shape, data: s.data.map((v) => v / n) };
    },
    (d) => (d === "float64" ? d : "float32"),
  );

  it("prod over random axes agrees with a reference (values ±2^k stay exact)", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(4, 3), fc.constantFrom<"float32" | "float64">("float32", "float64"))
          .chain(([shape, dtype]) =>
            fc.tuple(arbRef(shape, dtype, fc.constantFrom(-2, -1, -0.5, 0.5, 1, 2)), fc.constant(dtype), fc.subarray(shape.map((_, i) => i)), fc.boolean()),
          ),
        ([x, dtype, axes, keepdims]) => {
          expectArray(np.prod(toNd(x, dtype), { axis: axes, keepdims }), reduce(x, axes, keepdims, 1, (a, v) => a * v), dtype);
        },
      ),
      runs,
    );
  });

  it("reductions of strided views agree with reductions of copies", () => {
    fc.assert(
      fc.property(arbReduceCase, ({ x, dtype, given, keepdims }) => {
        const a = toNd(x, dtype);
        const t = np.transpose(a);
        const copy = np.array(Array.from(t.data()), { dtype, shape: t.shape });
        const axis = given === null ? null : given.map((g) => -1 - (g < 0 ? g + x.shape.length : g));
        expect(np.sum(t, { axis, keepdims }).toArray()).toEqual(np.sum(copy, { axis, keepdims }).toArray());
        expect(np.max(t, { axis, keepdims }).toArray()).toEqual(np.max(copy, { axis, keepdims }).toArray());
      }),
      runs,
    );
  });
});

describe("cumsum", () => {
  it("hand-picked", () => {
    expect(np.cumsum(np.array([1, 2, 3])).toArray()).toEqual([1, 3, 6]);
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    expect(np.cumsum(x).toArray()).toEqual([1, 3, 6, 10, 15, 21]);
    expect(np.cumsum(x, 0).toArray()).toEqual([[1, 2, 3], [5, 7, 9]]);
    expect(np.cumsum(x, 1).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    expect(np.cumsum(x, -1).toArray()).toEqual([[1, 3, 6], [4, 9, 15]]);
    const b = np.cumsum(np.array([true, true, false]));
    expect(b.dtype).toBe("int32");
    expect(b.toArray()).toEqual([1, 2, 2]);
    expect(np.cumsum(np.array([1, 2], { dtype: "float64" })).dtype).toBe("float64");
  });

  it("agrees with a reference along a random axis, and of the flattened array", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(4, 4, 1), numericDType)
          .chain(([s, d]) => fc.tuple(arbRef(s, d), fc.constant(d), fc.integer({ min: -s.length, max: s.length - 1 }))),
        ([x, dtype, axis]) => {
          const ax = axis < 0 ? axis + x.shape.length : axis;
          expectArray(np.cumsum(toNd(x, dtype), axis), cumsum(x, ax), dtype);
          expectArray(np.cumsum(toNd(x, dtype)), cumsum({ shape: [x.data.length], data: x.data }, 0), dtype);
          // and of a transposed view
          const t = np.transpose(toNd(x, dtype));
          const tRef = { shape: [...x.shape].reverse(), data: Array.from(t.data()) };
          expectArray(np.cumsum(t, 0), cumsum(tRef, 0), dtype);
        },
      ),
      runs,
    );
  });
});
