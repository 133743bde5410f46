/**
 * Property tests of the transformations on random programs (test/transforms/programs.ts) over
 * pytrees of float64 arrays, each against an independent reference:
 * - jit and makeJaxpr/evalJaxpr against eager: bit-exact (NaN-aware), first and cached call;
 * - grad, valueAndGrad, jacrev, jacfwd, grad(jit), jit(grad) against central finite differences;
 *   jvp against the directional difference; vjp against jvp (⟨ct, J t⟩ = ⟨Jᵀ ct, t⟩); linearize
 *   (applied twice) against jvp;
 * - vmap, vmap(jit), jit(vmap) against a loop and a stack, for random inAxes (numbers, negative
 *   axes, null, full pytrees of axes) and outAxes, batch sizes 0 to 3: bit-exact;
 * - vmap(grad), grad(vmap), vmap(vmap) against loops; closures over the arrays of an enclosing
 *   transformation (grad/jvp/vmap/jit/linearize/vjp nested both ways) against loops.
 * Failures print the seed; programs replay from it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import { evalJaxpr } from "../../src/core/jaxpr.js";
import * as np from "../../src/numpy/index.js";
import * as tree from "../../src/tree/index.js";
import { jacfwd, jacrev } from "../../src/transforms/jacobian.js";
import { jit, makeJaxpr } from "../../src/transforms/jit.js";
import { jvp } from "../../src/transforms/jvp.js";
import { grad, linearize, valueAndGrad, vjp } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";
import { buildArg, countLeaves, f64, genCase, genProgram, randArray, rng, runFlat, SHAPES, type Case, type Rng } from "./programs.js";

const leaves = (x: unknown) => tree.leaves(x) as NDArray[];
const vals = (x: NDArray) => Array.from(x.data() as ArrayLike<number>);

/** null when x and y have the same structure, dtypes, shapes and values (within `tol`; 0: bit-exact, NaN = NaN), else what differs. */
function differ(x: unknown, y: unknown, tol: number): string | null {
  const sx = tree.structure(x).toString();
  const sy = tree.structure(y).toString();
  if (sx !== sy) return `structure ${sx} vs ${sy}`;
  const lx = leaves(x);
  const ly = leaves(y);
  for (let i = 0; i < lx.length; i++) {
    const a = lx[i]!;
    const b = ly[i]!;
    if (a.dtype !== b.dtype || a.shape.join() !== b.shape.join()) return `leaf ${i}: ${a.dtype}[${a.shape}] vs ${b.dtype}[${b.shape}]`;
    const va = vals(a);
    const vb = vals(b);
    for (let k = 0; k < va.length; k++) {
      const u = va[k]!;
      const v = vb[k]!;
      const same = tol === 0 ? Object.is(u, v) : Math.abs(u - v) <= tol * (1 + Math.abs(u) + Math.abs(v));
      if (!same && !(Number.isNaN(u) && Number.isNaN(v))) return `leaf ${i}[${k}]: ${u} vs ${v}`;
    }
  }
  return null;
}

/** Runs `body` for `runs` random seeds; collects problems (with the seed and program) and expects none. */
function forSeeds(runs: number, body: (r: Rng, problems: string[]) => void): void {
  const problems: string[] = [];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const before = problems.length;
      body(rng(seed), problems);
      for (let i = before; i < problems.length; i++) problems[i] = `seed ${seed}: ${problems[i]}`;
    }),
    { numRuns: runs },
  );
  expect(problems.slice(0, 3)).toEqual([]);
}

/** Compares `got()` with `want()`, recording a mismatch or an error under `name`. */
function check(problems: string[], name: string, got: () => unknown, want: () => unknown, tol: number, desc: string): void {
  const expected = want();
  try {
    const d = differ(got(), expected, tol);
    if (d !== null) problems.push(`${name}: ${d} :: ${desc}`);
  } catch (e) {
    problems.push(`${name} threw ${(e as Error).message.slice(0, 200)} :: ${desc}`);
  }
}

