/**
 * Custom derivatives: stopGradient, customJvp and customVjp. A custom function called on traced
 * values binds one `customJvpCall`/`customVjpCall` primitive (core/primitives/custom.ts), so its
 * rule is honoured under every combination of transformations: grad(jit(f)), grad(vmap(f)),
 * vmap(grad(f)), jit(grad(f)). Called on plain arrays, it simply runs f.
 *
 * What the user's rules return is checked against the primal function: a tangent must have the
 * output's shape and dtype, a backward rule one cotangent per argument shaped like it. A wrong
 * rule is an error naming the custom function, never a silently wrong derivative.
 */
import type { ShapedArray } from "../core/primitive.js";
import type { CustomJvpParams, CustomVjpParams } from "../core/primitives/custom.js";
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { moveAxis } from "../core/batch-rules.js";
import { bind, closesOver, Tracer } from "../core/trace.js";
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, describe } from "../errors/checks.js";
import { callUser, publicOp } from "../errors/context.js";
import { asArray } from "../numpy/convert.js";
import { zeros } from "../numpy/creation.js";
import { sum } from "../numpy/reductions.js";
import { flattenImpl } from "../tree/flatten.js";
import { map as treeMap } from "../tree/map.js";
import { shortString, type TreeDef } from "../tree/treedef.js";
import { leafArray } from "./common.js";
import { traceToJaxpr } from "./jit.js";
import { vmapInternal } from "./vmap.js";

/** The identity whose derivative is zero: gradients do not flow through it. @example grad((x) => np.mul(x, stopGradient(x)))(np.array(3)) // 3 */
export const stopGradient = publicOp("stopGradient", function stopGradient<T>(x: T): T {
  return treeMap((leaf: unknown) => bind("stopGradient", [leafArray("stopGradient", leaf, "a leaf of the argument")], {}), x) as T;
});

type Aval = Pick<ShapedArray, "shape" | "dtype">;
const typeOf = (a: Aval): string => `${a.dtype}${showShape(a.shape)}`;

/** Requires a single NDArray from one of the user's functions. */
function singleArray(label: string, what: string, x: unknown): NDArray {
  if (!(x instanceof NDArray)) {
    throw new ValueError(label, `${what} must be a single NDArray, got ${describe(x)}; return one array (stack several with np.stack).`);
  }
  return x;
}

/** Requires `x` to have the shape and dtype of `like`. */
function checkAval(label: string, x: NDArray, like: Aval, what: string, of: string): void {
  if (x.shape.length !== like.shape.length || x.shape.some((d, k) => d !== like.shape[k])) {
    throw new ShapeError(label, `${what} is ${typeOf(x)} for ${of} ${typeOf(like)}; it must have the same shape and dtype.`, { shapes: [x.shape, like.shape] });
  }
  if (x.dtype !== like.dtype) {
    throw new DTypeError(label, `${what} is ${typeOf(x)} for ${of} ${typeOf(like)}; it must have the same shape and dtype (cast with astype("${like.dtype}")).`, {
      dtypes: [x.dtype, like.dtype],
    });
  }
}

/** Requires a pair [a, b] from a user rule. */
function pair(label: string, what: string, x: unknown): readonly [unknown, unknown] {
  if (!Array.isArray(x) || x.length !== 2) {
    throw new ValueError(label, `${what} must return a pair [output, ${what.includes("forward") ? "residuals" : "tangent"}], got ${Array.isArray(x) ? `an array of length ${x.length}` : describe(x)}.`);
  }
  return x as unknown as readonly [unknown, unknown];
}

/** Array leaves (NDArrays and numeric typed arrays) are operands of the call; every other leaf is static. */
function isArrayLeaf(x: unknown): boolean {
  return x instanceof NDArray || (ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array));
}

/** null and undefined are leaves here (static ones), so a cotangent may use null for "zero" at any leaf. */
const nullIsLeaf = (x: unknown): boolean => x === null || x === undefined;

/** The tangent a rule receives for a static leaf: a JS 0 for a number (a weakly typed zero, as JAX gives a zero tangent), null otherwise. */
const staticTangent = (leaf: unknown): unknown => (typeof leaf === "number" ? 0 : null);

