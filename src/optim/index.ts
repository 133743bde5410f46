/**
 * Optimisers in the style of Optax: every optimiser is a `chain` of tiny pure gradient
 * transformations over parameter pytrees, `{ init(params), update(grads, state, params?) }`,
 * and `applyUpdates(params, updates)` adds the updates. The sign flip lives in
 * `scaleByLearningRate` alone. States are readonly pytrees of arrays (step counts are int32
 * scalar arrays), so a whole training step can be `jit`ted and a state can be saved with `io`.
 *
 * @example
 * import { np, grad, optim, type NDArray } from "jaxon";
 * const loss = (p: { x: NDArray }) => np.sum(np.square(np.sub(p.x, 3)));
 * const opt = optim.adam(0.1);
 * let params = { x: np.zeros([2]) };
 * let state = opt.init(params);
 * for (let i = 0; i < 200; i++) {
 *   const [updates, next] = opt.update(grad(loss)(params), state, params);
 *   params = optim.applyUpdates(params, updates);
 *   state = next;
 * }
 *
 * Every function is a public operation (`optim.adam: ...`), and so are the `init`/`update` of
 * the transformations they return (`optim.adam.update: ...`).
 *
 * @module
 */
import { publicOps } from "../errors/context.js";
import * as base from "./base.js";
import * as optimizers from "./optimizers.js";
import * as transforms from "./transforms.js";

export type { EmptyState, GradientTransformation, StepCount } from "./base.js";
export type {
  AdamState,
  LearningRateState,
  RmsState,
  RssState,
  ScaleByAdamOptions,
  ScaleByRmsOptions,
  StddevState,
  TraceState,
} from "./transforms.js";
export type { AdagradOptions, AdamwOptions, LearningRate, RmspropOptions, SgdOptions } from "./optimizers.js";
export * as schedules from "./schedules-public.js";
export type { Schedule } from "./schedules.js";

export const { applyUpdates, chain, globalNorm, zeroCount } = publicOps("optim", {
  applyUpdates: base.applyUpdates,
  chain: base.chain,
  globalNorm: base.globalNorm,
  zeroCount: base.zeroCount,
});
export const { addDecayedWeights, clipByGlobalNorm, scale, scaleByAdam, scaleByLearningRate, scaleByMomentum, scaleByRms, scaleByRss, scaleByStddev } = publicOps("optim", {
  addDecayedWeights: transforms.addDecayedWeights,
  clipByGlobalNorm: transforms.clipByGlobalNorm,
  scale: transforms.scale,
  scaleByAdam: transforms.scaleByAdam,
  scaleByLearningRate: transforms.scaleByLearningRate,
  scaleByMomentum: transforms.scaleByMomentum,
  scaleByRms: transforms.scaleByRms,
  scaleByRss: transforms.scaleByRss,
  scaleByStddev: transforms.scaleByStddev,
});
export const { adagrad, adam, adamw, momentum, rmsprop, sgd } = publicOps("optim", optimizers);
