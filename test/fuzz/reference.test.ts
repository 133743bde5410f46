/**
 * Silent wrong answers: elementwise np functions on random arrays full of special values (NaN,
 * ±Infinity, −0, subnormals, huge and int32-edge values), compared with a plain-JS reference
 * computed in float64 and rounded to the result dtype. float32 results may differ from the
 * rounded reference by 2 ulp (room for faster kernels), float64 by 2 ulp, int32 and bool not at all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { np, type NDArray } from "../../src/index.js";
import type { DType } from "../../src/array/dtype.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 24);

const floatValues = [0, -0, 1, -1, 0.5, -2.5, 3, 1e-40, -1e-45, 5e-324, 3.4e38, -3.4e38, 1e300, 88.7, -103, 710, NaN, Infinity, -Infinity, Math.PI, 1e-8];
const intValues = [0, 1, -1, 2, 7, -9, 65536, 46341, 123456789, 2 ** 31 - 1, -(2 ** 31), 2 ** 30, -(2 ** 30) - 7];

function values(dtype: DType, n: number): fc.Arbitrary<number[]> {
  const pool = dtype === "int32" ? intValues : floatValues;
  return fc.array(fc.oneof(fc.constantFrom(...pool), fc.integer({ min: -5, max: 5 })), { minLength: n, maxLength: n });
}

function round(dtype: DType, v: number): number {
  if (dtype === "float32") return Math.fround(v);
  if (dtype === "int32") return v | 0;
  if (dtype === "bool") return v ? 1 : 0;
  return v;
}

function ulp(dtype: DType, v: number): number {
  if (!Number.isFinite(v)) return 0;
  const a = Math.abs(v);
  if (dtype === "float32") return Math.max(2 ** -149, a === 0 ? 0 : 2 ** (Math.floor(Math.log2(a)) - 23));
  return Math.max(5e-324, a === 0 ? 0 : 2 ** (Math.floor(Math.log2(a)) - 52));
}

function same(dtype: DType, actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (actual === expected) return true;
  if (dtype === "int32" || dtype === "bool" || !Number.isFinite(expected)) return false;
  return Math.abs(actual - expected) <= 2 * ulp(dtype, expected);
}

function check(name: string, out: NDArray, expected: number[], outDtype: DType, inputs: number[][]): void {
  expect(out.dtype, `${name}: dtype`).toBe(outDtype);
  const got = Array.from(out.data() as ArrayLike<number>);
  for (let i = 0; i < expected.length; i++) {
    const e = round(outDtype, expected[i]!);
    if (!same(outDtype, got[i]!, e)) {
      throw new Error(`${name}(${inputs.map((xs) => xs[i]).join(", ")}) gave ${got[i]} (${outDtype}), expected ${e}`);
    }
  }
}

const float = ["float32", "float64"] as const;
type Unary = [string, (x: NDArray) => NDArray, (v: number) => number, readonly DType[], ((d: DType) => DType)?];

const toBool = (): DType => "bool";
const unary: Unary[] = [
  ["abs", np.abs, Math.abs, [...float, "int32"]],
  ["neg", np.neg, (v) => -v, [...float, "int32"]],
  ["square", np.square, (v) => v * v, float],
  ["exp", np.exp, Math.exp, float],
  ["expm1", np.expm1, Math.expm1, float],
  ["log", np.log, Math.log, float],
  ["log1p", np.log1p, Math.log1p, float],
  ["sqrt", np.sqrt, Math.sqrt, float],
  ["sin", np.sin, Math.sin, float],
  ["cos", np.cos, Math.cos, float],
  ["tanh", np.tanh, Math.tanh, float],
  ["arctan", np.arctan, Math.atan, float],
  ["floor", np.floor, Math.floor, float],
  ["ceil", np.ceil, Math.ceil, float],
  ["sign", np.sign, (v) => (Number.isNaN(v) ? NaN : Math.sign(v)), [...float, "int32"]],
  ["isnan", np.isnan, (v) => (Number.isNaN(v) ? 1 : 0), [...float, "int32"], toBool],
  ["isfinite", np.isfinite, (v) => (Number.isFinite(v) ? 1 : 0), [...float, "int32"], toBool],
];

type Binary = [string, (x: NDArray, y: NDArray) => NDArray, (a: number, b: number) => number, readonly DType[], ((d: DType) => DType)?];
const nanOr = (f: (a: number, b: number) => number) => (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : f(a, b));
const binary: Binary[] = [
  ["add", np.add, (a, b) => a + b, [...float, "int32"]],
  ["sub", np.sub, (a, b) => a - b, [...float, "int32"]],
  ["mul", np.mul, (a, b) => a * b, float],
  ["mul", np.mul, (a, b) => Math.imul(a, b), ["int32"]],
  ["div", np.div, (a, b) => a / b, float],
  // C's pow (numpy, JAX): 1 to any power and (−1) to ±Infinity are 1, where JS gives NaN.
  ["pow", np.pow, (a, b) => (a === 1 || (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) ? 1 : a ** b), float],
  ["maximum", np.maximum, nanOr(Math.max), [...float, "int32"]],
  ["minimum", np.minimum, nanOr(Math.min), [...float, "int32"]],
  ["arctan2", np.arctan2, Math.atan2, float],
  ["equal", np.equal, (a, b) => (a === b ? 1 : 0), [...float, "int32"], toBool],
  ["notEqual", np.notEqual, (a, b) => (a !== b ? 1 : 0), [...float, "int32"], toBool],
  ["less", np.less, (a, b) => (a < b ? 1 : 0), [...float, "int32"], toBool],
  ["greaterEqual", np.greaterEqual, (a, b) => (a >= b ? 1 : 0), [...float, "int32"], toBool],
];

describe("elementwise np functions agree with plain JS on special values", () => {
  for (const [name, f, ref, dtypes, outOf] of unary) {
    for (const dtype of dtypes) {
      it(`np.${name} ${dtype}`, () => {
        fc.assert(
          fc.property(values(dtype, 12), fc.boolean(), (xs, strided) => {
            const stored = xs.map((v) => round(dtype, v));
            let x = np.array(stored, { dtype });
            if (strided) x = np.transpose(np.reshape(x, [3, 4])).reshape([12]);
            const input = strided ? Array.from({ length: 12 }, (_, i) => stored[(i % 3) * 4 + Math.floor(i / 3)]!) : stored;
            check(`np.${name}`, f(x), input.map(ref), outOf?.(dtype) ?? dtype, [input]);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
  for (const [name, f, ref, dtypes, outOf] of binary) {
    for (const dtype of dtypes) {
      it(`np.${name} ${dtype}`, () => {
        fc.assert(
          fc.property(values(dtype, 12), values(dtype, 12), (xs, ys) => {
            const a = xs.map((v) => round(dtype, v));
            const b = ys.map((v) => round(dtype, v));
            check(`np.${name}`, f(np.array(a, { dtype }), np.array(b, { dtype })), a.map((v, i) => ref(v, b[i]!)), outOf?.(dtype) ?? dtype, [a, b]);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});

describe("conversions saturate and literals are range-checked", () => {
  it("float → int32 saturates like JAX (NaN → 0)", () => {
    const x = np.array([3e9, -3e9, Infinity, -Infinity, NaN, 2.9, -2.9, 2147483647.5], { dtype: "float64" });
    expect(np.astype(x, "int32").toArray()).toEqual([2147483647, -2147483648, 2147483647, -2147483648, 0, 2, -2, 2147483647]);
  });
});

type Reduction = [string, (x: NDArray, o: { axis: number }) => NDArray, (xs: number[], dtype: DType) => number];
const reductions: Reduction[] = [
  ["sum", np.sum, (xs) => xs.reduce((a, b) => a + b, 0)],
  ["prod", np.prod, (xs) => xs.reduce((a, b) => a * b, 1)],
  ["max", np.max, (xs) => (xs.some(Number.isNaN) ? NaN : Math.max(...xs))],
  ["min", np.min, (xs) => (xs.some(Number.isNaN) ? NaN : Math.min(...xs))],
  // The sum is rounded to the dtype before the division (numpy and JAX overflow there too).
  ["mean", np.mean, (xs, dtype) => round(dtype, xs.reduce((a, b) => a + b, 0)) / xs.length],
  // numpy: the first NaN is the extremum; otherwise the first occurrence of the extremum.
  ["argmax", np.argmax, (xs) => (xs.some(Number.isNaN) ? xs.findIndex(Number.isNaN) : xs.indexOf(Math.max(...xs)))],
  ["argmin", np.argmin, (xs) => (xs.some(Number.isNaN) ? xs.findIndex(Number.isNaN) : xs.indexOf(Math.min(...xs)))],
];

describe("reductions agree with plain JS on special values", () => {
  for (const [name, f, ref] of reductions) {
    for (const dtype of float) {
      it(`np.${name} ${dtype} over each axis`, () => {
        fc.assert(
          fc.property(values(dtype, 12), fc.constantFrom(0, 1, -1), (xs, axis) => {
            const stored = xs.map((v) => round(dtype, v));
            const x = np.array(stored, { dtype }).reshape([3, 4]);
            const ax = axis < 0 ? 1 : axis;
            const lines = ax === 0 ? [0, 1, 2, 3].map((j) => [0, 1, 2].map((i) => stored[i * 4 + j]!)) : [0, 1, 2].map((i) => stored.slice(i * 4, i * 4 + 4));
            const out = f(x, { axis });
            const isArg = name.startsWith("arg");
            // Sums in float32 may be accumulated in float64 and rounded once: allow the float32 rounding of partial sums.
            const expected = lines.map((line) => ref(line, dtype));
            const got = Array.from(out.data() as ArrayLike<number>);
            for (let i = 0; i < expected.length; i++) {
              const e = isArg ? expected[i]! : round(dtype, expected[i]!);
              const ok = isArg ? got[i] === e : Number.isNaN(e) ? Number.isNaN(got[i]!) : got[i] === e || Math.abs(got[i]! - e) <= 1e-6 * Math.max(1, ...lines[i]!.map((v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
              if (!ok) throw new Error(`np.${name}([${lines[i]!.join(", ")}]) gave ${got[i]}, expected ${e}`);
            }
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});
