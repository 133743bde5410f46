/** matmul (numpy's 1-D and batching rules), dot and outer, against naive loops. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as np from "../../src/numpy/index.js";
import { arbRef, broadcastShape, expectArray, matmul as refMatmul, numericDType, runs, toNd, transpose as refTranspose, type Ref } from "./reference.js";

describe("matmul, hand-picked", () => {
  const a = np.array([[1, 2], [3, 4]]);
  const b = np.array([[5, 6], [7, 8]]);

  it("2-D times 2-D", () => {
    expect(np.matmul(a, b).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(a.matmul(b).toArray()).toEqual([[19, 22], [43, 50]]);
    expect(np.matmul(np.ones([2, 3]), np.ones([3, 4])).shape).toEqual([2, 4]);
  });

  it("1-D operands: vector·vector is rank 0, matrix·vector and vector·matrix drop the axis", () => {
    const v = np.array([1, 2]);
    const vv = np.matmul(v, v);
    expect(vv.shape).toEqual([]);
    expect(vv.item()).toBe(5);
    expect(np.matmul(a, v).toArray()).toEqual([5, 11]);
    expect(np.matmul(v, a).toArray()).toEqual([7, 10]);
  });

  it("batched: leading axes broadcast", () => {
    const batch = np.stack([a, b]); // [2, 2, 2]
    expect(np.matmul(batch, np.eye(2)).toArray()).toEqual(batch.toArray());
    const out = np.matmul(batch, a);
    expect(out.shape).toEqual([2, 2, 2]);
    expect(out.toArray()).toEqual([np.matmul(a, a).toArray(), np.matmul(b, a).toArray()]);
    expect(np.matmul(a, batch).toArray()).toEqual([np.matmul(a, a).toArray(), np.matmul(a, b).toArray()]);
    expect(np.matmul(np.ones([3, 1, 2, 4]), np.ones([5, 4, 6])).shape).toEqual([3, 5, 2, 6]);
    expect(np.matmul(np.ones([4]), np.ones([3, 4, 6])).shape).toEqual([3, 6]);
    expect(np.matmul(np.ones([3, 2, 4]), np.ones([4])).shape).toEqual([3, 2]);
  });

  it("dtypes: promotion, int32 stays int32", () => {
    const i = np.array([[1, 2], [3, 4]], { dtype: "int32" });
    expect(np.matmul(i, i).dtype).toBe("int32");
    expect(np.matmul(i, i).toArray()).toEqual([[7, 10], [15, 22]]);
    expect(np.matmul(i, a).dtype).toBe("float32");
    expect(np.matmul(a, np.eye(2, { dtype: "float64" })).dtype).toBe("float64");
  });

  it("float64 keeps full precision", () => {
    const x = np.array([[0.1, 0.2]], { dtype: "float64" });
    const y = np.array([[0.3], [0.4]], { dtype: "float64" });
    expect(np.matmul(x, y).item()).toBe(0.1 * 0.3 + 0.2 * 0.4);
  });

  it("empty contractions give zeros", () => {
    const z = np.matmul(np.ones([2, 0]), np.ones([0, 3]));
    expect(z.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(np.matmul(np.ones([0, 2]), np.ones([2, 3])).shape).toEqual([0, 3]);
  });

  it("transposed operands are read through their strides", () => {
    const m = np.arange(6).reshape(2, 3).astype("float32");
    expect(np.matmul(m.T, m).toArray()).toEqual([[9, 12, 15], [12, 17, 22], [15, 22, 29]]);
    expect(np.matmul(m, m.T).toArray()).toEqual([[5, 14], [14, 50]]);
    expect(m.T.matmul(m.T.T).toArray()).toEqual([[9, 12, 15], [12, 17, 22], [15, 22, 29]]);
  });
});

/** Operand shapes for matmul: 1-D or n-D, with batch axes that broadcast. */
const arbMatmulShapes: fc.Arbitrary<[number[], number[]]> = fc
  .tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 2 }),
    fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    fc.constantFrom("nd", "vec"),
    fc.constantFrom("nd", "vec"),
  )
  .map(([m, k, n, batch, ra, rb, onesA, onesB, ka, kb]) => {
    const ba = batch.map((d, i) => (onesA[i] ? 1 : d)).slice(batch.length - Math.min(ra, batch.length));
    const bb = batch.map((d, i) => (onesB[i] ? 1 : d)).slice(batch.length - Math.min(rb, batch.length));
    const a = ka === "vec" ? [k] : [...ba, m, k];
    const b = kb === "vec" ? [k] : [...bb, k, n];
    return [a, b];
  });

