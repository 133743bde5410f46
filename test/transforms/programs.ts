/**
 * Random small programs for property tests of the transformations: a few np/nn steps over a pool
 * of float64 arrays (the inputs, closed-over constants and earlier results), taking pytrees of
 * arrays (with null leaves, scalars, zero-size and size-1 dims) and returning pytrees (with
 * duplicated outputs, inputs passed through and null leaves). Programs are built for fixed input
 * shapes, so they can also run per example under vmap.
 */
import type { NDArray } from "../../src/array/ndarray.js";
import * as nn from "../../src/nn/index.js";
import * as np from "../../src/numpy/index.js";
import { stopGradient } from "../../src/transforms/custom.js";

/** A seeded generator (mulberry32), so a failing seed replays. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    bool: (p = 0.5): boolean => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

export const f64 = (v: number | number[]): NDArray => np.array(v, { dtype: "float64" });

/** A float64 array of `shape` with entries in (−1, 1). */
export function randArray(r: Rng, shape: readonly number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return np.reshape(f64(Array.from({ length: n }, () => r.next() * 2 - 1)), [...shape]);
}

type Shape = readonly number[];
const broadcastable = (a: Shape, b: Shape): boolean => {
  for (let i = 1; i <= Math.max(a.length, b.length); i++) {
    const x = a[a.length - i] ?? 1;
    const y = b[b.length - i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return false;
  }
  return true;
};
const axisIn = (r: Rng, nd: number): number | null => (nd === 0 ? null : r.int(-nd, nd - 1));
const sizeAt = (s: Shape, axis: number): number => s[axis < 0 ? axis + s.length : axis]!;

interface OpDef {
  readonly arity: number;
  /** Params for operands of these shapes, or null when the op does not apply. */
  params(r: Rng, shapes: Shape[]): Record<string, unknown> | null;
  apply(xs: NDArray[], p: any): NDArray;
}
const unary = (apply: (x: NDArray) => NDArray): OpDef => ({ arity: 1, params: () => ({}), apply: ([x]) => apply(x!) });
const binary = (apply: (x: NDArray, y: NDArray) => NDArray): OpDef => ({ arity: 2, params: (_r, [a, b]) => (broadcastable(a!, b!) ? {} : null), apply: ([x, y]) => apply(x!, y!) });
const alongAxis = (apply: (x: NDArray, axis: number) => NDArray, nonEmpty = true): OpDef => ({
  arity: 1,
  params: (r, [a]) => {
    const axis = axisIn(r, a!.length);
    return axis === null || (nonEmpty && sizeAt(a!, axis) === 0) ? null : { axis };
  },
  apply: ([x], p) => apply(x!, p.axis),
});

/** The steps a program may take. All are smooth except where noted (kinks: maximum, relu, where). */
export const OPS: Record<string, OpDef> = {
  sin: unary(np.sin),
  tanh: unary(np.tanh),
  expScaled: unary((x) => np.exp(np.mul(x, 0.3))),
  log1pSquare: unary((x) => np.log1p(np.square(x))),
  method: unary((x) => x.mul(2).add(1)),
  sigmoid: unary(nn.sigmoid),
  softplus: unary(nn.softplus),
  // Value and derivative of sin(x), with stopGradient on both paths.
  stopped: unary((x) => np.add(np.sub(np.sin(x), stopGradient(np.sin(x))), stopGradient(np.sin(x)))),
  powHalf: unary((x) => np.pow(np.add(np.square(x), 0.5), 1.5)),
  relu: unary(nn.relu),
  add: binary(np.add),
  sub: binary(np.sub),
  mul: binary(np.mul),
  divSafe: binary((x, y) => np.div(x, np.add(1, np.square(y)))),
  maximum: binary(np.maximum),
  whereGreater: binary((x, y) => np.where(np.greater(x, y), np.sin(x), np.mul(y, y))),
  sum: { arity: 1, params: (r, [a]) => ({ axis: r.bool(0.3) ? null : axisIn(r, a!.length), keepdims: r.bool() }), apply: ([x], p) => np.sum(x!, p) },
  mean: alongAxis((x, axis) => np.mean(x, axis)),
  max: alongAxis((x, axis) => np.max(x, axis)),
  logsumexp: alongAxis((x, axis) => nn.logsumexp(x, axis)),
  softmax: alongAxis((x, axis) => nn.softmax(x, axis), false),
  cumsum: alongAxis((x, axis) => np.cumsum(x, axis), false),
  concat: alongAxis((x, axis) => np.concatenate([x, np.sin(x)], axis), false),
  reverse: { arity: 1, params: (_r, [a]) => (a!.length === 0 ? null : {}), apply: ([x]) => np.slice(x!, [null, null, -1]) },
  flatten: unary((x) => np.reshape(x, [-1])),
  transpose: unary((x) => np.transpose(x)),
  expandDims: { arity: 1, params: (r, [a]) => (a!.length >= 3 ? null : { axis: r.int(-a!.length - 1, a!.length) }), apply: ([x], p) => np.expandDims(x!, p.axis) },
  take: {
    arity: 1,
    params: (r, [a]) => {
      const axis = axisIn(r, a!.length);
      if (axis === null || sizeAt(a!, axis) === 0) return null;
      return { axis, idx: Array.from({ length: r.int(0, 3) }, () => r.int(-sizeAt(a!, axis), sizeAt(a!, axis) - 1)) };
    },
    apply: ([x], p) => np.take(x!, np.array(p.idx, { dtype: "int32" }), p.axis),
  },
  broadcast: { arity: 1, params: (r, [a]) => (a!.length >= 3 ? null : { lead: r.int(0, 2) }), apply: ([x], p) => np.broadcastTo(x!, [p.lead, ...x!.shape]) },
  stack: { arity: 2, params: (r, [a, b]) => (a!.length === b!.length && a!.every((d, i) => d === b![i]) && a!.length < 3 ? { axis: r.int(-a!.length - 1, a!.length) } : null), apply: ([x, y], p) => np.stack([x!, y!], p.axis) },
  matmul: { arity: 2, params: (_r, [a, b]) => (a!.length === 2 && b!.length === 2 && a![1] === b![0] ? {} : null), apply: ([x, y]) => np.matmul(x!, y!) },
  dense: {
    arity: 1,
    params: (r, [a]) => (a!.length === 1 || a!.length === 2 ? { out: r.int(1, 3), seed: r.int(0, 1e9) } : null),
    apply: ([x], p) => {
      const rr = rng(p.seed);
      const din = x!.shape[x!.ndim - 1]!;
      return nn.dense({ w: randArray(rr, [din, p.out]), b: randArray(rr, [p.out]) }, x!);
    },
  },
};
const KINKS = new Set(["relu", "maximum", "whereGreater", "max"]);

/** Where an output leaf comes from: a pool slot, a list, an object, or a null leaf. */
export type OutSpec = { kind: "slot"; i: number } | { kind: "list"; items: OutSpec[] } | { kind: "dict"; entries: [string, OutSpec][] } | { kind: "null" };

export interface Program {
  readonly steps: { op: string; ins: number[]; p: unknown }[];
  readonly consts: NDArray[];
  readonly out: OutSpec;
  /** No step with a kink (finite differences apply everywhere). */
  readonly smooth: boolean;
  readonly desc: string;
}

function buildOut(spec: OutSpec, pool: readonly NDArray[]): unknown {
  if (spec.kind === "slot") return pool[spec.i]!;
  if (spec.kind === "list") return spec.items.map((s) => buildOut(s, pool));
  if (spec.kind === "dict") return Object.fromEntries(spec.entries.map(([k, s]) => [k, buildOut(s, pool)]));
  return null;
}

/** Runs the program on its flat inputs. */
export function runFlat(prog: Program, inputs: readonly NDArray[]): unknown {
  const pool: NDArray[] = [...inputs, ...prog.consts];
  for (const s of prog.steps) pool.push(OPS[s.op]!.apply(s.ins.map((i) => pool[i]!), s.p));
  return buildOut(prog.out, pool);
}

/** A random program for inputs of these shapes (shapes of steps found by running them on zeros). */
export function genProgram(r: Rng, inShapes: Shape[], smoothOnly = false): Program {
  const names = Object.keys(OPS).filter((n) => !smoothOnly || !KINKS.has(n));
  const consts = Array.from({ length: r.int(0, 2) }, () => randArray(r, r.pick([[], inShapes[0] ?? [], [1]])));
  const shapes: Shape[] = [...inShapes, ...consts.map((c) => c.shape)];
  const steps: Program["steps"] = [];
  const nSteps = r.int(1, 6);
  for (let tries = 0; steps.length < nSteps && tries < 200; tries++) {
    const op = r.pick(names);
    const def = OPS[op]!;
    // Prefer recent values, so that steps chain.
    const ins = Array.from({ length: def.arity }, () => (r.bool(0.6) ? shapes.length - 1 - r.int(0, Math.min(2, shapes.length - 1)) : r.int(0, shapes.length - 1)));
    const p = def.params(r, ins.map((i) => shapes[i]!));
    if (p === null) continue;
    let shape: Shape;
    try {
      shape = def.apply(ins.map((i) => np.zeros([...shapes[i]!], { dtype: "float64" })), p).shape;
    } catch {
      continue;
    }
    if (shape.length > 4 || shape.reduce((a, b) => a * b, 1) > 64) continue;
    steps.push({ op, ins, p });
    shapes.push(shape);
  }
  const slot = (): OutSpec => ({ kind: "slot", i: r.bool(0.7) ? shapes.length - 1 - r.int(0, Math.min(1, shapes.length - 1)) : r.int(0, shapes.length - 1) });
  const u = r.next();
  const out: OutSpec =
    u < 0.45
      ? slot()
      : u < 0.65
        ? { kind: "list", items: [slot(), slot()] }
        : { kind: "dict", entries: [["a", slot()], ["b", { kind: "list", items: [slot(), ...(r.bool() ? [{ kind: "null" } as const] : [])] }]] };
  const smooth = steps.every((s) => !KINKS.has(s.op));
  const desc = `in ${JSON.stringify(inShapes)} consts ${JSON.stringify(consts.map((c) => c.shape))} steps ${steps.map((s) => `${s.op}(${s.ins.join(",")} ${JSON.stringify(s.p)})`).join(" ")} out ${JSON.stringify(out)}`;
  return { steps, consts, out, smooth, desc };
}

/** The structure of one positional argument: an array, null, or a small object/list of them. */
export type ArgSpec = { kind: "leaf" } | { kind: "none" } | { kind: "dict"; keys: string[]; children: ArgSpec[] } | { kind: "list"; children: ArgSpec[] };

export function countLeaves(s: ArgSpec): number {
  return s.kind === "leaf" ? 1 : s.kind === "none" ? 0 : s.children.reduce((a, c) => a + countLeaves(c), 0);
}

function genArgSpec(r: Rng, depth = 0): ArgSpec {
  const u = r.next();
  if (depth >= 2 || u < 0.55) return { kind: "leaf" };
  if (u < 0.62) return { kind: "none" };
  // Keys in sorted order, so that building from leaves matches tree.flatten's order.
  if (u < 0.82) {
    const n = r.int(1, 2);
    return { kind: "dict", keys: ["a", "b"].slice(0, n), children: Array.from({ length: n }, () => genArgSpec(r, depth + 1)) };
  }
  return { kind: "list", children: Array.from({ length: r.int(1, 2) }, () => genArgSpec(r, depth + 1)) };
}

/** The pytree of `s` over `leaves` (consumed in flatten order from `k.i`). */
export function buildArg(s: ArgSpec, leaves: readonly unknown[], k: { i: number }): unknown {
  if (s.kind === "leaf") return leaves[k.i++];
  if (s.kind === "none") return null;
  if (s.kind === "dict") return Object.fromEntries(s.keys.map((key, j) => [key, buildArg(s.children[j]!, leaves, k)]));
  return s.children.map((c) => buildArg(c, leaves, k));
}

function flattenBySpec(s: ArgSpec, x: any, out: NDArray[]): void {
  if (s.kind === "leaf") out.push(x as NDArray);
  else if (s.kind === "dict") s.keys.forEach((k, j) => flattenBySpec(s.children[j]!, x[k], out));
  else if (s.kind === "list") s.children.forEach((c, j) => flattenBySpec(c, x[j], out));
}

export const SHAPES: Shape[] = [[], [1], [2], [3], [2, 3], [3, 2], [1, 3], [2, 1], [0], [2, 0], [2, 2], [1, 1, 2]];

/** A random case: argument structures, leaf shapes, a program `f` over pytree arguments, and arguments. */
export interface Case {
  readonly specs: ArgSpec[];
  readonly shapes: Shape[];
  readonly prog: Program;
  readonly leaves: NDArray[];
  readonly f: (...args: unknown[]) => unknown;
  readonly args: unknown[];
}

export function genCase(r: Rng, o: { noZeroSize?: boolean } = {}): Case {
  const specs = Array.from({ length: r.int(1, 3) }, () => genArgSpec(r));
  if (specs.every((s) => countLeaves(s) === 0)) specs[0] = { kind: "leaf" };
  const pool = SHAPES.filter((s) => !o.noZeroSize || !s.includes(0));
  const base = r.pick(pool);
  const shapes = Array.from({ length: specs.reduce((a, s) => a + countLeaves(s), 0) }, () => (r.bool(0.6) ? base : r.pick(pool)));
  const prog = genProgram(r, shapes);
  const leaves = shapes.map((s) => randArray(r, s));
  // f walks its arguments by their specs, so the program does not depend on tree.flatten.
  const f = (...args: unknown[]): unknown => {
    const flat: NDArray[] = [];
    args.forEach((a, i) => flattenBySpec(specs[i]!, a, flat));
    return runFlat(prog, flat);
  };
  const k = { i: 0 };
  return { specs, shapes, prog, leaves, f, args: specs.map((s) => buildArg(s, leaves, k)) };
}
