/**
 * A fuzz of the transformations: random user functions (well- and ill-behaved), random
 * arguments (arrays of every dtype, JS scalars, strings, objects, functions) and random options,
 * through every transformation and a few nestings. Every call either returns or throws a
 * JaxonError naming the transformation (or the np function the user's code called), and a
 * jitted function that runs gives the eager function's answer: values, dtypes and structure.
 *
 * `FUZZ_RUNS=n` sets the runs per transformation (default 150).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NDArray } from "../../src/array/ndarray.js";
import { JaxonError } from "../../src/errors/index.js";
import * as np from "../../src/numpy/index.js";
import * as tree from "../../src/tree/index.js";
import { customJvp, customVjp, stopGradient } from "../../src/transforms/custom.js";
import { hessian, jacfwd, jacrev } from "../../src/transforms/jacobian.js";
import { jit, makeJaxpr } from "../../src/transforms/jit.js";
import { jvp } from "../../src/transforms/jvp.js";
import { grad, linearize, valueAndGrad, vjp } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
type Fn = (...args: any[]) => any;

/** An error thrown by the fuzz's own user code (e.g. `x.item` of a string): the user's bug, passed through as it is. */
class UserBug extends Error {}

const rawUserFunctions: [string, Fn][] = [
  ["id", (x) => x],
  ["sum", (x) => np.sum(x)],
  ["sumsq", (x) => np.sum(np.mul(x, x))],
  ["add", (x, y) => np.add(x, y)],
  ["flag", (x, f) => (f ? np.neg(x) : x)],
  ["scale", (x, s) => np.mul(x, s)],
  ["tree-out", (x) => ({ a: np.sum(x), b: [np.tanh(x)] })],
  ["pair", (x) => [np.sin(x), np.sum(x)]],
  ["string", () => "a string"],
  ["js-arith", (x) => x * 2],
  ["js-compare", (x) => (x > 0 ? x : np.neg(x))],
  ["item", (x) => (Number(x.item()) > 0 ? x : np.neg(x))],
  ["reshape", (x) => np.reshape(x, [-1])],
  ["config", (x, cfg) => (cfg !== null && typeof cfg === "object" && (cfg as { act?: unknown }).act === "neg" ? np.neg(x) : np.exp(x))],
  ["tree-in", (p) => np.sum(np.mul(p.w, p.b))],
  ["number-out", () => 3],
  ["closure", (x, g) => (typeof g === "function" ? g(x) : x)],
  ["stop", (x) => np.sum(np.mul(x, stopGradient(x)))],
  ["nulls", (x) => ({ a: null, b: [undefined, np.cos(x)] })],
  ["leak", (x) => {
    leaked = x;
    return np.sum(x);
  }],
  ["use-leaked", (x) => (leaked === undefined ? x : np.add(x, leaked as NDArray))],
  ["int-out", (x) => np.argmax(x)],
  ["where", (x) => np.sum(np.where(np.greater(x, 0), np.sqrt(x), 0))],
];
let leaked: unknown;

const userFunctions: [string, Fn][] = rawUserFunctions.map(([name, f]) => [
  name,
  (...xs: unknown[]) => {
    try {
      return f(...xs);
    } catch (e) {
      throw e instanceof JaxonError ? e : new UserBug(String(e));
    }
  },
]);

