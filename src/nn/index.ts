/**
 * Neural-network building blocks, all pure functions written with `np` (so grad, vmap and jit
 * apply): activations, `losses`, layers (dense, conv2d, pooling, flatten, dropout), `init`,
 * model builders (mlp, perceptron, logisticRegression, softmaxRegression, cnn) and `rules`
 * (perceptron and delta learning rules).
 * @example
 * import { np, nn, grad, type NDArray } from "jaxon";
 * const loss = (p: nn.DenseParams, x: NDArray, y: NDArray) => np.mean(nn.losses.softmaxCrossEntropy(nn.dense(p, x), y));
 */
export * from "./activations.js";
export * from "./layers.js";
export * as losses from "./losses.js";
export * as rules from "./rules.js";
export { dropout } from "./dropout.js";
export * as init from "./init.js";
export * from "./models.js";
