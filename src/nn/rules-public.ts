/**
 * The public `nn.rules` namespace: the learning rules of rules.ts as public operations (errors
 * name e.g. `nn.rules.perceptron`).
 */
import { publicOps } from "../errors/context.js";
import * as rules from "./rules.js";

export * from "./rules.js";

export const { delta, perceptron } = publicOps("nn.rules", rules);
