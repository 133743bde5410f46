/**
 * The public `nn.losses` namespace: each loss of losses.ts as a public operation (errors name
 * e.g. `nn.losses.mse`). See losses.ts for the losses themselves.
 */
import { publicOps } from "../errors/context.js";
import * as losses from "./losses.js";

export * from "./losses.js";

export const {
  binaryCrossEntropy,
  halfSquaredError,
  l2Penalty,
  mse,
  multiclassHinge,
  sigmoidBinaryCrossEntropy,
  softmaxCrossEntropy,
  softmaxCrossEntropyWithIntegerLabels,
  sse,
} = publicOps("nn.losses", losses);
