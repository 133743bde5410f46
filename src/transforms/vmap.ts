/** `vmap`: vectorising a function over a batch axis of its inputs (JAX's jax.vmap). */
import { NDArray } from "../array/ndarray.js";
import { normalizeAxis, showShape } from "../array/shape.js";
import { BatchTrace, BatchTracer, moveAxis } from "../core/batching.js";
import { bind, withNewMainTrace } from "../core/trace.js";
import { asArray } from "../numpy/convert.js";
import * as tree from "../tree/index.js";

/** Options of vmap. */
export interface VmapOptions {
  /**
   * Which axis of each input is the batch axis: a number or null (not batched) for all arguments,
   * or an array with one entry per argument, each a number, null, or a pytree prefix of that
   * argument. Default 0.
   */
  inAxes?: number | null | readonly unknown[];
  /** Where the batch axis goes in each output (a number, or a pytree prefix of the output). Default 0. */
  outAxes?: number | unknown;
}

const isAxisLeaf = (x: unknown): boolean => x === null || typeof x === "number";

/**
 * Maps `f` over a batch axis: `vmap(f)(xs)` equals stacking `f(x)` for each x in xs, computed in
 * one batched pass. Nests, and composes with grad (per-example gradients: `vmap(grad(loss), { inAxes: [null, 0, 0] })`).
 * @example vmap((x) => np.dot(x, x))(np.ones([5, 3])) // shape [5], each 3
 */
export function vmap<F extends (...args: any[]) => any>(f: F, opts: VmapOptions = {}): (...args: Parameters<F>) => ReturnType<F> {
  const inAxes = opts.inAxes ?? 0;
  const outAxes = opts.outAxes ?? 0;
  return ((...args: unknown[]) => {
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new TypeError(`vmap: inAxes has ${inAxes.length} entries but the function was called with ${args.length} argument(s); give one entry per argument.`);
    }
    const prefix = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes);
    const [leaves, def] = tree.flatten(args);
    const axes = tree.broadcastPrefix(prefix, args, { isLeaf: isAxisLeaf }) as (number | null)[];
    const paths = tree.leavesWithPaths(args).map(([p]) => `argument ${p[0]}${p.length > 1 ? ` at ${tree.keyPathToString(p.slice(1))}` : ""}`);
    const arrays = leaves.map((l) => asArray(l as never, undefined, "vmap"));
    let size: number | undefined;
    const sizes: string[] = [];
    const normalized = arrays.map((x, i) => {
      const axis = axes[i];
      if (axis === null || axis === undefined) return null;
      if (x.ndim === 0) throw new RangeError(`vmap: ${paths[i]} is a scalar but inAxes maps its axis ${axis}; use null for inputs without a batch axis.`);
      const a = normalizeAxis(axis, x.ndim, `vmap (inAxes for ${paths[i]})`);
      sizes.push(`${paths[i]} has size ${x.shape[a]} along axis ${a} (shape ${showShape(x.shape)})`);
      size = size ?? x.shape[a]!;
      return a;
    });
    if (size === undefined) throw new TypeError("vmap: no input is mapped (every inAxes entry is null), so there is no batch size; map at least one argument.");
    if (normalized.some((a, i) => a !== null && arrays[i]!.shape[a] !== size)) {
      throw new RangeError(`vmap: the mapped axes have different sizes: ${sizes.join("; ")}. Every mapped axis must have the same size.`);
    }
    const batchSize = size;
    return withNewMainTrace(BatchTrace, { size: batchSize }, (main) => {
      const trace = new BatchTrace(main);
      const inputs = arrays.map((x, i) => (normalized[i] === null ? x : new BatchTracer(trace, x, normalized[i]!)));
      const out = f(...(tree.unflatten(def, inputs) as unknown[]));
      const [outLeaves, outDef] = tree.flatten(out);
      const outAxesPerLeaf = tree.broadcastPrefix(outAxes, out, { isLeaf: isAxisLeaf }) as (number | null)[];
      const results = outLeaves.map((leaf, i) => {
        const x = leaf instanceof NDArray ? leaf : asArray(leaf as never, undefined, "vmap");
        const target = outAxesPerLeaf[i] ?? null;
        const batched = x instanceof BatchTracer && x.trace.main === main && x.batchDim !== null;
        if (target === null) {
          if (batched) throw new TypeError(`vmap: output ${i} depends on the mapped inputs, so outAxes cannot be null for it; give the axis to put the batch in.`);
          return x instanceof BatchTracer && x.trace.main === main ? x.value : x;
        }
        if (batched) {
          const t = x as BatchTracer;
          return moveAxis(t.value, t.batchDim!, normalizeAxis(target, t.value.ndim, "vmap (outAxes)"));
        }
        // Unbatched output: the same value for every batch member.
        const value = x instanceof BatchTracer && x.trace.main === main ? x.value : x;
        const axis = normalizeAxis(target, value.ndim + 1, "vmap (outAxes)");
        const shape = [...value.shape.slice(0, axis), batchSize, ...value.shape.slice(axis)];
        return bind("broadcastInDim", [value], { shape, broadcastDimensions: value.shape.map((_, k) => (k < axis ? k : k + 1)) });
      });
      return tree.unflatten(outDef, results);
    });
  }) as (...args: Parameters<F>) => ReturnType<F>;
}
