/**
 * Strided views (transpose, broadcastTo, slice, reversed slices) feed every downstream op
 * correctly, and no op modifies its inputs.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as np from "../../src/numpy/index.js";
import type { NDArray } from "../../src/array/ndarray.js";
import { arbPermutation, arbRef, arbShape, binary, expectArray, numericDType, runs, toNd, transpose as refTranspose, type Ref } from "./reference.js";

/** A fresh row-major copy of x, made through JS values (no views involved). */
function copyOf(x: NDArray): NDArray {
  return np.array(Array.from(x.data()), { dtype: x.dtype, shape: x.shape });
}

describe("views feed downstream ops", () => {
  const m = np.arange(12).reshape(3, 4).astype("float32");

  it("elementwise with a transposed operand", () => {
    const y = np.ones([4, 3]);
    expect(np.add(m.T, y).toArray()).toEqual([
      [1, 5, 9],
      [2, 6, 10],
      [3, 7, 11],
      [4, 8, 12],
    ]);
    expect(np.mul(m.T, m.T).toArray()).toEqual(copyOf(m.T).mul(copyOf(m.T)).toArray());
    expect(np.sub(m.T, np.arange(3)).toArray()).toEqual([[0, 3, 6], [1, 4, 7], [2, 5, 8], [3, 6, 9]]);
  });

  it("reductions of sliced and reversed views", () => {
    const s = np.slice(m, [null, null, 2], [1, null, 2]); // rows 0, 2; columns 1, 3
    expect(s.toArray()).toEqual([[1, 3], [9, 11]]);
    expect(np.sum(s).item()).toBe(24);
    expect(np.sum(s, 0).toArray()).toEqual([10, 14]);
    expect(np.max(s, 1).toArray()).toEqual([3, 11]);
    const r = np.slice(m, [null, null, -1], [null, null, -1]);
    expect(np.sum(r, 1).toArray()).toEqual([38, 22, 6]);
    expect(np.cumsum(r, 1).toArray()).toEqual([[11, 21, 30, 38], [7, 13, 18, 22], [3, 5, 6, 6]]);
    expect(np.argmax(r, 1).toArray()).toEqual([0, 0, 0]);
    expect(np.mean(np.slice(m, 1)).item()).toBe(5.5);
  });

  it("matmul of transposed and sliced operands", () => {
    expect(np.matmul(m.T, m).toArray()).toEqual(np.matmul(copyOf(m.T), m).toArray());
    expect(np.matmul(m, m.T).toArray()).toEqual(np.matmul(m, copyOf(m.T)).toArray());
    const cols = np.slice(m, null, [null, null, -2]); // columns 3, 1
    expect(np.matmul(cols.T, cols).toArray()).toEqual(np.matmul(copyOf(cols.T), copyOf(cols)).toArray());
  });

  it("toArray, data and item of views", () => {
    const t = m.T;
    expect(t.toArray()).toEqual([[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]);
    expect(Array.from(t.data())).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    const b = np.broadcastTo(np.array([1, 2, 3]), [2, 3]);
    expect(Array.from(b.data())).toEqual([1, 2, 3, 1, 2, 3]);
    expect(b.toArray()).toEqual([[1, 2, 3], [1, 2, 3]]);
    const s = np.slice(m, [2, 0, -1], [3, 0, -2]);
    expect(s.toArray()).toEqual([[11, 9], [7, 5]]);
    expect(Array.from(s.data())).toEqual([11, 9, 7, 5]);
    expect(np.slice(m, 2, -1).item()).toBe(11);
    expect(np.slice(m, [1, 2], [2, 3]).item()).toBe(6);
  });

  it("views of views", () => {
    const v = np.slice(np.transpose(np.broadcastTo(m, [2, 3, 4]), [2, 0, 1]), [null, null, -1], 1);
    // v[i, j] = m[j, 3 - i]
    expect(v.toArray()).toEqual([[3, 7, 11], [2, 6, 10], [1, 5, 9], [0, 4, 8]]);
    expect(np.reshape(v, [-1]).toArray()).toEqual([3, 7, 11, 2, 6, 10, 1, 5, 9, 0, 4, 8]);
    expect(np.concatenate([v, m.T], 0).shape).toEqual([8, 3]);
    expect(np.take(v, [0, 3], 0).toArray()).toEqual([[3, 7, 11], [0, 4, 8]]);
    expect(np.add(v, v).toArray()).toEqual([[6, 14, 22], [4, 12, 20], [2, 10, 18], [0, 8, 16]]);
  });

  it("zeros/ones/full are broadcast views and behave like any array", () => {
    const z = np.zeros([2, 3]);
    expect(np.add(z, np.arange(3)).toArray()).toEqual([[0, 1, 2], [0, 1, 2]]);
    expect(np.sum(np.ones([4, 5]), 1).toArray()).toEqual([5, 5, 5, 5]);
    expect(np.matmul(np.ones([2, 3]), np.full([3, 2], 2)).toArray()).toEqual([[6, 6], [6, 6]]);
    expect(np.cumsum(np.ones([3])).toArray()).toEqual([1, 2, 3]);
    expect(np.concatenate([np.zeros([1, 2]), np.ones([1, 2])]).toArray()).toEqual([[0, 0], [1, 1]]);
  });

  it("binary ops on transposed views agree with the reference, for random permutations", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(4, 4), numericDType)
          .chain(([s, d]) => fc.tuple(arbRef(s, d), fc.constant(d), arbPermutation(s.length)))
          .chain(([x, d, perm]) => fc.tuple(fc.constant(x), fc.constant(d), fc.constant(perm), arbRef(perm.map((p) => x.shape[p]!), d))),
        ([x, dtype, perm, y]) => {
          const xt = np.transpose(toNd(x, dtype), perm);
          const expected = binary(refTranspose(x, perm), y, (a, b) => a - b);
          expectArray(np.sub(xt, toNd(y, dtype)), expected, dtype);
          expectArray(np.sub(xt, xt), { shape: expected.shape, data: expected.data.map(() => 0) }, dtype);
        },
      ),
      runs,
    );
  });

  it("reductions, matmul and reshape of random views equal those of copies", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbShape(3, 4, 2), numericDType)
          .chain(([s, d]) => fc.tuple(arbRef(s, d), fc.constant(d), arbPermutation(s.length), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }))),
        ([x, dtype, perm, flips]) => {
          // transpose, then reverse some axes: a view with permuted, negative strides
          const view = np.slice(np.transpose(toNd(x, dtype), perm), ...flips.map((f) => (f ? ([null, null, -1] as const) : null)));
          const copy = copyOf(view);
          expect(view.toArray()).toEqual(copy.toArray());
          expect(np.sum(view, -1).toArray()).toEqual(np.sum(copy, -1).toArray());
          expect(np.min(view, 0).toArray()).toEqual(np.min(copy, 0).toArray());
          expect(np.reshape(view, [-1]).toArray()).toEqual(np.reshape(copy, [-1]).toArray());
          const last = view.shape[view.ndim - 1]!;
          const w = np.ones([last, 2], { dtype });
          expect(np.matmul(view, w).toArray()).toEqual(np.matmul(copy, w).toArray());
        },
      ),
      runs,
    );
  });
});

