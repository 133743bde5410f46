/**
 * `makeJaxpr` and `jit`. Both trace the function with abstract inputs (shape and dtype only) into
 * a jaxpr. `jit` caches one jaxpr per input signature (tree structure, shapes, dtypes and the
 * values of static arguments and leaves) and replays it on each call; replaying goes through
 * `bind`, so a jitted function also works inside grad, jvp, vmap and other jits. (A later step
 * compiles the jaxpr to fused kernels; today it is interpreted.)
 *
 * Which leaves are traced: NDArrays (and numeric typed arrays, converted to arrays) become
 * abstract inputs; every other leaf — JS numbers, booleans, strings, bigints, functions, Maps,
 * class instances — is *static*: the function sees the value itself, and the value is part of the
 * cache key (see signature.ts), so a new value retraces. JS numbers are static rather than
 * traced so that they stay weakly typed exactly as in eager code (`np.mul(int32Array, 2)` stays
 * int32); pass `np.array(v)` for a number that changes every call, to avoid a retrace per value.
 */
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { read } from "../core/config.js";
import { evalJaxpr, JaxprBuilder, JaxprTrace, JaxprTracer, type Jaxpr, type Var } from "../core/jaxpr.js";
import type { ShapedArray } from "../core/primitive.js";
import { checkNotLeaked, withNewMainTrace } from "../core/trace.js";
import { ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import { asArray } from "../numpy/convert.js";
import { flattenImpl } from "../tree/flatten.js";
import type { TreeDef } from "../tree/treedef.js";
import { leafArray, userFunction } from "./common.js";
import { LruCache, staticKey, treedefKey } from "./signature.js";

interface Traced {
  readonly jaxpr: Jaxpr;
  readonly outDef: TreeDef;
}

/** Traces `f` (run as it is) on abstract inputs of `avals`; `rebuild` turns the input tracers into f's arguments. @internal */
export function traceToJaxpr(op: string, f: (...args: any[]) => unknown, avals: readonly ShapedArray[], rebuild: (inputs: NDArray[]) => unknown[]): Traced {
  const builder = new JaxprBuilder();
  return withNewMainTrace(
    JaxprTrace,
    builder,
    (main) => {
      const trace = new JaxprTrace(main);
      const inputs = avals.map((a) => trace.newArg(a));
      const out = f(...rebuild(inputs));
      const [outLeaves, outDef] = flattenImpl(out, undefined, op);
      const paths = outDef.paths();
      const outs: Var[] = outLeaves.map((leaf, i) => {
        const x = leafArray(op, leaf, `the function's output${paths[i]!.length ? ` at ${paths[i]!.join(".")}` : ""}`);
        return x instanceof JaxprTracer && x.trace.main === main ? x.variable : builder.constant(x);
      });
      return { jaxpr: builder.build(inputs.map((t) => t.variable), outs), outDef };
    },
    op,
  );
}

/** Leaves that are traced: NDArrays and numeric typed arrays. Everything else is static. */
function isTracedLeaf(x: unknown): boolean {
  return x instanceof NDArray || (ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array));
}

/** One call's signature: the cache key, the arrays to pass, and how to rebuild the arguments around tracers. */
interface Signature {
  readonly key: string;
  readonly arrays: NDArray[];
  readonly rebuild: (inputs: NDArray[]) => unknown[];
}

function checkStaticArgnums(op: string, value: unknown): readonly number[] {
  if (value === undefined) return [];
  const list = typeof value === "number" ? [value] : value;
  if (!Array.isArray(list)) throw new ValueError(op, `staticArgnums must be an integer or an array of integers, got ${describe(value)}.`);
  list.forEach((i: unknown, k) => {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0) {
      throw new ValueError(op, `staticArgnums[${k}] must be a non-negative integer (an argument position), got ${describe(i)}.`);
    }
  });
  return list as number[];
}

function signature(op: string, args: readonly unknown[], staticArgnums: readonly number[]): Signature {
  for (const i of staticArgnums) {
    if (i >= args.length) {
      throw new ValueError(op, `staticArgnums ${JSON.stringify(staticArgnums)} refers to argument ${i}, but the function was called with ${args.length} argument(s).`);
    }
  }
  const isStatic = (i: number) => staticArgnums.includes(i);
  const dynamic = args.filter((_, i) => !isStatic(i));
  const [leaves, def] = flattenImpl(dynamic, undefined, op);
  const arrays: NDArray[] = [];
  const parts: string[] = [];
  for (const leaf of leaves) {
    if (isTracedLeaf(leaf)) {
      const a = leaf instanceof NDArray ? leaf : asArray(leaf as never, undefined, op);
      checkNotLeaked(a, op);
      arrays.push(a);
      parts.push(`${a.dtype}${showShape(a.shape)}`);
    } else {
      parts.push(staticKey(leaf));
    }
  }
  const statics = staticArgnums.map((i) => staticKey(args[i]));
  // The debug flags change what tracing evaluates eagerly (constants are checked then), so a program traced without them is not reused with them.
  const flags = `${read("debugNans") ? "N" : ""}${read("debugInfs") ? "I" : ""}`;
  const key = `${treedefKey(def)}|${parts.join(",")}|${statics.join(",")}|${flags}`;
  const rebuild = (inputs: NDArray[]): unknown[] => {
    let k = 0;
    const dyn = def.unflatten(leaves.map((leaf) => (isTracedLeaf(leaf) ? inputs[k++] : leaf))) as unknown[];
    let d = 0;
    return args.map((a, i) => (isStatic(i) ? a : dyn[d++]));
  };
  return { key, arrays, rebuild };
}

