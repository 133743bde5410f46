/**
 * Issue 8's reproducers for the transformations: each silent wrong answer now gives JAX's answer
 * or a JaxonError subclass naming the transformation, and bad input is refused with a clear error.
 */
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import { DTypeError, JaxonError, ShapeError, TracerError, ValueError } from "../../src/errors/index.js";
import * as np from "../../src/numpy/index.js";
import { customJvp, customVjp, stopGradient } from "../../src/transforms/custom.js";
import { hessian, jacfwd, jacrev } from "../../src/transforms/jacobian.js";
import { jit, makeJaxpr } from "../../src/transforms/jit.js";
import { jvp } from "../../src/transforms/jvp.js";
import { grad, linearize, valueAndGrad, vjp } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";
import { thrown } from "./thrown.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });


describe("JS arithmetic on an array that carries a derivative is refused", () => {
  it("grad((v) => v * v) and grad((v) => np.sum(v) * 2) throw a TracerError instead of returning 0", () => {
    const e = thrown(() => grad((v: any) => v * v)(np.array(3)), TracerError, /^grad: JS arithmetic .*np\.mul\(x, y\) or x\.mul\(y\).*x\.item\(\)/);
    expect(e.op).toBe("grad");
    thrown(() => grad((v: NDArray) => (np.sum(v) as any) * 2)(np.array([1, 2])), TracerError, /^grad: /);
    thrown(() => valueAndGrad((v: any) => (np.add(v, 1) as any) + 1)(np.array(3)), TracerError, /^valueAndGrad: /);
  });
  it("under jvp and vjp too, and in nested grad", () => {
    thrown(() => jvp((v: any) => v * 2, [f64(1)], [f64(1)]), TracerError, /^jvp: JS arithmetic/);
    thrown(() => vjp((v: any) => v * 2, f64(1)), TracerError, /^vjp: JS arithmetic/);
    thrown(() => grad(grad((v: any) => v * v))(f64(1)), TracerError, /^grad: /);
  });
  it("the right way gives the right answer, and item() still works for control flow", () => {
    expect(grad((v: NDArray) => v.mul(v))(f64(3)).item()).toBe(6);
    expect(grad((v: NDArray) => (Number(v.item()) > 0 ? np.mul(v, v) : v))(f64(3)).item()).toBe(6);
    // A value that does not depend on the differentiated input converts as before.
    expect(grad((v: NDArray) => np.mul(v, (stopGradient(v) as any) * 2))(f64(3)).item()).toBe(6);
    expect(grad((v: NDArray) => { expect(`${v}`).toMatch(/Traced/); return v; })(f64(1)).item()).toBe(1);
  });
  it("jit and vmap refuse with a TracerError (previously a TypeError)", () => {
    thrown(() => jit((x: any) => x * 2)(f64([1])), TracerError, /^jit: JS arithmetic .*abstract float64\[1\]/);
    thrown(() => vmap((x: any) => x * 2)(f64([1, 2])), TracerError, /^vmap: JS arithmetic .*batched by vmap/);
    thrown(() => jit((x: NDArray) => x.item())(f64(1)), TracerError, /^item: this array is an abstract float64\[\]/);
    thrown(() => vmap((x: NDArray) => x.item())(f64([1, 2])), TracerError, /batched by vmap/);
    // An unbatched value inside vmap is one number.
    expect(vmap((x: NDArray, c: NDArray) => np.mul(x, (c as any) * 1), { inAxes: [0, null] })(f64([1, 2]), f64(3)).toArray()).toEqual([3, 6]);
  });
  it("an escaped tracer is a TracerError", () => {
    let leaked: NDArray | undefined;
    grad((x: NDArray) => {
      leaked = np.mul(x, 2);
      return np.sum(x);
    })(f64([1]));
    thrown(() => np.add(leaked!, 1), TracerError, /^np\.add: .*escaped/);
  });
});

