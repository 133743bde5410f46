/**
 * Elementwise primitives: unary math, binary arithmetic, comparisons, logical ops, `select` and
 * `convertElementType`. Operands share one shape and dtype (the np layer broadcasts and casts).
 */
import { isFloat, type DType } from "../../array/dtype.js";
import type { ConcreteArray, NDArray } from "../../array/ndarray.js";
import { elementwise } from "../../backend/js/elementwise.js";
import { elementwiseBatch } from "../batch-rules.js";
import type { JvpRule } from "../jvp.js";
import * as op from "../ops.js";
import type { PrimitiveName } from "../params.js";
import { bind } from "../trace.js";
import { LinearArg, shaped, type NoParams, type PrimitiveDef, type ShapedArray, type TransposeRule } from "../primitive.js";
import { allocateFor, checkDTypeIn, checkSameShapeAndDType, fromData, operand } from "./common.js";

const NUMERIC: readonly DType[] = ["int32", "float32", "float64"];
const FLOAT: readonly DType[] = ["float32", "float64"];
const BOOL: readonly DType[] = ["bool"];
const ALL: readonly DType[] = ["bool", "int32", "float32", "float64"];

/** The kernel expression per operand dtype (a string is used for every dtype). */
type Expr = string | Partial<Record<DType, string>>;

function exprFor(expr: Expr, dtype: DType): string {
  return typeof expr === "string" ? expr : expr[dtype]!;
}

function run(expr: string, args: readonly ConcreteArray[], out: ShapedArray): ConcreteArray {
  const data = allocateFor(out);
  elementwise(expr, data, out.shape, args.map(operand));
  return fromData(out.shape, out.dtype, data);
}

/** Rules for functions that are piecewise constant: the tangent is zero. */
const zeroTangent =
  (name: PrimitiveName): JvpRule<NoParams> =>
  (args, _t, params) => [bind(name, args, params as never), null];

/** A smooth unary function: tangent = t · f'(x), with f' given from x and the output y. */
function smooth(name: PrimitiveName, expr: Expr, derivative: (x: NDArray, y: NDArray) => NDArray): PrimitiveDef<NoParams> {
  return unary(name, expr, FLOAT, ([x], [t]) => {
    const y = bind(name, [x!], {} as never);
    return [y, op.mul(t!, derivative(x!, y))];
  });
}

function unary(name: string, expr: Expr, allowed: readonly DType[], jvp: JvpRule<NoParams>): PrimitiveDef<NoParams> {
  return {
    name,
    jvp,
    batch: elementwiseBatch(name as PrimitiveName),
    abstractEval([x]) {
      checkDTypeIn(name, x!, allowed);
      return shaped(x!.shape, x!.dtype);
    },
    impl(args, _params, out) {
      return run(exprFor(expr, out.dtype), args, out);
    },
  };
}

function binary(name: string, expr: Expr, allowed: readonly DType[], jvp: JvpRule<NoParams>, resultDType?: DType): PrimitiveDef<NoParams> {
  return {
    name,
    jvp,
    batch: elementwiseBatch(name as PrimitiveName),
    abstractEval(avals) {
      checkSameShapeAndDType(name, avals);
      checkDTypeIn(name, avals[0]!, allowed);
      return shaped(avals[0]!.shape, resultDType ?? avals[0]!.dtype);
    },
    impl(args, _params, out) {
      return run(exprFor(expr, args[0]!.dtype), args, out);
    },
  };
}

function compare(name: string, op: string): PrimitiveDef<NoParams> {
  return binary(name, `(a ${op} b) ? 1 : 0`, ALL, zeroTangent(name as PrimitiveName), "bool");
}

/**
 * IEEE/C pow, as numpy and XLA compute it: JS's Math.pow differs only in giving NaN for 1 ** NaN,
 * 1 ** ±Infinity and (−1) ** ±Infinity, which C's pow (and so numpy and JAX) define as 1.
 */
const FLOAT_POW = "(a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) ? 1 : Math.pow(a, b)";

const FLOAT_TO_INT32 = "a !== a ? 0 : a >= 2147483647 ? 2147483647 : a <= -2147483648 ? -2147483648 : a";

/**
 * int32 powers by repeated squaring with Math.imul, so they wrap exactly like int32 arithmetic
 * (Math.pow rounds to a double first and loses the low bits). A negative exponent follows XLA:
 * 1 for a base of 1, ±1 for −1, 0 otherwise (the np layer refuses concrete negative exponents).
 */
function intPow(base: number, exponent: number): number {
  if (exponent < 0) return base === 1 ? 1 : base === -1 ? (exponent & 1 ? -1 : 1) : 0;
  let acc = 1;
  let x = base | 0;
  for (let e = exponent; e > 0; e >>>= 1) {
    if (e & 1) acc = Math.imul(acc, x);
    x = Math.imul(x, x);
  }
  return acc;
}

