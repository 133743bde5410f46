/** `vmap`: vectorising a function over a batch axis of its inputs (JAX's jax.vmap). */
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { BatchTrace, BatchTracer, moveAxis } from "../core/batching.js";
import { bind, withNewMainTrace } from "../core/trace.js";
import { JaxonError, ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import { flattenImpl } from "../tree/flatten.js";
import { broadcastPrefix } from "../tree/prefix.js";
import { leafArray, structureOf, userFunction } from "./common.js";

/** Options of vmap. */
export interface VmapOptions {
  /**
   * Which axis of each input is the batch axis: a number for all arguments, or an array with one
   * entry per argument, each a number, null (not batched: passed to `f` as it is), or a pytree
   * prefix of that argument. Default 0. At least one entry must be a number.
   */
  inAxes?: number | null | readonly unknown[];
  /**
   * Where the batch axis goes in each output (a number, or a pytree prefix of the output). Default
   * 0. null is allowed only for outputs that do not depend on the mapped inputs.
   */
  outAxes?: number | null | unknown;
}

const isAxisLeaf = (x: unknown): boolean => x === null || typeof x === "number";

/** Checks that every leaf of an axes spec is an integer or null; returns whether some leaf is an integer. */
function checkAxesSpec(op: string, spec: unknown, what: string): boolean {
  let mapped = false;
  for (const leaf of flattenImpl(spec, isAxisLeaf, op)[0]) {
    if (leaf === null) continue;
    if (typeof leaf !== "number" || !Number.isInteger(leaf)) {
      throw new ValueError(op, `${what} entries must be integers (an axis) or null (no axis), got ${describe(leaf)}.`);
    }
    mapped = true;
  }
  return mapped;
}

/** Leaves of `spec` (a prefix of `full`) repeated over `full`'s leaves, with a clear error when it is not a prefix. */
function axesPerLeaf(op: string, spec: unknown, full: unknown, what: string, of: string): (number | null)[] {
  try {
    return broadcastPrefix(spec, full, { isLeaf: isAxisLeaf }) as (number | null)[];
  } catch (e) {
    if (!(e instanceof JaxonError) && !(e instanceof Error)) throw e;
    throw new ValueError(op, `${what} (structure ${structureOf(spec)}) is not a pytree prefix of ${of} (structure ${structureOf(full)}); give one axis per leaf, or one for a whole subtree.`, {
      cause: e,
    });
  }
}

function normalize(op: string, axis: number, ndim: number, where: string): number {
  if (axis < -ndim || axis >= ndim) {
    throw new ShapeError(op, `${where}: axis ${axis} is out of range for rank ${ndim}; use an axis in [${-ndim}, ${ndim - 1}].`);
  }
  return axis < 0 ? axis + ndim : axis;
}

function vmapImpl(f: (...args: any[]) => unknown, inAxes: unknown, outAxes: unknown, op: string): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new ValueError(op, `inAxes has ${inAxes.length} entries but the function was called with ${args.length} argument(s); give one entry per argument.`);
    }
    const prefix = Array.isArray(inAxes) ? inAxes : args.map(() => inAxes);
    const [leaves, def] = flattenImpl(args, undefined, op);
    const axes = axesPerLeaf(op, prefix, args, "inAxes", "the arguments");
    const paths = def.paths().map((p) => `argument ${String(p[0])}${p.length > 1 ? ` at ${p.slice(1).join(".")}` : ""}`);
    let size: number | undefined;
    const sizes: string[] = [];
    const inputs = leaves.map((leaf, i) => {
      const axis = axes[i];
      // Unmapped leaves go to f as they are (JS numbers stay weakly typed, functions stay functions).
      if (axis === null || axis === undefined) return leaf;
      if (!(leaf instanceof NDArray) && !ArrayBuffer.isView(leaf)) {
        throw new ValueError(op, `${paths[i]} is ${describe(leaf)}, which has no axis ${axis} to map over; use null in inAxes for it, or pass an NDArray.`);
      }
      const x = leafArray(op, leaf, paths[i]!);
      if (x.ndim === 0) {
        throw new ShapeError(op, `${paths[i]} is a scalar but inAxes maps its axis ${axis}; use null for inputs without a batch axis.`, { shapes: [x.shape] });
      }
      const a = normalize(op, axis, x.ndim, `inAxes for ${paths[i]} (shape ${showShape(x.shape)})`);
      sizes.push(`${paths[i]} has size ${x.shape[a]} along axis ${a} (shape ${showShape(x.shape)})`);
      if (size === undefined) size = x.shape[a]!;
      else if (x.shape[a] !== size) throw new ShapeError(op, `the mapped axes have different sizes: ${sizes.join("; ")}. Every mapped axis must have the same size.`);
      return [x, a] as const;
    });
    if (size === undefined) {
      throw new ValueError(op, `no argument has a mapped axis (${args.length === 0 ? "the function was called with no arguments" : "every inAxes entry that applies is null"}), so there is no batch size; map at least one array argument.`);
    }
    const batchSize = size;
    return withNewMainTrace(
      BatchTrace,
      { size: batchSize },
      (main) => {
        const trace = new BatchTrace(main);
        const traced = inputs.map((x) => (Array.isArray(x) ? new BatchTracer(trace, x[0] as NDArray, x[1] as number) : x));
        const out = f(...(def.unflatten(traced) as unknown[]));
        const [outLeaves, outDef] = flattenImpl(out, undefined, op);
        const outPaths = outDef.paths().map((p) => (p.length ? `output ${p.join(".")}` : "the output"));
        const targets = axesPerLeaf(op, outAxes, out, "outAxes", "the function's output");
        const results = outLeaves.map((leaf, i) => {
          const x = leafArray(op, leaf, outPaths[i]!);
          const target = targets[i] ?? null;
          const ours = x instanceof BatchTracer && x.trace.main === main;
          const batched = ours && x.batchDim !== null;
          if (target === null) {
            if (batched) {
              throw new ValueError(op, `${outPaths[i]} depends on the mapped inputs (it is batched), so its outAxes cannot be null; give the axis to put the batch in.`);
            }
            return ours ? x.value : x;
          }
          if (batched) {
            const t = x as BatchTracer;
            return moveAxis(t.value, t.batchDim!, normalize(op, target, t.value.ndim, `outAxes for ${outPaths[i]}`));
          }
          // Unbatched output: the same value for every batch member.
          const value = ours ? (x as BatchTracer).value : x;
          const axis = normalize(op, target, value.ndim + 1, `outAxes for ${outPaths[i]}`);
          const shape = [...value.shape.slice(0, axis), batchSize, ...value.shape.slice(axis)];
          return bind("broadcastInDim", [value], { shape, broadcastDimensions: value.shape.map((_, k) => (k < axis ? k : k + 1)) });
        });
        return outDef.unflatten(results);
      },
      op,
    );
  };
}