describe("jit: non-array leaves are static", () => {
  it("a JS boolean is static: jit((x, f) => (f ? np.neg(x) : x))(x, false) does not negate", () => {
    const f = jit((x: NDArray, flag: boolean) => (flag ? np.neg(x) : x));
    expect(f(np.ones([2]), false).toArray()).toEqual([1, 1]);
    expect(f(np.ones([2]), true).toArray()).toEqual([-1, -1]);
    expect(f(np.ones([2]), false).toArray()).toEqual([1, 1]);
    expect(f.cacheSize()).toBe(2);
  });
  it("strings, null/undefined, functions and objects inside pytrees are static", () => {
    const act = jit((x: NDArray, cfg: { act: string; scale: number | null; fn?: (a: NDArray) => NDArray }) => {
      const y = cfg.act === "neg" ? np.neg(x) : x;
      return cfg.fn === undefined ? y : cfg.fn(y);
    });
    expect(act(f64([1, 2]), { act: "neg", scale: null }).toArray()).toEqual([-1, -2]);
    expect(act(f64([1, 2]), { act: "id", scale: null }).toArray()).toEqual([1, 2]);
    expect(act(f64([1, 2]), { act: "id", scale: null, fn: np.exp }).toArray()).toEqual([Math.E, Math.exp(2)]);
    expect(jit((x: NDArray, s: string) => (s === "sum" ? np.sum(x) : np.max(x)))(f64([1, 5]), "sum").item()).toBe(6);
  });
  it("a JS number stays weakly typed: jit((x, s) => np.mul(x, s))(np.arange(3), 2) is int32 like eager", () => {
    const f = (x: NDArray, s: number) => np.mul(x, s);
    const eager = f(np.arange(3), 2);
    const jitted = jit(f)(np.arange(3), 2);
    expect(eager.dtype).toBe("int32");
    expect(jitted.dtype).toBe("int32");
    expect(jitted.toArray()).toEqual([0, 2, 4]);
    expect(jit(f)(np.arange(3), 0.5).dtype).toBe(f(np.arange(3), 0.5).dtype);
    expect(jit((x: NDArray, s: number) => np.add(x, s))(np.array([1], { dtype: "float64" }), 1).dtype).toBe("float64");
  });
  it("the output must be arrays", () => {
    thrown(() => jit(() => "a string")(), ValueError, /^jit: the function's output is the string "a string"/);
  });
});

describe("jit: static values are keyed soundly", () => {
  it("Infinity, NaN, 0 and -0 each get their own program", () => {
    const f = jit((x: NDArray, s: number) => np.mul(x, s), { staticArgnums: [1] });
    expect(f(f64([1]), Infinity).toArray()).toEqual([Infinity]);
    expect(f(f64([1]), NaN).toArray()).toEqual([NaN]);
    expect(Object.is((f(f64([1]), -0).toArray() as number[])[0], -0)).toBe(true);
    expect(Object.is((f(f64([1]), 0).toArray() as number[])[0], 0)).toBe(true);
    expect(f.cacheSize()).toBe(4);
    f(f64([1]), NaN);
    expect(f.cacheSize()).toBe(4);
  });
  it("Maps and closures are keyed by identity, plain data by value", () => {
    const f = jit((x: NDArray, m: Map<string, number>) => np.mul(x, m.get("k")!), { staticArgnums: [1] });
    expect(f(f64([1]), new Map([["k", 2]])).item()).toBe(2);
    expect(f(f64([1]), new Map([["k", 3]])).item()).toBe(3);
    const g = jit((x: NDArray, h: (a: NDArray) => NDArray) => h(x));
    const twice = (k: number) => (a: NDArray) => np.mul(a, k);
    expect(g(f64([1]), twice(2)).item()).toBe(2);
    expect(g(f64([1]), twice(5)).item()).toBe(5);
    const h = jit((x: NDArray, cfg: { k: number[] }) => np.mul(x, cfg.k[0]!), { staticArgnums: [1] });
    const cfg = { k: [2] };
    expect(h(f64([1]), cfg).item()).toBe(2);
    expect(h(f64([1]), { k: [2] }).item()).toBe(2);
    expect(h.cacheSize()).toBe(1);
    cfg.k[0] = 7; // mutating a static object later cannot revive the old program
    expect(h(f64([1]), cfg).item()).toBe(7);
  });
  it("static strings that look alike differ", () => {
    const f = jit((x: NDArray, s: unknown) => (typeof s === "string" ? np.neg(x) : x), { staticArgnums: [1] });
    expect(f(f64([1]), "1").item()).toBe(-1);
    expect(f(f64([1]), 1).item()).toBe(1);
  });
  it("options and staticArgnums are validated", () => {
    thrown(() => jit((x: NDArray) => x, { staticArgnum: [1] } as never), ValueError, /^jit: unknown option "staticArgnum"; did you mean "staticArgnums"\?/);
    thrown(() => jit((x: NDArray) => x, { staticArgnums: [0.5] }), ValueError, /^jit: staticArgnums\[0\] must be a non-negative integer/);
    thrown(() => jit((x: NDArray) => x, { staticArgnums: [3] })(f64(1)), ValueError, /^jit: staticArgnums \[3\] refers to argument 3/);
    thrown(() => makeJaxpr((x: NDArray) => x, { bogus: 1 } as never), ValueError, /^makeJaxpr: unknown option "bogus"/);
  });
});

describe("custom rules are checked against the primal function", () => {
  it("a customVjp backward returning shape [7] for a [3] input is a ShapeError naming the function", () => {
    const myFn = customVjp(
      function myFn(x: NDArray) {
        return np.sin(x);
      },
      (x: NDArray) => [np.sin(x), x],
      (_r: NDArray, g: NDArray) => [np.ones([7], { dtype: g.dtype })],
    );
    const e = thrown(() => grad((x: NDArray) => np.sum(myFn(x)))(f64([1, 2, 3])), ShapeError, /^grad: the backward rule of customVjp\(myFn\) returned a cotangent that is float64\[7\] for argument 0 of type float64\[3\]/);
    expect(e.shapes).toEqual([[7], [3]]);
  });
  it("the number of cotangents, their structure and dtype are checked", () => {
    const two = customVjp(
      function two(a: NDArray, b: NDArray) {
        return np.mul(a, b);
      },
      (a: NDArray, b: NDArray) => [np.mul(a, b), null],
      (_r: unknown, g: NDArray) => [g],
    );
    thrown(() => grad((a: NDArray) => np.sum(two(a, a)))(f64([1])), ValueError, /customVjp\(two\) must return an array with one cotangent per argument \(2\), got an array of length 1/);
    const wrongDtype = customVjp(
      function wrongDtype(x: NDArray) {
        return x;
      },
      (x: NDArray) => [x, null],
      (_r: unknown, g: NDArray) => [g.astype("float32")],
    );
    thrown(() => grad((x: NDArray) => np.sum(wrongDtype(x)))(f64([1])), DTypeError, /customVjp\(wrongDtype\) returned a cotangent that is float32\[1\] for argument 0 of type float64\[1\]/);
    const tree = customVjp(
      function tree(p: { w: NDArray }) {
        return p.w;
      },
      (p: { w: NDArray }) => [p.w, null],
      (_r: unknown, g: NDArray) => [{ v: g }],
    );
    thrown(() => grad((w: NDArray) => np.sum(tree({ w })))(f64([1])), ValueError, /returned a cotangent with structure PyTreeDef\(\{v: \*\}\) for argument 0, whose structure is PyTreeDef\(\{w: \*\}\)/);
  });
  it("a customJvp tangent of the wrong shape is a ShapeError instead of zeros", () => {
    const bad = customJvp(
      function bad(x: NDArray) {
        return np.sin(x);
      },
      ([x]: NDArray[], [t]: NDArray[]) => [np.sin(x!), np.sum(t!)],
    );
    thrown(() => jvp(bad, [f64([1, 2])], [f64([1, 1])]), ShapeError, /^customJvp: the tangent returned by the tangent rule of customJvp\(bad\) is float64\[\] for the function's output float64\[2\]/);
    thrown(() => grad((x: NDArray) => np.sum(bad(x)))(f64([1, 2])), ShapeError, /customJvp\(bad\)/);
    const notPair = customJvp((x: NDArray) => x, () => np.ones([1]) as never);
    thrown(() => jvp(notPair, [f64([1])], [f64([1])]), ValueError, /must return a pair \[output, tangent\]/);
  });
  it("the forward rule's output must match the function's", () => {
    const fwdWrong = customVjp(
      function fwdWrong(x: NDArray) {
        return x;
      },
      (x: NDArray) => [np.concatenate([x, x]), null],
      (_r: unknown, g: NDArray) => [g],
    );
    thrown(() => grad((x: NDArray) => np.sum(fwdWrong(x)))(f64([1])), ShapeError, /forward rule of customVjp\(fwdWrong\) is float64\[2\] for the function's output float64\[1\]/);
  });
  it("a customJvp rule that is not linear in its tangents is refused by reverse mode, never a silent zero", () => {
    const square = customJvp((x: NDArray) => np.sin(x), ([x]: NDArray[], [t]: NDArray[]) => [np.sin(x!), np.mul(t!, t!)]);
    thrown(() => grad((x: NDArray) => np.sum(square(x)))(f64([1])), ValueError, /^grad: reverse-mode differentiation .* primitive mul .*both of its operands depend on the tangents.*customJvp/);
    const inverse = customJvp((x: NDArray) => np.sin(x), ([x]: NDArray[], [t]: NDArray[]) => [np.sin(x!), np.div(np.cos(x!), t!)]);
    thrown(() => grad((x: NDArray) => np.sum(inverse(x)))(f64([1])), ValueError, /primitive div .*denominator depends on the tangents/);
    const exp = customJvp((x: NDArray) => np.sin(x), ([x]: NDArray[], [t]: NDArray[]) => [np.sin(x!), np.exp(t!)]);
    thrown(() => grad((x: NDArray) => np.sum(exp(x)))(f64([1])), ValueError, /primitive exp .*not a linear primitive/);
    // Forward mode just evaluates the rule.
    expect(jvp(square, [f64([1])], [f64([3])])[1].toArray()).toEqual([9]);
  });
  it("non-functions are refused when the custom function is made", () => {
    thrown(() => customVjp((x: NDArray) => x, 42 as never, (() => []) as never), ValueError, /^customVjp: expected the forward rule/);
    thrown(() => customJvp(42 as never, (() => []) as never), ValueError, /^customJvp: expected the function as a function, got number 42/);
  });
});

describe("vmap: axes and sizes", () => {
  it("inAxes null (no mapped axis) is refused, as JAX does", () => {
    thrown(() => vmap((x: NDArray) => x, { inAxes: null }), ValueError, /^vmap: inAxes must have at least one non-null entry \(got null\)/);
    thrown(() => vmap((x: NDArray) => x, { inAxes: [] }), ValueError, /at least one non-null entry/);
    thrown(() => vmap((x: NDArray) => x, { inAxes: ["0"] }), ValueError, /inAxes entries must be integers .* got the string "0"/);
    thrown(() => vmap((x: NDArray) => x, { inAxes: 0.5 }), ValueError, /integers/);
  });
  it("outAxes null is fine for an unbatched output and an error for a batched one", () => {
    thrown(() => vmap((x: NDArray) => np.mul(x, 2), { outAxes: null })(f64([1, 2])), ValueError, /^vmap: the output depends on the mapped inputs \(it is batched\), so its outAxes cannot be null/);
    expect(vmap((_x: NDArray) => f64(5), { outAxes: null })(f64([1, 2])).toArray()).toBe(5);
    const [a, b] = vmap((x: NDArray) => [np.mul(x, 2), f64(1)], { outAxes: [0, null] })(f64([1, 2])) as NDArray[];
    expect([a!.toArray(), b!.toArray()]).toEqual([[2, 4], 1]);
  });
  it("size mismatches and unmappable arguments are ShapeErrors / ValueErrors", () => {
    thrown(() => vmap(np.add)(f64([1, 2]), f64([1, 2, 3])), ShapeError, /^vmap: the mapped axes have different sizes/);
    thrown(() => vmap((x: NDArray) => x)(f64(1)), ShapeError, /argument 0 is a scalar but inAxes maps its axis 0/);
    thrown(() => vmap((x: NDArray) => x, { inAxes: 2 })(f64([1])), ShapeError, /axis 2 is out of range for rank 1/);
    thrown(() => vmap((x: NDArray, _s: string) => x)(f64([1]), "a"), ValueError, /argument 1 is the string "a", which has no axis 0 to map over; use null/);
    thrown(() => vmap(() => f64(1))(), ValueError, /no argument has a mapped axis/);
    thrown(() => vmap((x: NDArray) => x, { inAxes: [0, 0] })(f64([1])), ValueError, /inAxes has 2 entries but the function was called with 1/);
    thrown(() => vmap((x: NDArray) => x, { inAxes: [{ a: 0 }] })(f64([1])), ValueError, /inAxes .* is not a pytree prefix of the arguments/);
    thrown(() => vmap((x: NDArray) => x, { inaxes: 0 } as never), ValueError, /unknown option "inaxes"; did you mean "inAxes"\?/);
  });
  it("unmapped non-array arguments pass through unchanged", () => {
    expect(vmap((x: NDArray, op: string, k: number) => (op === "scale" ? np.mul(x, k) : x), { inAxes: [0, null, null] })(np.arange(3), "scale", 2).toArray()).toEqual([0, 2, 4]);
    expect(vmap((x: NDArray, k: number) => np.mul(x, k), { inAxes: [0, null] })(np.arange(3), 2).dtype).toBe("int32");
  });
});

describe("grad: argnums, outputs and inputs", () => {
  it("duplicate argnums are refused instead of dropping a gradient", () => {
    thrown(() => grad((x: NDArray) => np.sum(x), { argnums: [0, 0] }), ValueError, /^grad: argnums \[0,0\] lists argument 0 twice/);
    thrown(() => grad((x: NDArray) => np.sum(x), { argnums: -1 }), ValueError, /argnums must be a non-negative integer/);
    thrown(() => grad((x: NDArray) => np.sum(x), { argnums: 0.5 }), ValueError, /argnums must be a non-negative integer/);
    thrown(() => grad((x: NDArray) => np.sum(x), { argnums: [] }), ValueError, /argnums is an empty array/);
    thrown(() => grad((x: NDArray) => np.sum(x), { argnums: 1 })(f64(1)), ValueError, /^grad: argnums 1 refers to argument 1, but the function was called with 1 argument/);
    thrown(() => grad((x: NDArray) => np.sum(x), { hasAux: 1 } as never), ValueError, /hasAux must be true or false/);
    thrown(() => grad((x: NDArray) => np.sum(x), { argnum: 0 } as never), ValueError, /unknown option "argnum"; did you mean "argnums"\?/);
  });
  it("grad of a function returning {a: scalar} says grad needs a scalar output", () => {
    thrown(() => grad((x: NDArray) => ({ a: np.sum(x) }))(f64([1])), ValueError, /^grad: the function must return a scalar array, but it returned a pytree with structure PyTreeDef\(\{a: \*\}\).*hasAux: true.*vjp/);
    thrown(() => grad((x: NDArray) => np.mul(x, 2))(f64([1, 2])), ShapeError, /must return a scalar \(shape \[\]\), but it returned shape \[2\]/);
    thrown(() => grad(() => np.array(1, { dtype: "int32" }))(f64(1)), DTypeError, /returned a int32 scalar/);
    thrown(() => grad(() => "a string")(f64(1)), ValueError, /^grad: the function's output is the string "a string"/);
    thrown(() => grad((x: NDArray) => np.sum(x), { hasAux: true })(f64([1])), ValueError, /with hasAux: true the function must return a pair/);
  });
  it("grad w.r.t. int is a DTypeError", () => {
    const e = thrown(() => grad((x: NDArray) => np.sum(x))(np.array([1, 2], { dtype: "int32" })), DTypeError, /^grad: argument 0 is a int32\[2\] array; derivatives are defined for float32\/float64/);
    expect(e.dtypes).toEqual(["int32"]);
    thrown(() => grad((p: { w: NDArray }) => np.sum(p.w))({ w: np.array([true]) }), DTypeError, /argument 0 at w is a bool\[1\] array/);
  });
  it("non-functions are ValueErrors", () => {
    for (const [name, make] of [
      ["grad", () => grad(42 as never)],
      ["valueAndGrad", () => valueAndGrad(42 as never)],
      ["vmap", () => vmap(42 as never)],
      ["jit", () => jit(42 as never)],
      ["makeJaxpr", () => makeJaxpr(42 as never)],
      ["jacfwd", () => jacfwd(42 as never)],
      ["jacrev", () => jacrev(42 as never)],
      ["hessian", () => hessian(42 as never)],
      ["vjp", () => vjp(42 as never, f64(1))],
      ["linearize", () => linearize(42 as never, f64(1))],
      ["jvp", () => jvp(42 as never, [f64(1)], [f64(1)])],
    ] as const) {
      const e = thrown(make, ValueError, new RegExp(`^${name}: expected the function to transform as a function, got number 42`));
      expect(e.op).toBe(name);
    }
  });
});

describe("jvp, vjp and linearize check primals, tangents and cotangents", () => {
  it("jvp with non-arrays, mismatched structures, shapes and dtypes", () => {
    thrown(() => jvp(np.sin, f64([1]) as never, [f64([1])]), ValueError, /^jvp: primals must be an array of the function's arguments/);
    thrown(() => jvp(np.sin, [f64([1])], f64([1]) as never), ValueError, /^jvp: tangents must be an array/);
    thrown(() => jvp(np.sin, [f64([1])], []), ValueError, /got 1 primal argument\(s\) but 0 tangent\(s\)/);
    thrown(() => jvp((p: { a: NDArray }) => p.a, [{ a: f64(1) }], [{ b: f64(1) }]), ValueError, /primals have structure PyTreeDef\(\[\{a: \*\}\]\) but tangents have PyTreeDef\(\[\{b: \*\}\]\)/);
    thrown(() => jvp(np.sin, [f64([1, 2])], [f64([1])]), ShapeError, /tangent 0 is float64\[1\] but its primal is float64\[2\]/);
    thrown(() => jvp(np.sin, [f64([1])], [np.array([1])]), DTypeError, /tangent 0 is float32\[1\] but its primal is float64\[1\]/);
    thrown(() => jvp(np.sin, ["a"], ["b"]), ValueError, /^jvp: primal 0 is the string "a"/);
    // A JS number tangent takes its primal's dtype.
    expect(jvp(np.sin, [f64(0)], [2])[1].item()).toBe(2);
  });
  it("vjp cotangents must match the output", () => {
    const [, pullback] = vjp((x: NDArray) => [np.sin(x), np.cos(x)], f64([1, 2]));
    thrown(() => pullback(f64([1, 1])), ValueError, /^vjp: the cotangents have structure PyTreeDef\(\*\), but the function's output has structure PyTreeDef\(\[\*, \*\]\)/);
    thrown(() => pullback([f64([1, 1]), f64([1])]), ShapeError, /^vjp: the cotangent at 1 has shape \[1\], but the matching leaf of the function's output has shape \[2\]/);
    thrown(() => pullback([f64([1, 1]), np.array([1, 1])]), DTypeError, /the cotangent at 1 is float32, but the matching leaf of the function's output is float64/);
    expect((pullback([f64([1, 0]), f64([0, 0])])[0] as NDArray).toArray()).toEqual([Math.cos(1), -0]);
  });
  it("linearize's tangents must match the primals", () => {
    const [, f] = linearize(np.sin, f64([1, 2]));
    thrown(() => f(f64([1])), ShapeError, /^linearize: tangent 0 has shape \[1\]/);
    thrown(() => f(f64([1, 1]), f64([1, 1])), ValueError, /^linearize: the tangents have structure/);
  });
});

describe("errors inside the user's function name the np function", () => {
  it("grad, jit and vmap run the user's function as user code", () => {
    for (const t of [grad, jit, vmap] as const) {
      const e = thrown(() => (t as any)((x: NDArray) => np.sum(np.add(x, f64([1, 2, 3]))))(f64([[1, 2], [3, 4]])), ShapeError, /^np\.add: /);
      expect(e.op).toBe("np.add");
    }
  });
});

describe("reading all elements of an array that carries a derivative", () => {
  const f64 = (v: number | number[]) => np.array(v, { dtype: "float64" });
  it("toArray()/data() under grad and jvp are a TracerError (they would give a zero gradient)", () => {
    expect(() => grad((x: NDArray) => np.sum(np.array(x.toArray() as number[])))(f64([3]))).toThrow(TracerError);
    expect(() => grad((x: NDArray) => np.sum(np.array(x.data())))(f64([3]))).toThrow(/^grad: data\(\) was called on a float64\[1\] array that grad is differentiating/);
    expect(() => jvp((x: NDArray) => np.array(x.toArray() as number[]), [f64([1])], [f64([1])])).toThrow(TracerError);
  });
  it("item() for control flow, and values that carry no derivative, still read", () => {
    expect(grad((x: NDArray) => ((x.item() as number) > 0 ? np.sum(x) : np.neg(np.sum(x))))(f64(3)).item()).toBe(1);
    expect(grad((x: NDArray) => np.sum(np.mul(x, np.array(stopGradient(x).toArray() as number[], { dtype: "float64" }))))(f64([3])).toArray()).toEqual([3]);
    expect(grad((x: NDArray, y: NDArray) => np.sum(np.mul(x, np.array(y.toArray() as number[], { dtype: "float64" }))))(f64([3]), f64([5])).toArray()).toEqual([5]);
  });
});