describe("matmul, properties", () => {
  it("agrees with naive loops for random shapes (1-D, 2-D, batched with broadcasting) and dtypes", () => {
    fc.assert(
      fc.property(
        fc.tuple(arbMatmulShapes, numericDType).chain(([[sa, sb], d]) => fc.tuple(arbRef(sa, d), arbRef(sb, d), fc.constant(d))),
        ([a, b, dtype]) => {
          expectArray(np.matmul(toNd(a, dtype), toNd(b, dtype)), refMatmul(a, b, dtype), dtype);
        },
      ),
      runs,
    );
  });

  it("agrees with naive loops on transposed, sliced and broadcast views", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), numericDType)
          .chain(([m, k, n, d]) => fc.tuple(arbRef([k, m], d), arbRef([n, 2 * k], d), fc.constant(d))),
        ([aT, bWide, dtype]) => {
          // a = aT.T (a transposed view); b = every other column of bWide, transposed.
          const a = np.transpose(toNd(aT, dtype));
          const b = np.transpose(np.slice(toNd(bWide, dtype), null, [null, null, 2]));
          const aRef = refTranspose(aT, [1, 0]);
          const k = aT.shape[0]!;
          const n = bWide.shape[0]!;
          const bRef: Ref = refTranspose({ shape: [n, k], data: bWide.data.filter((_, i) => i % 2 === 0) }, [1, 0]);
          expectArray(np.matmul(a, b), refMatmul(aRef, bRef, dtype), dtype);
          // a broadcast (stride-0) batch operand
          const batched = np.broadcastTo(a, [3, ...a.shape]);
          const expected = refMatmul(aRef, bRef, dtype);
          expectArray(np.matmul(batched, b), { shape: [3, ...expected.shape], data: [...expected.data, ...expected.data, ...expected.data] }, dtype);
        },
      ),
      runs,
    );
  });

  it("(AB)ᵀ = BᵀAᵀ", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
          .chain(([m, k, n]) => fc.tuple(arbRef([m, k], "float64"), arbRef([k, n], "float64"))),
        ([a, b]) => {
          const A = toNd(a, "float64");
          const B = toNd(b, "float64");
          expect(np.matmul(A, B).T.toArray()).toEqual(np.matmul(B.T, A.T).toArray());
        },
      ),
      runs,
    );
  });

  it("the reference itself broadcasts batch shapes like numpy", () => {
    expect(broadcastShape([3, 1], [5])).toEqual([3, 5]);
    expect(refMatmul({ shape: [2], data: [1, 2] }, { shape: [2], data: [3, 4] }, "float64")).toEqual({ shape: [], data: [11] });
  });
});

describe("dot", () => {
  it("numpy's cases", () => {
    expect(np.dot([1, 2], [3, 4]).item()).toBe(11);
    expect(np.dot([1, 2], [3, 4]).shape).toEqual([]);
    expect(np.dot(np.array([1, 2]), 3).toArray()).toEqual([3, 6]);
    expect(np.dot(2, np.array([[1, 2]])).toArray()).toEqual([[2, 4]]);
    const a = np.array([[1, 2], [3, 4]]);
    expect(np.dot(a, np.array([1, 1])).toArray()).toEqual([3, 7]);
    expect(np.dot(np.array([1, 1]), a).toArray()).toEqual([4, 6]);
    expect(np.dot(a, a).toArray()).toEqual([[7, 10], [15, 22]]);
  });

  it("n-D: sums over the last axis of x and the second-to-last of y", () => {
    const x = np.arange(24).reshape(2, 3, 4);
    const y = np.arange(40).reshape(2, 4, 5);
    const d = np.dot(x, y);
    expect(d.shape).toEqual([2, 3, 2, 5]);
    // d[i, j, k, m] = sum(x[i, j, :] * y[k, :, m])
    const xs = x.toArray() as number[][][];
    const ys = y.toArray() as number[][][];
    const ds = d.toArray() as number[][][][];
    for (const [i, j, k, m] of [[0, 0, 0, 0], [1, 2, 1, 4], [0, 1, 1, 3], [1, 0, 0, 2]] as const) {
      let s = 0;
      for (let q = 0; q < 4; q++) s += xs[i]![j]![q]! * ys[k]![q]![m]!;
      expect(ds[i]![j]![k]![m]).toBe(s);
    }
  });

  it("int32 stays int32", () => {
    expect(np.dot(np.array([1, 2], { dtype: "int32" }), np.array([3, 4], { dtype: "int32" })).dtype).toBe("int32");
  });
});

describe("outer", () => {
  it("of vectors, and of flattened inputs", () => {
    const o = np.outer([1, 2], [1, 10, 100]);
    expect(o.shape).toEqual([2, 3]);
    expect(o.toArray()).toEqual([[1, 10, 100], [2, 20, 200]]);
    expect(np.outer(np.array([[1, 2], [3, 4]]), np.array([1, -1])).toArray()).toEqual([[1, -1], [2, -2], [3, -3], [4, -4]]);
    expect(np.outer(np.array([1, 2], { dtype: "int32" }), np.array([3], { dtype: "int32" })).dtype).toBe("int32");
  });

  it("agrees with a loop", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), numericDType)
          .chain(([m, n, d]) => fc.tuple(arbRef([m], d), arbRef([n], d), fc.constant(d))),
        ([u, v, dtype]) => {
          const expected = { shape: [u.data.length, v.data.length], data: u.data.flatMap((x) => v.data.map((y) => x * y)) };
          expectArray(np.outer(toNd(u, dtype), toNd(v, dtype)), expected, dtype);
        },
      ),
      runs,
    );
  });
});
