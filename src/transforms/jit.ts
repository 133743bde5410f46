/**
 * `makeJaxpr` and `jit`. Both trace the function with abstract inputs (shape and dtype only) into
 * a jaxpr. `jit` caches one jaxpr per input signature (tree structure, shapes, dtypes and the
 * values of static arguments) and replays it on each call; replaying goes through `bind`, so a
 * jitted function also works inside grad, jvp, vmap and other jits. (A later step compiles the
 * jaxpr to fused kernels; today it is interpreted.)
 */
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { evalJaxpr, JaxprBuilder, JaxprTrace, JaxprTracer, type Jaxpr, type Var } from "../core/jaxpr.js";
import type { ShapedArray } from "../core/primitive.js";
import { withNewMainTrace } from "../core/trace.js";
import { asArray } from "../numpy/convert.js";
import * as tree from "../tree/index.js";

interface Traced {
  readonly jaxpr: Jaxpr;
  readonly outDef: tree.TreeDef;
}

function traceToJaxpr(f: (...args: any[]) => unknown, avals: readonly ShapedArray[], rebuild: (leaves: unknown[]) => unknown[]): Traced {
  const builder = new JaxprBuilder();
  return withNewMainTrace(JaxprTrace, builder, (main) => {
    const trace = new JaxprTrace(main);
    const inputs = avals.map((a) => trace.newArg(a));
    const out = f(...rebuild(inputs));
    const [outLeaves, outDef] = tree.flatten(out);
    const outs: Var[] = outLeaves.map((leaf) => {
      const x = leaf instanceof NDArray ? leaf : asArray(leaf as never, undefined, "jit");
      return x instanceof JaxprTracer && x.trace.main === main ? x.variable : builder.constant(x);
    });
    return { jaxpr: builder.build(inputs.map((t) => t.variable), outs), outDef };
  });
}

/** The printed program of a jaxpr, and the jaxpr itself. */
export interface ClosedJaxpr {
  readonly jaxpr: Jaxpr;
  toString(): string;
}

/**
 * Traces `f` on the shapes and dtypes of `args` and returns its jaxpr, whose `toString()` is a
 * readable listing of the primitives applied.
 * @example console.log(makeJaxpr((x) => np.sum(np.sin(x)))(np.ones([3])).toString());
 */
export function makeJaxpr(f: (...args: any[]) => unknown): (...args: unknown[]) => ClosedJaxpr {
  return (...args: unknown[]) => {
    const [leaves, def] = tree.flatten(args);
    const avals = leaves.map((l) => {
      const x = asArray(l as never, undefined, "makeJaxpr");
      return { shape: x.shape, dtype: x.dtype };
    });
    const { jaxpr } = traceToJaxpr(f, avals, (inputs) => tree.unflatten(def, inputs) as unknown[]);
    return { jaxpr, toString: () => jaxpr.toString() };
  };
}

/** Options of jit. */
export interface JitOptions {
  /** Positions of arguments that are not arrays to trace but values to specialise on (numbers, strings, config objects); a new value retraces. */
  staticArgnums?: readonly number[];
}

/**
 * Traces `f` once per input signature and replays the recorded program on later calls.
 * Inside, array values are abstract: use `np.where` instead of `if` on them, or make the argument
 * static. @example const step = jit((params, x) => ...); step(params, x);
 */
export function jit<F extends (...args: any[]) => any>(f: F, opts: JitOptions = {}): F & { cacheSize(): number } {
  const staticArgnums = opts.staticArgnums ?? [];
  const cache = new Map<string, Traced>();
  const jitted = (...args: unknown[]) => {
    for (const i of staticArgnums) {
      if (!Number.isInteger(i) || i < 0 || i >= args.length) throw new RangeError(`jit: staticArgnums ${JSON.stringify(staticArgnums)} does not fit a call with ${args.length} argument(s).`);
    }
    const dynamic = args.filter((_, i) => !staticArgnums.includes(i));
    const [leaves, def] = tree.flatten(dynamic);
    const arrays = leaves.map((l) => asArray(l as never, undefined, "jit"));
    const statics = staticArgnums.map((i) => staticKey(args[i], i));
    const key = `${def.toString()}|${arrays.map((a) => `${a.dtype}${showShape(a.shape)}`).join(",")}|${statics.join(",")}`;
    let traced = cache.get(key);
    if (traced === undefined) {
      const rebuild = (inputs: unknown[]): unknown[] => {
        const dyn = tree.unflatten(def, inputs) as unknown[];
        let k = 0;
        return args.map((a, i) => (staticArgnums.includes(i) ? a : dyn[k++]));
      };
      traced = traceToJaxpr(
        f,
        arrays.map((a) => ({ shape: a.shape, dtype: a.dtype })),
        rebuild,
      );
      cache.set(key, traced);
    }
    return tree.unflatten(traced.outDef, evalJaxpr(traced.jaxpr, arrays));
  };
  return Object.assign(jitted, { cacheSize: () => cache.size }) as unknown as F & { cacheSize(): number };
}

function staticKey(value: unknown, index: number): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    throw new TypeError(`jit: static argument ${index} cannot be used as a cache key (it is not JSON-serialisable); pass plain numbers, strings, booleans or plain objects.`);
  }
}
