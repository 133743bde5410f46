/**
 * jacfwd, jacrev and hessian on pytrees and tuple argnums (as JAX): the result is the output's
 * tree of the input's tree of blocks shaped `out.shape + in.shape`, checked against central
 * finite differences and against each other.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import { DTypeError, ShapeError, ValueError } from "../../src/errors/index.js";
import * as np from "../../src/numpy/index.js";
import * as tree from "../../src/tree/index.js";
import { hessian, jacfwd, jacrev } from "../../src/transforms/jacobian.js";
import { jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
type Fn = (...args: any[]) => unknown;

const leavesOf = (t: unknown) => tree.leaves(t) as NDArray[];
const values = (x: NDArray) => Array.from(x.data() as ArrayLike<number>);

/**
 * The Jacobian of f at args w.r.t. the arguments `argnums` by central differences, as the same
 * nested structure jacfwd returns (output tree of input trees).
 */
function numericJacobian(f: Fn, args: unknown[], argnums: number | number[], eps = 1e-6): unknown {
  const tuple = Array.isArray(argnums);
  const list = tuple ? argnums : [argnums];
  const chosen = tuple ? list.map((a) => args[a]) : args[list[0]!];
  const [inLeaves, inDef] = tree.flatten(chosen) as [NDArray[], tree.TreeDef];
  const call = (ls: NDArray[]) => {
    const picked = inDef.unflatten(ls);
    const full = args.slice();
    list.forEach((a, k) => (full[a] = tuple ? (picked as unknown[])[k] : picked));
    return f(...full);
  };
  const [outLeaves, outDef] = tree.flatten(call(inLeaves)) as [NDArray[], tree.TreeDef];
  // blocks[j][i]: flat values, row-major over out_j × in_i.
  const blocks = outLeaves.map((o) => inLeaves.map((x) => new Array<number>(o.size * x.size).fill(0)));
  inLeaves.forEach((x, i) => {
    for (let e = 0; e < x.size; e++) {
      const shifted = (s: number) => {
        const v = values(x);
        v[e]! += s;
        return inLeaves.map((l, k) => (k === i ? np.reshape(f64(v), x.shape) : l));
      };
      const plus = leavesOf(call(shifted(eps)));
      const minus = leavesOf(call(shifted(-eps)));
      outLeaves.forEach((o, j) => {
        const p = values(plus[j]!);
        const m = values(minus[j]!);
        for (let q = 0; q < o.size; q++) blocks[j]![i]![q * x.size + e] = (p[q]! - m[q]!) / (2 * eps);
      });
    }
  });
  return outDef.unflatten(outLeaves.map((o, j) => inDef.unflatten(inLeaves.map((x, i) => np.reshape(f64(blocks[j]![i]!), [...o.shape, ...x.shape])))));
}

