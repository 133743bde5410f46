/** Elementwise `np` functions: arithmetic, math, comparisons, logic, where, clip. */
import { isFloat, type DType } from "../array/dtype.js";
import type { ArrayLike, NDArray } from "../array/ndarray.js";
import { bind } from "../core/trace.js";
import type { PrimitiveName } from "../core/registry.js";
import { broadcastAll, castAll, promoteAndBroadcast, resultDType } from "./broadcast.js";
import { asArray, cast } from "./convert.js";

/** bool arithmetic is done in int32; true division and transcendental functions need floats. */
function arithmeticDType(dtype: DType): DType {
  return dtype === "bool" ? "int32" : dtype;
}
function floatDType(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}

function binaryArith(name: PrimitiveName & ("add" | "sub" | "mul" | "pow" | "max" | "min"), x: ArrayLike, y: ArrayLike, op: string): NDArray {
  const [a, b] = promoteAndBroadcast(op, [x, y], arithmeticDType(resultDType([x, y])));
  return bind(name, [a!, b!], {});
}

/** x + y, elementwise with broadcasting. @example np.add(np.array([1, 2]), 10) // [11, 12] */
export function add(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("add", x, y, "add");
}
/** x − y. @example np.sub(np.array([3, 4]), 1) // [2, 3] */
export function sub(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("sub", x, y, "sub");
}
/** x · y, elementwise. @example np.mul(np.array([1, 2]), np.array([3, 4])) // [3, 8] */
export function mul(x: ArrayLike, y: ArrayLike): NDArray {
  return binaryArith("mul", x, y, "mul");
}
/** True division x / y; integer operands give float32. @example np.div(np.array([1, 2]), 4) // [0.25, 0.5] */
export function div(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteAndBroadcast("div", [x, y], floatDType(resultDType([x, y])));
  return bind("div", [a!, b!], {});
}
/** x ** y, elementwise. @example np.pow(np.array([2, 3]), 2) // [4, 9] */
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
  const [a, b] = promoteAndBroadcast("arctan2", [y, x], floatDType(resultDType([y, x])));
  return bind("atan2", [a!, b!], {});
}

function unaryFloat(name: PrimitiveName & ("exp" | "log" | "log1p" | "expm1" | "sin" | "cos" | "tanh" | "atan" | "sqrt" | "floor" | "ceil"), x: ArrayLike): NDArray {
  const a = asArray(x, undefined, name);
  return bind(name, [cast(a, floatDType(a.dtype))], {});
}
function unaryNumeric(name: PrimitiveName & ("neg" | "abs" | "sign"), x: ArrayLike): NDArray {
  const a = asArray(x, undefined, name);
  return bind(name, [cast(a, arithmeticDType(a.dtype))], {});
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
/** Largest integer ≤ x. @example np.floor(-1.5) // -2 */
export const floor = (x: ArrayLike): NDArray => unaryFloat("floor", x);
/** Smallest integer ≥ x. @example np.ceil(-1.5) // -1 */
export const ceil = (x: ArrayLike): NDArray => unaryFloat("ceil", x);
/** x². @example np.square(np.array([2, 3])) // [4, 9] */
export function square(x: ArrayLike): NDArray {
  const a = asArray(x, undefined, "square");
  return mul(a, a);
}

function comparison(name: PrimitiveName & ("equal" | "notEqual" | "less" | "lessEqual" | "greater" | "greaterEqual"), x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b] = promoteAndBroadcast(name, [x, y]);
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
  const [p, a, b] = broadcastAll("where", [c, ...castAll([x, y], resultDType([x, y]), "where")]);
  return bind("select", [p!, a!, b!], {});
}

/** Limits values to [lo, hi]; either bound may be null. @example np.clip(np.array([-2, 0.5, 3]), 0, 1) // [0, 0.5, 1] */
export function clip(x: ArrayLike, lo: ArrayLike | null, hi: ArrayLike | null): NDArray {
  let out = asArray(x, undefined, "clip");
  if (lo !== null) out = maximum(out, lo);
  if (hi !== null) out = minimum(out, hi);
  return out;
}

/** True where x is NaN. */
export function isnan(x: ArrayLike): NDArray {
  const a = asArray(x, undefined, "isnan");
  return notEqual(a, a);
}
/** True where x is neither infinite nor NaN. */
export function isfinite(x: ArrayLike): NDArray {
  const a = asArray(x, undefined, "isfinite");
  return isFloat(a.dtype) ? less(abs(a), Infinity) : greaterEqual(a, a);
}
