/**
 * Reverse mode, as JAX does it: `linearize` runs the function under forward mode with tangents
 * that are *recorded* instead of computed (a jaxpr of the linear map), and `vjp` transposes that
 * linear jaxpr. Primal values are computed eagerly, so JS control flow on them works inside
 * `grad` (read values with `x.item()`; JS arithmetic on a differentiated array is refused because
 * it would drop the derivative). Every rule goes through `bind`, so all of this nests:
 * grad(grad(f)), jvp(grad(f)).
 */
import { isFloat } from "../array/dtype.js";
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { evalJaxpr, JaxprBuilder, JaxprTrace, JaxprTracer, type Jaxpr, type Var } from "../core/jaxpr.js";
import { JVPTrace, JVPTracer } from "../core/jvp.js";
import { zerosLike } from "../core/ops.js";
import { checkNotLeaked, withNewMainTrace, type Tracer } from "../core/trace.js";
import { backwardPass } from "../core/transpose.js";
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import { asArray } from "../numpy/convert.js";
import { flattenImpl } from "../tree/flatten.js";
import { map as treeMap } from "../tree/map.js";
import { shortString, type TreeDef } from "../tree/treedef.js";
import { argumentPaths, checkArgnums, checkArgnumsFit, checkBoolean, checkFloatInput, checkLike, leafArray, userFunction, type Argnums } from "./common.js";

interface Linearized {
  readonly primalsOut: NDArray[];
  readonly outDef: TreeDef;
  readonly inDef: TreeDef;
  readonly inputs: NDArray[];
  /** The linear map from input tangents to output tangents. */
  readonly jaxpr: Jaxpr;
  /** Output leaves whose tangent is identically zero get a Var-less entry (null). */
  readonly outVars: (Var | null)[];
  readonly aux: unknown;
}

/** Strips this transformation's tracers from a value that is not differentiated (e.g. aux). */
function primalOf(x: unknown, main: unknown): unknown {
  return treeMap((leaf: unknown) => (leaf instanceof JVPTracer && leaf.trace.main === main ? leaf.primal : leaf), x);
}

function linearizeFlat(f: (...args: any[]) => unknown, primals: readonly unknown[], op: string, hasAux: boolean): Linearized {
  const [inLeaves, inDef] = flattenImpl(primals, undefined, op);
  const paths = argumentPaths(primals);
  const inputs = inLeaves.map((x, i) => leafArray(op, x, paths[i]!));
  const builder = new JaxprBuilder();
  return withNewMainTrace(
    JaxprTrace,
    builder,
    (linearMain) => {
      const linearTrace = new JaxprTrace(linearMain);
      const tangentsIn = inputs.map((x) => linearTrace.newArg({ shape: x.shape, dtype: x.dtype }));
      return withNewMainTrace(
        JVPTrace,
        null,
        (jvpMain) => {
          const jvpTrace = new JVPTrace(jvpMain);
          const args = inDef.unflatten(inputs.map((x, i) => new JVPTracer(jvpTrace, x, isFloat(x.dtype) ? tangentsIn[i]! : null))) as unknown[];
          let out = f(...args);
          let aux: unknown;
          if (hasAux) {
            if (!Array.isArray(out) || out.length !== 2) {
              throw new ValueError(op, `with hasAux: true the function must return a pair [output, aux], got ${Array.isArray(out) ? `an array of length ${out.length}` : describe(out)}.`);
            }
            aux = primalOf(out[1], jvpMain);
            for (const leaf of flattenImpl(aux, undefined, op)[0]) checkNotLeaked(leaf, op);
            out = out[0];
          }
          const [outLeaves, outDef] = flattenImpl(out, undefined, op);
          const outPaths = outDef.paths();
          const primalsOut: NDArray[] = [];
          const outVars: (Var | null)[] = [];
          outLeaves.forEach((leaf, i) => {
            const x = leafArray(op, leaf, `the function's output${outPaths[i]!.length ? ` at ${outPaths[i]!.join(".")}` : ""}`);
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
          });
          const jaxpr = builder.build(
            tangentsIn.map((t) => t.variable),
            outVars.filter((v): v is Var => v !== null),
          );
          return { primalsOut, outDef, inDef, inputs, jaxpr, outVars, aux };
        },
        op,
      );
    },
    op,
  );
}

/**
 * Leaves of `value` checked against the arrays `like` (structure `def`): the same pytree
 * structure, and each leaf of the same shape and dtype (a JS number takes its reference's dtype).
 */
