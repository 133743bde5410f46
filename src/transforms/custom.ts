/**
 * Custom derivatives: stopGradient, customJvp and customVjp. A custom function called on traced
 * values binds one `customJvpCall`/`customVjpCall` primitive (core/primitives/custom.ts), so its
 * rule is honoured under every combination of transformations: grad(jit(f)), grad(vmap(f)),
 * vmap(grad(f)), jit(grad(f)). Called on plain arrays, it simply runs f.
 */
import type { ShapedArray } from "../core/primitive.js";
import type { CustomJvpParams, CustomVjpParams } from "../core/primitives/custom.js";
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { moveAxis } from "../core/batch-rules.js";
import { bind, Tracer } from "../core/trace.js";
import { asArray } from "../numpy/convert.js";
import { zeros } from "../numpy/creation.js";
import { sum } from "../numpy/reductions.js";
import * as tree from "../tree/index.js";
import { makeJaxpr } from "./jit.js";
import { vmap } from "./vmap.js";

/** The identity whose derivative is zero: gradients do not flow through it. @example grad((x) => np.mul(x, stopGradient(x)))(np.array(3)) // 3 */
export function stopGradient<T>(x: T): T {
  return tree.map((leaf: unknown) => bind("stopGradient", [asArray(leaf as never, undefined, "stopGradient")], {}), x);
}

function singleArray(op: string, name: string, x: unknown): NDArray {
  if (!(x instanceof NDArray)) {
    throw new TypeError(`${op}(${name}): the function must return a single NDArray, got ${x === null ? "null" : typeof x}; return one array (stack several with np.stack).`);
  }
  return x;
}

/** Flattened arguments, and whether any is being traced (otherwise the plain function runs). */
function prepare(args: readonly unknown[], op: string): { arrays: NDArray[]; def: tree.TreeDef; traced: boolean; key: string } {
  const [leaves, def] = tree.flatten(args);
  const arrays = leaves.map((l) => asArray(l as never, undefined, op));
  const key = `${def.toString()}|${arrays.map((a) => `${a.dtype}${showShape(a.shape)}`).join(",")}`;
  return { arrays, def, traced: arrays.some((a) => a instanceof Tracer), key };
}

/** The output aval of `fn` on `arrays`, traced abstractly once per signature. */
function outputAval(cache: Map<string, ShapedArray>, key: string, fn: (...xs: NDArray[]) => NDArray, arrays: readonly NDArray[]): ShapedArray {
  let out = cache.get(key);
  if (out === undefined) {
    const jaxpr = makeJaxpr(fn)(...arrays).jaxpr;
    out = jaxpr.outs[0]!.aval;
    cache.set(key, out);
  }
  return out;
}

const batchedAval = (out: ShapedArray, size: number): ShapedArray => ({ shape: [size, ...out.shape], dtype: out.dtype });

function jvpParams(name: string, fn: CustomJvpParams["fn"], rule: CustomJvpParams["rule"], out: ShapedArray): CustomJvpParams {
  return {
    name,
    fn,
    rule,
    out,
    batched: (dims, size) =>
      jvpParams(
        name,
        (...xs) => vmap(fn, { inAxes: dims })(...xs),
        (primals, tangents) => {
          const [o, t] = vmap((p: NDArray[], tn: NDArray[]) => [...rule(p, tn)], { inAxes: [dims, dims] })(primals, tangents) as NDArray[];
          return [o!, t!];
        },
        batchedAval(out, size),
      ),
  };
}

/**
 * `f` with a user-defined forward-mode derivative: `rule(primals, tangents)` returns
 * `[f(...primals), tangentOut]`, with tangentOut linear in the tangents. Reverse mode is derived
 * from it by transposition, so grad uses it too. `f` returns a single array.
 * @example
 * const softplus = customJvp((x) => np.log1p(np.exp(x)), ([x], [t]) => [np.log1p(np.exp(x)), np.mul(t, sigmoid(x))]);
 */
