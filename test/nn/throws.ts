/** Test helper shared by the ML namespaces' tests: asserts a JaxonError naming a public function. */
import { expect } from "vitest";
import { JaxonError } from "../../src/index.js";

/** Asserts `f` throws an instance of `cls` whose `op` is `op`, whose message starts with `op: ` and matches `re`. */
export function throwsNamed(f: () => unknown, cls: typeof JaxonError, op: string, re: RegExp = /./): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error, `${op} should throw`).toBeInstanceOf(cls);
  const e = error as JaxonError;
  expect(e.op).toBe(op);
  expect(e.message.startsWith(`${op}: `), e.message).toBe(true);
  expect(e.message).toMatch(re);
}

/** The same for a promise: it rejects with such an error. */
export async function rejectsNamed(p: Promise<unknown>, cls: typeof JaxonError, op: string, re: RegExp = /./): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error, `${op} should reject`).toBeInstanceOf(cls);
  const e = error as JaxonError;
  expect(e.op).toBe(op);
  expect(e.message.startsWith(`${op}: `), e.message).toBe(true);
  expect(e.message).toMatch(re);
}
