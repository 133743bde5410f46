/**
 * The public `nn.init` namespace: each initialiser of init.ts as a public operation (errors name
 * e.g. `nn.init.glorotUniform`). See init.ts for the initialisers and their fans.
 */
import { publicOps } from "../errors/context.js";
import * as init from "./init.js";

export * from "./init.js";

export const { glorotNormal, glorotUniform, heNormal, heUniform, normal, uniform, zeros } = publicOps("nn.init", init);
