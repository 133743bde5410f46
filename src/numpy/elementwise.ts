/** Elementwise `np` functions: arithmetic, math, comparisons, logic, where, clip. */
import { isFloat, type DType } from "../array/dtype.js";
import { ConcreteArray, type ArrayLike, type NDArray } from "../array/ndarray.js";
import { DTypeError, ValueError } from "../errors/classes.js";
import { bind } from "../core/trace.js";
import type { PrimitiveName } from "../core/registry.js";
import { broadcastAll, castAll, promoteAndBroadcast, resultDType, toArrays } from "./broadcast.js";
import { asArray, cast } from "./convert.js";

/** True division and transcendental functions need floats. */
function floatDType(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}

type Arith = "add" | "sub" | "mul" | "pow" | "max" | "min";

/**
 * Binary arithmetic with numpy/JAX promotion. Two bool operands stay bool, as in JAX: add and
 * maximum are logical or, mul and minimum logical and; sub is refused (numpy and JAX refuse it
 * too); pow computes in int32 (JAX promotes bools to an integer for power).
 */
function binaryArith(name: Arith, x: ArrayLike, y: ArrayLike, op: string): NDArray {
  const operands = toArrays([x, y], op);
  const dtype = resultDType(operands);
  if (dtype === "bool" && name !== "pow") {
    if (name === "sub") {
      throw new DTypeError(op, `boolean subtract is not supported (as in numpy and JAX); use np.notEqual(x, y) for exclusive or, or cast with astype("int32") first.`, {
        dtypes: operands.map((v) => (typeof v === "object" ? v.dtype : "bool")),
      });
    }
    const [a, b] = promoteAndBroadcast(op, operands, "bool");
    return bind(name === "add" || name === "max" ? "logicalOr" : "logicalAnd", [a!, b!], {});
  }
  const target = dtype === "bool" ? "int32" : dtype;
  if (name === "pow" && target === "int32") checkIntegerExponent(operands[1]!, op);
  const [a, b] = promoteAndBroadcast(op, operands, target);
  return bind(name, [a!, b!], {});
}

/**
 * An integer power with a negative exponent has no integer answer: a known (concrete) negative
 * exponent is refused, as numpy ("Integers to negative integer powers are not allowed") and JAX's
 * lax.integer_pow do. A traced exponent (under jit or vmap) cannot be inspected; there the kernel
 * follows XLA: 1 for a base of 1, ±1 for -1, and 0 otherwise.
 */
function checkIntegerExponent(p: NDArray | number | boolean, op: string): void {
  let negative: number | undefined;
  if (typeof p === "number") negative = p < 0 ? p : undefined;
  else if (p instanceof ConcreteArray && p.dtype !== "bool") negative = Array.from(p.values()).find((v) => v < 0);
  if (negative !== undefined) {
    throw new ValueError(op, `integers to negative integer powers are not allowed (exponent ${negative}); cast the base to a float dtype with astype("float32") first.`);
  }
}

/** x + y, elementwise with broadcasting (bools: logical or). @example np.add(np.array([1, 2]), 10) // [11, 12] */
export function add(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("add", x, y, "add");
}
/** x − y (not defined for two bools). @example np.sub(np.array([3, 4]), 1) // [2, 3] */
export function sub(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("sub", x, y, "sub");
}
/** x · y, elementwise (bools: logical and; int32 wraps exactly). @example np.mul(np.array([1, 2]), np.array([3, 4])) // [3, 8] */
export function mul(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("mul", x, y, "mul");
}
/** True division x / y; integer operands give float32. @example np.div(np.array([1, 2]), 4) // [0.25, 0.5] */
export function div(x: ArrayLike, y: ArrayLike): NDArray {
  const operands = toArrays([x, y], "div");
  const [a, b] = promoteAndBroadcast("div", operands, floatDType(resultDType(operands)));
  return bind("div", [a!, b!], {});
}
/**
 * x ** y, elementwise. Integer powers wrap exactly like int32 arithmetic; a negative integer
 * exponent is refused (see checkIntegerExponent). @example np.pow(np.array([2, 3]), 2) // [4, 9]
 */
