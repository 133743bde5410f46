/** One or more np-level functions per primitive, with argument generators inside their domains. */
import fc from "fast-check";
import { arb } from "../../laws/index.js";
import type { ValueOptions } from "../../laws/arb.js";
import { customJvp, customVjp, np, NDArray, stopGradient, vjp } from "../../src/index.js";
import type { PrimitiveName } from "../../src/core/registry.js";
import { bitwiseAnd, bitwiseOr, bitwiseXor, shiftLeft, shiftRightLogical } from "../../src/random/threefry.js";

export interface Entry {
  name: string;
  /** The primitives this function exercises. */
  covers: PrimitiveName[];
  f: (...args: any[]) => unknown;
  /** Argument lists; `pre` is a batch prefix ([] or [B]) put in front of every argument's shape. */
  gen: (pre: number[]) => fc.Arbitrary<any[]>;
  /** Whether the finite-difference law applies (false for stopGradient, which breaks it by design). */
  fd?: boolean;
  /** Whether jvp applies (false for customVjp functions, which have no forward mode, as in JAX). */
  jvp?: boolean;
}

const f64 = (shape: number[], o: ValueOptions = {}) => arb.ndarray({ dtype: "float64", min: -2, max: 2, ...o, shape });
const small = arb.shape({ minRank: 0, maxRank: 2, minDim: 1, maxDim: 3 });
const matrixShape = arb.shape({ minRank: 2, maxRank: 2, minDim: 2, maxDim: 3 });
const awayFromZero: ValueOptions = { avoid: [0], margin: 0.2 };
const positive: ValueOptions = { min: 0.3, max: 2 };
const awayFromIntegers: ValueOptions = { avoid: [-2, -1, 0, 1, 2], margin: 0.1 };

const unary = (o: ValueOptions = {}) => (pre: number[]) => small.chain((s) => fc.tuple(f64([...pre, ...s], o)));
const binary = (o1: ValueOptions = {}, o2: ValueOptions = {}) => (pre: number[]) => small.chain((s) => fc.tuple(f64([...pre, ...s], o1), f64([...pre, ...s], o2)));
const onMatrix = (o: ValueOptions = {}) => (pre: number[]) => matrixShape.chain((s) => fc.tuple(f64([...pre, ...s], o)));
const asF64 = (x: NDArray) => np.astype(x, "float64");

const softplus = customJvp(
  (x: NDArray) => np.log1p(np.exp(x)),
  ([x], [t]) => [np.log1p(np.exp(x)), np.mul(t, np.div(1, np.add(1, np.exp(np.neg(x)))))],
);
const cube = customVjp(
  (x: NDArray) => np.mul(x, np.mul(x, x)),
  (x: NDArray) => [np.mul(x, np.mul(x, x)), x],
  (x: NDArray, g: NDArray) => [np.mul(g, np.mul(3, np.mul(x, x)))],
);

