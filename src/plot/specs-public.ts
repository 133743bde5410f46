/**
 * The public `plot.specs` namespace: each spec builder of specs.ts as a public operation (errors
 * name e.g. `plot.specs.lossCurve`).
 */
import { publicOps } from "../errors/context.js";
import * as specs from "./specs.js";

export * from "./specs.js";

export const { decisionBoundary, fit1d, lossCurve } = publicOps("plot.specs", specs);