export function pow(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("pow", x, y, "pow");
}
/** Elementwise maximum (NaN propagates). @example np.maximum(np.array([1, 5]), 3) // [3, 5] */
export function maximum(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("max", x, y, "maximum");
}
/** Elementwise minimum (NaN propagates). @example np.minimum(np.array([1, 5]), 3) // [1, 3] */
export function minimum(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("min", x, y, "minimum");
}
/** atan2(y, x), the angle of (x, y). @example np.arctan2(1, 1) // π/4 */
export function arctan2(y: ArrayLike, x: ArrayLike): NDArray {
  const operands = toArrays([y, x], "arctan2");
  const [a, b] = promoteAndBroadcast("arctan2", operands, floatDType(resultDType(operands)));
  return bind("atan2", [a!, b!], {});
}

function unaryFloat(name: PrimitiveName & ("exp" | "log" | "log1p" | "expm1" | "sin" | "cos" | "tanh" | "atan" | "sqrt"), x: ArrayLike): NDArray {
  const a = asArray(x, undefined, name);
  return bind(name, [cast(a, floatDType(a.dtype))], {});
}
/** neg and sign of bools are refused (numpy and JAX refuse them too); abs of a bool is the bool itself, as in both. */
function unaryNumeric(name: PrimitiveName & ("neg" | "abs" | "sign"), x: ArrayLike): NDArray {
  const a = asArray(x, undefined, name);
  if (a.dtype === "bool") {
    if (name === "abs") return a;
    const fix = name === "neg" ? "use np.logicalNot for the negation of bools" : "cast with astype(\"int32\") first";
    throw new DTypeError(name, `${name === "neg" ? "negative" : "sign"} is not defined for bool arrays (as in numpy and JAX); ${fix}.`, { dtypes: ["bool"] });
  }
  return bind(name, [a], {});
}

/** −x. @example np.neg(np.array([1, -2])) // [-1, 2] */
export const neg = (x: ArrayLike): NDArray => unaryNumeric("neg", x);
/** |x|. @example np.abs(np.array([-1.5, 2])) // [1.5, 2] */
export const abs = (x: ArrayLike): NDArray => unaryNumeric("abs", x);
/** −1, 0 or 1 by the sign of x (NaN stays NaN). @example np.sign(np.array([-3, 0, 2])) // [-1, 0, 1] */
export const sign = (x: ArrayLike): NDArray => unaryNumeric("sign", x);
/** eˣ. @example np.exp(0) // 1 */
export const exp = (x: ArrayLike): NDArray => unaryFloat("exp", x);
/** Natural logarithm. @example np.log(Math.E) // 1 */
export const log = (x: ArrayLike): NDArray => unaryFloat("log", x);
/** log(1 + x), accurate for small x. @example np.log1p(1e-10) // 1e-10 */
export const log1p = (x: ArrayLike): NDArray => unaryFloat("log1p", x);
/** eˣ − 1, accurate for small x. @example np.expm1(1e-10) // 1e-10 */
export const expm1 = (x: ArrayLike): NDArray => unaryFloat("expm1", x);
/** Sine. @example np.sin(0) // 0 */
export const sin = (x: ArrayLike): NDArray => unaryFloat("sin", x);
/** Cosine. @example np.cos(0) // 1 */
export const cos = (x: ArrayLike): NDArray => unaryFloat("cos", x);
/** Hyperbolic tangent. @example np.tanh(0) // 0 */
export const tanh = (x: ArrayLike): NDArray => unaryFloat("tanh", x);
/** Inverse tangent. @example np.arctan(1) // π/4 */
export const arctan = (x: ArrayLike): NDArray => unaryFloat("atan", x);
/** Square root. @example np.sqrt(np.array([4, 9])) // [2, 3] */
export const sqrt = (x: ArrayLike): NDArray => unaryFloat("sqrt", x);
/**
 * floor/ceil of integers and bools are the input itself, dtype included (as JAX and numpy 2 do):
 * the values are already whole, and casting them to float32 would round int32 values past 2^24.
 */
function rounding(name: "floor" | "ceil", x: ArrayLike): NDArray {
  const a = asArray(x, undefined, name);
  return isFloat(a.dtype) ? bind(name, [a], {}) : a;
}
/** Largest integer ≤ x (integers and bools are returned unchanged). @example np.floor(-1.5) // -2 */
export const floor = (x: ArrayLike): NDArray => rounding("floor", x);
/** Smallest integer ≥ x (integers and bools are returned unchanged). @example np.ceil(-1.5) // -1 */
export const ceil = (x: ArrayLike): NDArray => rounding("ceil", x);
/** x² (bools are squared as int32, as JAX's square promotes them to a number). @example np.square(np.array([2, 3])) // [4, 9] */
export function square(x: ArrayLike): NDArray {
  const input = asArray(x, undefined, "square");
  const a = input.dtype === "bool" ? cast(input, "int32") : input;
  return mul(a, a);
}

