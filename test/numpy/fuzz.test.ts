/**
 * A quick fuzz of every np function with odd arguments: ranks 0–5, zero-size dims, every dtype,
 * NaN/±Infinity/−0/subnormals, weird axes and shapes, misspelt options, typed arrays of every kind,
 * non-array values. Each call must return arrays (or a boolean for allclose) or throw a JaxonError
 * whose message starts with the function's public name — never a raw JS error or a hang.
 * FUZZ_RUNS=20000 runs it longer, FUZZ_SEED picks another stream, FUZZ_STATS=1 counts results and
 * errors, FUZZ_LOG=1 prints every error message (to judge that each refusal is deserved).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as np from "../../src/numpy/index.js";
import { NDArray } from "../../src/array/ndarray.js";
import { JaxonError } from "../../src/errors/index.js";
import { MAX_ELEMENTS } from "../../src/errors/checks.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 1500);
const DTYPES = ["bool", "int32", "float32", "float64"] as const;
const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 5e-324, 1e-40, 1, -1, 0.5, 2.5, 3e9, -3e9, 2147483647, -2147483648, 1e300, 65504];

const number = fc.oneof(fc.constantFrom(...SPECIAL), fc.integer({ min: -6, max: 6 }), fc.double({ noDefaultInfinity: false }));
const dim = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(1) });
const shape = fc.array(dim, { maxLength: 5 });
const dtype = fc.constantFrom(...DTYPES);

const ndarray = fc.tuple(shape, dtype, fc.array(number, { minLength: 1, maxLength: 8 })).map(([s, d, values]) => {
  const n = s.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, (_, i) => values[i % values.length]!);
  if (d === "int32") return np.array(new Int32Array(data.map((v) => (Number.isFinite(v) ? v | 0 : 0))), { shape: s });
  if (d === "bool") return np.array(data.map((v) => v !== 0), { dtype: "bool", shape: s });
  return np.array(d === "float64" ? new Float64Array(data) : new Float32Array(data), { shape: s });
});

function cyclic(): unknown[] {
  const a: unknown[] = [1];
  a[0] = a;
  return a;
}
const typed = fc.constantFrom<unknown>(
  new Int8Array([1, -2]),
  new Uint8Array([1, 255]),
  new Uint8ClampedArray([3]),
  new Int16Array([-3]),
  new Uint16Array([65535]),
  new Int32Array([-7, 7]),
  new Uint32Array([4294967295]),
  new Uint32Array([5]),
  new Float32Array([NaN, 1]),
  new Float64Array([Infinity, -0]),
  new BigInt64Array([1n, -2n]),
  new BigUint64Array([2n ** 63n]),
  new DataView(new ArrayBuffer(4)),
);
const odd = fc.constantFrom<unknown>(undefined, null, "0", "a", "", {}, { axis: 0 }, [], [[]], [[1, 2], [3]], [1, [2]], ["a"], [np.ones([2]), [1, 2]], [true, false], () => 1, Symbol("s"), 5n, new Map(), new Date(0), cyclic());
const axis = fc.oneof(fc.integer({ min: -7, max: 7 }), fc.constantFrom<unknown>(null, undefined, 0.5, NaN, Infinity, 1e10, "0", [0, 1], [-1], [0, 0], [], [0.5]));
const optionsObject = fc.oneof(
  fc.record({ axis, keepdims: fc.constantFrom<unknown>(true, false, 1, "yes") }, { requiredKeys: [] }),
  fc.record({ dtype: fc.constantFrom<unknown>(...DTYPES, "float16", 3, undefined), shape: fc.constantFrom<unknown>([2], [-1], "2", [2.5]) }, { requiredKeys: [] }),
  fc.constantFrom<unknown>({ axes: 0 }, { keepDims: true }, { dtpye: "int32" }, { ddof: 1 }, { ddof: NaN }, { endpoint: false }, { k: 0.5 }, { m: 2, k: -1 }, { rtol: NaN }, { equalNan: true }, { extra: 1 }),
);
const anyArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: ndarray },
  { weight: 3, arbitrary: number },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: shape },
  { weight: 2, arbitrary: axis },
  { weight: 2, arbitrary: optionsObject },
  { weight: 1, arbitrary: typed },
  { weight: 2, arbitrary: odd },
  { weight: 1, arbitrary: dtype },
  { weight: 1, arbitrary: fc.array(ndarray, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(number, { maxLength: 4 }) },
);

/** Mostly well-typed argument lists per function, to get past the first check into the kernels. */
const arrayish = fc.oneof({ weight: 6, arbitrary: ndarray }, { weight: 2, arbitrary: number }, { weight: 1, arbitrary: anyArg });
const maybe = <T,>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 3 });
const sig = (...parts: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown[]> => fc.tuple(...parts).map((xs) => xs.filter((_, i) => i === 0 || xs.slice(i).some((x) => x !== undefined)));
const binary = sig(arrayish, arrayish);
const unary = sig(arrayish);
const reduction = sig(arrayish, maybe(fc.oneof(axis, optionsObject)));
const sliceSpec = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constant(null), fc.tuple(maybe(fc.integer({ min: -5, max: 5 })), maybe(fc.integer({ min: -5, max: 5 })), maybe(fc.integer({ min: -3, max: 3 }))), anyArg);
const signatures: Record<string, fc.Arbitrary<unknown[]>> = {
  array: sig(fc.oneof(anyArg, fc.array(number, { maxLength: 4 })), maybe(optionsObject)),
  asarray: sig(anyArg, maybe(optionsObject)),
  zeros: sig(fc.oneof(shape, anyArg), maybe(optionsObject)),
  ones: sig(fc.oneof(shape, anyArg), maybe(optionsObject)),
  full: sig(fc.oneof(shape, anyArg), arrayish, maybe(optionsObject)),
  zerosLike: sig(arrayish, maybe(optionsObject)),
  onesLike: sig(arrayish, maybe(optionsObject)),
  fullLike: sig(arrayish, arrayish, maybe(optionsObject)),
  arange: sig(number, maybe(number), maybe(number), maybe(optionsObject)),
  linspace: sig(number, number, maybe(fc.oneof(fc.integer({ min: -2, max: 9 }), number)), maybe(optionsObject)),
  eye: sig(fc.oneof(fc.integer({ min: -1, max: 4 }), number), maybe(optionsObject)),
  reshape: sig(arrayish, fc.oneof(shape, fc.array(fc.integer({ min: -2, max: 4 }), { maxLength: 4 }), anyArg)),
  transpose: sig(arrayish, maybe(fc.oneof(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 5 }), axis))),
  swapaxes: sig(arrayish, axis, axis),
  expandDims: sig(arrayish, axis),
  squeeze: sig(arrayish, maybe(axis)),
  concatenate: sig(fc.oneof(fc.array(arrayish, { maxLength: 3 }), anyArg), maybe(axis)),
  stack: sig(fc.oneof(fc.array(arrayish, { maxLength: 3 }), anyArg), maybe(axis)),
  split: sig(arrayish, fc.oneof(fc.integer({ min: -1, max: 4 }), fc.array(fc.integer({ min: -4, max: 4 }), { maxLength: 3 }), anyArg), maybe(axis)),
  slice: fc.tuple(arrayish, fc.array(sliceSpec, { maxLength: 4 })).map(([x, specs]) => [x, ...specs]),
  take: sig(arrayish, fc.oneof(ndarray, fc.array(fc.integer({ min: -4, max: 4 }), { maxLength: 4 }), anyArg), maybe(axis)),
  where: sig(arrayish, arrayish, arrayish),
  clip: sig(arrayish, maybe(fc.oneof(arrayish, fc.constant(null))), maybe(fc.oneof(arrayish, fc.constant(null)))),
  broadcastTo: sig(arrayish, fc.oneof(shape, anyArg)),
  astype: sig(arrayish, fc.oneof(dtype, anyArg)),
  isclose: sig(arrayish, arrayish, maybe(optionsObject)),
  allclose: sig(arrayish, arrayish, maybe(optionsObject)),
  cumsum: sig(arrayish, maybe(axis)),
};
const unaries = ["abs", "neg", "sign", "exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "arctan", "sqrt", "floor", "ceil", "square", "isnan", "isfinite", "logicalNot", "ravel"];
const reductions = ["sum", "prod", "max", "min", "mean", "variance", "var", "std", "argmax", "argmin", "all", "any"];
const argsFor = (name: string): fc.Arbitrary<unknown[]> => signatures[name] ?? (unaries.includes(name) ? unary : reductions.includes(name) ? reduction : binary);

/** Every np function, by name; `np.var` is checked under its own name. */
const names = Object.keys(np).filter((k) => typeof (np as Record<string, unknown>)[k] === "function" && !/^[A-Z]/.test(k));

function isResult(r: unknown): boolean {
  if (r instanceof NDArray) return r.size <= MAX_ELEMENTS && r.shape.every((d) => Number.isInteger(d) && d >= 0);
  if (typeof r === "boolean") return true;
  return Array.isArray(r) && r.every((x) => x instanceof NDArray);
}

/** Calls np[name] with args; returns a description of what went wrong, or undefined. */
function misbehaviour(name: string, args: unknown[], stats: { calls: number; results: number; errors: number }): string | undefined {
  stats.calls++;
  const f = (np as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
  const started = Date.now();
  try {
    const r = f(...args);
    // Reading the elements must work too (a view that cannot be read back is a bug).
    if (r instanceof NDArray && r.size < 100_000) r.toArray();
    if (!isResult(r)) return `returned ${String(r)}`;
    stats.results++;
  } catch (e) {
    stats.errors++;
    if (process.env["FUZZ_LOG"]) console.log("ERR", (e as Error).message.replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, "N").slice(0, 90));
    if (!(e instanceof JaxonError)) return `raw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`;
    const expected = `np.${name}`;
    if (!e.message.startsWith(`${expected}: `) || e.op !== expected) return `error names ${e.op}, not ${expected}: ${e.message}`;
  }
  if (Date.now() - started > 2000) return `took ${Date.now() - started} ms`;
  return undefined;
}

const show = (v: unknown): string => {
  if (v instanceof NDArray) return `${v.dtype}[${v.shape.join(",")}]`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol" || typeof v === "function") return String(v);
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  try {
    return JSON.stringify(v, (_k, x: unknown) => (x instanceof NDArray ? show(x) : typeof x === "number" && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  } catch {
    return "(cyclic)";
  }
};

describe("np fuzz: odd arguments give an answer or a JaxonError naming the function", () => {
  it(`${RUNS} random calls over ${names.length} functions, anything as arguments`, () => {
    runFuzz(fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), fc.array(anyArg, { maxLength: 4 }))));
  });
  it(`${RUNS} random calls with mostly well-typed arguments`, () => {
    runFuzz(fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), argsFor(name))));
  });
});