function expectSameTree(actual: unknown, expected: unknown, tol: number): void {
  const [la, da] = tree.flatten(actual) as [NDArray[], tree.TreeDef];
  const [le, de] = tree.flatten(expected) as [NDArray[], tree.TreeDef];
  expect(da.toString()).toBe(de.toString());
  la.forEach((a, k) => {
    expect(a.shape, `leaf ${k} shape`).toEqual(le[k]!.shape);
    const x = values(a);
    const y = values(le[k]!);
    x.forEach((v, q) => expect(Math.abs(v - y[q]!), `leaf ${k}, element ${q}: ${v} vs ${y[q]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(y[q]!))));
  });
}

const value = fc.integer({ min: -800, max: 800 }).map((i) => i / 400);
const vec = (n: number) => fc.array(value, { minLength: n, maxLength: n }).map((v) => f64(v));

// Functions of pytrees with pytree outputs.
const model = (p: { w: NDArray; b: NDArray }, x: NDArray) => ({
  y: np.tanh(np.add(np.matmul(np.reshape(p.w, [2, 3]), x), p.b)),
  reg: [np.sum(np.square(p.w)), np.mul(p.b, p.b)],
});
const scalarOfTree = (p: { w: NDArray; b: NDArray }) => np.add(np.sum(np.sin(np.mul(p.w, np.sum(p.b)))), np.prod(p.b));

describe("jacfwd and jacrev take and return pytrees", () => {
  it("pytree input, pytree output: jacfwd = jacrev = finite differences", () => {
    fc.assert(
      fc.property(vec(6), vec(2), vec(3), (w, b, x) => {
        const p = { w, b };
        const expected = numericJacobian(model, [p, x], 0);
        const fwd = jacfwd(model)(p, x);
        expectSameTree(fwd, expected, 1e-6);
        expectSameTree(jacrev(model)(p, x), fwd, 1e-12);
      }),
      { numRuns: 10 },
    );
  });
  it("the structure is output tree of input tree, blocks shaped out.shape + in.shape", () => {
    const p = { w: f64([1, 2, 3, 4, 5, 6]), b: f64([0.5, -0.5]) };
    const j = jacrev(model)(p, f64([1, 0, -1])) as { y: { w: NDArray; b: NDArray }; reg: { w: NDArray; b: NDArray }[] };
    expect(j.y.w.shape).toEqual([2, 6]);
    expect(j.y.b.shape).toEqual([2, 2]);
    expect(j.reg[0]!.w.shape).toEqual([6]);
    expect(j.reg[1]!.b.toArray()).toEqual([[1, 0], [0, -1]]);
    expect(j.reg[1]!.w.toArray()).toEqual([[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]);
  });
  it("tuple argnums give one Jacobian per argument", () => {
    const f = (a: NDArray, s: NDArray, b: NDArray) => np.mul(np.add(a, b), s);
    const args = [f64([1, 2]), f64(3), f64([-1, 4])];
    for (const jac of [jacfwd, jacrev]) {
      const [ja, jb] = jac(f, { argnums: [0, 2] })(...args) as NDArray[];
      expect(ja!.toArray()).toEqual([[3, 0], [0, 3]]);
      expect(jb!.toArray()).toEqual([[3, 0], [0, 3]]);
      const [js] = jac(f, { argnums: [1] })(...args) as NDArray[];
      expect(js!.toArray()).toEqual([0, 6]);
      expectSameTree(jac(f, { argnums: [1, 0] })(...args), numericJacobian(f, args, [1, 0]), 1e-6);
    }
  });
  it("jacrev with a pytree output no longer fails inside eye", () => {
    const f = (x: NDArray) => ({ s: np.sum(x), d: np.mul(x, 2) });
    const j = jacrev(f)(f64([1, 2])) as { s: NDArray; d: NDArray };
    expect(j.s.toArray()).toEqual([1, 1]);
    expect(j.d.toArray()).toEqual([[2, 0], [0, 2]]);
  });
  it("compose with jit and vmap, and handle zero-size inputs", () => {
    const f = (x: NDArray) => np.mul(np.sin(x), x);
    const x = f64([0.1, 0.2]);
    expect(jit(jacfwd(f))(x).toArray()).toEqual(jacfwd(f)(x).toArray());
    expect(jacrev(jit(f))(x).toArray()).toEqual(jacrev(f)(x).toArray());
    expect(vmap(jacrev(f))(f64([[0.1, 0.2], [0.3, 0.4]])).shape).toEqual([2, 2, 2]);
    expect(jacfwd(f)(np.zeros([0], { dtype: "float64" })).shape).toEqual([0, 0]);
    expect(jacrev((v: NDArray) => np.sum(v))(np.zeros([0], { dtype: "float64" })).shape).toEqual([0]);
  });
});

describe("hessian on pytrees", () => {
  it("a tree of trees matching finite differences of grad; symmetric", () => {
    fc.assert(
      fc.property(vec(3), vec(2), (w, b) => {
        const p = { w, b };
        const h = hessian(scalarOfTree)(p) as { w: { w: NDArray; b: NDArray }; b: { w: NDArray; b: NDArray } };
        expectSameTree(h, numericJacobian((q: typeof p) => grad(scalarOfTree)(q), [p], 0), 1e-6);
        expect(h.w.b.shape).toEqual([3, 2]);
        expect(h.b.w.shape).toEqual([2, 3]);
        const wb = h.w.b.toArray() as number[][];
        const bw = h.b.w.toArray() as number[][];
        wb.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(bw[k]![i]!, 10)));
      }),
      { numRuns: 8 },
    );
  });
  it("tuple argnums give a block matrix", () => {
    const f = (a: NDArray, b: NDArray) => np.sum(np.mul(np.square(a), b));
    const [[haa, hab], [hba, hbb]] = hessian(f, { argnums: [0, 1] })(f64([1, 2]), f64([3, 4])) as [NDArray[], NDArray[]];
    expect(haa!.toArray()).toEqual([[6, 0], [0, 8]]);
    expect(hab!.toArray()).toEqual([[2, 0], [0, 4]]);
    expect(hba!.toArray()).toEqual([[2, 0], [0, 4]]);
    expect(hbb!.toArray()).toEqual([[0, 0], [0, 0]]);
  });
});

describe("jacobian errors", () => {
  it("integer inputs and outputs, non-scalar hessians, bad argnums and options", () => {
    expect(() => jacfwd((x: NDArray) => x)(np.array([1], { dtype: "int32" }))).toThrow(DTypeError);
    expect(() => jacfwd((x: NDArray) => x)(np.array([1], { dtype: "int32" }))).toThrow(/^jacfwd: argument 0 is a int32\[1\] array; jacfwd needs float32\/float64 inputs/);
    expect(() => jacrev((x: NDArray) => np.astype(x, "int32"))(f64([1]))).toThrow(/^jacrev: output leaf 0 is int32\[1\]; jacrev needs float32\/float64 outputs/);
    expect(() => hessian((x: NDArray) => np.mul(x, x))(f64([1, 2]))).toThrow(ShapeError);
    expect(() => hessian((x: NDArray) => np.mul(x, x))(f64([1, 2]))).toThrow(/^hessian: the function must return a scalar, got shape \[2\]/);
    expect(() => jacfwd((x: NDArray) => x, { argnums: [0, 0] })).toThrow(ValueError);
    expect(() => jacrev((x: NDArray) => x, { argnums: 2 })(f64(1))).toThrow(/^jacrev: argnums 2 refers to argument 2/);
    expect(() => jacfwd((x: NDArray) => x, { argnum: 0 } as never)).toThrow(/^jacfwd: unknown option "argnum"; did you mean "argnums"\?/);
    expect(() => jacrev((x: NDArray) => x)("a")).toThrow(/^jacrev: argument 0 is the string "a"/);
  });
});