function comparison(name: PrimitiveName & ("equal" | "notEqual" | "less" | "lessEqual" | "greater" | "greaterEqual"), x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteAndBroadcast(name, toArrays([x, y], name));
  return bind(name, [a!, b!], {});
}
/** x == y, elementwise (bool). @example np.equal(np.array([1, 2]), 2) // [false, true] */
export const equal = (x: ArrayLike, y: ArrayLike): NDArray => comparison("equal", x, y);
/** x != y (bool). */
export const notEqual = (x: ArrayLike, y: ArrayLike): NDArray => comparison("notEqual", x, y);
/** x < y (bool). @example np.less(np.array([1, 3]), 2) // [true, false] */
export const less = (x: ArrayLike, y: ArrayLike): NDArray => comparison("less", x, y);
/** x <= y (bool). */
export const lessEqual = (x: ArrayLike, y: ArrayLike): NDArray => comparison("lessEqual", x, y);
/** x > y (bool). */
export const greater = (x: ArrayLike, y: ArrayLike): NDArray => comparison("greater", x, y);
/** x >= y (bool). */
export const greaterEqual = (x: ArrayLike, y: ArrayLike): NDArray => comparison("greaterEqual", x, y);

/** Truthiness as bool (nonzero is true), as numpy's logical functions read their inputs. */
function truth(x: ArrayLike, op: string): NDArray {
  return cast(asArray(x, undefined, op), "bool");
}
/** Elementwise AND of truth values. @example np.logicalAnd(np.array([true, true]), np.array([true, false])) // [true, false] */
export function logicalAnd(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteAndBroadcast("logicalAnd", [truth(x, "logicalAnd"), truth(y, "logicalAnd")]);
  return bind("logicalAnd", [a!, b!], {});
}
/** Elementwise OR of truth values. */
export function logicalOr(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteAndBroadcast("logicalOr", [truth(x, "logicalOr"), truth(y, "logicalOr")]);
  return bind("logicalOr", [a!, b!], {});
}
/** Elementwise NOT of truth values. @example np.logicalNot(np.array([0, 2])) // [true, false] */
export function logicalNot(x: ArrayLike): NDArray {
  return bind("logicalNot", [truth(x, "logicalNot")], {});
}

/** Picks x where `condition` is true and y elsewhere, with broadcasting. @example np.where(np.array([true, false]), 1, 0) // [1, 0] */
export function where(condition: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray {
  const c = truth(condition, "where");
  const operands = toArrays([x, y], "where");
  const [p, a, b] = broadcastAll("where", [c, ...castAll(operands, resultDType(operands), "where")]);
  return bind("select", [p!, a!, b!], {});
}

/**
 * Limits values to [lo, hi]; either bound may be null or omitted. NaN (in x or a bound) propagates,
 * as in numpy. @example np.clip(np.array([-2, 0.5, 3]), 0, 1) // [0, 0.5, 1]
 */
export function clip(x: ArrayLike, lo?: ArrayLike | null, hi?: ArrayLike | null): NDArray {
  let out = asArray(x, undefined, "clip");
  if (lo !== null && lo !== undefined) out = maximum(out, lo);
  if (hi !== null && hi !== undefined) out = minimum(out, hi);
  return out;
}

/** True where x is NaN. */
export function isnan(x: ArrayLike): NDArray {
  const a = asArray(x, undefined, "isnan");
  return notEqual(a, a);
}
/** The largest finite value of each float dtype. */
const MAX_FINITE: Partial<Record<DType, number>> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

/**
 * True where x is neither infinite nor NaN. Compared with the largest finite value rather than an
 * Infinity constant, so that debugInfs does not fire on clean input.
 */
export function isfinite(x: ArrayLike): NDArray {
  const a = asArray(x, undefined, "isfinite");
  return isFloat(a.dtype) ? lessEqual(abs(a), MAX_FINITE[a.dtype]!) : greaterEqual(a, a);
}
