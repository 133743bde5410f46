/** Argument checks shared by the public functions; each throws a JaxonError naming the function. @internal */
import { ValueError } from "./classes.js";

/** Shows a JS value briefly for an error message. @internal */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (typeof v === "number" || typeof v === "boolean") return `${typeof v} ${Object.is(v, -0) ? "-0" : String(v)}`;
  if (typeof v === "bigint") return `bigint ${String(v)}n`;
  if (typeof v === "function") return `a function${v.name ? ` (${v.name})` : ""}`;
  if (typeof v === "symbol") return `a symbol`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${(v as object).constructor.name}`;
  const ctor = (v as object).constructor?.name;
  if (ctor === "ConcreteArray" || (ctor !== undefined && /Tracer$/.test(ctor))) {
    const a = v as { shape: readonly number[]; dtype: string };
    return `an NDArray ${a.dtype}[${a.shape.join(", ")}]`;
  }
  return `an object${ctor && ctor !== "Object" ? ` (${ctor})` : ""}`;
}

/**
 * Validates an options object: undefined is fine; anything else must be a plain object whose keys
 * are among `allowed`. An unknown key is a ValueError suggesting the nearest allowed name.
 * @internal
 */
export function checkOptions(op: string, opts: unknown, allowed: readonly string[]): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== "object" || Array.isArray(opts) || ArrayBuffer.isView(opts)) {
    throw new ValueError(op, `options must be an object${allowed.length ? ` with keys among ${allowed.map((k) => `"${k}"`).join(", ")}` : ""}, got ${describe(opts)}.`);
  }
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      const near = nearest(key, allowed);
      throw new ValueError(
        op,
        `unknown option "${key}"${near === undefined ? "." : `; did you mean "${near}"?`} The options are ${allowed.length ? allowed.map((k) => `"${k}"`).join(", ") : "none"}.`,
      );
    }
  }
}

function nearest(key: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of names) {
    const d = editDistance(key.toLowerCase(), n.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = n;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Requires a function argument (`grad(42)` is refused here, not later). @internal */
export function checkFunction(op: string, f: unknown, what = "the function to transform"): void {
  if (typeof f !== "function") throw new ValueError(op, `expected ${what} as a function, got ${describe(f)}.`);
}

/** The most elements one array may have (typed arrays are indexed by int32 here). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Requires an integer in [min, max]. @internal */
export function checkInteger(op: string, value: unknown, what: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ValueError(op, `${what} must be an integer, got ${describe(value)}.`);
  }
  if (value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : min === -Infinity ? `<= ${max}` : `in [${min}, ${max}]`;
    throw new ValueError(op, `${what} must be ${range}, got ${value}.`);
  }
  return value;
}
