/**
 * The implementation of `random` (see index.ts, which makes each function a public operation).
 * @internal
 */
import { ConcreteArray, NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { bind } from "../core/trace.js";
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { checkInteger, checkOptions, describe, MAX_ELEMENTS } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import { checkKey, checkShape, checkSize } from "./check.js";
import { bitwiseXor, iota, randomBits, shiftRightLogical, threefry2x32 as threefry } from "./threefry.js";

export type FloatDType = "float32" | "float64";

const i32 = (shape: readonly number[], v: number): NDArray => np.full(shape, v | 0, { dtype: "int32" });

function checkFloatDType(op: string, dtype: unknown): FloatDType {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new DTypeError(op, `dtype must be "float32" or "float64", got ${typeof dtype === "string" ? JSON.stringify(dtype) : describe(dtype)}; use randint for integers and bernoulli for booleans.`);
  }
  return dtype;
}

/** Split returns one NDArray per key: beyond this many, use splitArray (one [n, 2] array). */
const MAX_SPLIT = 1 << 20;

/** The largest float of `dtype` below `x` (x finite). */
function below(x: number, dtype: FloatDType): number {
  const f64 = new Float64Array([x]);
  const bits = new BigInt64Array(f64.buffer);
  if (dtype === "float32") {
    const f = new Float32Array([x]);
    const b = new Int32Array(f.buffer);
    if (f[0]! > x) return below(f[0]!, dtype); // x rounded up; step down from there
    if (f[0] === 0) return -1.401298464324817e-45;
    b[0] = f[0]! > 0 ? b[0]! - 1 : b[0]! + 1;
    return f[0]!;
  }
  if (x === 0) return -5e-324;
  bits[0] = x > 0 ? bits[0]! - 1n : bits[0]! + 1n;
  return f64[0]!;
}

/**
 * A PRNG key from an integer seed, as `jax.random.PRNGKey(seed)` in JAX's default 32-bit mode:
 * [0, seed] for 0 ≤ seed < 2^32, [0, seed mod 2^32] for negative int32 seeds, and
 * [⌊seed / 2^32⌋, seed mod 2^32] for larger safe integers.
 * @example random.key(42).toArray() // [0, 42]
 */
export function key(seed: number): NDArray {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < -2147483648) {
    throw new ValueError("random.key", `seed must be an integer in [-2^31, 2^53), got ${describe(seed)}; use e.g. random.key(0).`);
  }
  const hi = seed < 0 ? 0 : Math.floor(seed / 4294967296);
  return np.array(new Int32Array([hi | 0, seed | 0]), { dtype: "int32" });
}

/**
 * The raw Threefry-2x32 hash, JAX's `threefry_2x32(key, count)`: `count` (int32 holding uint32
 * words, any shape) is split into two halves that form the counter pairs. With a count of [c0, c1]
 * it is the Random123 block function: `threefry2x32(random.key(0), [0, 0])` is
 * [0x6b200159, 0x99ba4efe] (as uint32; read with `>>> 0`).
 * @example random.threefry2x32(random.key(0), np.array([0, 0], { dtype: "int32" }))
 */
export function threefry2x32(keyArg: NDArray, count: NDArray): NDArray {
  const k = checkKey("random.threefry2x32", keyArg);
  if (!(count instanceof NDArray) || count.dtype !== "int32") {
    throw new ValueError("random.threefry2x32", `count must be an int32 array, got ${describe(count)}; build it with np.array(values, { dtype: "int32" }).`);
  }
  return threefry(k, count);
}

/**
 * `n` new keys derived from `key`, as an [n, 2] array (a batch of keys, ready for `vmap`).
 * @example vmap((k: NDArray) => random.normal(k, [3]))(random.splitArray(random.key(0), 5)) // [5, 3]
 */
export function splitArray(keyArg: NDArray, n = 2): NDArray {
  const k = checkKey("random.splitArray", keyArg);
  checkCount("random.splitArray", n, "n", Math.floor(MAX_ELEMENTS / 2), "random.splitArray(key, 4)");
  return np.reshape(threefry(k, iota(2 * n)), [n, 2]);
}

/**
 * Splits `key` into `n` (default 2) independent keys, as `jax.random.split`; use one, keep
 * splitting the other. @example const [key2, sub] = random.split(key);
 */
