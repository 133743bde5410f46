/** Reusable property laws: each takes one options object and returns a fast-check property. */
import fc from "fast-check";
import { grad, jacfwd, jacrev, jit, jvp, np, NDArray, tree, vjp, vmap } from "../src/index.js";
import { checkGrads } from "./check.js";
import { axpy, defaultTolerance, describe, inner, isFloatDType, leafValues, leavesOf, numericalJvp, randTreeLike, restrictToFloatArgs, rng, sameShapes, toArray, worst, zerosTreeLike, type Tolerance } from "./util.js";

type Fn = (...args: any[]) => unknown;

/** Options shared by the derivative laws. */
export interface DerivativeLawOptions {
  f: Fn;
  /** Arbitrary of argument lists (arrays / pytrees of arrays). */
  args: fc.Arbitrary<any[]>;
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random directions (default 0). */
  seed?: number;
}

function lawError(law: string, message: string): Error {
  return new Error(`law ${law} failed: ${message}`);
}

function tolerance(args: unknown, o: { eps?: number | undefined; atol?: number | undefined; rtol?: number | undefined }): Tolerance {
  const base = defaultTolerance(args);
  return { eps: o.eps ?? base.eps, atol: o.atol ?? base.atol, rtol: o.rtol ?? base.rtol };
}

function wrap(law: string, body: () => void): void {
  try {
    body();
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(`law ${law}`)) throw e;
    throw lawError(law, e instanceof Error ? e.message : String(e));
  }
}

/**
 * What every derivative law starts from: tolerances for the arguments' dtypes, the seeded random
 * stream, and f restricted to its float arguments (null when there are none to differentiate).
 */
function derivativeSetup(args: readonly unknown[], o: { f: (...a: any[]) => unknown; seed?: number; atol?: number; rtol?: number; eps?: number }) {
  const restricted = restrictToFloatArgs(o.f, args);
  if (restricted.indices.length === 0) return null;
  return { tol: tolerance(args, o), next: rng(o.seed ?? 0), ...restricted };
}

/**
 * grad(⟨f(·), c⟩) matches central finite differences coordinate by coordinate, for every float
 * argument (c a fixed random cotangent; c = 1 for scalar f).
 */
function gradMatchesFiniteDifferences(o: DerivativeLawOptions) {
  const law = "gradMatchesFiniteDifferences";
  return fc.property(o.args, (args) =>
    wrap(law, () => {
      const setup = derivativeSetup(args, o);
      if (setup === null) return;
      const { tol, next, g, diffArgs, indices } = setup;
      const out0 = o.f(...args);
      const c = randTreeLike(out0, next);
      const scalarF = (...xs: unknown[]) => {
        const out = leavesOf(g(...xs));
        const cs = leavesOf(c);
        let s: NDArray | null = null;
        out.forEach((y, i) => {
          if (!isFloatDType(y.dtype)) return;
          const term = np.sum(np.mul(y, cs[i]!));
          s = s === null ? term : np.add(s, term);
        });
        return s ?? np.array(0, { dtype: "float64" });
      };
      const grads = grad(scalarF, { argnums: indices.map((_, k) => k) })(...diffArgs) as unknown[];
      diffArgs.forEach((arg, k) => {
        const argLeaves = leavesOf(arg);
        const gLeaves = leafValues(grads[k]);
        argLeaves.forEach((leaf, l) => {
          for (let e = 0; e < leaf.size; e++) {
            // A one-hot tangent on element e of leaf l of argument k.
            let counter = 0;
            const tArg = tree.map((x: unknown) => {
              const a = toArray(x);
              const idx = counter++;
              const vals = new Array<number>(a.size).fill(0);
              if (idx === l) vals[e] = 1;
              return np.reshape(np.array(vals, { dtype: a.dtype }), a.shape);
            }, arg);
            const t = diffArgs.map((a, j) => (j === k ? tArg : zerosTreeLike(a)));
            const [[fd]] = numericalJvp(scalarF, diffArgs, t, tol.eps) as [[number]];
            const g = gLeaves[l]![e]!;
            const d = worst([[g]], [[fd]], tol.atol, tol.rtol);
            if (d !== null) throw lawError(law, `argument ${indices[k]}, leaf ${l}, element ${e}: grad ${g} vs finite difference ${fd} (|difference| ${Math.abs(g - fd)})`);
          }
        });
      });
    }),
  );
}

