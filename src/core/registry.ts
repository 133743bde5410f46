/**
 * The registry of every primitive, typed by name. Interpreters look rules up here; the law suite
 * iterates over it, so a primitive added to a family file is automatically covered.
 */
import type { PrimitiveDef } from "./primitive.js";
import { elementwisePrimitives } from "./primitives/elementwise.js";
import { indexingPrimitives } from "./primitives/indexing.js";
import { linalgPrimitives } from "./primitives/linalg.js";
import { reductionPrimitives } from "./primitives/reductions.js";
import { structuralPrimitives } from "./primitives/structural.js";

export const primitives = {
  ...elementwisePrimitives,
  ...structuralPrimitives,
  ...reductionPrimitives,
  ...linalgPrimitives,
  ...indexingPrimitives,
};

export type PrimitiveName = keyof typeof primitives;
export type ParamsOf<K extends PrimitiveName> = (typeof primitives)[K] extends PrimitiveDef<infer P> ? P : never;

/** Every primitive's name (for tests that must cover each one). */
export const primitiveNames = Object.keys(primitives) as PrimitiveName[];
