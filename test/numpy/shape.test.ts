/** Shape operations: reshape transpose expandDims squeeze concatenate stack split slice take. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as np from "../../src/numpy/index.js";
import type { SliceSpec } from "../../src/numpy/index.js";
import {
  arbPermutation,
  arbRef,
  arbShape,
  expectArray,
  numericDType,
  pythonSliceIndices,
  runs,
  size,
  slice as refSlice,
  take as refTake,
  toNd,
  transpose as refTranspose,
  type RefSpec,
} from "./reference.js";

describe("reshape", () => {
  const x = np.arange(6);
  it("keeps row-major order", () => {
    expect(np.reshape(x, [2, 3]).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(x.reshape(3, 2).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(x.reshape([3, 2]).toArray()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(np.reshape(x, 6).shape).toEqual([6]);
    expect(x.reshape(2, 3).dtype).toBe("int32");
  });

  it("infers one -1 dimension", () => {
    expect(np.reshape(x, [2, -1]).shape).toEqual([2, 3]);
    expect(np.reshape(x, [-1]).shape).toEqual([6]);
    expect(np.reshape(x, [-1, 1, 2]).shape).toEqual([3, 1, 2]);
  });

  it("to and from rank 0", () => {
    const s = np.reshape(np.array([5]), []);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(5);
    expect(np.reshape(np.array(5), [1, 1]).toArray()).toEqual([[5]]);
  });

  it("of a transposed view reads in the view's order", () => {
    const t = x.reshape(2, 3).T;
    expect(t.reshape(6).toArray()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it("ravel flattens", () => {
    expect(np.ravel(np.array([[1, 2], [3, 4]])).toArray()).toEqual([1, 2, 3, 4]);
    expect(np.ravel(np.array([[1, 2], [3, 4]]).T).toArray()).toEqual([1, 3, 2, 4]);
  });

  it("round trips: reshape to any shape of the same size and back", () => {
    fc.assert(
      fc.property(
        fc.tuple(arbShape(4, 4), arbShape(4, 4), numericDType).chain(([s, t, d]) => fc.tuple(arbRef([...s, ...t], d), fc.constant(s), fc.constant(t), fc.constant(d))),
        ([x, s, t, dtype]) => {
          const a = toNd(x, dtype);
          // [...s, ...t] → [...t, ...s] → [size] → back
          const r = np.reshape(a, [...t, ...s]);
          expectArray(r, { shape: [...t, ...s], data: x.data }, dtype);
          expectArray(np.reshape(np.reshape(r, [-1]), x.shape), x, dtype);
        },
      ),
      runs,
    );
  });
});

describe("transpose", () => {
  const x = np.arange(24).reshape(2, 3, 4);
  it("reverses axes by default, T does the same", () => {
    expect(np.transpose(np.array([[1, 2, 3], [4, 5, 6]])).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(x.T.shape).toEqual([4, 3, 2]);
    expect(x.transpose().shape).toEqual([4, 3, 2]);
    expect(np.array([1, 2, 3]).T.toArray()).toEqual([1, 2, 3]);
    expect(np.array(4).T.item()).toBe(4);
  });

  it("takes a permutation, negative axes allowed", () => {
    const t = np.transpose(x, [1, 0, 2]);
    expect(t.shape).toEqual([3, 2, 4]);
    expect((t.toArray() as number[][][])[2]![1]![3]).toBe(23);
    expect(np.transpose(x, [-1, 0, 1]).shape).toEqual([4, 2, 3]);
  });

  it("swapaxes", () => {
    expect(np.swapaxes(x, 0, 2).shape).toEqual([4, 3, 2]);
    expect(np.swapaxes(x, -1, 1).shape).toEqual([2, 4, 3]);
  });

  it("agrees with a reference, and the inverse permutation undoes it", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(4, 4), numericDType)
          .chain(([s, d]) => fc.tuple(arbRef(s, d), fc.constant(d), arbPermutation(s.length))),
        ([x, dtype, perm]) => {
          const t = np.transpose(toNd(x, dtype), perm);
          expectArray(t, refTranspose(x, perm), dtype);
          const inverse = perm.map((_, i) => perm.indexOf(i));
          expectArray(np.transpose(t, inverse), x, dtype);
          expectArray(t.T.T, refTranspose(x, perm), dtype);
        },
      ),
      runs,
    );
  });
});

describe("expandDims, squeeze", () => {
  it("expandDims inserts size-1 axes at result positions", () => {
    const x = np.ones([3, 4]);
    expect(np.expandDims(x, 0).shape).toEqual([1, 3, 4]);
    expect(np.expandDims(x, 1).shape).toEqual([3, 1, 4]);
    expect(np.expandDims(x, 2).shape).toEqual([3, 4, 1]);
    expect(np.expandDims(x, -1).shape).toEqual([3, 4, 1]);
    expect(np.expandDims(x, [0, 3]).shape).toEqual([1, 3, 4, 1]);
    expect(np.expandDims(x, [0, -1]).shape).toEqual([1, 3, 4, 1]);
    expect(np.expandDims(np.array(2), 0).toArray()).toEqual([2]);
  });

  it("squeeze removes size-1 axes, all or the given ones", () => {
    const x = np.ones([1, 3, 1]);
    expect(np.squeeze(x).shape).toEqual([3]);
    expect(np.squeeze(x, 0).shape).toEqual([3, 1]);
    expect(np.squeeze(x, -1).shape).toEqual([1, 3]);
    expect(np.squeeze(x, [0, 2]).shape).toEqual([3]);
    expect(np.squeeze(np.ones([1, 1])).shape).toEqual([]);
  });

  it("squeeze undoes expandDims and keeps the elements", () => {
    fc.assert(
      fc.property(
        arbShape(3, 4).chain((s) => fc.tuple(arbRef(s, "float32"), fc.integer({ min: -(s.length + 1), max: s.length }))),
        ([x, axis]) => {
          const e = np.expandDims(toNd(x, "float32"), axis);
          const pos = axis < 0 ? axis + x.shape.length + 1 : axis;
          expect(e.shape[pos]).toBe(1);
          expectArray(np.squeeze(e, axis), x, "float32");
        },
      ),
      runs,
    );
  });
});

describe("concatenate, stack, split", () => {
  it("concatenate along an axis", () => {
    const a = np.array([[1, 2], [3, 4]]);
    const b = np.array([[5, 6]]);
    expect(np.concatenate([a, b]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(np.concatenate([a, b.T], 1).toArray()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(np.concatenate([a, b.T], -1).toArray()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(np.concatenate([np.ones([2]), np.zeros([3])]).toArray()).toEqual([1, 1, 0, 0, 0]);
    expect(np.concatenate([a]).toArray()).toEqual(a.toArray());
    expect(np.concatenate([np.zeros([0, 2]), a]).toArray()).toEqual(a.toArray());
  });

  it("concatenate promotes dtypes", () => {
    const c = np.concatenate([np.array([1], { dtype: "int32" }), np.array([0.5]), np.array([true])]);
    expect(c.dtype).toBe("float32");
    expect(c.toArray()).toEqual([1, 0.5, 1]);
    expect(np.concatenate([np.array([1], { dtype: "int32" }), np.array([2], { dtype: "float64" })]).dtype).toBe("float64");
  });

  it("stack makes a new axis", () => {
    const a = np.array([1, 2]);
    const b = np.array([3, 4]);
    expect(np.stack([a, b]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(np.stack([a, b], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(np.stack([a, b], -1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(np.stack([np.array(1), np.array(2)]).toArray()).toEqual([1, 2]);
  });

  it("split into equal sections or at indices (numpy's clamping)", () => {
    const x = np.arange(6);
    expect(np.split(x, 3).map((p) => p.toArray())).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(np.split(x, [2, 5]).map((p) => p.toArray())).toEqual([[0, 1], [2, 3, 4], [5]]);
    expect(np.split(x, [-2]).map((p) => p.toArray())).toEqual([[0, 1, 2, 3], [4, 5]]);
    expect(np.split(x, [4, 2, 10]).map((p) => p.toArray())).toEqual([[0, 1, 2, 3], [], [2, 3, 4, 5], []]);
    const m = np.arange(6).reshape(2, 3);
    expect(np.split(m, [1], 1).map((p) => p.toArray())).toEqual([[[0], [3]], [[1, 2], [4, 5]]]);
    expect(np.split(m, 2, -2).map((p) => p.shape)).toEqual([[1, 3], [1, 3]]);
  });

  it("split then concatenate is the identity; concatenate then split recovers the parts", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(3, 4, 1), numericDType)
          .chain(([s, d]) =>
            fc.tuple(
              arbRef(s, d),
              fc.constant(d),
              fc.integer({ min: 0, max: s.length - 1 }),
              fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
            ),
          ),
        ([x, dtype, axis, cuts]) => {
          const a = toNd(x, dtype);
          const sorted = [...cuts].sort((p, q) => p - q).map((c) => Math.min(c, x.shape[axis]!));
          const parts = np.split(a, sorted, axis);
          expect(parts.length).toBe(sorted.length + 1);
          const edges = [0, ...sorted, x.shape[axis]!];
          parts.forEach((p, i) => expect(p.shape[axis]).toBe(edges[i + 1]! - edges[i]!));
          expectArray(np.concatenate(parts, axis), x, dtype);
          const again = np.split(np.concatenate(parts, axis), sorted, axis);
          again.forEach((p, i) => expect(p.toArray()).toEqual(parts[i]!.toArray()));
        },
      ),
      runs,
    );
  });

  it("stack then index recovers each part", () => {
    fc.assert(
      fc.property(
        arbShape(3, 3).chain((s) => fc.tuple(fc.array(arbRef(s, "float32"), { minLength: 1, maxLength: 4 }), fc.integer({ min: -(s.length + 1), max: s.length }))),
        ([xs, axis]) => {
          const st = np.stack(xs.map((x) => toNd(x, "float32")), axis);
          const pos = axis < 0 ? axis + xs[0]!.shape.length + 1 : axis;
          expect(st.shape[pos]).toBe(xs.length);
          xs.forEach((x, i) => {
            const specs: SliceSpec[] = Array.from({ length: pos }, () => null);
            expectArray(np.slice(st, ...specs, i), x, "float32");
          });
        },
      ),
      runs,
    );
  });
});

describe("slice", () => {
  const x = np.arange(12).reshape(3, 4);
  it("Python slicing per axis", () => {
    expect(np.slice(x, 1).toArray()).toEqual([4, 5, 6, 7]);
    expect(np.slice(x, -1).toArray()).toEqual([8, 9, 10, 11]);
    expect(np.slice(x, null, 2).toArray()).toEqual([2, 6, 10]);
    expect(np.slice(x, [1, 3]).toArray()).toEqual([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(np.slice(x, [null, null, 2], [1, null]).toArray()).toEqual([[1, 2, 3], [9, 10, 11]]);
    expect(np.slice(x, null, [null, null, -1]).toArray()).toEqual([[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]]);
    expect(np.slice(x, [null, null, -2], [3, 0, -2]).toArray()).toEqual([[11, 9], [3, 1]]);
    expect(np.slice(x, [5, 10]).shape).toEqual([0, 4]);
    expect(np.slice(x, [-100, 100]).shape).toEqual([3, 4]);
    expect(np.slice(x, 1, 2).item()).toBe(6);
    expect(np.slice(x, 1, 2).shape).toEqual([]);
    expect(np.slice(x).toArray()).toEqual(x.toArray());
    expect(np.slice(x, []).toArray()).toEqual(x.toArray());
  });

  it("the reference implements Python's slice semantics", () => {
    const r = [0, 1, 2, 3, 4];
    expect(pythonSliceIndices(5, null, null, -1)).toEqual([4, 3, 2, 1, 0]);
    expect(pythonSliceIndices(5, -2, null, null)).toEqual([3, 4]);
    expect(pythonSliceIndices(5, 10, -10, -2)).toEqual([4, 2, 0]);
    expect(pythonSliceIndices(5, 1, 1, 1)).toEqual([]);
    expect(pythonSliceIndices(5, 3, 0, -1)).toEqual([3, 2, 1]);
    expect(pythonSliceIndices(0, null, null, -1)).toEqual([]);
    expect(r.length).toBe(5);
  });

  /** A random slice spec for an axis of size n: index, whole axis, or start/stop/step with any signs. */
  const arbSpec = (n: number): fc.Arbitrary<[SliceSpec | undefined, RefSpec | undefined]> => {
    const bound = fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: null });
    const step = fc.option(fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0), { nil: null });
    return fc.oneof(
      fc.integer({ min: -n, max: n - 1 }).map((i): [SliceSpec, RefSpec] => [i, { index: i }]),
      fc.constant<[SliceSpec, RefSpec | undefined]>([null, undefined]),
      fc.tuple(bound, bound, step).map(([a, b, s]): [SliceSpec, RefSpec] => [[a, b, s], { start: a, stop: b, step: s }]),
    );
  };

  it("agrees with a reference implementing Python slicing, for random start/stop/step", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(4, 5, 1), numericDType)
          .chain(([s, d]) => fc.tuple(arbRef(s, d), fc.constant(d), fc.tuple(...s.map(arbSpec)), fc.integer({ min: 0, max: s.length }))),
        ([x, dtype, specs, count]) => {
          const used = specs.slice(0, count);
          const out = np.slice(toNd(x, dtype), ...used.map(([s]) => (s === undefined ? null : s)));
          const ref = refSlice(x, used.map(([, r]) => r ?? { start: null, stop: null, step: null }));
          expectArray(out, ref, dtype);
        },
      ),
      runs,
    );
  });

  const arbTriple = fc.tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: -10, max: 10 }), fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0));
  it("slices of slices compose like Python's", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.tuple(arbTriple, arbTriple),
          ),
        ),
        ([n, [[a1, b1, s1], [a2, b2, s2]]]) => {
          const base = Array.from({ length: n }, (_, i) => i);
          const first = pythonSliceIndices(n, a1, b1, s1).map((i) => base[i]!);
          const second = pythonSliceIndices(first.length, a2, b2, s2).map((i) => first[i]!);
          const out = np.slice(np.slice(np.arange(n), [a1, b1, s1]), [a2, b2, s2]);
          expect(out.toArray()).toEqual(second);
        },
      ),
      runs,
    );
  });
});