export function split(keyArg: NDArray, n = 2): NDArray[] {
  const k = checkKey("random.split", keyArg);
  checkCount("random.split", n, "n", MAX_SPLIT, "random.split(key, 4); for more keys use random.splitArray(key, n), one [n, 2] array");
  const keys = splitArray(k, n);
  return Array.from({ length: n }, (_, i) => np.reshape(np.slice(keys, [i, i + 1]), [2]));
}

/** Requires a count n: an integer in [1, max]. */
function checkCount(op: string, n: unknown, what: string, max: number, example: string): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new ValueError(op, `${what} must be a positive integer, got ${describe(n)}; e.g. ${example}.`);
  }
  if (n > max) throw new ValueError(op, `${what} = ${n} is more than the ${max} allowed; e.g. ${example}.`);
  return n;
}

/**
 * A new key from `key` and an integer (e.g. a step or layer index), as `jax.random.fold_in`.
 * @example const stepKey = random.foldIn(key, step);
 */
export function foldIn(keyArg: NDArray, data: number): NDArray {
  const k = checkKey("random.foldIn", keyArg);
  if (typeof data !== "number" || !Number.isInteger(data) || data < -2147483648 || data >= 4294967296) {
    throw new ValueError("random.foldIn", `data must be an integer in [-2^31, 2^32), got ${describe(data)}; fold in e.g. a step count.`);
  }
  return threefry(k, np.array(new Int32Array([0, data | 0]), { dtype: "int32" }));
}

/** Uniform floats in [0, 1): 23 random bits (float32) or 53 (float64, from two words). */
function unitUniform(k: NDArray, shape: readonly number[], dtype: FloatDType): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  if (dtype === "float32") {
    const bits = randomBits(k, shape);
    // JAX: bitcast((bits >>> 9) | 0x3f800000) − 1, which is exactly (bits >>> 9) · 2^-23.
    return np.mul(np.astype(shiftRightLogical(bits, i32(shape, 9)), "float32"), 2 ** -23);
  }
  const bits = randomBits(k, [2 * n]);
  const hi = np.astype(shiftRightLogical(np.slice(bits, [0, n]), i32([n], 5)), "float64");
  const lo = np.astype(shiftRightLogical(np.slice(bits, [n, 2 * n]), i32([n], 6)), "float64");
  return np.reshape(np.mul(np.add(np.mul(hi, 2 ** 26), lo), 2 ** -53), shape);
}

export interface UniformOptions {
  /** "float32" (default) or "float64" (53 random bits). */
  dtype?: FloatDType;
  /** Lower bound, included (default 0). */
  minval?: number;
  /** Upper bound, excluded (default 1). */
  maxval?: number;
}

/**
 * Uniform samples in [minval, maxval) (default [0, 1), float32), as `jax.random.uniform`.
 * float32 uses 23 random bits per number, float64 53 (two words).
 * @example random.uniform(random.key(0), [2, 3], { minval: -1, maxval: 1 })
 */
export function uniform(keyArg: NDArray, shape: number[], opts: UniformOptions = {}): NDArray {
  checkOptions("random.uniform", opts, ["dtype", "minval", "maxval"]);
  return uniformImpl("random.uniform", keyArg, shape, opts ?? {});
}

function uniformImpl(op: string, keyArg: NDArray, shapeArg: number[], opts: UniformOptions): NDArray {
  const k = checkKey(op, keyArg);
  const dtype = checkFloatDType(op, opts.dtype ?? "float32");
  // float64 draws two words per number.
  const shape = dtype === "float64" ? checkShape(op, shapeArg, "shape", Math.floor(MAX_ELEMENTS / 2), "float64 samples drawn at once (two words each)") : checkShape(op, shapeArg);
  const minval = opts.minval ?? 0;
  const maxval = opts.maxval ?? 1;
  if (typeof minval !== "number" || typeof maxval !== "number" || !Number.isFinite(minval) || !Number.isFinite(maxval) || !(minval < maxval)) {
    throw new ValueError(op, `needs finite minval < maxval, got minval = ${describe(minval)}, maxval = ${describe(maxval)}; swap or widen the bounds.`);
  }
  const largest = dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
  if (Math.abs(minval) > largest || Math.abs(maxval) > largest || !(maxval - minval <= largest)) {
    // The bounds (or their span) would overflow to ±∞ in the dtype, giving infinite samples.
    throw new ValueError(op, `minval = ${minval} and maxval = ${maxval} are too large for ${dtype} samples (the span maxval − minval must be finite in ${dtype}); narrow the bounds${dtype === "float32" ? " or draw float64" : ""}.`);
  }
  const u = unitUniform(k, shape, dtype);
  if (minval === 0 && maxval === 1) return u;
  // Rounding can push u·(max − min) + min up to maxval; clamp into [minval, maxval).
  const scaled = np.add(np.mul(u, maxval - minval), minval);
  return np.minimum(np.maximum(scaled, minval), below(maxval, dtype));
}

