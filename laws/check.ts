/** checkGrads: JAX's check_grads for jaxon functions. */
import { jvp, ValueError, vjp } from "../src/index.js";
import { restrictToFloatArgs, axpy, defaultTolerance, describe, inner, isFloatDType, leafValues, leavesOf, numericalJvp, randTreeLike, rng, worst, zerosTreeLike, type Tolerance } from "./util.js";

export type Mode = "fwd" | "rev";

/** Options of checkGrads. Tolerances default by dtype: float64 eps 1e-6, atol = rtol = 1e-5; otherwise eps 1e-3, atol = rtol = 1e-2. */
export interface CheckGradsOptions {
  /** Derivative order to check (default 1); order n also checks the derivative functions up to order n, as JAX does. */
  order?: number;
  /** Which modes to check (default both). */
  modes?: readonly Mode[];
  /** Finite-difference step. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random tangents and cotangents (default 0). */
  seed?: number;
}

/** Error thrown by checkGrads; `mode`, `order` and `argument` locate the failing check. */
export class GradCheckError extends Error {
  constructor(
    message: string,
    readonly mode: Mode,
    readonly order: number,
    readonly argument: number,
  ) {
    super(message);
    this.name = "GradCheckError";
  }
}

/** Tangents that are zero except for argument `i`, which is random. */
function tangentsFor(args: readonly unknown[], i: number, next: () => number): unknown[] {
  return args.map((a, k) => (k === i ? randTreeLike(a, next) : zerosTreeLike(a)));
}

function fail(mode: Mode, order: number, label: string, arg: number, what: string, detail: string): never {
  throw new GradCheckError(`checkGrads: mode ${mode} (${label}), order ${order}, argument ${arg}: ${what} — largest discrepancy: ${detail}`, mode, order, arg);
}

function checkValues(mode: Mode, order: number, label: string, actual: unknown, expected: unknown, tol: Tolerance): void {
  const d = worst(leafValues(actual), leafValues(expected), tol.atol, tol.rtol);
  if (d !== null) fail(mode, order, label, -1, "the primal output differs from f(...args)", describe(d));
}

function checkJvp(f: (...a: any[]) => unknown, args: readonly unknown[], tol: Tolerance, order: number, label: string, next: () => number): void {
  const { g, diffArgs, indices } = restrictToFloatArgs(f, args);
  const expectedOut = g(...diffArgs);
  diffArgs.forEach((_, i) => {
    const t = tangentsFor(diffArgs, i, next);
    const [out, tOut] = jvp(g, diffArgs, t);
    checkValues("fwd", order, label, out, expectedOut, tol);
    const numerical = numericalJvp(g, diffArgs, t, tol.eps);
    const d = worst(leafValues(tOut), numerical, tol.atol, tol.rtol);
    if (d !== null) fail("fwd", order, label, indices[i]!, "jvp differs from central finite differences", describe(d));
  });
}

function checkVjp(f: (...a: any[]) => unknown, args: readonly unknown[], tol: Tolerance, order: number, label: string, next: () => number): void {
  const { g, diffArgs, indices } = restrictToFloatArgs(f, args);
  const [out, pullback] = vjp(g, ...diffArgs);
  checkValues("rev", order, label, out, g(...diffArgs), tol);
  const c = randTreeLike(out, next);
  const cts = pullback(c);
  diffArgs.forEach((_, i) => {
    const t = tangentsFor(diffArgs, i, next);
    const numerical = numericalJvp(g, diffArgs, t, tol.eps);
    const ip = inner(t[i], cts[i]);
    const cLeaves = leafValues(c);
    let expected = 0;
    numerical.forEach((leaf, l) => leaf.forEach((v, k) => (expected += v * (cLeaves[l]![k] ?? 0))));
    // Integer output leaves carry zero cotangents; `inner` of the flattened numbers matches that.
    const d = worst([[ip]], [[expected]], tol.atol, tol.rtol);
    if (d !== null) fail("rev", order, label, indices[i]!, "⟨t, vjp(c)⟩ differs from ⟨finite-difference jvp(t), c⟩", `got ${ip}, expected ${expected} (|difference| ${Math.abs(ip - expected)})`);
  });
}

/**
 * Checks f's derivatives at `args` (an argument list of arrays / pytrees of arrays) against
 * central finite differences, as JAX's `check_grads`: forward mode compares jvp along random
 * tangents with finite differences; reverse mode compares ⟨t, vjp(c)⟩ with ⟨numerical jvp(t), c⟩.
 * With `order > 1` the derivative functions are checked in turn (jvp of jvp, vjp of vjp, ...).
 * Non-float arguments are held fixed. Throws a GradCheckError naming the mode, order, argument
 * and the largest discrepancy.
 * @example checkGrads((x) => np.sin(x), [np.array([0.5, 1], { dtype: "float64" })], { order: 2 });
 */
export function checkGrads(f: (...args: any[]) => unknown, args: readonly unknown[], opts: CheckGradsOptions = {}): void {
  const order = opts.order ?? 1;
  const modes = opts.modes ?? ["fwd", "rev"];
  if (!Number.isInteger(order) || order < 1) throw new ValueError("checkGrads", `order must be a positive integer, got ${String(order)}.`);
  const base = defaultTolerance(args);
  const tol: Tolerance = { eps: opts.eps ?? base.eps, atol: opts.atol ?? base.atol, rtol: opts.rtol ?? base.rtol };
  const next = rng(opts.seed ?? 0);
  const go = (fn: (...a: any[]) => unknown, xs: readonly unknown[], remaining: number, label: string): void => {
    const level = order - remaining + 1;
    if (modes.includes("fwd")) {
      const msg = label ? `JVP of ${label}` : "JVP";
      checkJvp(fn, xs, tol, level, msg, next);
      if (remaining > 1) {
        const { g, diffArgs } = restrictToFloatArgs(fn, xs);
        go((primals: unknown[], tangents: unknown[]) => jvp(g, primals, tangents), [diffArgs, diffArgs], remaining - 1, msg);
      }
    }
    if (modes.includes("rev")) {
      const msg = label ? `VJP of ${label}` : "VJP";
      checkVjp(fn, xs, tol, level, msg, next);
      if (remaining > 1) {
        const { g, diffArgs } = restrictToFloatArgs(fn, xs);
        go(
          (...ys: unknown[]) => {
            const [out, pullback] = vjp(g, ...ys);
            return pullback(out);
          },
          diffArgs,
          remaining - 1,
          msg,
        );
      }
    }
  };
  go(f, args, order, "");
}
