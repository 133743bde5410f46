/**
 * The registry of every primitive, typed by name. Interpreters look rules up here; the law suite
 * iterates over it, so a primitive added to a family file is automatically covered.
 */
import type { PrimitiveParams } from "./params.js";
import type { PrimitiveDef } from "./primitive.js";
import { bitwisePrimitives } from "./primitives/bitwise.js";
import { customPrimitives } from "./primitives/custom.js";
import { elementwisePrimitives } from "./primitives/elementwise.js";
import { indexingPrimitives } from "./primitives/indexing.js";
import { linalgPrimitives } from "./primitives/linalg.js";
import { reductionPrimitives } from "./primitives/reductions.js";
import { structuralPrimitives } from "./primitives/structural.js";

export type { ParamsOf, PrimitiveName, PrimitiveParams } from "./params.js";

export const primitives: { readonly [K in keyof PrimitiveParams]: PrimitiveDef<PrimitiveParams[K]> } = {
  ...elementwisePrimitives,
  ...bitwisePrimitives,
  ...structuralPrimitives,
  ...reductionPrimitives,
  ...linalgPrimitives,
  ...indexingPrimitives,
  ...customPrimitives,
};

/** Every primitive's name (for tests that must cover each one). */
export const primitiveNames = Object.keys(primitives) as (keyof PrimitiveParams)[];