function matchingLeaves(op: string, value: unknown, def: TreeDef, like: readonly NDArray[], what: "tangents" | "cotangents", of: string): NDArray[] {
  const [leaves, valueDef] = flattenImpl(value, undefined, op);
  const one = what.slice(0, -1);
  if (!valueDef.equals(def)) {
    throw new ValueError(op, `the ${what} have structure ${shortString(valueDef)}, but ${of} has structure ${shortString(def)}; pass one ${one} per leaf, shaped like it.`);
  }
  // Tangents are an argument list (the path starts with the argument's position); a cotangent has the output's structure.
  const label = (p: readonly (string | number)[]): string =>
    what === "tangents" ? `tangent ${String(p[0])}${p.length > 1 ? ` at ${p.slice(1).join(".")}` : ""}` : `the cotangent${p.length ? ` at ${p.join(".")}` : ""}`;
  const paths = def.paths();
  return leaves.map((leaf, i) => {
    const ref = like[i]!;
    const x = typeof leaf === "number" ? asArray(leaf, ref.dtype, op) : leafArray(op, leaf, label(paths[i]!));
    checkLike(op, x, ref, label(paths[i]!), `the matching leaf of ${of}`);
    return x;
  });
}

/**
 * Evaluates f and returns the linear map t ↦ ∂f(primals)·t (JAX's linearize).
 * @example const [y, fJvp] = linearize(np.sin, np.array(0)); fJvp(np.array(1)) // cos(0) = 1
 */
export const linearize = publicOp("linearize", function linearize<Out>(f: (...args: any[]) => Out, ...primals: unknown[]): [Out, (...tangents: unknown[]) => Out] {
  const lin = linearizeFlat(userFunction("linearize", f), primals, "linearize", false);
  const jvpFn = publicOp("linearize", (...tangents: unknown[]): Out => {
    const ts = matchingLeaves("linearize", tangents, lin.inDef, lin.inputs, "tangents", "the primal arguments");
    const outs = evalJaxpr(lin.jaxpr, ts);
    let k = 0;
    const leaves = lin.outVars.map((v, i) => (v === null ? zerosLike(lin.primalsOut[i]!) : outs[k++]!));
    // The linear map may hold arrays of a transformation that has since returned (called after it: an escape).
    for (const x of leaves) checkNotLeaked(x, "linearize");
    return lin.outDef.unflatten(leaves) as Out;
  });
  return [lin.outDef.unflatten(lin.primalsOut) as Out, jvpFn];
});

function pullback(lin: Linearized, op: string): (cotangent: unknown) => unknown[] {
  return (cotangent: unknown) => {
    const cts = matchingLeaves(op, cotangent, lin.outDef, lin.primalsOut, "cotangents", "the function's output");
    const used = cts.filter((_, i) => lin.outVars[i] !== null);
    const inCts = backwardPass(lin.jaxpr, used);
    const leaves = inCts.map((ct, i) => ct ?? zerosLike(lin.inputs[i]!));
    for (const x of leaves) checkNotLeaked(x, op);
    return lin.inDef.unflatten(leaves) as unknown[];
  };
}

/**
 * Evaluates f and returns its pullback: `vjpFn(cotangent)` gives one cotangent per primal argument
 * (an array), each shaped like that argument. The cotangent has the structure, shapes and dtypes of f's output.
 * @example const [y, vjpFn] = vjp((x) => np.sum(np.square(x)), np.array([1, 2])); vjpFn(np.array(1)) // [[2, 4]]
 */
export const vjp = publicOp("vjp", function vjp<Out>(f: (...args: any[]) => Out, ...primals: unknown[]): [Out, (cotangent: Out | unknown) => any[]] {
  const lin = linearizeFlat(userFunction("vjp", f), primals, "vjp", false);
  return [lin.outDef.unflatten(lin.primalsOut) as Out, publicOp("vjp", pullback(lin, "vjp"))];
});

/** vjp for internal callers (jacrev): `f` runs as it is, errors name `op`. @internal */
export function vjpImpl(f: (...args: any[]) => unknown, primals: readonly unknown[], op: string): [NDArray[], TreeDef, (cotangent: unknown) => unknown[]] {
  const lin = linearizeFlat(f, primals, op, false);
  return [lin.primalsOut, lin.outDef, pullback(lin, op)];
}