export const entries: Entry[] = [
  { name: "neg", covers: ["neg"], f: np.neg, gen: unary() },
  { name: "exp", covers: ["exp"], f: np.exp, gen: unary() },
  { name: "log", covers: ["log"], f: np.log, gen: unary(positive) },
  { name: "log1p", covers: ["log1p"], f: np.log1p, gen: unary({ min: -0.5, max: 2 }) },
  { name: "expm1", covers: ["expm1"], f: np.expm1, gen: unary() },
  { name: "sin", covers: ["sin"], f: np.sin, gen: unary() },
  { name: "cos", covers: ["cos"], f: np.cos, gen: unary() },
  { name: "tanh", covers: ["tanh"], f: np.tanh, gen: unary() },
  { name: "arctan", covers: ["atan"], f: np.arctan, gen: unary() },
  { name: "sqrt", covers: ["sqrt"], f: np.sqrt, gen: unary(positive) },
  { name: "floor (zero derivative away from integers)", covers: ["floor"], f: np.floor, gen: unary(awayFromIntegers) },
  { name: "ceil (zero derivative away from integers)", covers: ["ceil"], f: np.ceil, gen: unary(awayFromIntegers) },
  { name: "abs (away from 0)", covers: ["abs"], f: np.abs, gen: unary(awayFromZero) },
  { name: "sign (away from 0)", covers: ["sign"], f: np.sign, gen: unary(awayFromZero) },
  { name: "add", covers: ["add"], f: np.add, gen: binary() },
  { name: "sub", covers: ["sub"], f: np.sub, gen: binary() },
  { name: "mul", covers: ["mul"], f: np.mul, gen: binary() },
  { name: "div", covers: ["div"], f: np.div, gen: binary({}, awayFromZero) },
  { name: "pow", covers: ["pow"], f: np.pow, gen: binary(positive, {}) },
  { name: "maximum", covers: ["max"], f: np.maximum, gen: binary({ min: 0.5, max: 2 }, { min: -2, max: 0 }) },
  { name: "minimum", covers: ["min"], f: np.minimum, gen: binary({ min: 0.5, max: 2 }, { min: -2, max: 0 }) },
  { name: "arctan2", covers: ["atan2"], f: np.arctan2, gen: binary({}, positive) },
  {
    name: "comparisons cast to float",
    covers: ["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual", "convertElementType"],
    f: (x: NDArray, y: NDArray) =>
      np.add(np.add(np.add(asF64(np.equal(x, y)), asF64(np.notEqual(x, y))), np.add(asF64(np.less(x, y)), asF64(np.lessEqual(x, y)))), np.add(asF64(np.greater(x, y)), asF64(np.greaterEqual(x, y)))),
    gen: binary({ min: 0.5, max: 2 }, { min: -2, max: 0 }),
  },
  {
    name: "logical ops cast to float",
    covers: ["logicalAnd", "logicalOr", "logicalNot"],
    f: (x: NDArray, y: NDArray) => {
      const p = np.greater(x, 0);
      const q = np.less(y, 0);
      return np.add(asF64(np.logicalAnd(p, q)), np.mul(2, asF64(np.logicalOr(np.logicalNot(p), q))));
    },
    gen: binary(awayFromZero, awayFromZero),
  },
  {
    // Small integers (truncated away from integer boundaries, so the derivative is 0 like the finite differences).
    name: "bitwise ops on truncated ints cast to float",
    covers: ["bitwiseAnd", "bitwiseOr", "bitwiseXor", "shiftLeft", "shiftRightLogical"],
    f: (x: NDArray, y: NDArray) => {
      const a = np.astype(np.mul(x, 3), "int32");
      const b = np.astype(np.abs(y), "int32");
      const terms = [bitwiseAnd(a, b), bitwiseOr(a, b), bitwiseXor(a, b), shiftLeft(a, b), shiftRightLogical(a, b)];
      return terms.map(asF64).reduce((p, t, i) => np.add(p, np.mul(i + 1, t)));
    },
    gen: binary({ min: -2, max: 2, avoid: [-2, -5 / 3, -4 / 3, -1, -2 / 3, -1 / 3, 0, 1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2], margin: 0.05 }, awayFromIntegers),
  },
  { name: "where (away from the switch)", covers: ["select"], f: (x: NDArray, y: NDArray) => np.where(np.greater(x, 0), np.mul(x, y), y), gen: binary(awayFromZero, {}) },
  { name: "astype float32 → float64", covers: ["convertElementType"], f: (x: NDArray) => np.sin(asF64(x)), gen: (pre) => small.chain((s) => fc.tuple(arb.ndarray({ dtype: "float32", min: -2, max: 2, shape: [...pre, ...s] }))) },
  { name: "broadcastTo", covers: ["broadcastInDim"], f: (x: NDArray) => np.broadcastTo(x, [2, ...x.shape]), gen: unary() },
  { name: "reshape", covers: ["reshape"], f: (x: NDArray) => np.reshape(x, [x.size]), gen: unary() },
  { name: "transpose", covers: ["transpose"], f: (x: NDArray) => np.transpose(x), gen: onMatrix() },
  { name: "slice", covers: ["slice"], f: (x: NDArray) => np.slice(x, [1, null], [null, null, 2]), gen: onMatrix() },
  { name: "reversing slice", covers: ["rev"], f: (x: NDArray) => np.slice(x, [null, null, -1]), gen: onMatrix() },
  {
    name: "pad (the transpose of slice)",
    covers: ["pad"],
    f: (c: NDArray) => vjp((x: NDArray) => np.slice(x, [1, null]), np.zeros([c.shape[0]! + 1, ...c.shape.slice(1)], { dtype: c.dtype }))[1](c)[0],
    gen: onMatrix(),
  },
  { name: "concatenate", covers: ["concatenate"], f: (x: NDArray, y: NDArray) => np.concatenate([x, np.mul(y, 2)], 0), gen: (pre) => matrixShape.chain((s) => fc.tuple(f64([...pre, ...s]), f64([...pre, ...s]))) },
  { name: "sum", covers: ["reduceSum"], f: (x: NDArray) => np.sum(x, 0), gen: onMatrix() },
  { name: "prod (away from 0)", covers: ["reduceProd"], f: (x: NDArray) => np.prod(x, 0), gen: onMatrix(awayFromZero) },
  // prod is a polynomial: its derivatives of every order exist where elements are zero, and must be right there too.
  {
    name: "prod (with zeros)",
    covers: ["reduceProd"],
    f: (x: NDArray) => np.prod(x, 0),
    gen: (pre) => matrixShape.chain((s) => fc.tuple(fc.array(fc.constantFrom(0, 0, 1, -1, 0.5, 2), { minLength: 4 * s[0]! * s[1]! * (pre[0] ?? 1), maxLength: 4 * s[0]! * s[1]! * (pre[0] ?? 1) }).map((v) => np.reshape(np.array(v.slice(0, s[0]! * s[1]! * (pre[0] ?? 1)), { dtype: "float64" }), [...pre, ...s])))),
  },
  { name: "max", covers: ["reduceMax"], f: (x: NDArray) => np.max(x, 0), gen: onMatrix() },
  { name: "min", covers: ["reduceMin"], f: (x: NDArray) => np.min(x, 0), gen: onMatrix() },
  { name: "argmax/argmin cast to float", covers: ["argmax", "argmin"], f: (x: NDArray) => np.add(asF64(np.argmax(x, 0)), np.mul(3, asF64(np.argmin(x, 0)))), gen: onMatrix() },
  { name: "cumsum", covers: ["cumsum"], f: (x: NDArray) => np.cumsum(x, 0), gen: onMatrix() },
  {
    name: "matmul",
    covers: ["dotGeneral"],
    f: np.matmul,
    gen: (pre) => fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([m, k, n]) => fc.tuple(f64([...pre, m, k]), f64([...pre, k, n]))),
  },
  { name: "take", covers: ["take"], f: (x: NDArray) => np.take(x, [1, 0, 1], 0), gen: onMatrix() },
  {
    name: "scatter-add (the transpose of take)",
    covers: ["scatterAdd"],
    f: (c: NDArray) => vjp((x: NDArray) => np.take(x, [1, 0, 1], 0), np.zeros([2, ...c.shape.slice(1)], { dtype: c.dtype }))[1](c)[0],
    gen: (pre) => fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(f64([...pre, 3, n]))),
  },
  { name: "stopGradient", covers: ["stopGradient"], f: (x: NDArray) => np.mul(np.sin(x), stopGradient(x)), gen: unary(), fd: false },
  { name: "customJvp (softplus)", covers: ["customJvpCall"], f: softplus, gen: unary() },
  { name: "customVjp (cube)", covers: ["customVjpCall", "customVjpLinear"], f: cube, gen: unary(), jvp: false },
];
