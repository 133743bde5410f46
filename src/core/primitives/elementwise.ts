/**
 * Elementwise primitives: unary math, binary arithmetic, comparisons, logical ops, `select` and
 * `convertElementType`. Operands share one shape and dtype (the np layer broadcasts and casts).
 */
import type { DType } from "../../array/dtype.js";
import { ConcreteArray } from "../../array/ndarray.js";
import { elementwise } from "../../backend/js/elementwise.js";
import { shaped, type NoParams, type PrimitiveDef, type ShapedArray } from "../primitive.js";
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

function unary(name: string, expr: Expr, allowed: readonly DType[]): PrimitiveDef<NoParams> {
  return {
    name,
    abstractEval([x]) {
      checkDTypeIn(name, x!, allowed);
      return shaped(x!.shape, x!.dtype);
    },
    impl(args, _params, out) {
      return run(exprFor(expr, out.dtype), args, out);
    },
  };
}

function binary(name: string, expr: Expr, allowed: readonly DType[], resultDType?: DType): PrimitiveDef<NoParams> {
  return {
    name,
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
  return binary(name, `(a ${op} b) ? 1 : 0`, ALL, "bool");
}

export interface ConvertParams {
  readonly dtype: DType;
}

const convertElementType: PrimitiveDef<ConvertParams> = {
  name: "convertElementType",
  abstractEval([x], { dtype }) {
    return shaped(x!.shape, dtype);
  },
  impl(args, { dtype }, out) {
    // Typed-array stores already round to float32 and truncate to int32 (toward zero, like numpy's astype).
    return run(dtype === "bool" ? "a !== 0 ? 1 : 0" : "a", args, out);
  },
};

const select: PrimitiveDef<NoParams> = {
  name: "select",
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

export const elementwisePrimitives = {
  neg: unary("neg", "-a", NUMERIC),
  exp: unary("exp", "Math.exp(a)", FLOAT),
  log: unary("log", "Math.log(a)", FLOAT),
  log1p: unary("log1p", "Math.log1p(a)", FLOAT),
  expm1: unary("expm1", "Math.expm1(a)", FLOAT),
  sin: unary("sin", "Math.sin(a)", FLOAT),
  cos: unary("cos", "Math.cos(a)", FLOAT),
  tanh: unary("tanh", "Math.tanh(a)", FLOAT),
  atan: unary("atan", "Math.atan(a)", FLOAT),
  sqrt: unary("sqrt", "Math.sqrt(a)", FLOAT),
  floor: unary("floor", "Math.floor(a)", FLOAT),
  ceil: unary("ceil", "Math.ceil(a)", FLOAT),
  abs: unary("abs", "Math.abs(a)", NUMERIC),
  // Keeps signed zeros and NaN, like numpy.
  sign: unary("sign", "a > 0 ? 1 : a < 0 ? -1 : a", NUMERIC),
  logicalNot: unary("logicalNot", "a ^ 1", BOOL),
  add: binary("add", "a + b", NUMERIC),
  sub: binary("sub", "a - b", NUMERIC),
  mul: binary("mul", { int32: "Math.imul(a, b)", float32: "a * b", float64: "a * b" }, NUMERIC),
  // Integer division truncates toward zero (C semantics, as lax.div); np.divide casts ints to float first.
  div: binary("div", { int32: "(a / b) | 0", float32: "a / b", float64: "a / b" }, NUMERIC),
  pow: binary("pow", "Math.pow(a, b)", NUMERIC),
  // NaN propagates, as numpy's maximum/minimum.
  max: binary("max", "(a > b || a !== a) ? a : b", NUMERIC),
  min: binary("min", "(a < b || a !== a) ? a : b", NUMERIC),
  atan2: binary("atan2", "Math.atan2(a, b)", FLOAT),
  equal: compare("equal", "==="),
  notEqual: compare("notEqual", "!=="),
  less: compare("less", "<"),
  lessEqual: compare("lessEqual", "<="),
  greater: compare("greater", ">"),
  greaterEqual: compare("greaterEqual", ">="),
  logicalAnd: binary("logicalAnd", "a & b", BOOL),
  logicalOr: binary("logicalOr", "a | b", BOOL),
  select,
  convertElementType,
};