/** Giles' single-precision erf⁻¹ ("Approximating the erfinv function", 2010), as XLA's ErfInv. */
function erfinv(x: NDArray): NDArray {
  const w = np.neg(np.log(np.mul(np.sub(1, x), np.add(1, x))));
  const horner = (v: NDArray, cs: number[]): NDArray => cs.slice(1).reduce((p, c) => np.add(c, np.mul(p, v)), np.fullLike(v, cs[0]!));
  const central = horner(np.sub(w, 2.5), [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3, -4.17768164e-3, 0.246640727, 1.50140941]);
  const tail = horner(np.sub(np.sqrt(w), 3), [-2.00214257e-4, 1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3, 9.43887047e-3, 1.00167406, 2.83297682]);
  return np.mul(np.where(np.less(w, 5), central, tail), x);
}

export interface NormalOptions {
  /** "float32" (default) or "float64". */
  dtype?: FloatDType;
}

/**
 * Standard normal samples, as `jax.random.normal`: √2 · erf⁻¹(u) for u uniform in (−1, 1) (the
 * inverse-CDF method; u never reaches ±1, so no infinities). erf⁻¹ is Giles' approximation
 * (relative error ~1e-7 also for float64: float32-grade accuracy in the tails).
 * @example random.normal(random.key(0), [1000]) // mean ≈ 0, std ≈ 1
 */
export function normal(keyArg: NDArray, shape: number[], opts: NormalOptions = {}): NDArray {
  checkOptions("random.normal", opts, ["dtype"]);
  const dtype = checkFloatDType("random.normal", opts?.dtype ?? "float32");
  // minval = nextafter(−1, +∞) in dtype, as JAX.
  const u = uniformImpl("random.normal", keyArg, shape, { dtype, minval: -1 + (dtype === "float32" ? 2 ** -24 : 2 ** -53), maxval: 1 });
  return np.mul(erfinv(u), Math.SQRT2);
}

/**
 * Booleans that are true with probability `p` (a number or a float array broadcast to `shape`;
 * `shape` defaults to p's shape), as `jax.random.bernoulli`: uniform < p. The uniforms are
 * float32 (23 bits, the same stream as JAX) for a float32 p array and for a number p not within
 * about 1/128 of 0 or 1; a number p closer to 0 or 1 (e.g. 1e-9) is drawn with float64 uniforms
 * (53 bits), so its probability is exact where JAX's would be rounded up to 2^-23; a float64 p
 * array always uses float64 uniforms.
 * @example random.bernoulli(random.key(0), 0.3, [10]) // bool[10], about 3 true
 */
export function bernoulli(keyArg: NDArray, p: number | NDArray, shape?: number[]): NDArray {
  const op = "random.bernoulli";
  const k = checkKey(op, keyArg);
  if (typeof p === "number") {
    if (!(p >= 0 && p <= 1)) throw new ValueError(op, `p must be a probability in [0, 1], got ${p}; clip it first.`);
  } else if (p instanceof NDArray) {
    if (p.dtype !== "float32" && p.dtype !== "float64") {
      throw new DTypeError(op, `p must be a float32/float64 array of probabilities, got ${describe(p)}; cast with p.astype("float32").`, { dtypes: [p.dtype] });
    }
    if (p instanceof ConcreteArray && p.size > 0) {
      const v = p.data();
      for (const x of v) if (!(x >= 0 && x <= 1)) throw new ValueError(op, `p must hold probabilities in [0, 1], found ${x}; clip it first with np.clip(p, 0, 1).`);
    }
  } else {
    throw new ValueError(op, `p must be a number or an NDArray, got ${describe(p)}; e.g. random.bernoulli(key, 0.5, [3]).`);
  }
  const outShape = shape === undefined ? (typeof p === "number" ? [] : [...p.shape]) : checkShape(op, shape);
  if (typeof p !== "number" && !broadcastsTo(p.shape, outShape)) {
    throw new ShapeError(op, `p of shape ${showShape(p.shape)} cannot be broadcast to the sample shape ${showShape(outShape)}; give a shape that p broadcasts to, or leave it out (it defaults to p's shape).`, { shapes: [p.shape, outShape] });
  }
  const dtype: FloatDType = typeof p === "number" ? (float32Resolves(p) ? "float32" : "float64") : (p.dtype as FloatDType);
  if (dtype === "float64") checkSize(op, outShape, "shape", Math.floor(MAX_ELEMENTS / 2), "float64 samples drawn at once (two words each)");
  return np.less(unitUniform(k, outShape, dtype), typeof p === "number" ? p : np.broadcastTo(p, outShape));
}

