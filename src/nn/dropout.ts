import type { ArrayLike, NDArray } from "../array/ndarray.js";
import { ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import { checkKey } from "../random/check.js";
import * as random from "../random/index.js";
import { asFloat } from "./util.js";

/**
 * Inverted dropout: in training, zeroes each element with probability `rate` and scales the rest
 * by 1 / (1 − rate), so the expectation is unchanged (also for rates near 1: the keep mask is
 * drawn by random.bernoulli, exact there); rate 0 and `{ train: false }` are the identity, rate 1
 * gives zeros. Use a fresh key per step (random.split).
 * @example nn.dropout(random.key(0), np.ones([4, 8]), 0.5, { train: true }) // zeros and 2s
 */
export function dropout(key: NDArray, x: ArrayLike, rate: number, opts: { train: boolean }): NDArray {
  const op = "nn.dropout";
  checkKey(op, key);
  const a = asFloat(x, op);
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new ValueError(op, `rate must be in [0, 1], got ${describe(rate)}; it is the probability of dropping an element.`);
  checkOptions(op, opts, ["train"]);
  if (opts === undefined || typeof opts.train !== "boolean") throw new ValueError(op, `pass { train: true } while training and { train: false } to evaluate.`);
  if (!opts.train || rate === 0) return a;
  if (rate === 1) return np.mul(a, 0);
  const keep = random.bernoulli(key, 1 - rate, [...a.shape]);
  return np.where(keep, np.div(a, 1 - rate), 0);
}