function runFuzz(calls: fc.Arbitrary<[string, unknown[]]>): void {
  const problems = new Map<string, string>();
  const stats = { calls: 0, results: 0, errors: 0 };
  fc.assert(
    fc.property(calls, ([name, args]) => {
      const bad = misbehaviour(name, args, stats);
      if (bad !== undefined && !problems.has(name)) problems.set(name, `np.${name}(${args.map(show).join(", ")}): ${bad}`);
    }),
    { numRuns: RUNS, seed: Number(process.env["FUZZ_SEED"] ?? 42) },
  );
  if (process.env["FUZZ_STATS"]) console.log(stats);
  expect([...problems.values()]).toEqual([]);
}

/** Plain-JS references for the answers that used to be silently wrong (int32 wrapping, saturation, NaN, bools). */
describe("np fuzz against plain-JS references", () => {
  const int32 = fc.oneof(fc.integer(), fc.constantFrom(2147483647, -2147483648, 0, 1, -1, 65536, 46341));
  const wrap = (b: bigint): number => Number(BigInt.asIntN(32, b));
  const ints = (xs: number[]) => np.array(new Int32Array(xs));
  const refRuns = { numRuns: Math.max(50, Math.floor(RUNS / 10)) };

  it("int32 add, sub, mul, pow and sum wrap exactly like 32-bit integers", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(int32, int32, fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 6 }), (rows) => {
        const a = rows.map((r) => r[0]);
        const b = rows.map((r) => r[1]);
        const e = rows.map((r) => r[2]);
        expect(np.add(ints(a), ints(b)).toArray()).toEqual(a.map((x, i) => wrap(BigInt(x) + BigInt(b[i]!))));
        expect(np.sub(ints(a), ints(b)).toArray()).toEqual(a.map((x, i) => wrap(BigInt(x) - BigInt(b[i]!))));
        expect(np.mul(ints(a), ints(b)).toArray()).toEqual(a.map((x, i) => wrap(BigInt(x) * BigInt(b[i]!))));
        expect(np.pow(ints(a), ints(e)).toArray()).toEqual(a.map((x, i) => wrap(BigInt(x) ** BigInt(e[i]!))));
        expect(np.sum(ints(a)).item()).toBe(wrap(a.reduce((t, x) => t + BigInt(x), 0n)));
        expect(np.prod(ints(b)).item()).toBe(wrap(b.reduce((t, x) => t * BigInt(x), 1n)));
        expect(np.cumsum(ints(a)).toArray()).toEqual(a.map((_, i) => wrap(a.slice(0, i + 1).reduce((t, x) => t + BigInt(x), 0n))));
      }),
      refRuns,
    );
  });

  it("float→int32 casts saturate like JAX (NaN → 0), and int32 literals out of range are refused", () => {
    const saturate = (v: number): number => (Number.isNaN(v) ? 0 : v >= 2147483647 ? 2147483647 : v <= -2147483648 ? -2147483648 : Math.trunc(v) | 0);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 3e9, -3e9, 2147483647.5, -0)), { minLength: 1, maxLength: 6 }), (xs) => {
        expect(np.astype(np.array(new Float64Array(xs)), "int32").toArray()).toEqual(xs.map(saturate));
        const fits = xs.every((v) => Number.isFinite(v) && Math.trunc(v) <= 2147483647 && Math.trunc(v) >= -2147483648);
        if (fits) expect(np.array(xs, { dtype: "int32" }).toArray()).toEqual(xs.map(saturate));
        else expect(() => np.array(xs, { dtype: "int32" })).toThrow(/^np\.array: .*int32/);
      }),
      refRuns,
    );
  });

  it("maximum, minimum, max, min, argmax, argmin and clip propagate NaN", () => {
    const value = fc.oneof(fc.double({ noNaN: true, min: -10, max: 10 }), fc.constant(NaN));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 6 }), (rows) => {
        const a = rows.map((r) => r[0]);
        const b = rows.map((r) => r[1]);
        const x = np.array(new Float64Array(a));
        const y = np.array(new Float64Array(b));
        const pick = (f: (p: number, q: number) => number) => a.map((p, i) => (Number.isNaN(p) || Number.isNaN(b[i]!) ? NaN : f(p, b[i]!)));
        expect(np.maximum(x, y).toArray()).toEqual(pick(Math.max));
        expect(np.minimum(x, y).toArray()).toEqual(pick(Math.min));
        const firstNaN = a.findIndex(Number.isNaN);
        expect(np.max(x).item()).toEqual(firstNaN >= 0 ? NaN : Math.max(...a));
        expect(np.min(x).item()).toEqual(firstNaN >= 0 ? NaN : Math.min(...a));
        expect(np.argmax(x).item()).toBe(firstNaN >= 0 ? firstNaN : a.indexOf(Math.max(...a)));
        expect(np.argmin(x).item()).toBe(firstNaN >= 0 ? firstNaN : a.indexOf(Math.min(...a)));
        expect(np.clip(x, -1, 1).toArray()).toEqual(a.map((v) => (Number.isNaN(v) ? NaN : Math.min(1, Math.max(-1, v)))));
      }),
      refRuns,
    );
  });

  it("arithmetic of two bools stays bool (add: or, mul: and, maximum: or, minimum: and)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 6 }), (rows) => {
        const p = np.array(rows.map((r) => r[0]));
        const q = np.array(rows.map((r) => r[1]));
        expect(np.add(p, q).toArray()).toEqual(rows.map(([u, v]) => u || v));
        expect(np.maximum(p, q).toArray()).toEqual(rows.map(([u, v]) => u || v));
        expect(np.mul(p, q).toArray()).toEqual(rows.map(([u, v]) => u && v));
        expect(np.minimum(p, q).toArray()).toEqual(rows.map(([u, v]) => u && v));
      }),
      refRuns,
    );
  });
});