describe("immutability", () => {
  /** Runs `f` and checks that none of `inputs` changed. */
  function leavesInputsAlone(inputs: NDArray[], f: () => unknown): void {
    const before = inputs.map((x) => ({ shape: [...x.shape], dtype: x.dtype, data: Array.from(x.data()) }));
    f();
    inputs.forEach((x, i) => {
      expect(x.shape).toEqual(before[i]!.shape);
      expect(x.dtype).toBe(before[i]!.dtype);
      expect(Array.from(x.data())).toEqual(before[i]!.data);
    });
  }

  const a = np.array([[1, -2, 3], [4, 5, -6]]);
  const b = np.array([[0.5], [2]]);
  const i = np.array([2, 0], { dtype: "int32" });
  const bools = np.array([true, false, true]);

  const ops: [string, () => unknown][] = [
    ["arithmetic", () => [np.add(a, b), np.sub(a, 1), np.mul(a, b), np.div(a, b), np.pow(a, 2), np.neg(a), np.square(a)]],
    ["methods", () => [a.add(b), a.mul(2), a.neg(), a.T, a.reshape(3, 2), a.astype("int32"), a.sum(0), a.mean(), a.max(1), a.min()]],
    ["math", () => [np.exp(a), np.log(b), np.sqrt(b), np.abs(a), np.sign(a), np.tanh(a), np.clip(a, 0, 2), np.maximum(a, 0)]],
    ["comparisons and logic", () => [np.less(a, b), np.equal(a, 3), np.where(bools, a, 0), np.logicalNot(bools), np.logicalAnd(bools, bools)]],
    ["reductions", () => [np.sum(a), np.prod(a, 1), np.var(a), np.std(a, 0), np.argmax(a, 1), np.cumsum(a, 1), np.all(bools), np.any(a)]],
    ["shape ops", () => [np.transpose(a), np.reshape(a, [-1]), np.expandDims(a, 0), np.squeeze(b), np.concatenate([a, a]), np.stack([a, a]), np.split(a, 3, 1), np.slice(a, [null, null, -1]), np.take(a, i, 1), np.broadcastTo(b, [2, 3])]],
    ["products", () => [np.matmul(a, a.T), np.dot(a.T, b), np.outer(a, b)]],
    ["creation from arrays", () => [np.array(a, { dtype: "float64" }), np.array(a, { shape: [6] }), np.zerosLike(a), np.asarray(a)]],
  ];
  for (const [name, f] of ops) {
    it(`${name} leave their inputs unchanged`, () => leavesInputsAlone([a, b, i, bools], f));
  }

  it("results that share storage with an input are unaffected by edits of data()", () => {
    const x = np.array([1, 2, 3, 4]);
    const views = [x.reshape(2, 2), np.slice(x, [1, 3]), np.transpose(x), np.broadcastTo(x, [2, 4]), np.asarray(x), np.concatenate([x])];
    for (const v of views) {
      const d = v.data();
      d.fill(99);
    }
    expect(x.toArray()).toEqual([1, 2, 3, 4]);
    expect(views[0]!.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(views[1]!.toArray()).toEqual([2, 3]);
  });

  it("data() of every dtype and of views is a fresh copy", () => {
    const xs: NDArray[] = [np.array([1.5, 2]), np.array([1, 2], { dtype: "float64" }), np.arange(3), np.array([true, false]), np.zeros([2]), np.arange(6).reshape(2, 3).T];
    for (const x of xs) {
      const before = x.toArray();
      const d1 = x.data();
      const d2 = x.data();
      expect(d1).not.toBe(d2);
      d1.fill(7);
      expect(x.toArray()).toEqual(before);
      expect(Array.from(x.data())).toEqual(Array.from(d2));
    }
  });

  it("toArray returns fresh JS arrays", () => {
    const x = np.array([[1, 2], [3, 4]]);
    const t = x.toArray() as number[][];
    t[0]![0] = 100;
    expect(x.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it("property: random ops on random arrays leave the inputs as they were", () => {
    const unary: ((x: NDArray) => unknown)[] = [
      (x) => np.sum(x, -1),
      (x) => np.cumsum(x),
      (x) => x.T,
      (x) => np.slice(x, [null, null, -1]),
      (x) => np.reshape(x, [-1]),
      (x) => np.exp(x),
      (x) => (x.ndim === 1 ? np.matmul(x, x) : np.matmul(x, np.swapaxes(x, -1, -2))),
      (x) => np.concatenate([x, x], -1),
      (x) => np.where(np.greater(x, 0), x, 0),
    ];
    fc.assert(
      fc.property(
        fc.tuple(arbShape(3, 4, 1), numericDType).chain(([s, d]) => fc.tuple(arbRef(s, d), fc.constant(d), fc.nat(unary.length - 1))),
        ([ref, dtype, which]: [Ref, "float32" | "float64" | "int32", number]) => {
          const x = toNd(ref, dtype);
          leavesInputsAlone([x], () => unary[which]!(x));
        },
      ),
      runs,
    );
  });
});
