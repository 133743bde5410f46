/**
 * Checks and helpers shared by the transformations: calling the user's function as user code,
 * argnums, leaves that must be arrays, and values that must match a reference's shape and dtype.
 * Every check throws a JaxonError subclass named after the public function being run.
 * @internal
 */
import { isFloat } from "../array/dtype.js";
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, describe } from "../errors/checks.js";
import { callUser } from "../errors/context.js";
import { asArray } from "../numpy/convert.js";
import { checkNotLeaked } from "../core/trace.js";
import { flattenImpl } from "../tree/flatten.js";
import { shortString } from "../tree/treedef.js";

type AnyFn = (...args: any[]) => any;

/**
 * `f` checked to be a function and wrapped so that it runs as user code: errors raised inside
 * name what the user called there (np.add), not the transformation. @internal
 */
export function userFunction<F extends AnyFn>(op: string, f: unknown, what = "the function to transform"): F {
  checkFunction(op, f, what);
  const fn = f as F;
  const wrapped = (...args: unknown[]) => callUser(fn, args);
  Object.defineProperty(wrapped, "name", { value: fn.name });
  return wrapped as unknown as F;
}

/** Validated argnums: the list of positions and whether a tuple (list) was given. @internal */
export interface Argnums {
  readonly list: readonly number[];
  readonly tuple: boolean;
}

/**
 * Checks `argnums` (a non-negative integer or a non-empty list of distinct ones), as JAX does when
 * the transformation is made. @internal
 */
export function checkArgnums(op: string, argnums: unknown, fallback = 0): Argnums {
  const value = argnums === undefined ? fallback : argnums;
  const one = (a: unknown, what: string): number => {
    if (typeof a !== "number" || !Number.isInteger(a) || a < 0) {
      throw new ValueError(op, `${what} must be a non-negative integer (the position of an argument), got ${describe(a)}.`);
    }
    return a;
  };
  if (typeof value === "number") return { list: [one(value, "argnums")], tuple: false };
  if (!Array.isArray(value)) throw new ValueError(op, `argnums must be an integer or an array of integers, got ${describe(value)}.`);
  if (value.length === 0) throw new ValueError(op, `argnums is an empty array; give at least one argument position (e.g. argnums: 0 or [0, 1]).`);
  const list = value.map((a, i) => one(a, `argnums[${i}]`));
  const dup = list.find((a, i) => list.indexOf(a) !== i);
  if (dup !== undefined) {
    throw new ValueError(op, `argnums ${JSON.stringify(list)} lists argument ${dup} twice; each argument can be differentiated once — remove the duplicate.`);
  }
  return { list, tuple: true };
}

/** Requires every argnum to name an argument of a call with `n` arguments. @internal */
export function checkArgnumsFit(op: string, argnums: Argnums, n: number): void {
  for (const a of argnums.list) {
    if (a >= n) {
      throw new ValueError(
        op,
        `argnums ${argnums.tuple ? JSON.stringify(argnums.list) : argnums.list[0]} refers to argument ${a}, but the function was called with ${n} argument${n === 1 ? "" : "s"}; use positions in [0, ${Math.max(0, n - 1)}].`,
      );
    }
  }
}

/** Requires a boolean option (or undefined). @internal */
export function checkBoolean(op: string, value: unknown, what: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new ValueError(op, `${what} must be true or false, got ${describe(value)}.`);
  return value;
}

/**
 * A pytree leaf that must be an array (an NDArray, a JS number or boolean, or a numeric typed
 * array). `where` says which one it is ("argument 0", "output leaf 1"). @internal
 */
export function leafArray(op: string, leaf: unknown, where: string): NDArray {
  if (leaf instanceof NDArray) {
    // A tracer of a transformation that has returned must not flow in or out unnoticed (checkTracerLeaks).
    checkNotLeaked(leaf, op);
    return leaf;
  }
  if (typeof leaf === "number" || typeof leaf === "boolean") return asArray(leaf, undefined, op);
  if (isNumericTypedArray(leaf)) return asArray(leaf as never, undefined, op);
  throw new ValueError(op, `${where} is ${describe(leaf)}, but only arrays (NDArrays, JS numbers and booleans, or pytrees of them) can be used here.`);
}

function isNumericTypedArray(x: unknown): boolean {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

/** "argument 0", "argument 1 at w.b": where a leaf of an argument list is, for messages. @internal */
export function argumentPaths(args: readonly unknown[], label = "argument"): string[] {
  const [, def] = flattenImpl(args, undefined, "tree.flatten");
  return def.paths().map((p) => `${label} ${String(p[0])}${p.length > 1 ? ` at ${p.slice(1).join(".")}` : ""}`);
}

/** A readable structure of a pytree for messages (`PyTreeDef({a: *})`). @internal */
export function structureOf(x: unknown): string {
  try {
    return shortString(flattenImpl(x, undefined, "tree.structure")[1]);
  } catch {
    return describe(x);
  }
}

/** Requires `x` to have `like`'s shape and dtype (what a tangent or cotangent must have). @internal */
export function checkLike(op: string, x: NDArray, like: { readonly shape: readonly number[]; readonly dtype: NDArray["dtype"] }, what: string, of: string): void {
  if (x.shape.length !== like.shape.length || x.shape.some((d, k) => d !== like.shape[k])) {
    throw new ShapeError(op, `${what} has shape ${showShape(x.shape)}, but ${of} has shape ${showShape(like.shape)}; they must be equal.`, {
      shapes: [x.shape, like.shape],
    });
  }
  if (x.dtype !== like.dtype) {
    throw new DTypeError(op, `${what} is ${x.dtype}, but ${of} is ${like.dtype}; they must have the same dtype (cast with astype("${like.dtype}")).`, {
      dtypes: [x.dtype, like.dtype],
    });
  }
}

/** Requires a float dtype for a differentiated input. @internal */
export function checkFloatInput(op: string, x: NDArray, where: string, hint: string): void {
  if (!isFloat(x.dtype)) {
    throw new DTypeError(
      op,
      `${where} is a ${x.dtype}${showShape(x.shape)} array; derivatives are defined for float32/float64 inputs only — cast it with astype("float32")${hint}.`,
      { shapes: [x.shape], dtypes: [x.dtype] },
    );
  }
}