describe("take", () => {
  it("picks by index from the flattened array, or along an axis", () => {
    expect(np.take(np.array([10, 20, 30]), [2, 0]).toArray()).toEqual([30, 10]);
    expect(np.take(np.array([10, 20, 30]), [-1]).toArray()).toEqual([30]);
    const m = np.arange(6).reshape(2, 3);
    expect(np.take(m, [5, 0]).toArray()).toEqual([5, 0]);
    expect(np.take(m, [2, 2, 0], 1).toArray()).toEqual([[2, 2, 0], [5, 5, 3]]);
    expect(np.take(m, [1], 0).toArray()).toEqual([[3, 4, 5]]);
    expect(np.take(m, [1], -2).toArray()).toEqual([[3, 4, 5]]);
    expect(np.take(m, 1, 1).toArray()).toEqual([1, 4]);
    expect(np.take(m, [[0, 1], [1, 0]], 0).shape).toEqual([2, 2, 3]);
    expect(np.take(m, np.array([1, 0], { dtype: "int32" }), 0).toArray()).toEqual([[3, 4, 5], [0, 1, 2]]);
    expect(np.take(m, [], 1).shape).toEqual([2, 0]);
    expect(np.take(np.array([true, false]), [1, 1]).toArray()).toEqual([false, false]);
  });

  it("agrees with a reference for random shapes, axes and indices", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(3, 4, 1), numericDType, arbShape(2, 3))
          .chain(([s, d, is]) =>
            fc.integer({ min: 0, max: s.length - 1 }).chain((axis) =>
              fc.tuple(arbRef(s, d), fc.constant(d), fc.constant(axis), arbRef(is, "int32", fc.integer({ min: -s[axis]!, max: s[axis]! - 1 }))),
            ),
          ),
        ([x, dtype, axis, idx]) => {
          const out = np.take(toNd(x, dtype), toNd(idx, "int32"), axis);
          expectArray(out, refTake(x, idx, axis), dtype);
          // and the same along the axis counted from the end, and on a reversed view
          expectArray(np.take(toNd(x, dtype), toNd(idx, "int32"), axis - x.shape.length), refTake(x, idx, axis), dtype);
          const flat = { shape: [size(x.shape)], data: x.data };
          const flatIdx = { shape: idx.shape, data: idx.data.map((i) => ((i % flat.shape[0]!) + flat.shape[0]!) % flat.shape[0]!) };
          expectArray(np.take(toNd(x, dtype), toNd(flatIdx, "int32")), refTake(flat, flatIdx, 0), dtype);
        },
      ),
      runs,
    );
  });
});
