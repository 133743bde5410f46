/** `jvp`: forward-mode differentiation of functions of pytrees (JAX's jax.jvp). */
import { isFloat } from "../array/dtype.js";
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { JVPTrace, JVPTracer } from "../core/jvp.js";
import { zerosLike } from "../core/ops.js";
import { withNewMainTrace } from "../core/trace.js";
import { asArray } from "../numpy/convert.js";
import * as tree from "../tree/index.js";

/**
 * Evaluates `f` at `primals` and its directional derivative along `tangents` in one pass.
 * `primals` and `tangents` are argument lists of the same pytree structure, shapes and dtypes.
 * Returns `[f(...primals), ∂f(primals)·tangents]`, each with the structure of f's output.
 * @example
 * const [y, dy] = jvp((x) => np.sin(x), [np.array(0)], [np.array(1)]); // y = 0, dy = cos(0) = 1
 */
export function jvp<Out>(f: (...args: any[]) => Out, primals: readonly unknown[], tangents: readonly unknown[]): [Out, Out] {
  const [primalLeaves, def] = tree.flatten(primals);
  const [tangentLeaves, tangentDef] = tree.flatten(tangents);
  if (!def.equals(tangentDef)) {
    throw new TypeError(`jvp: primals have structure ${def.toString()} but tangents have ${tangentDef.toString()}; give one tangent per primal leaf, shaped like it.`);
  }
  const ps = primalLeaves.map((p) => asArray(p as never, undefined, "jvp"));
  const ts = tangentLeaves.map((t, i) => {
    const p = ps[i]!;
    const tangent = asArray(t as never, typeof t === "number" ? p.dtype : undefined, "jvp");
    if (tangent.dtype !== p.dtype || tangent.shape.length !== p.shape.length || tangent.shape.some((d, k) => d !== p.shape[k])) {
      throw new TypeError(
        `jvp: tangent ${i} is ${tangent.dtype}${showShape(tangent.shape)} but its primal is ${p.dtype}${showShape(p.shape)}; a tangent must match its primal's shape and dtype.`,
      );
    }
    if (!isFloat(p.dtype)) throw new TypeError(`jvp: primal ${i} is ${p.dtype}; only float32/float64 inputs can be differentiated — cast with astype("float32").`);
    return tangent;
  });
  return withNewMainTrace(JVPTrace, null, (main) => {
    const trace = new JVPTrace(main);
    const args = tree.unflatten(
      def,
      ps.map((p, i) => new JVPTracer(trace, p, ts[i]!)),
    ) as unknown[];
    const out = f(...args);
    const [outLeaves, outDef] = tree.flatten(out);
    const primalOut: NDArray[] = [];
    const tangentOut: NDArray[] = [];
    for (const leaf of outLeaves) {
      const x = leaf instanceof NDArray ? leaf : asArray(leaf as never, undefined, "jvp");
      if (x instanceof JVPTracer && x.trace.main === main) {
        primalOut.push(x.primal);
        tangentOut.push(x.tangent ?? zerosLike(x.primal));
      } else {
        // An output that does not depend on the inputs has a zero tangent.
        primalOut.push(x);
        tangentOut.push(zerosLike(x));
      }
    }
    return [tree.unflatten(outDef, primalOut) as Out, tree.unflatten(outDef, tangentOut) as Out];
  });
}
