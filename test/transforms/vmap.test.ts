import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import { jit } from "../../src/transforms/jit.js";
import { jvp } from "../../src/transforms/jvp.js";
import { grad } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";

const f64 = (v: number | number[] | number[][] | number[][][]) => np.array(v, { dtype: "float64" });

function moveaxis(x: NDArray, from: number, to: number): NDArray {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return np.transpose(x, perm);
}

/** The reference: slice every mapped argument, apply f, stack along outAxis. */
function loop(f: (...a: NDArray[]) => NDArray, args: NDArray[], axes: (number | null)[], outAxis = 0): NDArray {
  const size = args.find((_, i) => axes[i] !== null)!.shape[axes.find((a) => a !== null)!]!;
  const outs: NDArray[] = [];
  for (let b = 0; b < size; b++) {
    outs.push(f(...args.map((x, i) => (axes[i] === null ? x : np.take(x, b, axes[i]!)))));
  }
  return np.stack(outs, outAxis);
}

function expectClose(a: NDArray, b: NDArray, tol = 1e-12): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.data();
  const y = b.data();
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!), `element ${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!)));
}

const value = fc.integer({ min: -1000, max: 1000 }).map((i) => i / 300);
const cube = fc.array(value, { minLength: 24, maxLength: 24 }).map((v) => np.reshape(f64(v), [2, 3, 4]));

describe("vmap matches a loop for every primitive family", () => {
  const cases: [string, (x: NDArray, y: NDArray) => NDArray][] = [
    ["elementwise + broadcasting", (x, y) => np.add(np.mul(np.sin(x), y), np.exp(np.slice(y, [0, 1])))],
    ["where/compare/cast", (x, y) => np.where(np.greater(x, y), x, np.astype(np.astype(y, "float32"), "float64"))],
    ["reductions", (x, y) => np.add(np.sum(x, 1), np.max(y, { axis: 1, keepdims: false }))],
    ["prod/min/mean/argmax", (x, y) => np.add(np.add(np.prod(x, 0), np.min(y, 0)), np.add(np.mean(x, 0), np.astype(np.argmax(y, 0), "float64")))],
    ["matmul", (x, y) => np.matmul(x, np.transpose(y))],
    ["dot of vectors", (x, y) => np.dot(np.ravel(x), np.ravel(y))],
    ["reshape/transpose/concatenate", (x, y) => np.concatenate([np.reshape(x, [4, 3]), np.transpose(y)], 0)],
    ["slice/rev/cumsum", (x, y) => np.add(np.cumsum(np.slice(x, null, [null, null, -2]), 1), np.slice(y, null, [1, 4, 2]))],
    ["take with shared indices", (x, y) => np.add(np.take(x, [2, 0, 0], 1), np.take(y, [-1, 1, 1], 1))],
  ];
  const axesCombos: (number | null)[][] = [
    [0, 0],
    [0, null],
    [null, 2],
    [1, 0],
    [2, 1],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(cube, cube, fc.constantFrom(...axesCombos), (xb, yb, axes) => {
          // Unmapped arguments are one example ([3, 4]); mapped ones carry a batch of 2 on their axis.
          const args = [xb, yb].map((a, i) => (axes[i] === null ? np.take(a, 0, 0) : moveaxis(a, 0, axes[i]!)));
          expectClose((vmap(f, { inAxes: axes }) as (...a: NDArray[]) => NDArray)(...args), loop(f, args, axes));
        }),
        { numRuns: 15 },
      );
    });
  }
});

describe("vmap composes", () => {
  const loss = (w: NDArray, x: NDArray, y: NDArray) => np.square(np.sub(np.tanh(np.dot(x, w)), y));
  const w = f64([0.3, -0.2, 0.5]);
  const xs = f64([[1, 2, 3], [0.5, -1, 0], [2, 2, -2], [0, 1, 1]]);
  const ys = f64([0.5, -0.5, 1, 0]);

  it("per-example gradients vmap(grad(loss)) equal a loop of grads", () => {
    const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, xs, ys);
    const reference = np.stack([0, 1, 2, 3].map((i) => grad(loss)(w, np.take(xs, i, 0), np.take(ys, i, 0))));
    expectClose(perExample, reference);
    expectClose(jit(vmap(grad(loss), { inAxes: [null, 0, 0] }))(w, xs, ys), reference);
  });

  it("grad of a function that calls vmap", () => {
    const total = (w: NDArray) => np.sum(vmap((x: NDArray, y: NDArray) => loss(w, x, y))(xs, ys));
    const reference = [0, 1, 2, 3].map((i) => grad(loss)(w, np.take(xs, i, 0), np.take(ys, i, 0))).reduce((a, b) => np.add(a, b));
    expectClose(grad(total)(w), reference);
  });

  it("nested vmap gives an outer product; vmap of jvp; outAxes; pytrees", () => {
    const outer = vmap(vmap((a: NDArray, b: NDArray) => np.mul(a, b), { inAxes: [null, 0] }), { inAxes: [0, null] });
    expect(outer(f64([1, 2]), f64([10, 20, 30])).toArray()).toEqual([[10, 20, 30], [20, 40, 60]]);
    const derivs = vmap((x: NDArray) => jvp(np.sin, [x], [np.onesLike(x)])[1])(f64([0, 1]));
    expectClose(derivs, f64([1, Math.cos(1)]));
    expect(vmap((x: NDArray) => np.mul(x, 2), { outAxes: 1 })(f64([[1, 2], [3, 4]])).toArray()).toEqual([[2, 6], [4, 8]]);
    const tree = vmap((p: { a: NDArray; b: NDArray }) => ({ s: np.add(p.a, p.b), c: np.array(1) }), { inAxes: [{ a: 0, b: null }] })({ a: f64([1, 2]), b: f64(10) });
    expect(tree.s.toArray()).toEqual([11, 12]);
    expect(tree.c.toArray()).toEqual([1, 1]);
  });

  it("gathers with batched indices (take) and scatters back (its gradient)", () => {
    const table = f64([[1, 2], [3, 4], [5, 6]]);
    const rows = vmap((i: NDArray) => np.take(table, i, 0))(np.array([2, 0, -1], { dtype: "int32" }));
    expect(rows.toArray()).toEqual([[5, 6], [1, 2], [5, 6]]);
    const pick = (t: NDArray, i: NDArray) => np.take(t, i, 0);
    const both = vmap(pick)(np.stack([table, np.mul(table, 10)]), np.array([1, 2], { dtype: "int32" }));
    expect(both.toArray()).toEqual([[3, 4], [50, 60]]);
    const g = vmap(grad((t: NDArray, i: NDArray) => np.sum(np.take(t, i, 0))), { inAxes: [null, 0] })(table, np.array([[0, 0], [2, 1]], { dtype: "int32" }));
    expect(g.toArray()).toEqual([[[2, 2], [0, 0], [0, 0]], [[0, 0], [1, 1], [1, 1]]]);
  });

  it("names the arguments and sizes when mapped axes disagree", () => {
    expect(() => vmap(np.add)(f64([1, 2]), f64([1, 2, 3]))).toThrow(/vmap: the mapped axes have different sizes: argument 0 has size 2 along axis 0.*argument 1 has size 3/);
    expect(() => vmap(np.add, { inAxes: [null, null] })).toThrow(/^vmap: inAxes must have at least one non-null entry/);
    expect(() => vmap((x: NDArray) => ((x.sum().item() as number) > 0 ? x : x))(f64([1, 2]))).toThrow(/batched by vmap/);
  });
});

describe("jit inside and outside vmap and jvp", () => {
  it("vmap(jit(f)), jit(vmap(f)), jit(jvp(f)) and vmap(jit(grad(f))) agree with eager", () => {
    const f = (x: NDArray) => np.sum(np.mul(np.sin(x), x));
    const xs = f64([[0.1, 0.2], [0.3, -0.4], [1, 2]]);
    const eager = vmap(f)(xs).toArray();
    expect(vmap(jit(f))(xs).toArray()).toEqual(eager);
    expect(jit(vmap(f))(xs).toArray()).toEqual(eager);
    const tangentEager = jvp(f, [f64([0.5, 1])], [f64([1, 0])])[1].item();
    expect(jit((x: NDArray, t: NDArray) => jvp(f, [x], [t])[1])(f64([0.5, 1]), f64([1, 0])).item()).toBe(tangentEager);
    expect(vmap(jit(grad(f)))(xs).toArray()).toEqual(vmap(grad(f))(xs).toArray());
  });
});
