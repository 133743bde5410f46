/**
 * Global debugging flags (`config.update(name, value)`), as JAX's jax.config:
 * - `debugNans`: throw at the first primitive whose result contains NaN, naming it.
 * - `debugInfs`: the same for ±Infinity.
 * - `checkTracerLeaks`: report tracers used after their transformation returned. On by default (it
 *   costs one comparison per primitive); with it off, a leaked tracer gives undefined results.
 *
 * `update` and `read` are public operations: errors name them (`config.update: ...`).
 */
import { ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";

export interface Flags {
  debugNans: boolean;
  debugInfs: boolean;
  checkTracerLeaks: boolean;
}

const flags: Flags = { debugNans: false, debugInfs: false, checkTracerLeaks: true };
const NAMES = Object.keys(flags);

/** Requires a known flag name; an unknown one is a ValueError suggesting the nearest. */
function checkFlag(op: string, name: unknown): asserts name is keyof Flags {
  if (typeof name !== "string") throw new ValueError(op, `the flag name must be a string, one of ${NAMES.map((k) => `"${k}"`).join(", ")}; got ${describe(name)}.`);
  if (!Object.prototype.hasOwnProperty.call(flags, name)) {
    // checkOptions words the unknown-name error (with a "did you mean") the same way as for options.
    try {
      checkOptions(op, { [name]: true }, NAMES);
    } catch (e) {
      throw new ValueError(op, `unknown flag ${JSON.stringify(name)}; the flags are ${NAMES.map((k) => `"${k}"`).join(", ")}${suggestion(e)}.`);
    }
  }
}

function suggestion(e: unknown): string {
  const m = e instanceof Error ? /did you mean "([^"]+)"/.exec(e.message) : null;
  return m === null ? "" : ` (did you mean "${m[1]}"?)`;
}

/** Sets a flag. @example config.update("debugNans", true) */
export const update = publicOp("config.update", function update<K extends keyof Flags>(name: K, value: Flags[K]): void {
  checkFlag("config.update", name);
  if (typeof value !== "boolean") throw new ValueError("config.update", `flag "${name}" takes true or false, got ${describe(value)}.`);
  flags[name] = value;
});

/** Reads a flag. @example config.read("debugNans") // false */
export const read = publicOp("config.read", function read<K extends keyof Flags>(name: K): Flags[K] {
  checkFlag("config.read", name);
  return flags[name];
});

/**
 * Whether any value check runs after each primitive (a fast test for the hot path; not a public
 * operation, it takes no input that could be wrong). @internal
 */
export function checksValues(): boolean {
  return flags.debugNans || flags.debugInfs;
}
