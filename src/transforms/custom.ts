/**
 * Custom derivatives: stopGradient, customJvp and customVjp.
 *
 * Both custom rules take effect when the function is differentiated directly (grad, vjp, jvp,
 * linearize, and those under vmap or jit). Limitation for now: when a vmap sits *between* the
 * differentiation and the call (grad(vmap(g))), g is differentiated through its definition.
 */
import type { NDArray } from "../array/ndarray.js";
import { JVPTrace, JVPTracer } from "../core/jvp.js";
import { zerosLike } from "../core/ops.js";
import { bind, Tracer, type Trace } from "../core/trace.js";
import { asArray } from "../numpy/convert.js";
import * as tree from "../tree/index.js";

/** The identity whose derivative is zero: gradients do not flow through it. @example grad((x) => np.mul(x, stopGradient(x)))(np.array(3)) // 3 */
export function stopGradient<T>(x: T): T {
  return tree.map((leaf: unknown) => bind("stopGradient", [asArray(leaf as never, undefined, "stopGradient")], {}), x);
}

/** The innermost transformation among the leaves of `args`, if it is forward mode. */
function innermostJvp(args: readonly unknown[]): JVPTrace | undefined {
  let top: Trace | undefined;
  for (const leaf of tree.leaves(args)) {
    if (leaf instanceof Tracer && (top === undefined || leaf.trace.main.level > top.main.level)) top = leaf.trace;
  }
  return top instanceof JVPTrace ? top : undefined;
}

function split(trace: JVPTrace, args: readonly unknown[]): { primals: unknown[]; tangents: unknown[] } {
  const [leaves, def] = tree.flatten(args);
  const primals: unknown[] = [];
  const tangents: unknown[] = [];
  for (const leaf of leaves) {
    if (leaf instanceof JVPTracer && leaf.trace.main === trace.main) {
      primals.push(leaf.primal);
      tangents.push(leaf.tangent ?? zerosLike(leaf.primal));
    } else {
      const x = asArray(leaf as never, undefined, "customJvp");
      primals.push(x);
      tangents.push(zerosLike(x));
    }
  }
  return { primals: tree.unflatten(def, primals) as unknown[], tangents: tree.unflatten(def, tangents) as unknown[] };
}

/**
 * `f` with a user-defined forward-mode derivative: `rule(primals, tangents)` returns
 * `[f(...primals), tangentOut]`, with tangentOut linear in the tangents. Reverse mode is derived
 * from it by transposition, so grad works too.
 * @example
 * const safeLog1pExp = customJvp((x) => np.log1p(np.exp(x)), ([x], [t]) => [np.log1p(np.exp(x)), np.mul(t, sigmoid(x))]);
 */
export function customJvp<F extends (...args: any[]) => any>(f: F, rule: (primals: any[], tangents: any[]) => [any, any]): F {
  return ((...args: unknown[]) => {
    const trace = innermostJvp(args);
    if (trace === undefined) return f(...args);
    const { primals, tangents } = split(trace, args);
    const [out, tangentOut] = rule(primals, tangents);
    const [outLeaves, outDef] = tree.flatten(out);
    const tangentLeaves = tree.flattenUpTo(outDef, tangentOut);
    return tree.unflatten(
      outDef,
      outLeaves.map((p, i) => new JVPTracer(trace, asArray(p as never), asArray(tangentLeaves[i] as never))),
    );
  }) as F;
}

/**
 * `f` with a user-defined reverse-mode derivative. `fwd(...args)` returns `[out, residuals]`;
 * `bwd(residuals, cotangent)` returns one cotangent per argument (null for none). `f` must return
 * a single array. Forward mode (jvp) is not defined for such functions, as in JAX.
 * @example
 * const clipGradient = customVjp((x) => x, (x) => [x, null], (_r, g) => [np.clip(g, -1, 1)]);
 */
export function customVjp<F extends (...args: any[]) => NDArray>(
  f: F,
  fwd: (...args: any[]) => [NDArray, unknown],
  bwd: (residuals: any, cotangent: NDArray) => readonly (NDArray | null | undefined)[],
): F {
  const name = f.name || "anonymous";
  return ((...args: unknown[]) => {
    const trace = innermostJvp(args);
    if (trace === undefined) return f(...args);
    const { primals, tangents } = split(trace, args);
    const [out, residuals] = fwd(...primals);
    const [tangentLeaves, inDef] = tree.flatten(tangents);
    const backward = (ct: NDArray): (NDArray | null)[] => {
      const cts = bwd(residuals, ct);
      if (!Array.isArray(cts) || cts.length !== args.length) {
        throw new TypeError(`customVjp(${name}): bwd must return an array with one cotangent per argument (${args.length}), got ${Array.isArray(cts) ? cts.length : typeof cts}.`);
      }
      const leaves = tree.flattenUpTo(
        inDef,
        cts.map((c, i) => c ?? tree.map((t: unknown) => zerosLike(t as NDArray), tangents[i])),
      );
      return leaves.map((c, i) => asArray(c as never, (tangentLeaves[i] as NDArray).dtype, "customVjp"));
    };
    const outArray = asArray(out, undefined, "customVjp");
    const tangentOut = bind("customVjpLinear", tangentLeaves as NDArray[], { backward, out: { shape: outArray.shape, dtype: outArray.dtype }, name });
    return new JVPTracer(trace, outArray, tangentOut);
  }) as F;
}