/** jvp along a random tangent matches central finite differences (checkGrads, forward mode, order 1). */
function jvpMatchesFiniteDifferences(o: DerivativeLawOptions) {
  const law = "jvpMatchesFiniteDifferences";
  return fc.property(o.args, (args) => wrap(law, () => checkGrads(o.f, args, withDefined({ modes: ["fwd"] as const, order: 1 }, o))));
}

function withDefined<T extends object>(base: T, o: { eps?: number | undefined; atol?: number | undefined; rtol?: number | undefined; seed?: number | undefined }): T {
  const out = { ...base } as Record<string, unknown>;
  for (const k of ["eps", "atol", "rtol", "seed"] as const) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

/** ⟨jvp(f)(t), c⟩ = ⟨t, vjp(f)(c)⟩ for random t and c: reverse mode is the transpose of forward mode. */
function vjpIsTransposeOfJvp(o: DerivativeLawOptions) {
  const law = "vjpIsTransposeOfJvp";
  return fc.property(o.args, (args) =>
    wrap(law, () => {
      const setup = derivativeSetup(args, o);
      if (setup === null) return;
      const { tol, next, g, diffArgs } = setup;
      const t = randTreeLike(diffArgs, next);
      const [, tOut] = jvp(g, diffArgs, t);
      const [out, pullback] = vjp(g, ...diffArgs);
      const c = randTreeLike(out, next);
      const cts = pullback(c);
      const lhs = inner(tOut, c);
      const rhs = inner(t, cts);
      const d = worst([[rhs]], [[lhs]], tol.atol, tol.rtol);
      if (d !== null) throw lawError(law, `⟨t, vjp(c)⟩ = ${rhs} but ⟨jvp(t), c⟩ = ${lhs} (|difference| ${Math.abs(lhs - rhs)})`);
    }),
  );
}

/** jvp is linear in the tangent: jvp(a·t₁ + b·t₂) = a·jvp(t₁) + b·jvp(t₂), and its primal output is f(args). */
function jvpIsLinear(o: Omit<DerivativeLawOptions, "eps">) {
  const law = "jvpIsLinear";
  return fc.property(o.args, fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 }), (args, ai, bi) =>
    wrap(law, () => {
      const setup = derivativeSetup(args, o);
      if (setup === null) return;
      const { tol, next, g, diffArgs } = setup;
      const a = ai / 4;
      const b = bi / 4;
      const t1 = randTreeLike(diffArgs, next);
      const t2 = randTreeLike(diffArgs, next);
      const combined = axpy(tree.map((x: unknown) => np.mul(toArray(x), a), t1), b, t2);
      const [y, j1] = jvp(g, diffArgs, t1);
      const [, j2] = jvp(g, diffArgs, t2);
      const [, j12] = jvp(g, diffArgs, combined);
      const primal = worst(leafValues(y), leafValues(g(...diffArgs)), tol.atol, tol.rtol);
      if (primal !== null) throw lawError(law, `the primal output of jvp differs from f(...args): ${describe(primal)}`);
      const l1 = leafValues(j1);
      const l2 = leafValues(j2);
      const expected = l1.map((leaf, i) => leaf.map((v, k) => a * v + b * l2[i]![k]!));
      const d = worst(leafValues(j12), expected, tol.atol, tol.rtol);
      if (d !== null) throw lawError(law, `jvp(${a}·t₁ + ${b}·t₂) ≠ ${a}·jvp(t₁) + ${b}·jvp(t₂): ${describe(d)}`);
    }),
  );
}

/**
 * jacfwd(f) and jacrev(f) (pytrees in and out, every float argument at once) match central finite
 * differences element by element, and each other (jacrev only where every output is float).
 */