/** vmap for internal callers (jacobians, custom rules): `f` runs as it is; errors name `op`. @internal */
export function vmapInternal<R>(f: (...args: any[]) => R, inAxes: unknown = 0, outAxes: unknown = 0, op = "vmap"): (...args: unknown[]) => R {
  return vmapImpl(f, inAxes, outAxes, op) as (...args: unknown[]) => R;
}

/**
 * Maps `f` over a batch axis: `vmap(f)(xs)` equals stacking `f(x)` for each x in xs, computed in
 * one batched pass. Nests, and composes with grad (per-example gradients: `vmap(grad(loss), { inAxes: [null, 0, 0] })`).
 * Arguments (or leaves) with inAxes null are passed to `f` unchanged; at least one must be mapped.
 * @example vmap((x) => np.dot(x, x))(np.ones([5, 3])) // shape [5], each 3
 */
export const vmap = publicOp("vmap", function vmap<F extends (...args: any[]) => any>(f: F, opts: VmapOptions = {}): (...args: Parameters<F>) => ReturnType<F> {
  checkFunction("vmap", f);
  checkOptions("vmap", opts, ["inAxes", "outAxes"]);
  const o = (opts ?? {}) as VmapOptions;
  const inAxes = o.inAxes === undefined ? 0 : o.inAxes;
  const outAxes = o.outAxes === undefined ? 0 : o.outAxes;
  if (inAxes !== null && typeof inAxes !== "number" && !Array.isArray(inAxes)) {
    throw new ValueError("vmap", `inAxes must be an integer, null, or an array with one entry per argument, got ${describe(inAxes)}.`);
  }
  if (!checkAxesSpec("vmap", inAxes, "inAxes")) {
    throw new ValueError("vmap", `inAxes must have at least one non-null entry (got ${inAxes === null ? "null" : JSON.stringify(inAxes)}): with no mapped argument there is no batch to map over. Map at least one argument (e.g. inAxes: [0, null]).`);
  }
  checkAxesSpec("vmap", outAxes, "outAxes");
  return publicOp("vmap", vmapImpl(userFunction("vmap", f), inAxes, outAxes, "vmap")) as (...args: Parameters<F>) => ReturnType<F>;
});
