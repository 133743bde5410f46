/**
 * Parameter initialisers, each `(key, shape, opts?)` → a fresh array (float32 unless `opts.dtype`).
 * Fans: a weight [in, out] has fanIn = in, fanOut = out; a conv weight [outC, inC, kh, kw] has
 * fanIn = inC·kh·kw, fanOut = outC·kh·kw; a vector [n] has fanIn = fanOut = n. Override with
 * `opts.fanIn` / `opts.fanOut`.
 */
import type { NDArray } from "../array/ndarray.js";
import { ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import { checkKey, checkShape } from "../random/check.js";
import * as random from "../random/index.js";

/** Options of every initialiser. */
export interface InitOptions {
  dtype?: "float32" | "float64";
  fanIn?: number;
  fanOut?: number;
}

/** An initialiser: key and shape to a fresh parameter array. */
export type Initializer = (key: NDArray, shape: readonly number[], opts?: InitOptions) => NDArray;

const INIT_KEYS = ["dtype", "fanIn", "fanOut"] as const;

/** Checks the arguments every initialiser takes; returns the shape and the options (never undefined). */
function args<O extends InitOptions>(op: string, key: unknown, shape: unknown, opts: O | undefined, extra: readonly string[] = []): [number[], O] {
  checkKey(op, key);
  const s = checkShape(op, shape);
  checkOptions(op, opts, [...INIT_KEYS, ...extra]);
  const o = (opts ?? {}) as O;
  if (o.dtype !== undefined && o.dtype !== "float32" && o.dtype !== "float64") {
    throw new ValueError(op, `dtype must be "float32" or "float64", got ${typeof o.dtype === "string" ? JSON.stringify(o.dtype) : describe(o.dtype)}.`);
  }
  for (const name of ["fanIn", "fanOut", ...extra] as const) {
    const v = (o as Record<string, unknown>)[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v))) throw new ValueError(op, `${name} must be a finite number, got ${describe(v)}.`);
  }
  const stddev = (o as { stddev?: number }).stddev;
  if (stddev !== undefined && stddev < 0) throw new ValueError(op, `stddev must be ≥ 0, got ${stddev}.`);
  return [s, o];
}

function fans(shape: readonly number[], opts: InitOptions, op: string): [number, number] {
  let fanIn: number;
  let fanOut: number;
  if (shape.length === 0) [fanIn, fanOut] = [1, 1];
  else if (shape.length === 1) [fanIn, fanOut] = [shape[0]!, shape[0]!];
  else if (shape.length === 2) [fanIn, fanOut] = [shape[0]!, shape[1]!];
  else {
    const rf = shape.slice(2).reduce((a, b) => a * b, 1);
    [fanIn, fanOut] = [shape[1]! * rf, shape[0]! * rf];
  }
  fanIn = opts.fanIn ?? fanIn;
  fanOut = opts.fanOut ?? fanOut;
  if (!(fanIn > 0 && fanOut > 0)) throw new ValueError(op, `shape [${shape.join(", ")}] has fanIn ${fanIn} and fanOut ${fanOut}; both must be positive (pass opts.fanIn / opts.fanOut).`);
  return [fanIn, fanOut];
}

const dt = (opts: InitOptions): { dtype: "float32" | "float64" } => ({ dtype: opts.dtype ?? "float32" });
const symmetricUniform = (key: NDArray, shape: readonly number[], limit: number, opts: InitOptions): NDArray =>
  random.uniform(key, [...shape], { ...dt(opts), minval: -limit, maxval: limit });

/** Glorot/Xavier uniform: U(−a, a), a = √(6 / (fanIn + fanOut)). @example nn.init.glorotUniform(random.key(0), [784, 256]) */
export function glorotUniform(key: NDArray, shape: readonly number[], opts: InitOptions = {}): NDArray {
  const op = "nn.init.glorotUniform";
  [shape, opts] = args(op, key, shape, opts);
  const [fi, fo] = fans(shape, opts, op);
  return symmetricUniform(key, shape, Math.sqrt(6 / (fi + fo)), opts);
}

/** Glorot/Xavier normal: N(0, 2 / (fanIn + fanOut)) (untruncated). @example nn.init.glorotNormal(random.key(0), [784, 256]) */
export function glorotNormal(key: NDArray, shape: readonly number[], opts: InitOptions = {}): NDArray {
  const op = "nn.init.glorotNormal";
  [shape, opts] = args(op, key, shape, opts);
  const [fi, fo] = fans(shape, opts, op);
  return np.mul(random.normal(key, [...shape], dt(opts)), Math.sqrt(2 / (fi + fo)));
}

/** He/Kaiming uniform (for ReLU): U(−a, a), a = √(6 / fanIn). @example nn.init.heUniform(random.key(0), [8, 3, 3, 3]) */
export function heUniform(key: NDArray, shape: readonly number[], opts: InitOptions = {}): NDArray {
  const op = "nn.init.heUniform";
  [shape, opts] = args(op, key, shape, opts);
  const [fi] = fans(shape, opts, op);
  return symmetricUniform(key, shape, Math.sqrt(6 / fi), opts);
}

/** He/Kaiming normal (for ReLU): N(0, 2 / fanIn) (untruncated). @example nn.init.heNormal(random.key(0), [784, 256]) */
export function heNormal(key: NDArray, shape: readonly number[], opts: InitOptions = {}): NDArray {
  const op = "nn.init.heNormal";
  [shape, opts] = args(op, key, shape, opts);
  const [fi] = fans(shape, opts, op);
  return np.mul(random.normal(key, [...shape], dt(opts)), Math.sqrt(2 / fi));
}

/** U(minval, maxval), by default U(0, 0.01) as JAX's `uniform(scale=1e-2)`. @example nn.init.uniform(random.key(0), [3], { minval: -1, maxval: 1 }) */
export function uniform(key: NDArray, shape: readonly number[], opts: InitOptions & { minval?: number; maxval?: number } = {}): NDArray {
  [shape, opts] = args("nn.init.uniform", key, shape, opts, ["minval", "maxval"]);
  return random.uniform(key, [...shape], { ...dt(opts), minval: opts.minval ?? 0, maxval: opts.maxval ?? 0.01 });
}

/** N(0, stddev²), stddev 0.01 by default (JAX's `normal()`). @example nn.init.normal(random.key(0), [3], { stddev: 0.1 }) */
export function normal(key: NDArray, shape: readonly number[], opts: InitOptions & { stddev?: number } = {}): NDArray {
  [shape, opts] = args("nn.init.normal", key, shape, opts, ["stddev"]);
  return np.mul(random.normal(key, [...shape], dt(opts)), opts.stddev ?? 0.01);
}

/** Zeros (the key is checked but not used: the signature matches the others). @example nn.init.zeros(random.key(0), [10]) */
export function zeros(key: NDArray, shape: readonly number[], opts: InitOptions = {}): NDArray {
  [shape, opts] = args("nn.init.zeros", key, shape, opts);
  return np.zeros([...shape], dt(opts));
}
