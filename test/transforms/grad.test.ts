import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import { jvp } from "../../src/transforms/jvp.js";
import { grad, linearize, valueAndGrad, vjp } from "../../src/transforms/vjp.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
const sigmoid = (z: NDArray) => np.div(1, np.add(1, np.exp(np.neg(z))));

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!), `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i]!)));
  }
}

describe("grad: the course's worked examples", () => {
  it("f(x, y, z) = (x + y) z at (-2, 5, -4)", () => {
    const f = (x: NDArray, y: NDArray, z: NDArray) => np.mul(np.add(x, y), z);
    const [gx, gy, gz] = grad(f, { argnums: [0, 1, 2] })(f64(-2), f64(5), f64(-4));
    expect([gx.item(), gy.item(), gz.item()]).toEqual([-4, -4, 3]);
  });

  it("the sigmoid neuron circuit (w0=2, x0=-1, w1=-3, x1=-2, w2=-3)", () => {
    const f = (w: NDArray, x: NDArray) => sigmoid(np.add(np.sum(np.mul(np.slice(w, [0, 2]), x)), np.slice(w, 2)));
    const [gw, gx] = grad(f, { argnums: [0, 1] })(f64([2, -3, -3]), f64([-1, -2]));
    expectClose(gw.data(), [-0.19661193324148185, -0.3932238664829637, 0.19661193324148185]);
    expectClose(gx.data(), [0.3932238664829637, -0.5898357997244456]);
  });

  it("logistic regression: grad equals the manual (σ(Xw) − y)ᵀX / N", () => {
    const X = f64([[1, 0.5, -1], [1, -2, 0.3], [1, 1.5, 2]]);
    const y = f64([1, 0, 1]);
    const w = f64([0.1, -0.2, 0.3]);
    const loss = (w: NDArray) => {
      const p = sigmoid(np.matmul(X, w));
      return np.neg(np.mean(np.add(np.mul(y, np.log(p)), np.mul(np.sub(1, y), np.log(np.sub(1, p))))));
    };
    const manual = np.div(np.matmul(np.sub(sigmoid(np.matmul(X, w)), y), X), 3);
    expectClose(grad(loss)(w).data(), manual.data());
  });

  it("two-layer backprop formulas of the lecture", () => {
    // h = tanh(x W1 + b1), out = h W2 + b2, L = ½‖out − t‖².
    const x = f64([[0.5, -1], [2, 0.25]]);
    const t = f64([[1], [0]]);
    const params = { w1: f64([[0.1, -0.3, 0.2], [0.4, 0.1, -0.5]]), b1: f64([0.01, 0.02, 0.03]), w2: f64([[0.3], [-0.2], [0.1]]), b2: f64([0.05]) };
    const loss = (p: typeof params) => {
      const h = np.tanh(np.add(np.matmul(x, p.w1), p.b1));
      const out = np.add(np.matmul(h, p.w2), p.b2);
      return np.mul(0.5, np.sum(np.square(np.sub(out, t))));
    };
    const g = grad(loss)(params);
    const h = np.tanh(np.add(np.matmul(x, params.w1), params.b1));
    const delta2 = np.sub(np.add(np.matmul(h, params.w2), params.b2), t);
    const delta1 = np.mul(np.matmul(delta2, params.w2.T), np.sub(1, np.square(h)));
    expectClose(g.w2.data(), np.matmul(h.T, delta2).data());
    expectClose(g.b2.data(), np.sum(delta2, 0).data());
    expectClose(g.w1.data(), np.matmul(x.T, delta1).data());
    expectClose(g.b1.data(), np.sum(delta1, 0).data());
  });
});

describe("grad composes", () => {
  it("grad(grad(grad(f))) of x³ + sin x", () => {
    const f = (x: NDArray) => np.add(np.pow(x, 3), np.sin(x));
    const d3 = grad(grad(grad(f)));
    expect(d3(f64(0.3)).item()).toBeCloseTo(6 - Math.cos(0.3), 10);
  });

  it("jvp(grad(f)) is a Hessian-vector product", () => {
    const A = f64([[2, 1], [1, 3]]);
    const f = (x: NDArray) => np.mul(0.5, np.dot(x, np.matmul(A, x))); // Hessian = A
    const [, hv] = jvp(grad(f), [f64([1, -1])], [f64([1, 2])]);
    expect(hv.toArray()).toEqual([4, 7]);
  });

  it("JS control flow on concrete values inside grad", () => {
    const f = (x: NDArray) => ((x.item() as number) > 0 ? np.mul(x, x) : np.neg(x));
    expect(grad(f)(f64(3)).item()).toBe(6);
    expect(grad(f)(f64(-3)).item()).toBe(-1);
  });

  it("valueAndGrad with hasAux, pytrees and vjp/linearize", () => {
    const f = (p: { a: NDArray; b: NDArray[] }) => [np.sum(np.mul(p.a, p.b[0]!)), { note: p.a }] as const;
    const [[value, aux], g] = valueAndGrad(f, { hasAux: true })({ a: f64([1, 2]), b: [f64([3, 4])] });
    expect(value.item()).toBe(11);
    expect(aux.note.toArray()).toEqual([1, 2]);
    expect(g.a.toArray()).toEqual([3, 4]);
    expect(g.b[0].toArray()).toEqual([1, 2]);
    const [y, vjpFn] = vjp((x: NDArray) => np.mul(x, x), f64([1, 2]));
    expect(y.toArray()).toEqual([1, 4]);
    expect(vjpFn(f64([1, 1]))[0].toArray()).toEqual([2, 4]);
    const [, lin] = linearize((x: NDArray) => np.sin(x), f64(0));
    expect(lin(f64(2)).item()).toBe(2);
  });

  it("safe derivatives: where's unused branch, relu at 0, stable logsumexp", () => {
    const safeSqrt = (x: NDArray) => np.sum(np.where(np.greater(x, 0), np.sqrt(np.where(np.greater(x, 0), x, 1)), 0));
    expect(grad(safeSqrt)(f64([0, 4])).toArray()).toEqual([0, 0.25]);
    const relu = (x: NDArray) => np.sum(np.maximum(x, 0));
    expect(grad(relu)(f64([-1, 2])).toArray()).toEqual([0, 1]);
    const logsumexp = (x: NDArray) => {
      const m = np.max(x);
      return np.add(np.log(np.sum(np.exp(np.sub(x, m)))), m);
    };
    expectClose(grad(logsumexp)(f64([1000, 1000, -Infinity])).data(), [0.5, 0.5, 0]);
  });

  it("errors: non-scalar output, integer argument", () => {
    expect(() => grad((x: NDArray) => np.mul(x, 2))(f64([1, 2]))).toThrow(/must return a scalar.*\[2\].*np\.sum.*vjp/);
    expect(() => grad((x: NDArray) => np.sum(x))(np.array([1, 2], { dtype: "int32" }))).toThrow(/int32\[2\].*float32\/float64/);
  });
});

describe("reverse mode agrees with forward mode (vjp is the transpose of jvp)", () => {
  const value = fc.integer({ min: -1000, max: 1000 }).map((i) => i / 400);
  const vec = fc.array(value, { minLength: 6, maxLength: 6 });
  const cases: [string, (x: NDArray) => NDArray][] = [
    ["elementwise chain", (x) => np.mul(np.tanh(x), np.exp(np.sin(x)))],
    ["broadcast + reduce", (x) => np.sum(np.add(np.reshape(x, [2, 3]), np.reshape(x, [6, 1, 1])), [0, 2])],
    ["matmul both sides", (x) => np.matmul(np.reshape(x, [2, 3]), np.transpose(np.reshape(x, [2, 3])))],
    ["batched matmul", (x) => np.matmul(np.reshape(x, [2, 1, 3]), np.reshape(np.cos(x), [2, 3, 1]))],
    ["slice with stride / rev / pad", (x) => np.concatenate([np.slice(x, [1, 6, 2]), np.slice(x, [null, null, -1])])],
    ["take and cumsum", (x) => np.cumsum(np.take(x, [0, 3, 3, -1]))],
    ["max and prod", (x) => np.stack([np.max(np.reshape(x, [2, 3]), 0), np.prod(np.reshape(x, [3, 2]), 1)])],
    ["where/select and casts", (x) => np.where(np.greater(x, 0), x.astype("float32").astype("float64"), np.square(x))],
    ["dot general transpose", (x) => np.dot(np.reshape(x, [3, 2]), np.reshape(np.exp(x), [2, 3]))],
  ];
  for (const [name, f] of cases) {
    it(`⟨u, J t⟩ = ⟨Jᵀ u, t⟩: ${name}`, () => {
      fc.assert(
        fc.property(vec, vec, fc.integer({ min: 0, max: 1000 }), (xs, ts, seed) => {
          const x = f64(xs);
          const t = f64(ts);
          const [y, jt] = jvp(f, [x], [t]);
          const u = np.cos(np.add(np.reshape(np.arange(y.size), y.shape).astype("float64"), seed));
          const [, vjpFn] = vjp(f, x);
          const [jtu] = vjpFn(u);
          const lhs = np.sum(np.mul(u, jt)).item() as number;
          const rhs = np.sum(np.mul(jtu, t)).item() as number;
          // The float32 round trip rounds tangents and cotangents at different points.
          const tol = name.includes("casts") ? 1e-6 : 1e-9;
          expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(tol * (1 + Math.abs(lhs)));
        }),
        { numRuns: 30 },
      );
    });
  }
});
