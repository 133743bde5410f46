/** Array creation: np.array and friends, dtypes of the results, and the NDArray accessors. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as np from "../../src/numpy/index.js";
import type { DType } from "../../src/array/dtype.js";
import { NDArray, type NestedArray } from "../../src/array/ndarray.js";
import { arbShape, runs, size } from "./reference.js";

describe("np.array", () => {
  it("makes float32 from JS numbers and keeps nested structure", () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    expect(x).toBeInstanceOf(NDArray);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe("float32");
    expect(x.ndim).toBe(2);
    expect(x.size).toBe(6);
    expect(x.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(x.data()).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
  });

  it("rounds to float32 by default and keeps float64 when asked", () => {
    expect(np.array([0.1]).data()[0]).toBe(Math.fround(0.1));
    const y = np.array([0.1], { dtype: "float64" });
    expect(y.dtype).toBe("float64");
    expect(y.data()).toEqual(new Float64Array([0.1]));
  });

  it("converts to int32 by truncating toward zero, like numpy's astype", () => {
    const x = np.array([1.7, -1.7, 2, -0.5], { dtype: "int32" });
    expect(x.dtype).toBe("int32");
    expect(x.toArray()).toEqual([1, -1, 2, 0]);
  });

  it("makes bool from JS booleans; bool of numbers is nonzero-ness", () => {
    const b = np.array([true, false, true]);
    expect(b.dtype).toBe("bool");
    expect(b.toArray()).toEqual([true, false, true]);
    expect(b.data()).toEqual(new Uint8Array([1, 0, 1]));
    expect(np.array([0, 2, -0.5], { dtype: "bool" }).toArray()).toEqual([false, true, true]);
    expect(np.array([true, false], { dtype: "float32" }).toArray()).toEqual([1, 0]);
  });

  it("makes rank-0 arrays from scalars", () => {
    const s = np.array(3.5);
    expect(s.shape).toEqual([]);
    expect(s.ndim).toBe(0);
    expect(s.size).toBe(1);
    expect(s.dtype).toBe("float32");
    expect(s.toArray()).toBe(3.5);
    expect(s.item()).toBe(3.5);
    expect(np.array(true).item()).toBe(true);
    expect(np.array(7, { dtype: "int32" }).item()).toBe(7);
  });

  it("accepts typed arrays, keeping float precision and copying", () => {
    const src64 = new Float64Array([0.1, 0.2]);
    const x = np.array(src64);
    expect(x.dtype).toBe("float64");
    src64[0] = 99;
    expect(x.toArray()).toEqual([0.1, 0.2]);
    expect(np.array(new Float32Array([1, 2])).dtype).toBe("float32");
    expect(np.array(new Int32Array([1, -2])).dtype).toBe("int32");
  });

  it("reshapes flat values with the shape option", () => {
    const x = np.array([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
    expect(x.shape).toEqual([3, 2]);
    expect(x.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    const t = np.array(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] });
    expect(t.dtype).toBe("float64");
    expect(t.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(np.array([5], { shape: [] }).shape).toEqual([]);
  });

  it("handles empty inputs", () => {
    const e = np.array([]);
    expect(e.shape).toEqual([0]);
    expect(e.dtype).toBe("float32");
    expect(e.toArray()).toEqual([]);
    expect(np.array([[], []]).shape).toEqual([2, 0]);
  });

  it("copies JS input: later edits of the source do not show", () => {
    const src = [[1, 2], [3, 4]];
    const x = np.array(src);
    src[0]![0] = 100;
    expect(x.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it("of an NDArray with a dtype casts it", () => {
    const x = np.array([1.5, 2.5]);
    const y = np.array(x, { dtype: "int32" });
    expect(y.dtype).toBe("int32");
    expect(y.toArray()).toEqual([1, 2]);
    expect(np.array(x, { shape: [2, 1] }).toArray()).toEqual([[1.5], [2.5]]);
  });

  it("round-trips toArray for random shapes and dtypes", () => {
    fc.assert(
      fc.property(arbShape(4, 3, 1), fc.constantFrom<DType>("float32", "float64", "int32", "bool"), (shape, dtype) => {
        const n = size(shape);
        const flat = Array.from({ length: n }, (_, i) => (dtype === "bool" ? i % 3 === 0 : i - 3));
        const x = np.array(flat, { shape, dtype });
        expect(x.shape).toEqual(shape);
        expect(x.dtype).toBe(dtype);
        const again = np.array(x.toArray() as NestedArray, { dtype });
        expect(again.shape).toEqual(shape);
        expect(Array.from(again.data())).toEqual(flat.map(Number));
      }),
      runs,
    );
  });
});

describe("np.asarray", () => {
  it("returns NDArrays unchanged and converts JS values", () => {
    const x = np.array([1, 2]);
    expect(np.asarray(x)).toBe(x);
    expect(np.asarray([1, 2], { dtype: "int32" }).dtype).toBe("int32");
  });
});

describe("zeros, ones, full and the *Like functions", () => {
  it("fill with the default float32", () => {
    const z = np.zeros([2, 3]);
    expect(z.shape).toEqual([2, 3]);
    expect(z.dtype).toBe("float32");
    expect(z.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(np.ones([2]).toArray()).toEqual([1, 1]);
    expect(np.ones(3).shape).toEqual([3]);
    expect(np.zeros([]).toArray()).toBe(0);
  });

  it("honour dtype", () => {
    const o = np.ones([3], { dtype: "int32" });
    expect(o.dtype).toBe("int32");
    expect(o.data()).toEqual(new Int32Array([1, 1, 1]));
    expect(np.zeros([2], { dtype: "bool" }).toArray()).toEqual([false, false]);
    expect(np.ones([2], { dtype: "float64" }).data()).toEqual(new Float64Array([1, 1]));
  });

  it("full takes its dtype from the value and rounds to the dtype", () => {
    expect(np.full([2, 2], 7).toArray()).toEqual([[7, 7], [7, 7]]);
    expect(np.full([2, 2], 7).dtype).toBe("float32");
    expect(np.full([2], true).dtype).toBe("bool");
    expect(np.full([2], 2.9, { dtype: "int32" }).toArray()).toEqual([2, 2]);
    expect(np.full([1], 0.1).data()[0]).toBe(Math.fround(0.1));
  });

  it("handles zero-size shapes", () => {
    const z = np.zeros([0, 3]);
    expect(z.shape).toEqual([0, 3]);
    expect(z.size).toBe(0);
    expect(z.toArray()).toEqual([]);
    expect(z.data().length).toBe(0);
  });

  it("*Like copy shape and dtype", () => {
    const x = np.array([[1, 2, 3]], { dtype: "int32" });
    const z = np.zerosLike(x);
    expect(z.shape).toEqual([1, 3]);
    expect(z.dtype).toBe("int32");
    expect(z.toArray()).toEqual([[0, 0, 0]]);
    const o = np.onesLike(x, { dtype: "float64" });
    expect(o.dtype).toBe("float64");
    expect(o.toArray()).toEqual([[1, 1, 1]]);
    expect(np.fullLike(x, 4).toArray()).toEqual([[4, 4, 4]]);
  });
});

describe("np.arange", () => {
  it("gives int32 for integer arguments", () => {
    const a = np.arange(5);
    expect(a.dtype).toBe("int32");
    expect(a.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(np.arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(np.arange(10, 0, -3).toArray()).toEqual([10, 7, 4, 1]);
    expect(np.arange(1, 10, 4).toArray()).toEqual([1, 5, 9]);
  });

  it("gives float32 for fractional arguments, with numpy's length", () => {
    const a = np.arange(0, 1, 0.25);
    expect(a.dtype).toBe("float32");
    expect(a.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(np.arange(0.5, 3).toArray()).toEqual([0.5, 1.5, 2.5]);
    // ceil((1 - 0) / 0.1) = 10 elements, as numpy.
    expect(np.arange(0, 1, 0.1).size).toBe(10);
  });

  it("is empty when the range is", () => {
    expect(np.arange(0).shape).toEqual([0]);
    expect(np.arange(5, 2).shape).toEqual([0]);
    expect(np.arange(2, 5, -1).shape).toEqual([0]);
  });

  it("honours dtype", () => {
    const a = np.arange(0, 3, 1, { dtype: "float64" });
    expect(a.dtype).toBe("float64");
    expect(a.toArray()).toEqual([0, 1, 2]);
  });

  it("matches a loop for random integer ranges", () => {
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }), fc.integer({ min: -5, max: 5 }).filter((s) => s !== 0), (start, stop, step) => {
        const expected: number[] = [];
        for (let v = start; step > 0 ? v < stop : v > stop; v += step) expected.push(v);
        const a = np.arange(start, stop, step);
        expect(a.dtype).toBe("int32");
        expect(a.toArray()).toEqual(expected);
      }),
      runs,
    );
  });
});

describe("np.linspace", () => {
  it("includes both ends by default", () => {
    const a = np.linspace(0, 1, 5);
    expect(a.dtype).toBe("float32");
    expect(a.toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(np.linspace(2, 3, 1).toArray()).toEqual([2]);
    expect(np.linspace(0, 1, 0).shape).toEqual([0]);
  });

  it("can drop the endpoint and run backwards", () => {
    expect(np.linspace(0, 1, 4, { endpoint: false }).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(np.linspace(1, -1, 3).toArray()).toEqual([1, 0, -1]);
  });

  it("defaults to 50 samples and ends exactly at b", () => {
    const a = np.linspace(0, 0.3, undefined, { dtype: "float64" });
    expect(a.size).toBe(50);
    expect(a.data()[49]).toBe(0.3);
  });
});

describe("np.eye", () => {
  it("is the identity", () => {
    const e = np.eye(3);
    expect(e.dtype).toBe("float32");
    expect(e.toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });

  it("supports rectangular shapes, offset diagonals and dtypes", () => {
    expect(np.eye(2, { m: 3 }).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(np.eye(3, { k: 1 }).toArray()).toEqual([[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
    expect(np.eye(3, { k: -1 }).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [0, 1, 0]]);
    expect(np.eye(2, { dtype: "int32" }).dtype).toBe("int32");
    expect(np.eye(0).shape).toEqual([0, 0]);
  });
});

describe("NDArray accessors", () => {
  it("data() is a fresh copy every time", () => {
    const x = np.array([1, 2, 3]);
    const d = x.data();
    d[0] = 42;
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.data()).not.toBe(x.data());
  });

  it("data() has the typed array of the dtype", () => {
    expect(np.array([1], { dtype: "float32" }).data()).toBeInstanceOf(Float32Array);
    expect(np.array([1], { dtype: "float64" }).data()).toBeInstanceOf(Float64Array);
    expect(np.array([1], { dtype: "int32" }).data()).toBeInstanceOf(Int32Array);
    expect(np.array([true]).data()).toBeInstanceOf(Uint8Array);
  });

  it("item() reads size-1 arrays of any rank", () => {
    expect(np.array([[2.5]]).item()).toBe(2.5);
    expect(np.array([false]).item()).toBe(false);
  });

  it("astype converts between every pair of dtypes", () => {
    const x = np.array([-1.5, 0, 2.25]);
    expect(x.astype("int32").toArray()).toEqual([-1, 0, 2]);
    expect(x.astype("bool").toArray()).toEqual([true, false, true]);
    expect(x.astype("float64").dtype).toBe("float64");
    expect(np.array([true, false]).astype("int32").toArray()).toEqual([1, 0]);
    expect(np.astype(np.array([1.7]), "int32").toArray()).toEqual([1]);
    expect(np.array([16777217], { dtype: "int32" }).astype("float32").toArray()).toEqual([16777216]);
  });
});

describe("np.array of NDArrays", () => {
  it("stacks a list of arrays, as numpy and JAX do (also nested and mixed with numbers)", () => {
    const a = np.array([1, 2]);
    expect(np.array([a, np.mul(a, 2)]).toArray()).toEqual([[1, 2], [2, 4]]);
    expect(np.array([[a], [a]]).shape).toEqual([2, 1, 2]);
    expect(np.array([np.array(1), 2], { dtype: "float64" }).dtype).toBe("float64");
    expect(() => np.add([a, a] as never, 1)).toThrow(/NDArray \(stack arrays with np\.array\(list\) or np\.stack\(list\)\)/);
  });
});