/**
 * Whether float32 uniforms (multiples of 2^-23, compared with p rounded to float32) give a
 * probability within a relative 2^-16 of p and of 1 − p. They do unless p is within ~1/128 of 0
 * or 1: bernoulli(key, 1e-9) would otherwise come true with probability 2^-23 ≈ 1.2e-7 (as in
 * JAX), and dropout at a rate near 1 would scale the few kept elements by far too much.
 */
function float32Resolves(p: number): boolean {
  const realised = Math.min(Math.ceil(Math.fround(p) * 2 ** 23) / 2 ** 23, 1); // #{k < 2^23 : k·2^-23 < fround(p)} / 2^23
  return Math.abs(realised - p) <= 2 ** -16 * Math.min(p, 1 - p);
}

/** Whether `from` broadcasts to `to` (numpy rules, `to` fixed). */
function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  const off = to.length - from.length;
  return from.every((d, i) => d === 1 || d === to[off + i]);
}

/**
 * Uniform int32 integers in [min, max), as `jax.random.randint`: ⌊u · (max − min)⌋ + min with u a
 * 53-bit float64 uniform (bias below 2^-21 for every span up to 2^32).
 * @example random.randint(random.key(0), [5], 0, 10) // int32, values 0…9
 */
export function randint(keyArg: NDArray, shapeArg: number[], min: number, max: number): NDArray {
  const op = "random.randint";
  const k = checkKey(op, keyArg);
  const shape = checkShape(op, shapeArg, "shape", Math.floor(MAX_ELEMENTS / 2), "integers drawn at once (two words each)");
  const ok = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= -2147483648 && v <= 2147483648;
  if (!ok(min) || !ok(max) || !(min < max) || min > 2147483647) {
    throw new ValueError(op, `needs integers min < max within int32 (max may be 2^31), got min = ${describe(min)}, max = ${describe(max)}; e.g. random.randint(key, [3], 0, 10).`);
  }
  const u = unitUniform(k, shape, "float64");
  const v = np.add(np.floor(np.mul(u, max - min)), min);
  return np.astype(np.minimum(v, max - 1), "int32");
}

/** Above this n, permutation under jit/vmap (built from O(n²) comparisons) is refused. */
const TRACED_PERMUTATION_LIMIT = 4096;

/**
 * A random permutation, as `jax.random.permutation`: of arange(n) (int32) for a number, or of an
 * array's rows (shuffled along axis 0). The order sorts n random 32-bit words (ties by index) drawn
 * from `split(key)[1]`, which is JAX's single-round shuffle. With a concrete key this runs in
 * O(n log n) plain JS; under jit/vmap it is built from O(n²) comparisons, so it is limited there to
 * n ≤ 4096 (call it outside jit for larger n).
 * @example random.permutation(random.key(0), 5) // e.g. [3, 0, 4, 1, 2]
 */
