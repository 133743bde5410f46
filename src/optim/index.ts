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
 * @module
 */
export { applyUpdates, chain, globalNorm, zeroCount, type EmptyState, type GradientTransformation, type StepCount } from "./base.js";
export {
  addDecayedWeights,
  clipByGlobalNorm,
  scale,
  scaleByAdam,
  scaleByLearningRate,
  scaleByMomentum,
  scaleByRms,
  scaleByRss,
  scaleByStddev,
  type AdamState,
  type LearningRateState,
  type RmsState,
  type RssState,
  type ScaleByAdamOptions,
  type ScaleByRmsOptions,
  type StddevState,
  type TraceState,
} from "./transforms.js";
export { adagrad, adam, adamw, momentum, rmsprop, sgd, type AdagradOptions, type AdamwOptions, type LearningRate, type RmspropOptions, type SgdOptions } from "./optimizers.js";
export * as schedules from "./schedules.js";
export type { Schedule } from "./schedules.js";