/** The weighted sum of every output leaf: a scalar loss whose gradient sees every output. */
function lossOf(c: Case, r: Rng): (...args: unknown[]) => NDArray {
  const weights = leaves(c.f(...c.args)).map((o) => randArray(r, o.shape));
  return (...args) => leaves(c.f(...args)).reduce((s: NDArray, l, i) => np.add(s, np.sum(np.mul(l, weights[i]!))), f64(0));
}

const rebuild = (c: Case, flat: readonly NDArray[]): unknown[] => {
  const k = { i: 0 };
  return c.specs.map((s) => buildArg(s, flat, k));
};

describe("random programs", () => {
  it("jit and makeJaxpr/evalJaxpr equal eager, bit for bit", () => {
    forSeeds(100, (r, problems) => {
      const c = genCase(r);
      const eager = c.f(...c.args);
      const jf = jit(c.f);
      check(problems, "jit", () => jf(...c.args), () => eager, 0, c.prog.desc);
      check(problems, "jit (cached)", () => jf(...c.args), () => eager, 0, c.prog.desc);
      const outs = () => evalJaxpr(makeJaxpr(c.f)(...c.args).jaxpr, leaves(c.args));
      check(problems, "evalJaxpr(makeJaxpr)", outs, () => leaves(eager), 0, c.prog.desc);
    });
  });

  it("derivatives agree with finite differences, and the modes agree with each other", () => {
    forSeeds(60, (r, problems) => {
      const c = genCase(r);
      const loss = lossOf(c, r);
      const flat = leaves(c.args);
      if (flat.reduce((s, x) => s + x.size, 0) > 12) return;
      const h = 1e-5;
      const at = (li: number, e: number, d: number) => rebuild(c, flat.map((y, j) => (j === li ? np.reshape(f64(vals(y).map((v, k) => (k === e ? v + d : v))), y.shape) : y)));
      const fdWith = (step: number) => flat.map((x, li) => vals(x).map((_, e) => ((loss(...at(li, e, step)).item() as number) - (loss(...at(li, e, -step)).item() as number)) / (2 * step)));
      const fd = fdWith(h);
      // Near a kink the two steps disagree: finite differences do not apply there.
      if (!c.prog.smooth && differ(fd.flat().map((v) => f64(v)), fdWith(h / 4).flat().map((v) => f64(v)), 1e-6) !== null) return;
      const fdTree = tree.unflatten(tree.structure(c.args), flat.map((x, i) => np.reshape(f64(fd[i]!), x.shape)));
      const argnums = c.args.map((_, i) => i);
      const d = c.prog.desc;
      check(problems, "grad", () => grad(loss, { argnums })(...c.args), () => fdTree, 1e-6, d);
      check(problems, "grad(jit)", () => grad(jit(loss), { argnums })(...c.args), () => fdTree, 1e-6, d);
      check(problems, "jit(grad)", () => jit(grad(loss, { argnums }))(...c.args), () => fdTree, 1e-6, d);
      check(problems, "valueAndGrad", () => valueAndGrad(loss, { argnums })(...c.args), () => [loss(...c.args), fdTree], 1e-6, d);
      check(problems, "jacrev", () => jacrev(loss, { argnums })(...c.args), () => fdTree, 1e-6, d);
      check(problems, "jacfwd", () => jacfwd(loss, { argnums })(...c.args), () => fdTree, 1e-6, d);
      const ts = flat.map((x) => randArray(r, x.shape));
      const tArgs = rebuild(c, ts);
      const directional = fd.reduce((s, row, i) => s + row.reduce((u, g, e) => u + g * vals(ts[i]!)[e]!, 0), 0);
      check(problems, "jvp", () => jvp(loss, c.args, tArgs)[1], () => f64(directional), 1e-6, d);
      const [y, dy] = jvp(c.f, c.args, tArgs);
      const lin = linearize(c.f, ...c.args);
      check(problems, "linearize primal", () => lin[0], () => y, 0, d);
      check(problems, "linearize", () => lin[1](...tArgs), () => dy, 1e-12, d);
      check(problems, "linearize again", () => lin[1](...tArgs), () => dy, 1e-12, d);
      const [yv, pull] = vjp(c.f, ...c.args);
      const ct = leaves(yv).map((l) => randArray(r, l.shape));
      const cts = leaves(pull(tree.unflatten(tree.structure(yv), ct)));
      const dot = (as: NDArray[], bs: NDArray[]) => as.reduce((s, a, i) => s + vals(a).reduce((u, v, k) => u + v * vals(bs[i]!)[k]!, 0), 0);
      check(problems, "vjp vs jvp (dot test)", () => f64(dot(cts, ts)), () => f64(dot(leaves(dy), ct)), 1e-9, d);
    });
  });
});

