/**
 * `random`: JAX-style splittable, counter-based pseudo-random numbers. A key is an int32 array of
 * shape [2] holding a pair of uint32 words (bits reinterpreted); every sampler is a pure function of
 * its key, computed with the Threefry-2x32 hash (20 rounds) from jaxon primitives, so the same key
 * gives the same numbers in every process, and samplers work under `jit` and `vmap` (vmap over a
 * batch of keys made by {@link splitArray}). Never reuse a key for two draws: {@link split} it.
 *
 * Bit layouts follow JAX's original (non-"partitionable") Threefry scheme: `key(0)` is [0, 0],
 * `split(key(0))` is [[4146024105, 967050713], [2718843009, 1272950319]] (as uint32) and
 * `uniform(key(0), [])` is 0.41845703, as in `jax.random` (float32).
 *
 * @example
 * import { random } from "jaxon";
 * const [k1, k2] = random.split(random.key(0));
 * const x = random.normal(k1, [3]);
 * const u = random.uniform(k2, [2, 2], { minval: -1, maxval: 1 });
 *
 * Every function is a public operation: its errors name it (`random.normal: ...`).
 */
import { publicOps } from "../errors/context.js";
import * as api from "./api.js";

export * from "./api.js";

export const { bernoulli, categorical, foldIn, key, normal, permutation, randint, split, splitArray, threefry2x32, uniform } = publicOps("random", api);