/** The arguments split into array operands and static leaves (see `prepare`). */
interface Prepared {
  /** The array leaves: the primitive's operands. */
  readonly arrays: NDArray[];
  /** Per leaf of the arguments: whether it is an array operand. */
  readonly isArray: readonly boolean[];
  readonly def: TreeDef;
  /** Whether any operand is being traced (otherwise the plain function runs). */
  readonly traced: boolean;
  /** The arguments with `xs` in place of the array leaves; static leaves are kept, or replaced by `staticAs` (tangents: null). */
  readonly rebuild: (xs: readonly unknown[], staticAs?: (leaf: unknown) => unknown) => unknown[];
}

/**
 * Flattened arguments. Only array leaves become operands of the custom call; JS numbers,
 * booleans, strings, null and other values are static, as in jit: the function and its rules
 * receive them as they are (a JS number stays weakly typed, `b === true` still works), and
 * no derivative flows to them (a rule sees the tangent 0 for a number, null for the others).
 */
function prepare(args: readonly unknown[], op: string): Prepared {
  const [leaves, def] = flattenImpl(args, nullIsLeaf, op);
  const paths = def.paths().map((p) => `argument ${String(p[0])}${p.length > 1 ? ` at ${p.slice(1).join(".")}` : ""}`);
  const isArray = leaves.map(isArrayLeaf);
  const arrays: NDArray[] = [];
  leaves.forEach((l, i) => {
    if (isArray[i]) arrays.push(leafArray(op, l, paths[i]!));
  });
  const rebuild = (xs: readonly unknown[], staticAs?: (leaf: unknown) => unknown): unknown[] => {
    let k = 0;
    return def.unflatten(leaves.map((l, i) => (isArray[i] ? xs[k++] : staticAs === undefined ? l : staticAs(l)))) as unknown[];
  };
  return { arrays, isArray, def, traced: arrays.some((a) => a instanceof Tracer), rebuild };
}

/**
 * The output aval of `fn` on `arrays`, and the traced arrays of enclosing transformations that
 * `fn` captures by closure (found as the constants of its abstract trace). Traced on every call:
 * what a closure captures can change between calls.
 */
function traceCall(op: string, fn: (...xs: NDArray[]) => NDArray, arrays: readonly NDArray[]): { out: ShapedArray; closure: Tracer[] } {
  const { jaxpr } = traceToJaxpr(
    op,
    fn,
    arrays.map((a) => ({ shape: a.shape, dtype: a.dtype })),
    (inputs) => inputs,
  );
  return { out: jaxpr.outs[0]!.aval, closure: jaxpr.consts.filter((c): c is Tracer => c instanceof Tracer) };
}

const batchedAval = (out: ShapedArray, size: number): ShapedArray => ({ shape: [size, ...out.shape], dtype: out.dtype });

function jvpParams(name: string, closure: readonly Tracer[], fn: CustomJvpParams["fn"], rule: CustomJvpParams["rule"], out: ShapedArray): CustomJvpParams {
  const params: CustomJvpParams = {
    name,
    fn,
    rule,
    out,
    batched: (dims, size) =>
      jvpParams(
        name,
        closure,
        (...xs) => vmapInternal(fn, dims)(...xs),
        (primals, tangents) => {
          const [o, t] = vmapInternal((p: NDArray[], tn: NDArray[]) => [...rule(p, tn)], [dims, dims])(primals, tangents);
          return [o!, t!];
        },
        batchedAval(out, size),
      ),
  };
  closesOver(params, "customJvp", `customJvp(${name})`, closure);
  return params;
}

/**
 * `f` with a user-defined forward-mode derivative: `rule(primals, tangents)` returns
 * `[f(...primals), tangentOut]`, with tangentOut linear in the tangents and of the output's shape
 * and dtype (checked). Reverse mode is derived from it by transposition, so grad uses it too. `f`
 * returns a single array. Array leaves of the arguments are differentiated; other leaves (JS
 * numbers, booleans, strings, null) are static: f and the rule receive them unchanged, and their
 * tangent is 0 for a number, null for the others.
 * @example
 * const softplus = customJvp((x) => np.log1p(np.exp(x)), ([x], [t]) => [np.log1p(np.exp(x)), np.mul(t, sigmoid(x))]);
 */
