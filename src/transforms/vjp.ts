/**
 * Reverse mode, as JAX does it: `linearize` runs the function under forward mode with tangents
 * that are *recorded* instead of computed (a jaxpr of the linear map), and `vjp` transposes that
 * linear jaxpr. Primal values are computed eagerly, so JS control flow on them works inside
 * `grad`. Every rule goes through `bind`, so all of this nests: grad(grad(f)), jvp(grad(f)).
 */
import { isFloat } from "../array/dtype.js";
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { evalJaxpr, JaxprBuilder, JaxprTrace, JaxprTracer, type Jaxpr, type Var } from "../core/jaxpr.js";
import { JVPTrace, JVPTracer } from "../core/jvp.js";
import { zerosLike } from "../core/ops.js";
import { withNewMainTrace, type Tracer } from "../core/trace.js";
import { backwardPass } from "../core/transpose.js";
import { asArray } from "../numpy/convert.js";
import * as tree from "../tree/index.js";

interface Linearized {
  readonly primalsOut: NDArray[];
  readonly outDef: tree.TreeDef;
  readonly inDef: tree.TreeDef;
  readonly inputs: NDArray[];
  /** The linear map from input tangents to output tangents. */
  readonly jaxpr: Jaxpr;
  /** Output leaves whose tangent is identically zero get a Var-less entry (null). */
  readonly outVars: (Var | null)[];
  readonly aux: unknown;
}

function toArrays(leaves: readonly unknown[], op: string): NDArray[] {
  return leaves.map((x) => asArray(x as never, undefined, op));
}

/** Strips this transformation's tracers from a value that is not differentiated (e.g. aux). */
function primalOf(x: unknown, main: unknown): unknown {
  return tree.map((leaf: unknown) => (leaf instanceof JVPTracer && leaf.trace.main === main ? leaf.primal : leaf), x);
}

function linearizeFlat(f: (...args: any[]) => unknown, primals: readonly unknown[], op: string, hasAux: boolean): Linearized {
  const [inLeaves, inDef] = tree.flatten(primals);
  const inputs = toArrays(inLeaves, op);
  const builder = new JaxprBuilder();
  return withNewMainTrace(JaxprTrace, builder, (linearMain) => {
    const linearTrace = new JaxprTrace(linearMain);
    const tangentsIn = inputs.map((x) => linearTrace.newArg({ shape: x.shape, dtype: x.dtype }));
    return withNewMainTrace(JVPTrace, null, (jvpMain) => {
      const jvpTrace = new JVPTrace(jvpMain);
      const args = tree.unflatten(
        inDef,
        inputs.map((x, i) => new JVPTracer(jvpTrace, x, isFloat(x.dtype) ? tangentsIn[i]! : null)),
      ) as unknown[];
      let out = f(...args);
      let aux: unknown;
      if (hasAux) {
        if (!Array.isArray(out) || out.length !== 2) {
          throw new TypeError(`${op}: with hasAux the function must return a pair [output, aux], got ${Array.isArray(out) ? `an array of length ${out.length}` : typeof out}.`);
        }
        aux = primalOf(out[1], jvpMain);
        out = out[0];
      }
      const [outLeaves, outDef] = tree.flatten(out);
      const primalsOut: NDArray[] = [];
      const outVars: (Var | null)[] = [];
      for (const leaf of outLeaves) {
        const x = leaf instanceof NDArray ? leaf : asArray(leaf as never, undefined, op);
        if (x instanceof JVPTracer && x.trace.main === jvpMain) {
          primalsOut.push(x.primal);
          const t = x.tangent;
          if (t instanceof JaxprTracer && t.trace.main === linearMain) outVars.push(t.variable);
          else if (t === null) outVars.push(null);
          // A tangent that is a constant of the linear map (e.g. instantiated zeros) carries no input dependence.
          else outVars.push(builder.constant(t as Tracer));
        } else {
          primalsOut.push(x);
          outVars.push(null);
        }
      }
      const jaxpr = builder.build(
        tangentsIn.map((t) => t.variable),
        outVars.filter((v): v is Var => v !== null),
      );
      return { primalsOut, outDef, inDef, inputs, jaxpr, outVars, aux };
    });
  });
}

/**
 * Evaluates f and returns the linear map t ↦ ∂f(primals)·t (JAX's linearize).
 * @example const [y, fJvp] = linearize(np.sin, np.array(0)); fJvp(np.array(1)) // cos(0) = 1
 */
export function linearize<Out>(f: (...args: any[]) => Out, ...primals: unknown[]): [Out, (...tangents: unknown[]) => Out] {
  const lin = linearizeFlat(f, primals, "linearize", false);
  const jvpFn = (...tangents: unknown[]): Out => {
    const ts = toArrays(tree.flattenUpTo(lin.inDef, tangents), "linearize");
    const outs = evalJaxpr(lin.jaxpr, ts);
    let k = 0;
    const leaves = lin.outVars.map((v, i) => (v === null ? zerosLike(lin.primalsOut[i]!) : outs[k++]!));
    return tree.unflatten(lin.outDef, leaves) as Out;
  };
  return [tree.unflatten(lin.outDef, lin.primalsOut) as Out, jvpFn];
}