const shapes = fc.constantFrom<number[]>([], [1], [2], [3], [2, 2], [0], [2, 3]);
const dtypes = fc.constantFrom("float32", "float64", "int32", "bool");
const array = fc.tuple(shapes, dtypes, fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 6 })).map(([shape, dtype, vals]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return np.astype(np.reshape(np.array(vals.slice(0, n), { dtype: "float64" }), shape), dtype);
});
const floatArray = fc.tuple(shapes, fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 6 })).map(([shape, vals]) =>
  np.reshape(np.array(vals.slice(0, shape.reduce((a, b) => a * b, 1)), { dtype: "float64" }), shape),
);
const anyArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: floatArray },
  { weight: 3, arbitrary: array },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(0, -0, 1, 2.5, NaN, Infinity, -Infinity, 3e9, true, false, "a", "neg", "", null, undefined, 1n) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ act: "neg" }, { act: "id" }, new Map([["k", 1]]), new Float32Array([1, 2]), new BigInt64Array([1n]), [1, 2], [[1], 2], {}) },
  { weight: 1, arbitrary: floatArray.map((w) => ({ w, b: np.ones(w.shape, { dtype: "float64" }) })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(np.exp, (a: NDArray) => np.mul(a, 2), 42) },
);
const args = fc.array(anyArg, { maxLength: 3 });
const optionValue = fc.constantFrom<unknown>(0, 1, 2, -1, 0.5, null, true, "0", [0], [0, 1], [0, 0], [null], [1, 0], [null, 0], [], {}, undefined);
const options = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom("argnums", "hasAux", "inAxes", "outAxes", "staticArgnums", "argnum", "inaxes"), optionValue, { maxKeys: 2 }),
  fc.constantFrom<unknown>(null, 5, "x"),
);

/** The transformations, each applied to (f, opts) and the result called with args. */
const transformations: [string, (f: Fn, opts: unknown, xs: unknown[]) => unknown][] = [
  ["grad", (f, o, xs) => grad(f, o as never)(...xs)],
  ["valueAndGrad", (f, o, xs) => valueAndGrad(f, o as never)(...xs)],
  ["vmap", (f, o, xs) => vmap(f, o as never)(...xs)],
  ["jit", (f, o, xs) => jit(f, o as never)(...xs)],
  ["makeJaxpr", (f, o, xs) => makeJaxpr(f, o as never)(...xs).toString()],
  ["jacfwd", (f, o, xs) => jacfwd(f, o as never)(...xs)],
  ["jacrev", (f, o, xs) => jacrev(f, o as never)(...xs)],
  ["hessian", (f, o, xs) => hessian(f, o as never)(...xs)],
  ["jvp", (f, _o, xs) => jvp(f, xs, xs)],
  ["vjp", (f, _o, xs) => vjp(f, ...xs)[1](f(...xs))],
  ["linearize", (f, _o, xs) => linearize(f, ...xs)[1](...xs)],
  ["stopGradient", (_f, _o, xs) => stopGradient(xs)],
  ["customJvp", (f, _o, xs) => grad((...ys: unknown[]) => np.sum(customJvp(f, (p: unknown[], t: unknown[]) => [f(...p), f(...t)])(...ys)))(...xs)],
  ["customVjp", (f, _o, xs) => grad((...ys: unknown[]) => np.sum(customVjp(f, (...p: unknown[]) => [f(...p), null], (_r: unknown, g: NDArray) => xs.map(() => g))(...ys)))(...xs)],
  ["jit(grad)", (f, o, xs) => jit(grad(f, o as never))(...xs)],
  ["vmap(grad)", (f, o, xs) => vmap(grad(f), o as never)(...xs)],
  ["grad(jit)", (f, o, xs) => grad(jit(f, o as never))(...xs)],
  ["jit(vmap)", (f, o, xs) => jit(vmap(f, o as never))(...xs)],
  ["vmap(jit)", (f, o, xs) => vmap(jit(f), o as never)(...xs)],
  ["hessian(jit)", (f, o, xs) => hessian(jit(f), o as never)(...xs)],
  ["jacfwd(vmap)", (f, o, xs) => jacfwd(vmap(f), o as never)(...xs)],
  ["jvp(random tangents)", (f, _o, xs) => jvp(f, xs, xs.map((x) => (x instanceof NDArray ? np.ones(x.shape, { dtype: x.dtype }) : x)).reverse())],
  ["vjp(random cotangent)", (f, _o, xs) => vjp(f, ...xs)[1](xs[0])],
];