/** Random inAxes for a case: per argument null, one axis (maybe negative), or a full pytree of axes. */
function genInAxes(r: Rng, c: Case): { perLeaf: (number | null)[]; opt: unknown[] } {
  const perLeaf: (number | null)[] = [];
  const opt: unknown[] = [];
  const axisFor = (nd: number) => (r.bool() ? r.int(0, nd) : r.int(-(nd + 1), -1));
  const norm = (a: number, nd: number) => (a < 0 ? a + nd : a);
  let li = 0;
  for (const spec of c.specs) {
    const shapes = c.shapes.slice(li, li + countLeaves(spec));
    li += shapes.length;
    const u = r.next();
    if (u < 0.25) {
      opt.push(null);
      shapes.forEach(() => perLeaf.push(null));
    } else if (u < 0.6 || spec.kind !== "dict") {
      const a = axisFor(Math.min(4, ...shapes.map((s) => s.length)));
      opt.push(a);
      shapes.forEach((s) => perLeaf.push(norm(a, s.length + 1)));
    } else {
      const axes = shapes.map((s) => (r.bool(0.2) ? null : axisFor(s.length)));
      opt.push(buildArg(spec, axes, { i: 0 }));
      shapes.forEach((s, j) => perLeaf.push(axes[j] === null ? null : norm(axes[j]!, s.length + 1)));
    }
  }
  return { perLeaf, opt };
}

const stackAt = (xs: NDArray[], axis: number, like: NDArray): NDArray => {
  if (xs.length > 0) return np.stack(xs, axis);
  const shape = [...like.shape];
  shape.splice(axis, 0, 0);
  return np.zeros(shape, { dtype: like.dtype });
};

/** A batched call for a case: its arguments, each example's arguments, and random outAxes for an output like `like`. */
function batch(r: Rng, c: Case) {
  const B = r.pick([0, 1, 2, 3]);
  const { perLeaf, opt: inAxes } = genInAxes(r, c);
  const examples = Array.from({ length: B }, () => c.shapes.map((s) => randArray(r, s)));
  const argsOf = (b: number) => rebuild(c, c.leaves.map((l, i) => (perLeaf[i] === null ? l : examples[b]![i]!)));
  const batched = rebuild(c, perLeaf.map((a, i) => (a === null ? c.leaves[i]! : stackAt(examples.map((e) => e[i]!), a, c.leaves[i]!))));
  const outAxesFor = (like: unknown) => {
    const ls = leaves(like);
    if (r.bool() || ls.length === 0) {
      const a = r.int(-(Math.min(4, ...ls.map((l) => l.ndim)) + 1), Math.min(4, ...ls.map((l) => l.ndim)));
      return { outAxes: a as unknown, per: ls.map((l) => (a < 0 ? a + l.ndim + 1 : a)) };
    }
    const per = ls.map((l) => r.int(0, l.ndim));
    return { outAxes: tree.unflatten(tree.structure(like), per), per };
  };
  const loop = (f: (...a: unknown[]) => unknown, per: number[], like: unknown) => {
    const outs = Array.from({ length: B }, (_, b) => leaves(f(...argsOf(b))));
    return tree.unflatten(tree.structure(like), leaves(like).map((l, i) => stackAt(outs.map((o) => o[i]!), per[i]!, l)));
  };
  return { B, perLeaf, inAxes, argsOf, batched, outAxesFor, loop, mapped: perLeaf.some((a) => a !== null) };
}

