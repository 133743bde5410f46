/** `jvp`: forward-mode differentiation of functions of pytrees (JAX's jax.jvp). */
import type { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { JVPTrace, JVPTracer } from "../core/jvp.js";
import { zerosLike } from "../core/ops.js";
import { withNewMainTrace } from "../core/trace.js";
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import { asArray } from "../numpy/convert.js";
import { flattenImpl } from "../tree/flatten.js";
import { shortString, type TreeDef } from "../tree/treedef.js";
import { argumentPaths, leafArray, userFunction } from "./common.js";

/** The output leaves of a forward-mode run: primals and tangents (zeros where the output does not depend on the inputs). @internal */
export function splitOutputs(op: string, out: unknown, main: unknown): { primals: NDArray[]; tangents: NDArray[]; def: TreeDef } {
  const [outLeaves, outDef] = flattenImpl(out, undefined, op);
  const paths = outDef.paths();
  const primals: NDArray[] = [];
  const tangents: NDArray[] = [];
  outLeaves.forEach((leaf, i) => {
    const x = leafArray(op, leaf, `the function's output${paths[i]!.length ? ` at ${paths[i]!.join(".")}` : ""}`);
    if (x instanceof JVPTracer && x.trace.main === main) {
      primals.push(x.primal);
      tangents.push(x.tangent ?? zerosLike(x.primal));
    } else {
      // An output that does not depend on the inputs has a zero tangent.
      primals.push(x);
      tangents.push(zerosLike(x));
    }
  });
  return { primals, tangents, def: outDef };
}

/** jvp on a function that already runs as user code (or is internal); `op` names the public function. @internal */
export function jvpImpl<Out>(f: (...args: any[]) => Out, primals: readonly unknown[], tangents: readonly unknown[], op: string): [Out, Out] {
  if (!Array.isArray(primals)) throw new ValueError(op, `primals must be an array of the function's arguments (e.g. [x]), got ${describe(primals)}.`);
  if (!Array.isArray(tangents)) throw new ValueError(op, `tangents must be an array with one tangent per argument (e.g. [t]), got ${describe(tangents)}.`);
  if (primals.length !== tangents.length) {
    throw new ValueError(op, `got ${primals.length} primal argument(s) but ${tangents.length} tangent(s); give one tangent per argument, shaped like it.`);
  }
  const [primalLeaves, def] = flattenImpl(primals, undefined, op);
  const [tangentLeaves, tangentDef] = flattenImpl(tangents, undefined, op);
  if (!def.equals(tangentDef)) {
    throw new ValueError(op, `primals have structure ${shortString(def)} but tangents have ${shortString(tangentDef)}; give one tangent per primal leaf, shaped like it.`);
  }
  const paths = argumentPaths(primals, "primal");
  const ps = primalLeaves.map((p, i) => leafArray(op, p, paths[i]!));
  const ts = tangentLeaves.map((t, i) => {
    const p = ps[i]!;
    const tangent = typeof t === "number" ? asArray(t, p.dtype, op) : leafArray(op, t, paths[i]!.replace("primal", "tangent"));
    const where = paths[i]!.replace("primal ", "");
    if (tangent.shape.length !== p.shape.length || tangent.shape.some((d, k) => d !== p.shape[k])) {
      throw new ShapeError(op, `tangent ${where} is ${tangent.dtype}${showShape(tangent.shape)} but its primal is ${p.dtype}${showShape(p.shape)}; a tangent must match its primal's shape and dtype.`, {
        shapes: [tangent.shape, p.shape],
      });
    }
    if (p.dtype !== "float32" && p.dtype !== "float64") {
      throw new DTypeError(op, `primal ${where} is ${p.dtype}; only float32/float64 inputs can be differentiated — cast with astype("float32").`, { dtypes: [p.dtype] });
    }
    if (tangent.dtype !== p.dtype) {
      throw new DTypeError(op, `tangent ${where} is ${tangent.dtype}${showShape(tangent.shape)} but its primal is ${p.dtype}${showShape(p.shape)}; a tangent must match its primal's shape and dtype.`, {
        dtypes: [tangent.dtype, p.dtype],
      });
    }
    return tangent;
  });
  return withNewMainTrace(
    JVPTrace,
    null,
    (main) => {
      const trace = new JVPTrace(main);
      const args = def.unflatten(ps.map((p, i) => new JVPTracer(trace, p, ts[i]!))) as unknown[];
      const out = splitOutputs(op, f(...args), main);
      return [out.def.unflatten(out.primals) as Out, out.def.unflatten(out.tangents) as Out];
    },
    op,
  );
}

/**
 * Evaluates `f` at `primals` and its directional derivative along `tangents` in one pass.
 * `primals` and `tangents` are argument lists of the same pytree structure, shapes and dtypes.
 * Returns `[f(...primals), ∂f(primals)·tangents]`, each with the structure of f's output.
 * @example
 * const [y, dy] = jvp((x) => np.sin(x), [np.array(0)], [np.array(1)]); // y = 0, dy = cos(0) = 1
 */
export const jvp = publicOp("jvp", function jvp<Out>(f: (...args: any[]) => Out, primals: readonly unknown[], tangents: readonly unknown[]): [Out, Out] {
  return jvpImpl(userFunction<(...args: any[]) => Out>("jvp", f), primals, tangents, "jvp");
});
