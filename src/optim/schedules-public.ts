/**
 * The public `optim.schedules` namespace: each schedule builder of schedules.ts as a public
 * operation (errors name e.g. `optim.schedules.cosineDecay`); the schedules they return are
 * public operations of the same name.
 */
import { publicOps } from "../errors/context.js";
import * as schedules from "./schedules.js";

export * from "./schedules.js";

export const { constant, cosineDecay, custom, exponentialDecay, isSchedule, piecewiseConstant, warmupCosineDecay } = publicOps("optim.schedules", schedules);