/** The printed program of a jaxpr, and the jaxpr itself. */
export interface ClosedJaxpr {
  readonly jaxpr: Jaxpr;
  toString(): string;
}

/** Options of makeJaxpr. */
export interface MakeJaxprOptions {
  /** Positions of arguments to treat as static values (as in jit). */
  staticArgnums?: number | readonly number[];
}

/**
 * Traces `f` on the shapes and dtypes of `args` and returns its jaxpr, whose `toString()` is a
 * readable listing of the primitives applied. Non-array leaves are static, as in jit.
 * @example console.log(makeJaxpr((x) => np.sum(np.sin(x)))(np.ones([3])).toString());
 */
export const makeJaxpr = publicOp("makeJaxpr", function makeJaxpr(f: (...args: any[]) => unknown, opts: MakeJaxprOptions = {}): (...args: unknown[]) => ClosedJaxpr {
  checkFunction("makeJaxpr", f);
  checkOptions("makeJaxpr", opts, ["staticArgnums"]);
  const staticArgnums = checkStaticArgnums("makeJaxpr", (opts ?? {}).staticArgnums);
  const user = userFunction("makeJaxpr", f);
  return publicOp("makeJaxpr", (...args: unknown[]) => {
    const sig = signature("makeJaxpr", args, staticArgnums);
    const { jaxpr } = traceToJaxpr("makeJaxpr", user, sig.arrays.map((a) => ({ shape: a.shape, dtype: a.dtype })), sig.rebuild);
    return { jaxpr, toString: () => jaxpr.toString() };
  });
});

/** Options of jit. */
export interface JitOptions {
  /**
   * Positions of arguments that are not traced but specialised on (configuration objects, shapes,
   * flags); a new value retraces. Non-array leaves of the other arguments are static anyway.
   */
  staticArgnums?: number | readonly number[];
}

/** How many traced programs one jitted function keeps (least recently used dropped first). */
export const JIT_CACHE_LIMIT = 64;

/**
 * Traces `f` once per input signature and replays the recorded program on later calls.
 *
 * Inside, array arguments are abstract: use `np.where` instead of `if` on their values, and np
 * functions rather than JS arithmetic. Every non-array leaf of the arguments — JS numbers,
 * booleans, strings, null/undefined, functions, other objects — is static: `f` receives the value
 * itself and a new value retraces (plain data is compared by value, with 0 and −0 distinct;
 * functions and other objects by identity). JS numbers are static so that they stay weakly
 * typed as in eager code (`jit((x, s) => np.mul(x, s))(int32Array, 2)` is int32); for a number
 * that changes every call, pass `np.array(v)` instead, or each value retraces.
 *
 * Each jitted function keeps at most {@link JIT_CACHE_LIMIT} (64) programs, dropping the least
 * recently used, so memory stays bounded however many signatures it sees; `cacheSize()` says how
 * many it holds. Values captured by closure are baked in when `f` is traced: rebuild the jitted
 * function if they change. Under config debugNans/debugInfs a program is traced anew (so
 * constants computed while tracing are checked too).
 * @example const step = jit((params, x) => ...); step(params, x);
 */
export const jit = publicOp("jit", function jit<F extends (...args: any[]) => any>(f: F, opts: JitOptions = {}): F & { cacheSize(): number } {
  checkFunction("jit", f);
  checkOptions("jit", opts, ["staticArgnums"]);
  const staticArgnums = checkStaticArgnums("jit", (opts ?? {}).staticArgnums);
  const user = userFunction("jit", f);
  const cache = new LruCache<Traced>(JIT_CACHE_LIMIT);
  const jitted = publicOp("jit", (...args: unknown[]) => {
    const sig = signature("jit", args, staticArgnums);
    let traced = cache.get(sig.key);
    if (traced === undefined) {
      traced = traceToJaxpr(
        "jit",
        user,
        sig.arrays.map((a) => ({ shape: a.shape, dtype: a.dtype })),
        sig.rebuild,
      );
      cache.set(sig.key, traced);
    }
    return traced.outDef.unflatten(evalJaxpr(traced.jaxpr, sig.arrays));
  });
  return Object.assign(jitted, { cacheSize: () => cache.size }) as unknown as F & { cacheSize(): number };
});