export function customJvp<F extends (...args: any[]) => NDArray>(f: F, rule: (primals: any[], tangents: any[]) => [NDArray, NDArray]): F {
  const name = f.name || "anonymous";
  const avals = new Map<string, ShapedArray>();
  return ((...args: unknown[]) => {
    const { arrays, def, traced, key } = prepare(args, "customJvp");
    if (!traced) return f(...args);
    const fn = (...xs: NDArray[]) => singleArray("customJvp", name, f(...(tree.unflatten(def, xs) as unknown[])));
    const flatRule = (primals: NDArray[], tangents: NDArray[]): [NDArray, NDArray] => {
      const [o, t] = rule(tree.unflatten(def, primals) as unknown[], tree.unflatten(def, tangents) as unknown[]);
      return [singleArray("customJvp", name, o), singleArray("customJvp", `${name} (tangent)`, t)];
    };
    return bind("customJvpCall", arrays, jvpParams(name, fn, flatRule, outputAval(avals, key, fn, arrays)));
  }) as F;
}

function vjpParams(name: string, inputs: readonly ShapedArray[], fn: CustomVjpParams["fn"], fwd: CustomVjpParams["fwd"], bwd: CustomVjpParams["bwd"], out: ShapedArray): CustomVjpParams {
  return {
    name,
    fn,
    fwd,
    bwd,
    out,
    batched: (dims, size) => {
      const leafBwd = (residuals: unknown, ct: NDArray): NDArray[] => bwd(residuals, ct).map((c, i) => c ?? zeros(inputs[i]!.shape, { dtype: inputs[i]!.dtype }));
      return vjpParams(
        name,
        inputs.map((a, i) => (dims[i] === null ? a : batchedAval(a, size))),
        (...xs) => vmap(fn, { inAxes: dims })(...xs),
        (...xs) => {
          const [o, r] = vmap((...ys: NDArray[]) => [...fwd(...ys)], { inAxes: dims })(...xs) as [NDArray, unknown];
          return [o, r];
        },
        (residuals, ct) => {
          const cts = vmap(leafBwd)(residuals, ct) as NDArray[];
          // Unbatched arguments get the cotangent summed over the batch; batched ones in their own layout.
          return cts.map((c, i) => (dims[i] === null ? sum(c, 0) : moveAxis(c, 0, dims[i]!)));
        },
        batchedAval(out, size),
      );
    },
  };
}

/**
 * `f` with a user-defined reverse-mode derivative. `fwd(...args)` returns `[out, residuals]`;
 * `bwd(residuals, cotangent)` returns one cotangent per argument (null for none). `f` returns a
 * single array. Forward mode (jvp) is not defined for such functions, as in JAX.
 * @example
 * const clipGradient = customVjp((x) => x, (x) => [x, null], (_r, g) => [np.clip(g, -1, 1)]);
 */
export function customVjp<F extends (...args: any[]) => NDArray>(
  f: F,
  fwd: (...args: any[]) => [NDArray, unknown],
  bwd: (residuals: any, cotangent: NDArray) => readonly (unknown | null | undefined)[],
): F {
  const name = f.name || "anonymous";
  const avals = new Map<string, ShapedArray>();
  return ((...args: unknown[]) => {
    const { arrays, def, traced, key } = prepare(args, "customVjp");
    if (!traced) return f(...args);
    const fn = (...xs: NDArray[]) => singleArray("customVjp", name, f(...(tree.unflatten(def, xs) as unknown[])));
    const flatFwd = (...xs: NDArray[]): [NDArray, unknown] => {
      const [o, r] = fwd(...(tree.unflatten(def, xs) as unknown[]));
      return [singleArray("customVjp", name, o), r];
    };
    const flatBwd = (residuals: unknown, ct: NDArray): (NDArray | null)[] => {
      const cts = bwd(residuals, ct);
      if (!Array.isArray(cts) || cts.length !== args.length) {
        throw new TypeError(`customVjp(${name}): bwd must return an array with one cotangent per argument (${args.length}), got ${Array.isArray(cts) ? `${cts.length}` : typeof cts}.`);
      }
      const perLeaf = cts.flatMap((c, i) => {
        const [argLeaves] = tree.flatten([args[i]]);
        return c === null || c === undefined ? argLeaves.map(() => null) : tree.flattenUpTo(tree.structure([args[i]]), [c]);
      });
      return perLeaf.map((c, i) => (c === null ? null : asArray(c as never, arrays[i]!.dtype, "customVjp")));
    };
    const inputs = arrays.map((a) => ({ shape: a.shape, dtype: a.dtype }));
    return bind("customVjpCall", arrays, vjpParams(name, inputs, fn, flatFwd, flatBwd, outputAval(avals, key, fn, arrays)));
  }) as F;
}
