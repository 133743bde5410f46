/** Shared by the transformation tests: expect a JaxonError of a class, with a message. */
import { expect } from "vitest";
import type { JaxonError } from "../../src/errors/index.js";

/** Runs `f`, expecting a JaxonError of class `cls` whose message matches `pattern`; returns it. */
export function thrown<E extends JaxonError>(f: () => unknown, cls: new (...a: any[]) => E, pattern: RegExp): E {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${cls.name} matching ${pattern}`).toBeInstanceOf(cls);
  expect((caught as Error).message).toMatch(pattern);
  return caught as E;
}