function withIntegerPow(def: PrimitiveDef<NoParams>): PrimitiveDef<NoParams> {
  return {
    ...def,
    impl(args, params, out) {
      if (out.dtype !== "int32") return def.impl(args, params, out);
      const a = args[0]!.values();
      const b = args[1]!.values();
      const data = allocateFor(out);
      for (let i = 0; i < data.length; i++) data[i] = intPow(a[i]!, b[i]!);
      return fromData(out.shape, out.dtype, data);
    },
  };
}

export interface ConvertParams {
  readonly dtype: DType;
}

const convertElementType: PrimitiveDef<ConvertParams> = {
  name: "convertElementType",
  batch: elementwiseBatch("convertElementType"),
  // Only float-to-float casts carry a tangent; integers and booleans are not differentiable.
  jvp: ([x], [t], { dtype }) => [op.convert(x!, dtype), isFloat(dtype) && isFloat(x!.dtype) ? op.convert(t!, dtype) : null],
  transpose: (ct, [x]) => [op.convert(ct, x!.dtype)],
  abstractEval([x], { dtype }) {
    return shaped(x!.shape, dtype);
  },
  impl(args, { dtype }, out) {
    // Typed-array stores round to float32 and truncate toward zero; float→int32 also saturates as
    // XLA's convert does (±Infinity and out-of-range values clamp, NaN becomes 0), never wraps.
    const expr = dtype === "bool" ? "a !== 0 ? 1 : 0" : dtype === "int32" && isFloat(args[0]!.dtype) ? FLOAT_TO_INT32 : "a";
    return run(expr, args, out);
  },
};

const select: PrimitiveDef<NoParams> = {
  name: "select",
  batch: elementwiseBatch("select"),
  jvp: ([p, a, b], [, ta, tb]) => [
    op.select(p!, a!, b!),
    ta === null && tb === null ? null : op.select(p!, op.instantiate(ta!, a!), op.instantiate(tb!, b!)),
  ],
  transpose: (ct, [p, a, b]) => {
    const zero = op.zerosLike(ct);
    return [null, isLinear(a) ? op.select(p as NDArray, ct, zero) : null, isLinear(b) ? op.select(p as NDArray, zero, ct) : null];
  },
  abstractEval([pred, onTrue, onFalse]) {
    checkDTypeIn("select (predicate)", pred!, BOOL);
    checkSameShapeAndDType("select", [onTrue!, onFalse!]);
    checkSameShapeAndDType("select", [shaped(pred!.shape, onTrue!.dtype), onTrue!]);
    return shaped(onTrue!.shape, onTrue!.dtype);
  },
  impl(args, _params, out) {
    return run("a !== 0 ? b : c", args, out);
  },
};

/** The one-sided rules of max/min: ties split the tangent evenly, as JAX does. */
function extremumRule(name: "max" | "min"): JvpRule<NoParams> {
  return ([a, b], [ta, tb]) => {
    const y = bind(name, [a!, b!], {});
    const wins = name === "max" ? op.greater(a!, b!) : op.less(a!, b!);
    const ties = op.equal(a!, b!);
    const half = op.fullLike(a!, 0.5);
    const zero = op.zerosLike(a!);
    const weightA = op.select(ties, half, op.select(wins, op.fullLike(a!, 1), zero));
    const weightB = op.select(ties, half, op.select(wins, zero, op.fullLike(a!, 1)));
    return [y, op.addTangents(ta ? op.mul(ta, weightA) : null, tb ? op.mul(tb, weightB) : null)];
  };
}

const isLinear = (x: unknown): boolean => x instanceof LinearArg;

/** Adds the transpose rule of a primitive that is linear in some operand. */
function withTranspose<P>(def: PrimitiveDef<P>, transpose: TransposeRule<P>): PrimitiveDef<P> {
  return { ...def, transpose };
}