/** What the error may name: the transformations involved, np functions the user's code called, or an NDArray method. */
function allowedOp(name: string, op: string): boolean {
  const involved: string[] = name.match(/[A-Za-z]+/g) ?? [];
  return involved.includes(op) || op.startsWith("np.") || op === "item" || op === "stopGradient" || (name.startsWith("custom") && (op === "grad" || op === "customJvp" || op === "customVjp"));
}

function problemOf(name: string, e: unknown): string | undefined {
  if (e instanceof UserBug) return undefined;
  if (!(e instanceof JaxonError)) return `raw ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message ?? e).slice(0, 300)}`;
  if (!allowedOp(name, e.op)) return `${e.name} names ${e.op}: ${e.message.slice(0, 300)}`;
  if (!e.message.startsWith(`${e.op}: `)) return `message does not start with its op: ${e.message.slice(0, 200)}`;
  return undefined;
}

function show(x: unknown): string {
  if (x instanceof NDArray) return `${x.dtype}[${x.shape.join(",")}]`;
  if (typeof x === "function") return "fn";
  if (typeof x === "bigint") return `${x}n`;
  if (Array.isArray(x)) return `[${x.map(show).join(", ")}]`;
  if (x !== null && typeof x === "object") return [null, Object.prototype].includes(Object.getPrototypeOf(x)) ? `{${Object.entries(x).map(([k, v]) => `${k}: ${show(v)}`).join(", ")}}` : x.constructor.name;
  return typeof x === "string" ? JSON.stringify(x) : Object.is(x, -0) ? "-0" : String(x);
}

/** Leaves as comparable plain values (arrays to dtype + nested values). */
function snapshot(x: unknown): unknown {
  return tree.leaves(x).map((l) => (l instanceof NDArray ? [l.dtype, l.shape, l.toArray()] : typeof l === "number" ? ["weak", l] : l));
}

describe("fuzz of the transformations", () => {
  for (const [name, apply] of transformations) {
    it(name, () => {
      const problems: string[] = [];
      fc.assert(
        fc.property(fc.integer({ min: 0, max: userFunctions.length - 1 }), options, args, (k, opts, xs) => {
          const [fname, f] = userFunctions[k]!;
          try {
            apply(f, opts, xs);
          } catch (e) {
            const p = problemOf(name, e);
            if (p !== undefined) problems.push(`${name}(${fname}, ${show(opts)})(${show(xs)}): ${p}`);
          }
        }),
        { numRuns: RUNS },
      );
      expect(problems.slice(0, 5)).toEqual([]);
    });
  }

  it("jit(f) gives eager f's answer whenever both run", () => {
    const wrong: string[] = [];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: userFunctions.length - 1 }), args, (k, xs) => {
        const [fname, f] = userFunctions[k]!;
        let eager: unknown;
        try {
          eager = f(...xs);
        } catch {
          return;
        }
        let compiled: unknown;
        try {
          compiled = jit(f)(...xs);
        } catch (e) {
          const p = problemOf("jit", e);
          if (p !== undefined) wrong.push(`jit(${fname})(${show(xs)}): ${p}`);
          return;
        }
        // A JS number, boolean or typed array in the output becomes an array under jit (as in JAX); compare it as that array.
        const asArrayLeaf = (l: unknown) => (typeof l === "number" || typeof l === "boolean" || (ArrayBuffer.isView(l) && !(l instanceof BigInt64Array)) ? np.asarray(l as never) : l);
        const norm = (v: unknown) => snapshot(tree.map(asArrayLeaf, v));
        const a = JSON.stringify(norm(compiled), (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
        const b = JSON.stringify(norm(eager), (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
        if (a !== b) wrong.push(`jit(${fname})(${show(xs)}): ${a} vs eager ${b}`);
      }),
      { numRuns: RUNS * 3 },
    );
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