describe("random programs under vmap", () => {
  it("vmap, vmap(jit) and jit(vmap) equal a loop and a stack, bit for bit", () => {
    forSeeds(120, (r, problems) => {
      const c = genCase(r);
      const b = batch(r, c);
      if (!b.mapped) return;
      const { outAxes, per } = b.outAxesFor(c.f(...c.args));
      const d = `B=${b.B} inAxes ${JSON.stringify(b.inAxes)} outAxes ${JSON.stringify(outAxes)} :: ${c.prog.desc}`;
      const want = () => b.loop(c.f, per, c.f(...c.args));
      const opts = { inAxes: b.inAxes, outAxes };
      check(problems, "vmap", () => vmap(c.f, opts)(...b.batched), want, 0, d);
      check(problems, "vmap(jit)", () => vmap(jit(c.f), opts)(...b.batched), want, 0, d);
      check(problems, "jit(vmap)", () => jit(vmap(c.f, opts))(...b.batched), want, 0, d);
    });
  });

  it("vmap(grad), grad(vmap), grad(vmap(jit)) and vmap(vmap) equal loops", () => {
    forSeeds(50, (r, problems) => {
      const c = genCase(r);
      const loss = lossOf(c, r);
      const argnums = c.args.map((_, i) => i);
      const g = grad(loss, { argnums });
      const b = batch(r, c);
      if (!b.mapped) return;
      const d = `B=${b.B} inAxes ${JSON.stringify(b.inAxes)} :: ${c.prog.desc}`;
      const g0 = g(...c.args);
      const { outAxes, per } = b.outAxesFor(g0);
      check(problems, "vmap(grad)", () => vmap(g, { inAxes: b.inAxes, outAxes })(...b.batched), () => b.loop(g, per, g0), 1e-12, d);
      // Mapped leaves get the per-example gradients stacked; unmapped ones their sum.
      const summed = () => {
        const grads = Array.from({ length: b.B }, (_, k) => leaves(g(...b.argsOf(k))));
        return rebuild(c, c.leaves.map((l, i) => (b.perLeaf[i] === null ? grads.reduce((s, gr) => np.add(s, gr[i]!), np.zerosLike(l)) : stackAt(grads.map((gr) => gr[i]!), b.perLeaf[i]!, l))));
      };
      check(problems, "grad(vmap)", () => grad((...a: unknown[]) => np.sum(vmap(loss, { inAxes: b.inAxes })(...a)), { argnums })(...b.batched), summed, 1e-10, d);
      check(problems, "grad(vmap(jit))", () => grad((...a: unknown[]) => np.sum(vmap(jit(loss), { inAxes: b.inAxes })(...a)), { argnums })(...b.batched), summed, 1e-10, d);
      // An outer vmap over a new last axis of every mapped leaf, with the inner axes as before.
      if (b.inAxes.some((a) => a !== null && typeof a !== "number")) return;
      const inner = vmap(c.f, { inAxes: b.inAxes });
      const twice = rebuild(c, leaves(b.batched).map((x, i) => (b.perLeaf[i] === null ? x : np.stack([x, np.sin(x)], -1))));
      const second = rebuild(c, leaves(b.batched).map((x, i) => (b.perLeaf[i] === null ? x : np.sin(x))));
      check(problems, "vmap(vmap)", () => vmap(inner, { inAxes: b.inAxes.map((a) => (a === null ? null : -1)) })(...twice), () => {
        const o1 = leaves(inner(...b.batched));
        const o2 = leaves(inner(...second));
        return tree.unflatten(tree.structure(inner(...b.batched)), o1.map((o, i) => np.stack([o, o2[i]!], 0)));
      }, 0, d);
    });
  });

  it("closures over the arrays of an enclosing transformation, nested both ways, equal loops", () => {
    forSeeds(40, (r, problems) => {
      const pool = SHAPES.filter((s) => !s.includes(0));
      const sa = r.pick(pool);
      const sb = r.pick(pool);
      const prog = genProgram(r, [sa, sb]);
      const weights = leaves(runFlat(prog, [randArray(r, sa), randArray(r, sb)])).map((l) => randArray(r, l.shape));
      const f = (a: NDArray, b: NDArray): NDArray => leaves(runFlat(prog, [a, b])).reduce((s: NDArray, l, i) => np.add(s, np.sum(np.mul(l, weights[i]!))), f64(0));
      const a = randArray(r, sa);
      const bs = Array.from({ length: r.int(1, 3) }, () => randArray(r, sb));
      const stacked = np.stack(bs, 0);
      const ga = (b: NDArray) => grad((x: NDArray) => f(x, b))(a);
      const gb = (b: NDArray) => grad((y: NDArray) => f(a, y))(b);
      const sumOver = (xs: NDArray[]) => xs.reduce((s, x) => np.add(s, x));
      const t = randArray(r, sa);
      const d = prog.desc;
      check(problems, "grad_a Σ vmap_b", () => grad((x: NDArray) => np.sum(vmap((y: NDArray) => f(x, y))(stacked)))(a), () => sumOver(bs.map(ga)), 1e-10, d);
      check(problems, "grad_a Σ jit(vmap_b)", () => grad((x: NDArray) => np.sum(jit(vmap((y: NDArray) => f(x, y)))(stacked)))(a), () => sumOver(bs.map(ga)), 1e-10, d);
      check(problems, "vmap_b grad_a", () => vmap((y: NDArray) => grad((x: NDArray) => f(x, y))(a))(stacked), () => np.stack(bs.map(ga), 0), 1e-12, d);
      check(problems, "vmap_b grad_b", () => vmap((y: NDArray) => grad((z: NDArray) => f(a, z))(y))(stacked), () => np.stack(bs.map(gb), 0), 1e-12, d);
      check(problems, "grad_a jit_b", () => grad((x: NDArray) => jit((y: NDArray) => f(x, y))(bs[0]!))(a), () => ga(bs[0]!), 1e-12, d);
      check(problems, "jvp_a vmap_b", () => jvp((x: NDArray) => vmap((y: NDArray) => f(x, y))(stacked), [a], [t])[1], () => np.stack(bs.map((b) => jvp((x: NDArray) => f(x, b), [a], [t])[1]), 0), 1e-12, d);
      check(problems, "vmap_b jvp_a", () => vmap((y: NDArray) => jvp((x: NDArray) => f(x, y), [a], [t])[1])(stacked), () => np.stack(bs.map((b) => jvp((x: NDArray) => f(x, b), [a], [t])[1]), 0), 1e-12, d);
      check(problems, "vmap_b linearize_a", () => vmap((y: NDArray) => linearize((x: NDArray) => f(x, y), a)[1](t))(stacked), () => np.stack(bs.map((b) => jvp((x: NDArray) => f(x, b), [a], [t])[1]), 0), 1e-12, d);
      check(problems, "vmap_b vjp_a", () => vmap((y: NDArray) => vjp((x: NDArray) => f(x, y), a)[1](f64(1))[0])(stacked), () => np.stack(bs.map(ga), 0), 1e-12, d);
      check(problems, "vmap_a vmap_b", () => vmap((x: NDArray) => vmap((y: NDArray) => f(x, y))(stacked))(np.stack([a, np.sin(a)], 0)), () => np.stack([a, np.sin(a)].map((x) => np.stack(bs.map((b) => f(x, b)), 0)), 0), 0, d);
    });
  });
});