function pullback(lin: Linearized, op: string): (cotangent: unknown) => unknown[] {
  return (cotangent: unknown) => {
    const cts = toArrays(tree.flattenUpTo(lin.outDef, cotangent), op);
    cts.forEach((ct, i) => {
      const p = lin.primalsOut[i]!;
      if (ct.shape.length !== p.shape.length || ct.shape.some((d, k) => d !== p.shape[k])) {
        throw new TypeError(`${op}: cotangent ${i} has shape ${showShape(ct.shape)} but the output has shape ${showShape(p.shape)}; pass one cotangent per output, shaped like it.`);
      }
    });
    const used = cts.filter((_, i) => lin.outVars[i] !== null).map((ct, i) => ct.astype(lin.jaxpr.outs[i]!.aval.dtype));
    const inCts = backwardPass(lin.jaxpr, used);
    const leaves = inCts.map((ct, i) => ct ?? zerosLike(lin.inputs[i]!));
    return tree.unflatten(lin.inDef, leaves) as unknown[];
  };
}

/**
 * Evaluates f and returns its pullback: `vjpFn(cotangent)` gives one cotangent per primal argument
 * (an array), each shaped like that argument.
 * @example const [y, vjpFn] = vjp((x) => np.sum(np.square(x)), np.array([1, 2])); vjpFn(np.array(1)) // [[2, 4]]
 */
export function vjp<Out>(f: (...args: any[]) => Out, ...primals: unknown[]): [Out, (cotangent: Out | unknown) => any[]] {
  const lin = linearizeFlat(f, primals, "vjp", false);
  return [tree.unflatten(lin.outDef, lin.primalsOut) as Out, pullback(lin, "vjp")];
}

/** Options of grad and valueAndGrad. */
export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). A list gives a tuple of gradients. */
  argnums?: number | readonly number[];
  /** The function returns `[loss, aux]`; aux is passed through undifferentiated. */
  hasAux?: boolean;
}

function valueAndGradImpl(f: (...args: any[]) => unknown, opts: GradOptions, op: string) {
  const argnums = opts.argnums ?? 0;
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  return (...args: unknown[]): [unknown, unknown] => {
    for (const a of list) {
      if (!Number.isInteger(a) || a < 0 || a >= args.length) {
        throw new RangeError(`${op}: argnums ${JSON.stringify(argnums)} does not fit a call with ${args.length} argument(s); use indices in [0, ${args.length - 1}].`);
      }
    }
    for (const a of list) {
      for (const leaf of tree.leaves(args[a])) {
        const x = leaf instanceof NDArray ? leaf : typeof leaf === "number" ? null : asArray(leaf as never);
        if (x !== null && !isFloat(x.dtype)) {
          throw new TypeError(`${op}: argument ${a} contains a ${x.dtype}${showShape(x.shape)} array; gradients are defined for float32/float64 inputs only — cast it with astype("float32") or move it out of argnums.`);
        }
      }
    }
    const partial = (...diff: unknown[]) => {
      const full = args.slice();
      list.forEach((a, i) => (full[a] = diff[i]));
      return f(...full);
    };
    const lin = linearizeFlat(partial, list.map((a) => args[a]), op, opts.hasAux ?? false);
    if (lin.primalsOut.length !== 1 || lin.primalsOut[0]!.shape.length !== 0) {
      const shape = lin.primalsOut.length === 1 ? showShape(lin.primalsOut[0]!.shape) : `a pytree of ${lin.primalsOut.length} arrays`;
      throw new TypeError(
        `${op}: the function must return a scalar (shape []), but it returned ${shape}; reduce it first (e.g. np.sum or np.mean), or use vjp for non-scalar outputs${opts.hasAux ? "" : " (or hasAux: true to return [loss, aux])"}.`,
      );
    }
    const value = lin.primalsOut[0]!;
    if (!isFloat(value.dtype)) throw new TypeError(`${op}: the function returned a ${value.dtype} scalar; gradients need a float32/float64 output.`);
    const grads = pullback(lin, op)(asArray(1, value.dtype));
    const g = typeof argnums === "number" ? grads[0] : grads;
    return [opts.hasAux ? [tree.unflatten(lin.outDef, lin.primalsOut), lin.aux] : tree.unflatten(lin.outDef, lin.primalsOut), g];
  };
}

/**
 * The gradient of a scalar function with respect to argument `argnums` (default 0), with the
 * structure of that argument (a tuple for a list of argnums).
 * @example grad((x) => np.sum(np.square(x)))(np.array([1, 2])) // [2, 4]
 */
export function grad(f: (...args: any[]) => unknown, opts: GradOptions = {}): (...args: any[]) => any {
  const inner = valueAndGradImpl(f, opts, "grad");
  return (...args) => {
    const [value, g] = inner(...args);
    return opts.hasAux ? [g, (value as unknown[])[1]] : g;
  };
}

/**
 * Like grad but also returns the value: `[value, grads]`, or `[[value, aux], grads]` with hasAux.
 * @example const [loss, g] = valueAndGrad(lossFn)(params, x, y);
 */
export function valueAndGrad(f: (...args: any[]) => unknown, opts: GradOptions = {}): (...args: any[]) => [any, any] {
  return valueAndGradImpl(f, opts, "valueAndGrad");
}