export function permutation(keyArg: NDArray, x: number | NDArray): NDArray {
  const op = "random.permutation";
  const k = checkKey(op, keyArg);
  let n: number;
  if (typeof x === "number") {
    if (!Number.isInteger(x) || x < 0) throw new ValueError(op, `n must be a non-negative integer, got ${describe(x)}; e.g. random.permutation(key, 10).`);
    checkInteger(op, x, "n", 0, MAX_ELEMENTS);
    n = x;
  } else if (x instanceof NDArray) {
    if (x.ndim === 0) throw new ShapeError(op, `cannot shuffle a rank-0 array; pass a number n for a permutation of arange(n), or an array with a first axis.`, { shapes: [x.shape] });
    n = x.shape[0]!;
  } else {
    throw new ValueError(op, `expected a number n or an NDArray, got ${describe(x)}; e.g. random.permutation(key, 10).`);
  }
  if (n === 0) return typeof x === "number" ? np.zeros([0], { dtype: "int32" }) : x;
  const sub = np.reshape(np.slice(splitArray(k, 2), [1, 2]), [2]);
  const bits = randomBits(sub, [n]);
  let perm: NDArray;
  if (bits instanceof ConcreteArray) {
    const words = new Uint32Array(bits.data().buffer);
    const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => words[i]! - words[j]! || i - j);
    perm = np.array(new Int32Array(order), { dtype: "int32" });
  } else {
    if (n > TRACED_PERMUTATION_LIMIT) {
      throw new ValueError(
        op,
        `under jit/vmap the shuffle is built from O(n²) comparisons and n = ${n} exceeds ${TRACED_PERMUTATION_LIMIT}; draw the permutation outside jit (with a concrete key) and pass it in.`,
      );
    }
    // Unsigned order of the words = signed order after flipping the sign bit.
    const s = bitwiseXor(bits, i32([n], -2147483648));
    const si = np.reshape(s, [n, 1]);
    const sj = np.reshape(s, [1, n]);
    const idx = iota(n);
    const before = np.logicalOr(np.less(sj, si), np.logicalAnd(np.equal(sj, si), np.less(np.reshape(idx, [1, n]), np.reshape(idx, [n, 1]))));
    const rank = np.astype(np.sum(np.astype(before, "int32"), 1), "int32"); // rank[i] = position of element i
    perm = bind("scatterAdd", [idx, rank], { axis: 0, size: n });
  }
  return typeof x === "number" ? perm : np.take(x, perm, 0);
}

export interface CategoricalOptions {
  /** The axis of `logits` that indexes categories (default −1). */
  axis?: number;
  /** The sample shape (default: logits' shape without `axis`); it must end with that batch shape. */
  shape?: number[];
}

/**
 * Samples category indices (int32) from unnormalised log-probabilities, as
 * `jax.random.categorical`, by the Gumbel-max trick: argmax(logits + Gumbel noise) along `axis`.
 * @example random.categorical(random.key(0), np.log(np.array([0.2, 0.8])), { shape: [100] }) // mostly 1
 */
export function categorical(keyArg: NDArray, logits: NDArray, opts: CategoricalOptions = {}): NDArray {
  const op = "random.categorical";
  const k = checkKey(op, keyArg);
  checkOptions(op, opts, ["axis", "shape"]);
  const o = opts ?? {};
  if (!(logits instanceof NDArray) || logits.ndim === 0) {
    throw new ValueError(op, `logits must be an NDArray of rank ≥ 1 (categories along axis), got ${describe(logits)}; e.g. np.array([0.1, 2.0, -1]).`);
  }
  const rank = logits.ndim;
  const axisArg = o.axis ?? -1;
  if (typeof axisArg !== "number" || !Number.isInteger(axisArg) || axisArg < -rank || axisArg >= rank) {
    throw new ShapeError(op, `axis ${typeof axisArg === "number" ? axisArg : describe(axisArg)} is out of range for logits of shape ${showShape(logits.shape)}; use an axis in [${-rank}, ${rank - 1}].`, { shapes: [logits.shape] });
  }
  const axis = axisArg < 0 ? axisArg + rank : axisArg;
  if (logits.shape[axis] === 0) {
    throw new ShapeError(op, `logits of shape ${showShape(logits.shape)} have no categories along axis ${axis}; give at least one category.`, { shapes: [logits.shape] });
  }
  const batch = logits.shape.filter((_, i) => i !== axis);
  const shape = o.shape === undefined ? batch : checkShape(op, o.shape);
  const prefix = shape.length - batch.length;
  if (prefix < 0 || !batch.every((d, i) => shape[prefix + i] === d)) {
    throw new ShapeError(op, `shape ${showShape(shape)} must end with the logits' batch shape ${showShape(batch)} (logits ${showShape(logits.shape)} without axis ${axis}); e.g. shape [100, ${batch.join(", ")}].`);
  }
  const dtype: FloatDType = logits.dtype === "float64" ? "float64" : "float32";
  const l = np.astype(logits, dtype);
  const noiseShape = [...shape.slice(0, prefix), ...logits.shape];
  checkSize(op, noiseShape, "the noise shape (sample shape × categories)");
  const u = uniformImpl(op, k, noiseShape, { dtype, minval: dtype === "float32" ? 1.1754943508222875e-38 : 2.2250738585072014e-308, maxval: 1 });
  const gumbel = np.neg(np.log(np.neg(np.log(u))));
  const lb = np.reshape(l, [...shape.slice(0, prefix).map(() => 1), ...logits.shape]);
  return np.argmax(np.add(gumbel, lb), prefix + axis);
}
