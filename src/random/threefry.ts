/**
 * Threefry-2x32 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the
 * Random123 algorithm with 20 rounds, as `jax.random` uses it), written with jaxon primitives so
 * that it traces under jit and batches under vmap. uint32 words live in int32 storage: add wraps
 * identically, and the bitwise primitives see the same 32 bits.
 * @internal
 */
import { ConcreteArray, NDArray } from "../array/ndarray.js";
import * as op from "../core/ops.js";
import { bind } from "../core/trace.js";
import * as np from "../numpy/index.js";

const none = {} as Record<string, never>;

/** a & b on int32 arrays of one shape. @example bitwiseAnd(np.array([6], { dtype: "int32" }), np.array([3], { dtype: "int32" })) // [2] */
export const bitwiseAnd = (a: NDArray, b: NDArray): NDArray => bind("bitwiseAnd", [a, b], none);
/** a | b on int32 arrays of one shape. @example bitwiseOr(a, b) */
export const bitwiseOr = (a: NDArray, b: NDArray): NDArray => bind("bitwiseOr", [a, b], none);
/** a ^ b on int32 arrays of one shape. @example bitwiseXor(a, b) */
export const bitwiseXor = (a: NDArray, b: NDArray): NDArray => bind("bitwiseXor", [a, b], none);
/** a << b (0 for b ≥ 32). @example shiftLeft(a, b) */
export const shiftLeft = (a: NDArray, b: NDArray): NDArray => bind("shiftLeft", [a, b], none);
/** a >>> b, zero-filling (0 for b ≥ 32). @example shiftRightLogical(a, b) */
export const shiftRightLogical = (a: NDArray, b: NDArray): NDArray => bind("shiftRightLogical", [a, b], none);

/** A JS number as an int32 constant holding its low 32 bits. */
const i32 = (shape: readonly number[], value: number): NDArray => op.full(shape, value | 0, "int32");

function rotateLeft(x: NDArray, r: number): NDArray {
  return bitwiseOr(shiftLeft(x, i32(x.shape, r)), shiftRightLogical(x, i32(x.shape, 32 - r)));
}

const ROTATIONS = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
] as const;

/**
 * The 20-round Threefry-2x32 block function on word arrays `x0`, `x1` (same shape, int32 bits)
 * under the key words `k0`, `k1` (rank 0).
 */
export function threefryBlock(k0: NDArray, k1: NDArray, x0: NDArray, x1: NDArray): [NDArray, NDArray] {
  const shape = x0.shape;
  const k2 = bitwiseXor(bitwiseXor(k0, k1), i32([], 0x1bd11bda));
  const ks = [k0, k1, k2];
  // Key word i + injection constant c, computed on the scalar and broadcast once.
  const inject = (i: number, c: number): NDArray => {
    const k = c === 0 ? ks[i % 3]! : op.add(ks[i % 3]!, i32([], c));
    return shape.length === 0 ? k : bind("broadcastInDim", [k], { shape, broadcastDimensions: [] });
  };
  let a = op.add(x0, inject(0, 0));
  let b = op.add(x1, inject(1, 0));
  for (let s = 1; s <= 5; s++) {
    for (const r of ROTATIONS[(s - 1) % 2]!) {
      a = op.add(a, b);
      b = bitwiseXor(a, rotateLeft(b, r));
    }
    a = op.add(a, inject(s, 0));
    b = op.add(b, inject(s + 1, s));
  }
  return [a, b];
}

/** The two key words of a [2] key as rank-0 arrays. */
export function keyWords(key: NDArray): [NDArray, NDArray] {
  return [np.reshape(np.slice(key, [0, 1]), []), np.reshape(np.slice(key, [1, 2]), [])];
}

/**
 * JAX's `threefry_2x32(key, count)`: the flattened counts are split into two halves (padded with a
 * 0 when odd) that form the word pairs; the outputs are concatenated back into `count`'s shape.
 */
export function threefry2x32(key: NDArray, count: NDArray): NDArray {
  const n = count.size;
  if (n === 0) return np.zeros(count.shape, { dtype: "int32" });
  const flat = np.reshape(count, [n]);
  const h = Math.ceil(n / 2);
  const x0 = np.slice(flat, [0, h]);
  const x1 = n % 2 === 0 ? np.slice(flat, [h, n]) : np.concatenate([np.slice(flat, [h, n]), np.zeros([1], { dtype: "int32" })]);
  const [k0, k1] = keyWords(key);
  const [y0, y1] = threefryBlock(k0, k1, x0, x1);
  const out = np.concatenate([y0, y1]);
  return np.reshape(n % 2 === 0 ? out : np.slice(out, [0, n]), count.shape);
}

/** 0, 1, …, n − 1 as int32 (a constant). */
export function iota(n: number): ConcreteArray {
  return np.arange(0, n, 1, { dtype: "int32" }) as ConcreteArray;
}

/** `shape`'s worth of 32-bit random words (int32 storage): JAX's `random_bits(key, 32, shape)`. */
export function randomBits(key: NDArray, shape: readonly number[]): NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  return np.reshape(threefry2x32(key, iota(n)), shape);
}