function jacobianMatchesFiniteDifferences(o: DerivativeLawOptions) {
  const law = "jacobianMatchesFiniteDifferences";
  return fc.property(o.args, (args) =>
    wrap(law, () => {
      const setup = derivativeSetup(args, o);
      if (setup === null) return;
      const { tol, g, diffArgs, indices } = setup;
      const argnums = diffArgs.map((_, k) => k);
      const inLeaves = leavesOf(diffArgs);
      const argOf = diffArgs.flatMap((a, k) => leavesOf(a).map(() => indices[k]!));
      const outLeaves = leavesOf(g(...diffArgs));
      const fwd = leafValues(jacfwd(g, { argnums })(...diffArgs));
      const allFloat = outLeaves.every((y) => isFloatDType(y.dtype));
      const rev = allFloat ? leafValues(jacrev(g, { argnums })(...diffArgs)) : null;
      // The flat leaves of the result run over output leaves, then the arguments' leaves.
      let counter = 0;
      inLeaves.forEach((x, i) => {
        for (let e = 0; e < x.size; e++) {
          const onehot = (leaf: unknown) => {
            const a = toArray(leaf);
            const vals = new Array<number>(a.size).fill(0);
            if (counter++ === i) vals[e] = 1;
            return np.reshape(np.array(vals, { dtype: a.dtype }), a.shape);
          };
          counter = 0;
          const t = tree.map(onehot, diffArgs);
          const numerical = numericalJvp(g, diffArgs, t, tol.eps);
          outLeaves.forEach((y, j) => {
            if (!isFloatDType(y.dtype)) return;
            const block = j * inLeaves.length + i;
            const column = (vals: number[]) => Array.from({ length: y.size }, (_, q) => vals[q * x.size + e]!);
            const where = `output leaf ${j}, input leaf ${i} (of argument ${argOf[i]}), element ${e}`;
            const dF = worst([column(fwd[block]!)], [numerical[j]!], tol.atol, tol.rtol);
            if (dF !== null) throw lawError(law, `jacfwd, ${where}: ${describe(dF)}`);
            if (rev !== null) {
              const dR = worst([column(rev[block]!)], [column(fwd[block]!)], tol.atol, tol.rtol);
              if (dR !== null) throw lawError(law, `jacrev vs jacfwd, ${where}: ${describe(dR)}`);
            }
          });
        }
      });
    }),
  );
}

/** Options of vmapMatchesLoop. */
export interface VmapLawOptions {
  f: Fn;
  /** Arbitrary of argument lists whose arguments all have a leading batch axis (of the same size). */
  args: fc.Arbitrary<any[]>;
  /** One entry per argument: 0 (mapped over its leading axis) or null (its first element passed unbatched). Default: every combination that maps at least one argument. */
  inAxes?: readonly (0 | null)[];
  atol?: number;
  rtol?: number;
}

const exactish = (args: unknown): Tolerance => {
  const all64 = leavesOf(args).every((x) => x.dtype === "float64" || !isFloatDType(x.dtype));
  return all64 ? { eps: 0, atol: 1e-10, rtol: 1e-10 } : { eps: 0, atol: 1e-5, rtol: 1e-5 };
};

function stackOutputs(outs: readonly unknown[]): unknown {
  const [first, def] = tree.flatten(outs[0]);
  const columns = first.map((_, i) => np.stack(outs.map((o) => leavesOf(o)[i]!), 0));
  return tree.unflatten(def, columns);
}

/** vmap(f) equals stacking f applied to each batch element, for every (or the given) 0/null inAxes combination. */
function vmapMatchesLoop(o: VmapLawOptions) {
  const law = "vmapMatchesLoop";
  return fc.property(o.args, (args) =>
    wrap(law, () => {
      const tol0 = exactish(args);
      const tol = { ...tol0, atol: o.atol ?? tol0.atol, rtol: o.rtol ?? tol0.rtol };
      const combos: (0 | null)[][] = o.inAxes
        ? [[...o.inAxes]]
        : Array.from({ length: (1 << args.length) - 1 }, (_, m) => args.map((_, i) => (((m + 1) >> i) & 1 ? 0 : null)));
      for (const axes of combos) {
        const size = leavesOf(args[axes.indexOf(0)])[0]?.shape[0];
        if (size === undefined) throw lawError(law, `argument ${axes.indexOf(0)} has no leading batch axis to map over.`);
        const at = (x: unknown, b: number) => tree.map((leaf: unknown) => np.take(toArray(leaf), b, 0), x);
        const callArgs = args.map((x, i) => (axes[i] === 0 ? x : at(x, 0)));
        const batched = vmap(o.f, { inAxes: axes })(...callArgs);
        const outs: unknown[] = [];
        for (let b = 0; b < size; b++) outs.push(o.f(...callArgs.map((x, i) => (axes[i] === 0 ? at(x, b) : x))));
        const looped = stackOutputs(outs);
        const label = `inAxes [${axes.map(String).join(", ")}]`;
        const shapes = sameShapes(batched, looped);
        if (shapes !== null) throw lawError(law, `${label}: vmap vs loop: ${shapes}`);
        const d = worst(leafValues(batched), leafValues(looped), tol.atol, tol.rtol);
        if (d !== null) throw lawError(law, `${label}: vmap vs loop: ${describe(d)}`);
      }
    }),
  );
}