export const customJvp = publicOp("customJvp", function customJvp<F extends (...args: any[]) => NDArray>(f: F, rule: (primals: any[], tangents: any[]) => [NDArray, NDArray]): F {
  checkFunction("customJvp", f, "the function");
  checkFunction("customJvp", rule, "the tangent rule (primals, tangents) => [output, tangent]");
  const name = f.name || "anonymous";
  const label = `customJvp(${name})`;
  return publicOp("customJvp", (...args: unknown[]) => {
    const { arrays, traced, rebuild } = prepare(args, "customJvp");
    if (!traced) return callUser(f, args);
    const fn = (...xs: NDArray[]) => singleArray("customJvp", `the output of ${label}`, callUser(f, rebuild(xs)));
    const { out, closure } = traceCall("customJvp", fn, arrays);
    const flatRule = (primals: NDArray[], tangents: NDArray[]): [NDArray, NDArray] => {
      const [o, t] = pair("customJvp", `the tangent rule of ${label}`, callUser(rule, [rebuild(primals), rebuild(tangents, staticTangent)]));
      const primal = singleArray("customJvp", `the output the tangent rule of ${label} returns`, o);
      const tangent = singleArray("customJvp", `the tangent the tangent rule of ${label} returns`, t);
      // Rules run per example under vmap, so the unbatched output aval is the reference.
      checkAval("customJvp", primal, out, `the output returned by the tangent rule of ${label}`, "the function's output");
      checkAval("customJvp", tangent, out, `the tangent returned by the tangent rule of ${label}`, "the function's output");
      return [primal, tangent];
    };
    return bind("customJvpCall", arrays, jvpParams(name, closure, fn, flatRule, out));
  }) as unknown as F;
});

function vjpParams(
  name: string,
  closure: readonly Tracer[],
  inputs: readonly ShapedArray[],
  fn: CustomVjpParams["fn"],
  fwd: CustomVjpParams["fwd"],
  bwd: CustomVjpParams["bwd"],
  out: ShapedArray,
): CustomVjpParams {
  const params: CustomVjpParams = {
    name,
    fn,
    fwd,
    bwd,
    out,
    batched: (dims, size) => {
      const leafBwd = (residuals: unknown, ct: NDArray): NDArray[] => bwd(residuals, ct).map((c, i) => c ?? zeros(inputs[i]!.shape, { dtype: inputs[i]!.dtype }));
      return vjpParams(
        name,
        closure,
        inputs.map((a, i) => (dims[i] === null ? a : batchedAval(a, size))),
        (...xs) => vmapInternal(fn, dims)(...xs),
        (...xs) => {
          const [o, r] = vmapInternal((...ys: NDArray[]) => [...fwd(...ys)], dims)(...xs) as [NDArray, unknown];
          return [o, r];
        },
        (residuals, ct) => {
          const cts = vmapInternal(leafBwd)(residuals, ct) as NDArray[];
          // Unbatched arguments get the cotangent summed over the batch; batched ones in their own layout.
          return cts.map((c, i) => (dims[i] === null ? sum(c, 0) : moveAxis(c, 0, dims[i]!)));
        },
        batchedAval(out, size),
      );
    },
  };
  closesOver(params, "customVjp", `customVjp(${name})`, closure);
  return params;
}

/**
 * `f` with a user-defined reverse-mode derivative. `fwd(...args)` returns `[out, residuals]`;
 * `bwd(residuals, cotangent)` returns one cotangent per argument (null for none), each with its
 * argument's structure, shapes and dtypes (checked; null at a leaf means zero). `f` returns a
 * single array. Non-array leaves of the arguments (JS numbers, booleans, strings) are static:
 * f, fwd and bwd receive them unchanged, and bwd's cotangent for them is ignored. Forward mode
 * (jvp) is not defined for such functions, as in JAX.
 * @example
 * const clipGradient = customVjp((x) => x, (x) => [x, null], (_r, g) => [np.clip(g, -1, 1)]);
 */