/** Options of grad and valueAndGrad. */
export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). A list gives a tuple of gradients. */
  argnums?: number | readonly number[];
  /** The function returns `[loss, aux]`; aux is passed through undifferentiated. */
  hasAux?: boolean;
}

function valueAndGradImpl(f: (...args: any[]) => unknown, argnums: Argnums, hasAux: boolean, op: string) {
  const list = argnums.list;
  return (...args: unknown[]): [unknown, unknown] => {
    checkArgnumsFit(op, argnums, args.length);
    for (const a of list) {
      const paths = argumentPaths([args[a]]).map((p) => p.replace(/^argument 0/, `argument ${a}`));
      flattenImpl(args[a], undefined, op)[0].forEach((leaf, i) => {
        checkFloatInput(op, leafArray(op, leaf, paths[i]!), paths[i]!, " or move it out of argnums");
      });
    }
    const partial = (...diff: unknown[]) => {
      const full = args.slice();
      list.forEach((a, i) => (full[a] = diff[i]));
      return f(...full);
    };
    const lin = linearizeFlat(
      partial,
      list.map((a) => args[a]),
      op,
      hasAux,
    );
    const fix = `return the loss alone (reduce it with np.sum or np.mean), use hasAux: true to return [loss, aux], or use vjp for other outputs`;
    if (lin.outDef.numLeaves !== 1 || lin.outDef.node.kind !== "leaf") {
      throw new ValueError(op, `the function must return a scalar array, but it returned a pytree with structure ${shortString(lin.outDef)}; ${fix}.`);
    }
    const value = lin.primalsOut[0]!;
    if (value.shape.length !== 0) {
      throw new ShapeError(op, `the function must return a scalar (shape []), but it returned shape ${showShape(value.shape)}; reduce it first (e.g. np.sum or np.mean), or use vjp for non-scalar outputs${hasAux ? "" : " (or hasAux: true to return [loss, aux])"}.`, {
        shapes: [value.shape],
      });
    }
    if (!isFloat(value.dtype)) {
      throw new DTypeError(op, `the function returned a ${value.dtype} scalar; gradients need a float32/float64 output (compute the loss in floats, e.g. astype("float32")).`, { dtypes: [value.dtype] });
    }
    const grads = pullback(lin, op)(asArray(1, value.dtype));
    const g = argnums.tuple ? grads : grads[0];
    return [hasAux ? [value, lin.aux] : value, g];
  };
}

/** Validated options of grad/valueAndGrad. */
function gradOptions(op: string, f: unknown, opts: unknown): { argnums: Argnums; hasAux: boolean } {
  checkFunction(op, f);
  checkOptions(op, opts, ["argnums", "hasAux"]);
  const o = (opts ?? {}) as GradOptions;
  return { argnums: checkArgnums(op, o.argnums), hasAux: checkBoolean(op, o.hasAux, "hasAux") };
}

/**
 * The gradient of a scalar function with respect to argument `argnums` (default 0), with the
 * structure of that argument (a tuple for a list of argnums). Inside `f`, use np functions or
 * array methods for arithmetic (JS `*`/`+`/`>` on a differentiated array throws a TracerError)
 * and `x.item()` to read a value for control flow.
 * @example grad((x) => np.sum(np.square(x)))(np.array([1, 2])) // [2, 4]
 */
export const grad = publicOp("grad", function grad(f: (...args: any[]) => unknown, opts: GradOptions = {}): (...args: any[]) => any {
  const { argnums, hasAux } = gradOptions("grad", f, opts);
  const inner = valueAndGradImpl(userFunction("grad", f), argnums, hasAux, "grad");
  return publicOp("grad", (...args: unknown[]) => {
    const [value, g] = inner(...args);
    return hasAux ? [g, (value as unknown[])[1]] : g;
  });
});

/**
 * Like grad but also returns the value: `[value, grads]`, or `[[value, aux], grads]` with hasAux.
 * @example const [loss, g] = valueAndGrad(lossFn)(params, x, y);
 */
export const valueAndGrad = publicOp("valueAndGrad", function valueAndGrad(f: (...args: any[]) => unknown, opts: GradOptions = {}): (...args: any[]) => [any, any] {
  const { argnums, hasAux } = gradOptions("valueAndGrad", f, opts);
  return publicOp("valueAndGrad", valueAndGradImpl(userFunction("valueAndGrad", f), argnums, hasAux, "valueAndGrad"));
});