/** Options of jitMatchesEager. */
export interface JitLawOptions {
  f: Fn;
  args: fc.Arbitrary<any[]>;
  atol?: number;
  rtol?: number;
}

/** jit(f) gives f's results (shapes, dtypes and values), on the first (tracing) and a cached call. */
function jitMatchesEager(o: JitLawOptions) {
  const law = "jitMatchesEager";
  return fc.property(o.args, (args) =>
    wrap(law, () => {
      const tol0 = exactish(args);
      const tol = { ...tol0, atol: o.atol ?? tol0.atol, rtol: o.rtol ?? tol0.rtol };
      const eager = o.f(...args);
      const jf = jit(o.f);
      for (const call of ["first", "cached"]) {
        const compiled = jf(...args);
        const shapes = sameShapes(compiled, eager);
        if (shapes !== null) throw lawError(law, `${call} call: jit vs eager: ${shapes}`);
        const dt = leavesOf(compiled).findIndex((x, i) => x.dtype !== leavesOf(eager)[i]!.dtype);
        if (dt >= 0) throw lawError(law, `${call} call: output leaf ${dt} is ${leavesOf(compiled)[dt]!.dtype} under jit but ${leavesOf(eager)[dt]!.dtype} eagerly`);
        const d = worst(leafValues(compiled), leafValues(eager), tol.atol, tol.rtol);
        if (d !== null) throw lawError(law, `${call} call: jit vs eager: ${describe(d)}`);
      }
    }),
  );
}

/** Options of treeFunctor. */
export interface TreeFunctorOptions {
  /** Arbitrary of pytrees. */
  tree: fc.Arbitrary<unknown>;
  /** Two leaf functions for the composition law (default: x ↦ x + 1 and x ↦ 2x, on numbers and arrays). */
  f?: (leaf: any) => unknown;
  g?: (leaf: any) => unknown;
}

const plusOne = (x: unknown): unknown => (typeof x === "number" ? x + 1 : x instanceof NDArray ? np.add(x, 1) : x);
const double = (x: unknown): unknown => (typeof x === "number" ? 2 * x : x instanceof NDArray ? np.mul(x, 2) : x);

function sameTree(a: unknown, b: unknown): string | null {
  const [la, da] = tree.flatten(a);
  const [lb, db] = tree.flatten(b);
  if (!da.equals(db)) return `structure ${da.toString()} vs ${db.toString()}`;
  for (let i = 0; i < la.length; i++) {
    const x = la[i];
    const y = lb[i];
    if (x instanceof NDArray && y instanceof NDArray) {
      const s = sameShapes(x, y);
      if (s !== null) return `leaf ${i}: ${s}`;
      const d = worst(leafValues(x), leafValues(y), 0, 0);
      if (d !== null) return `leaf ${i}: ${describe(d)}`;
    } else if (!Object.is(x, y)) return `leaf ${i}: ${String(x)} vs ${String(y)}`;
  }
  return null;
}

/** tree.map is a functor: map(id) = id and map(g ∘ f) = map(g) ∘ map(f), structure included. */
function treeFunctor(o: TreeFunctorOptions) {
  const law = "treeFunctor";
  const f = o.f ?? plusOne;
  const g = o.g ?? double;
  return fc.property(o.tree, (t) =>
    wrap(law, () => {
      const id = sameTree(tree.map((x: unknown) => x, t), t);
      if (id !== null) throw lawError(law, `identity: map(x ↦ x, t) differs from t: ${id}`);
      const comp = sameTree(
        tree.map((x: unknown) => g(f(x)), t),
        tree.map(g, tree.map(f, t)),
      );
      if (comp !== null) throw lawError(law, `composition: map(g ∘ f) differs from map(g) ∘ map(f): ${comp}`);
    }),
  );
}

/** The laws; each returns a fast-check property (run it with fc.assert, or `holds`/`itHolds`). */
export const laws = {
  gradMatchesFiniteDifferences,
  jvpMatchesFiniteDifferences,
  vjpIsTransposeOfJvp,
  jvpIsLinear,
  jacobianMatchesFiniteDifferences,
  vmapMatchesLoop,
  jitMatchesEager,
  treeFunctor,
};