export const customVjp = publicOp("customVjp", function customVjp<F extends (...args: any[]) => NDArray>(
  f: F,
  fwd: (...args: any[]) => [NDArray, unknown],
  bwd: (residuals: any, cotangent: NDArray) => readonly (unknown | null | undefined)[],
): F {
  checkFunction("customVjp", f, "the function");
  checkFunction("customVjp", fwd, "the forward rule (...args) => [output, residuals]");
  checkFunction("customVjp", bwd, "the backward rule (residuals, cotangent) => cotangents");
  const name = f.name || "anonymous";
  const label = `customVjp(${name})`;
  return publicOp("customVjp", (...args: unknown[]) => {
    const { arrays, isArray, traced, rebuild } = prepare(args, "customVjp");
    if (!traced) return callUser(f, args);
    const fn = (...xs: NDArray[]) => singleArray("customVjp", `the output of ${label}`, callUser(f, rebuild(xs)));
    const { out, closure } = traceCall("customVjp", fn, arrays);
    const flatFwd = (...xs: NDArray[]): [NDArray, unknown] => {
      const [o, r] = pair("customVjp", `the forward rule of ${label}`, callUser(fwd, rebuild(xs)));
      const primal = singleArray("customVjp", `the output the forward rule of ${label} returns`, o);
      checkAval("customVjp", primal, out, `the output returned by the forward rule of ${label}`, "the function's output");
      return [primal, r];
    };
    // Per argument: its structure (null/undefined as leaves, as in prepare) and where its leaves start.
    const argDefs = args.map((a) => flattenImpl(a, nullIsLeaf, "customVjp")[1]);
    const flatBwd = (residuals: unknown, ct: NDArray): (NDArray | null)[] => {
      const cts = callUser(bwd, [residuals, ct]);
      if (!Array.isArray(cts) || cts.length !== args.length) {
        throw new ValueError(
          "customVjp",
          `the backward rule of ${label} must return an array with one cotangent per argument (${args.length}), got ${Array.isArray(cts) ? `an array of length ${cts.length}` : describe(cts)}.`,
        );
      }
      let leaf = 0;
      let operand = 0;
      return cts.flatMap((c, i) => {
        const def = argDefs[i]!;
        const at0 = leaf;
        leaf += def.numLeaves;
        const arrayAt = isArray.slice(at0, leaf);
        const refs = arrays.slice(operand, operand + arrayAt.filter(Boolean).length);
        operand += refs.length;
        if (c === null || c === undefined) return refs.map(() => null);
        const [cLeaves, cDef] = flattenImpl(c, nullIsLeaf, "customVjp");
        if (!cDef.equals(def)) {
          throw new ValueError("customVjp", `the backward rule of ${label} returned a cotangent with structure ${shortString(cDef)} for argument ${i}, whose structure is ${shortString(def)}; return one cotangent per argument, shaped like it.`);
        }
        const paths = def.paths();
        let r = 0;
        return cLeaves.flatMap((v, k) => {
          // Static leaves (numbers, strings, null, ...) are not differentiated: whatever is returned for them is unused.
          if (!arrayAt[k]) return [];
          const ref = refs[r++]!;
          if (v === null || v === undefined) return [null];
          const at = paths[k]!.length ? ` at ${paths[k]!.join(".")}` : "";
          const x = typeof v === "number" ? asArray(v, ref.dtype, "customVjp") : leafArray("customVjp", v, `the cotangent for argument ${i}${at}`);
          checkAval("customVjp", x, ref, `the backward rule of ${label} returned a cotangent that`, `argument ${i}${at} of type`);
          return [x];
        });
      });
    };
    const inputs = arrays.map((a) => ({ shape: a.shape, dtype: a.dtype }));
    return bind("customVjpCall", arrays, vjpParams(name, closure, inputs, fn, flatFwd, flatBwd, out));
  }) as unknown as F;
});
