/** numpy broadcasting of binary operations and np.broadcastTo, against a reference loop. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as np from "../../src/numpy/index.js";
import type { ArrayLike, NDArray } from "../../src/array/ndarray.js";
import { arbBroadcastShapes, arbRef, arbShape, binary, broadcastShape, expectArray, numericDType, runs, tabulate, toNd } from "./reference.js";

const OPS: readonly [string, (a: ArrayLike, b: ArrayLike) => NDArray, (a: number, b: number) => number][] = [
  ["add", np.add, (a, b) => a + b],
  ["sub", np.sub, (a, b) => a - b],
  ["mul", np.mul, (a, b) => a * b],
  ["maximum", np.maximum, Math.max],
  ["minimum", np.minimum, Math.min],
];

describe("broadcasting, hand-picked", () => {
  it("row plus column gives a table", () => {
    const col = np.array([[0], [10], [20]]);
    const row = np.array([1, 2, 3, 4]);
    const t = np.add(col, row);
    expect(t.shape).toEqual([3, 4]);
    expect(t.toArray()).toEqual([
      [1, 2, 3, 4],
      [11, 12, 13, 14],
      [21, 22, 23, 24],
    ]);
  });

  it("a rank-0 array broadcasts against anything", () => {
    const s = np.array(2, { dtype: "int32" });
    const x = np.arange(6).reshape(2, 3);
    expect(np.mul(x, s).toArray()).toEqual([[0, 2, 4], [6, 8, 10]]);
    expect(np.sub(s, x).toArray()).toEqual([[2, 1, 0], [-1, -2, -3]]);
  });

  it("size-1 axes stretch on both sides", () => {
    const a = np.ones([2, 1, 4]);
    const b = np.ones([3, 1]);
    expect(np.add(a, b).shape).toEqual([2, 3, 4]);
  });

  it("zero-size axes broadcast against size 1", () => {
    const out = np.add(np.ones([0, 3]), np.ones([1, 3]));
    expect(out.shape).toEqual([0, 3]);
    expect(out.toArray()).toEqual([]);
  });

  it("comparisons and where broadcast too", () => {
    const c = np.greater(np.array([[1], [5]]), np.array([2, 4, 6]));
    expect(c.toArray()).toEqual([[false, false, false], [true, true, false]]);
    const w = np.where(c, 1, np.array([[7], [8]]));
    expect(w.toArray()).toEqual([[7, 7, 7], [1, 1, 8]]);
  });

  it("where broadcasts all three operands", () => {
    const w = np.where(np.array([true, false, true]), np.array([[1], [2]]), np.array(0));
    expect(w.shape).toEqual([2, 3]);
    expect(w.toArray()).toEqual([[1, 0, 1], [2, 0, 2]]);
  });
});

describe("broadcasting, properties", () => {
  it("binary ops agree with a reference loop on broadcast-compatible shapes", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbBroadcastShapes, numericDType, fc.nat(OPS.length - 1))
          .chain(([[sa, sb], dtype, op]) => fc.tuple(arbRef(sa, dtype), arbRef(sb, dtype), fc.constant(dtype), fc.constant(op))),
        ([a, b, dtype, op]) => {
          const [, f, ref] = OPS[op]!;
          expectArray(f(toNd(a, dtype), toNd(b, dtype)), binary(a, b, ref), dtype);
        },
      ),
      runs,
    );
  });

  it("mixed dtypes promote while broadcasting", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbBroadcastShapes, numericDType, numericDType)
          .chain(([[sa, sb], da, db]) => fc.tuple(arbRef(sa, "int32"), arbRef(sb, "int32"), fc.constant(da), fc.constant(db))),
        ([a, b, da, db]) => {
          const order = ["int32", "float32", "float64"];
          const out = order[Math.max(order.indexOf(da), order.indexOf(db))] as "int32" | "float32" | "float64";
          expectArray(np.add(toNd(a, da), toNd(b, db)), binary(a, b, (x, y) => x + y), out);
        },
      ),
      runs,
    );
  });

  it("broadcasting is symmetric in shape", () => {
    fc.assert(
      fc.property(arbBroadcastShapes, ([sa, sb]) => {
        expect(np.add(np.zeros(sa), np.zeros(sb)).shape).toEqual(broadcastShape(sa, sb));
        expect(np.add(np.zeros(sb), np.zeros(sa)).shape).toEqual(broadcastShape(sa, sb));
      }),
      runs,
    );
  });

  it("a JS number broadcasts like a rank-0 array of the other operand's dtype", () => {
    fc.assert(
      fc.property(
        fc.tuple(arbShape(4, 4), numericDType).chain(([s, d]) => fc.tuple(arbRef(s, d), fc.constant(d), fc.integer({ min: -20, max: 20 }))),
        ([a, dtype, k]) => {
          expectArray(toNd(a, dtype).mul(k), { shape: a.shape, data: a.data.map((v) => v * k) }, dtype);
          expectArray(np.sub(k, toNd(a, dtype)), { shape: a.shape, data: a.data.map((v) => k - v) }, dtype);
        },
      ),
      runs,
    );
  });
});

describe("np.broadcastTo", () => {
  it("repeats along new and size-1 axes", () => {
    const b = np.broadcastTo(np.array([1, 2]), [3, 2]);
    expect(b.shape).toEqual([3, 2]);
    expect(b.toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(np.broadcastTo(np.array([[1], [2]]), [2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(np.broadcastTo(5, [2]).toArray()).toEqual([5, 5]);
  });

  it("agrees with a reference for random targets", () => {
    fc.assert(
      fc.property(
        arbBroadcastShapes.chain(([sa, sb]) => fc.tuple(arbRef(sa, "float32"), fc.constant(broadcastShape(sa, sb)!))),
        ([a, target]) => {
          const expected = binary(a, tabulate(target, () => 0), (x) => x);
          expectArray(np.broadcastTo(toNd(a, "float32"), target), expected, "float32");
        },
      ),
      runs,
    );
  });
});