export const elementwisePrimitives = {
  neg: withTranspose(
    unary("neg", "-a", NUMERIC, ([x], [t]) => [op.neg(x!), op.neg(t!)]),
    (ct) => [op.neg(ct)],
  ),
  exp: smooth("exp", "Math.exp(a)", (_x, y) => y),
  log: smooth("log", "Math.log(a)", (x) => op.div(op.fullLike(x, 1), x)),
  log1p: smooth("log1p", "Math.log1p(a)", (x) => op.div(op.fullLike(x, 1), op.add(x, op.fullLike(x, 1)))),
  expm1: smooth("expm1", "Math.expm1(a)", (x, y) => op.add(y, op.fullLike(x, 1))),
  sin: smooth("sin", "Math.sin(a)", (x) => op.cos(x)),
  cos: smooth("cos", "Math.cos(a)", (x) => op.neg(op.sin(x))),
  tanh: smooth("tanh", "Math.tanh(a)", (x, y) => op.sub(op.fullLike(x, 1), op.mul(y, y))),
  atan: smooth("atan", "Math.atan(a)", (x) => op.div(op.fullLike(x, 1), op.add(op.fullLike(x, 1), op.mul(x, x)))),
  sqrt: smooth("sqrt", "Math.sqrt(a)", (x, y) => op.div(op.fullLike(x, 0.5), y)),
  floor: unary("floor", "Math.floor(a)", FLOAT, zeroTangent("floor")),
  ceil: unary("ceil", "Math.ceil(a)", FLOAT, zeroTangent("ceil")),
  // d|x|/dx = sign(x): 0 at 0, as ReLU's derivative.
  abs: unary("abs", "Math.abs(a)", NUMERIC, ([x], [t]) => [bind("abs", [x!], {}), op.mul(t!, op.sign(x!))]),
  // Keeps signed zeros and NaN, like numpy.
  sign: unary("sign", "a > 0 ? 1 : a < 0 ? -1 : a", NUMERIC, zeroTangent("sign")),
  logicalNot: unary("logicalNot", "a ^ 1", BOOL, zeroTangent("logicalNot")),
  add: withTranspose(
    binary("add", "a + b", NUMERIC, ([a, b], [ta, tb]) => [op.add(a!, b!), op.addTangents(ta!, tb!)]),
    (ct, [a, b]) => [isLinear(a) ? ct : null, isLinear(b) ? ct : null],
  ),
  sub: withTranspose(
    binary("sub", "a - b", NUMERIC, ([a, b], [ta, tb]) => [op.sub(a!, b!), op.addTangents(ta!, tb ? op.neg(tb) : null)]),
    (ct, [a, b]) => [isLinear(a) ? ct : null, isLinear(b) ? op.neg(ct) : null],
  ),
  // Linear in one operand at a time (the other is a constant of the linear map).
  mul: withTranspose(
    binary("mul", { int32: "Math.imul(a, b)", float32: "a * b", float64: "a * b" }, NUMERIC, ([a, b], [ta, tb]) => [
      op.mul(a!, b!),
      op.addTangents(ta ? op.mul(ta, b!) : null, tb ? op.mul(a!, tb) : null),
    ]),
    (ct, [a, b]) => [isLinear(a) ? op.mul(ct, b as NDArray) : null, isLinear(b) ? op.mul(a as NDArray, ct) : null],
  ),
  // Integer division truncates toward zero (C semantics, as lax.div); np.divide casts ints to float first.
  div: withTranspose(
    binary("div", { int32: "(a / b) | 0", float32: "a / b", float64: "a / b" }, NUMERIC, ([a, b], [ta, tb]) => {
      const y = op.div(a!, b!);
      return [y, op.addTangents(ta ? op.div(ta, b!) : null, tb ? op.neg(op.div(op.mul(tb, y), b!)) : null)];
    }),
    // Linear in the numerator only.
    (ct, [, b]) => [op.div(ct, b as NDArray), null],
  ),
  pow: withIntegerPow(binary("pow", FLOAT_POW, NUMERIC, ([x, p], [tx, tp]) => {
    const y = op.pow(x!, p!);
    const zero = op.zerosLike(x!);
    // d/dx = p·x^(p−1), taken as 0 where p = 0 (so 0^0 has no NaN); d/dp = log(x)·y, taken as 0 where x = 0.
    const dx = () => op.select(op.equal(p!, zero), zero, op.mul(p!, op.pow(x!, op.sub(p!, op.fullLike(p!, 1)))));
    const dp = () => op.select(op.equal(x!, zero), zero, op.mul(op.log(op.select(op.equal(x!, zero), op.fullLike(x!, 1), x!)), y));
    return [y, op.addTangents(tx ? op.mul(tx, dx()) : null, tp ? op.mul(tp, dp()) : null)];
  })),
  // NaN propagates, as numpy's maximum/minimum.
  max: binary("max", "(a > b || a !== a) ? a : b", NUMERIC, extremumRule("max")),
  min: binary("min", "(a < b || a !== a) ? a : b", NUMERIC, extremumRule("min")),
  atan2: binary("atan2", "Math.atan2(a, b)", FLOAT, ([a, b], [ta, tb]) => {
    const denominator = op.add(op.mul(a!, a!), op.mul(b!, b!));
    const tangent = op.addTangents(ta ? op.mul(ta, b!) : null, tb ? op.neg(op.mul(tb, a!)) : null);
    return [bind("atan2", [a!, b!], {}), tangent && op.div(tangent, denominator)];
  }),
  equal: compare("equal", "==="),
  notEqual: compare("notEqual", "!=="),
  less: compare("less", "<"),
  lessEqual: compare("lessEqual", "<="),
  greater: compare("greater", ">"),
  greaterEqual: compare("greaterEqual", ">="),
  logicalAnd: binary("logicalAnd", "a & b", BOOL, zeroTangent("logicalAnd")),
  logicalOr: binary("logicalOr", "a | b", BOOL, zeroTangent("logicalOr")),
  select,
  convertElementType,
};
