/**
 * Neural-network building blocks, all pure functions written with `np` (so grad, vmap and jit
 * apply): activations, `losses`, layers (dense, conv2d, pooling, flatten, dropout), `init`,
 * model builders (mlp, perceptron, logisticRegression, softmaxRegression, cnn) and `rules`
 * (perceptron and delta learning rules).
 *
 * Every function is a public operation: its errors name it (`nn.dense: ...`), and so do the
 * `init`/`apply` functions of the models (`nn.mlp.apply: ...`).
 * @example
 * import { np, nn, grad, type NDArray } from "jaxon";
 * const loss = (p: nn.DenseParams, x: NDArray, y: NDArray) => np.mean(nn.losses.softmaxCrossEntropy(nn.dense(p, x), y));
 */
import { publicOps } from "../errors/context.js";
import * as activations from "./activations.js";
import { dropout as dropoutImpl } from "./dropout.js";
import * as layers from "./layers.js";
import * as models from "./models.js";

export * from "./activations.js";
export * from "./layers.js";
export * from "./models.js";
export * as losses from "./losses-public.js";
export * as rules from "./rules-public.js";
export * as init from "./init-public.js";

export const { arctan, elu, gelu, identity, leakyRelu, logSoftmax, logsumexp, oneHot, prelu, relu, sigmoid, silu, softmax, softplus, step, tanh } = publicOps("nn", activations);
export const { avgPool2d, conv2d, dense, flatten, maxPool2d } = publicOps("nn", layers);
export const { cnn, logisticRegression, mlp, perceptron, softmaxRegression } = publicOps("nn", models);
export const { dropout } = publicOps("nn", { dropout: dropoutImpl });
