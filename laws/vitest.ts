/**
 * The vitest adapter of jaxon/laws: `itHolds(name, property, params?)` declares a test that runs
 * `fc.assert(property, params)`. Kept apart from laws/index.ts so that users of other runners do
 * not need vitest (they can write `it(name, holds(property))`).
 */
import fc from "fast-check";
import { it } from "vitest";

export function itHolds<Ts>(name: string, property: fc.IProperty<Ts>, params?: fc.Parameters<Ts>, timeout?: number): void {
  it(name, () => fc.assert(property, params), timeout);
}
