/**
 * The `np` namespace: numpy-like functions, every one written in terms of primitives through
 * `bind`, so each works under every transformation. Each function is a public operation: errors
 * raised while it runs name it (`np.mean`, not the `sum` it calls).
 */
import { installArrayMethods } from "../array/ndarray.js";
import { ValueError } from "../errors/classes.js";
import { publicOp, publicOps } from "../errors/context.js";
import * as api from "./api.js";

export * from "./api.js";

/**
 * The most positional arguments each function takes. JS drops extra arguments silently, so
 * `np.add(x, y, { dtype: "float64" })` or `np.sum(x, 0, true)` would quietly ignore what the user
 * meant; they are refused instead (trailing undefined arguments are fine).
 */
const MAX_ARGS: Record<string, number> = {
  ...Object.fromEntries(["abs", "neg", "sign", "exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "arctan", "sqrt", "floor", "ceil", "square", "logicalNot", "isnan", "isfinite", "ravel"].map((k) => [k, 1])),
  ...Object.fromEntries(
    ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "arctan2", "equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual", "logicalAnd", "logicalOr", "matmul", "dot", "outer"].map((k) => [k, 2]),
  ),
  ...Object.fromEntries(["sum", "prod", "max", "min", "mean", "variance", "std", "argmax", "argmin", "all", "any", "cumsum"].map((k) => [k, 2])),
  ...Object.fromEntries(["array", "asarray", "zeros", "ones", "zerosLike", "onesLike", "eye", "astype", "broadcastTo", "reshape", "transpose", "expandDims", "squeeze", "concatenate", "stack"].map((k) => [k, 2])),
  ...Object.fromEntries(["full", "fullLike", "isclose", "allclose", "where", "clip", "swapaxes", "split", "take"].map((k) => [k, 3])),
  arange: 4,
  linspace: 4,
};

function withArity<T extends Record<string, unknown>>(fns: T): T {
  const out: Record<string, unknown> = { ...fns };
  for (const [key, max] of Object.entries(MAX_ARGS)) {
    const fn = fns[key] as ((...a: unknown[]) => unknown) | undefined;
    if (fn === undefined) continue;
    out[key] = {
      [key](...args: unknown[]): unknown {
        let n = args.length;
        while (n > 0 && args[n - 1] === undefined) n--;
        if (n > max) {
          throw new ValueError(`np.${key}`, `takes at most ${max} argument${max === 1 ? "" : "s"}, got ${n}; options go in one object, e.g. { axis, keepdims } or { dtype }.`);
        }
        return fn(...args);
      },
    }[key];
  }
  return out as T;
}
const checked = withArity({ ...api });

export const {
  abs,
  add,
  all,
  allclose,
  any,
  arange,
  arctan,
  arctan2,
  argmax,
  argmin,
  array,
  asarray,
  astype,
  broadcastTo,
  ceil,
  clip,
  concatenate,
  cos,
  cumsum,
  div,
  dot,
  equal,
  exp,
  expandDims,
  expm1,
  eye,
  floor,
  full,
  fullLike,
  greater,
  greaterEqual,
  isclose,
  isfinite,
  isnan,
  less,
  lessEqual,
  linspace,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  neg,
  notEqual,
  ones,
  onesLike,
  outer,
  pow,
  prod,
  ravel,
  reshape,
  sign,
  sin,
  slice,
  split,
  sqrt,
  square,
  squeeze,
  stack,
  std,
  sub,
  sum,
  swapaxes,
  take,
  tanh,
  transpose,
  variance,
  where,
  zeros,
  zerosLike,
} = publicOps("np", checked);
/** Alias of `np.variance` (numpy's name), named `np.var` in its errors. */
const npVar = publicOp("np.var", checked.variance);
export { npVar as var };

installArrayMethods({
  add,
  sub,
  mul,
  div,
  pow,
  neg,
  matmul,
  sum,
  mean,
  max,
  min,
  reshape,
  transpose,
  astype,
});
