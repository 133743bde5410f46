/**
 * `data`: small, deterministic datasets for examples and tests, and the plumbing to feed them to a
 * training loop (shuffled minibatches, train/validation splits, feature standardisation).
 *
 * A dataset is `{ x, y }`: `x` holds one example per row (float32, shape [n, features]) and `y`
 * one label or target per row. Classification labels are int32 class indices of shape [n];
 * `xor` and `parity` give float32 0/1 targets of shape [n]; `regression1d` gives float32 [n, 1].
 * Every random dataset is a pure function of its key: the same key gives the same data.
 *
 * @example
 * import { data, random } from "jaxon";
 * const [kData, kSplit, kBatch] = random.split(random.key(0), 3);
 * const [train, val] = data.split(kSplit, data.moons(kData, { n: 500 }), 0.8);
 * for (const { x, y } of data.batches(kBatch, train, 32)) { ... } // x: [≤32, 2], y: int32 [≤32]
 *
 * Every function is a public operation: its errors name it (`data.moons: ...`). The generators
 * make toy data: at most 2^24 numbers (examples × features) per dataset.
 */
import { publicOps } from "../errors/context.js";
import * as api from "./api.js";
import * as feed from "./feed.js";

export * from "./api.js";
export * from "./feed.js";

export const { blobs, circles, iris, moons, parity, regression1d, spirals, xor } = publicOps("data", api);
export const { batches, split, standardize } = publicOps("data", feed);
