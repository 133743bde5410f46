/**
 * Global debugging flags (`config.update(name, value)`), as JAX's jax.config:
 * - `debugNans`: throw at the first primitive whose result contains NaN, naming it.
 * - `debugInfs`: the same for ±Infinity.
 * - `checkTracerLeaks`: report tracers used after their transformation returned. On by default (it
 *   costs one comparison per primitive); with it off, a leaked tracer gives undefined results.
 */
export interface Flags {
  debugNans: boolean;
  debugInfs: boolean;
  checkTracerLeaks: boolean;
}

const flags: Flags = { debugNans: false, debugInfs: false, checkTracerLeaks: true };

/** Sets a flag. @example config.update("debugNans", true) */
export function update<K extends keyof Flags>(name: K, value: Flags[K]): void {
  if (!(name in flags)) {
    throw new RangeError(`config.update: unknown flag ${JSON.stringify(name)}; the flags are ${Object.keys(flags).map((k) => `"${k}"`).join(", ")}.`);
  }
  if (typeof value !== "boolean") throw new TypeError(`config.update: flag "${name}" takes true or false, got ${String(value)}.`);
  flags[name] = value;
}

/** Reads a flag. @example config.read("debugNans") // false */
export function read<K extends keyof Flags>(name: K): Flags[K] {
  return flags[name];
}

/** Whether any value check runs after each primitive (a fast test for the hot path). @internal */
export function checksValues(): boolean {
  return flags.debugNans || flags.debugInfs;
}
