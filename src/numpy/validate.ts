/**
 * Argument checks of the np functions: numbers, booleans, option objects and the reduction
 * arguments (`axis`, `{ axis, keepdims }`). Each throws a JaxonError naming the public function.
 */
import { checkDType, type DType } from "../array/dtype.js";
import { ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";

/** Requirements on a numeric argument. */
export interface NumberRules {
  integer?: boolean;
  finite?: boolean;
  /** NaN is refused unless this is set (NaN passes no range test silently). */
  allowNaN?: boolean;
  min?: number;
  max?: number;
}

/** Requires a JS number meeting `rules`; returns it. */
export function checkNumber(op: string, value: unknown, what: string, rules: NumberRules = {}): number {
  // Counts read better as "a non-negative integer" than as a separate type and range.
  const kind = rules.integer && rules.min === 0 && rules.max === undefined ? "a non-negative integer" : rules.integer && rules.min === 1 && rules.max === undefined ? "a positive integer" : undefined;
  if (kind !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < rules.min!)) {
    throw new ValueError(op, `${what} must be ${kind}, got ${typeof value === "number" ? value : describe(value)}.`);
  }
  if (typeof value !== "number") throw new ValueError(op, `${what} must be a number, got ${describe(value)}.`);
  if (Number.isNaN(value)) {
    if (rules.allowNaN) return value;
    throw new ValueError(op, `${what} must be a number, got NaN.`);
  }
  if (rules.integer && !Number.isInteger(value)) {
    throw new ValueError(op, `${what} must be an integer, got ${value}${Number.isFinite(value) ? "; round it with Math.round or Math.floor" : ""}.`);
  }
  if (rules.finite && !Number.isFinite(value)) throw new ValueError(op, `${what} must be finite, got ${value}.`);
  const { min = -Infinity, max = Infinity } = rules;
  if (value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : min === -Infinity ? `<= ${max}` : `in [${min}, ${max}]`;
    throw new ValueError(op, `${what} must be ${range}, got ${value}.`);
  }
  return value;
}

/** Requires true, false or (when omitted) undefined. */
export function checkBoolean(op: string, value: unknown, what: string): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new ValueError(op, `${what} must be true or false, got ${describe(value)}.`);
}

/** Validates an options object (unknown keys are refused) and returns it, `{}` when omitted. */
export function options<T extends object>(op: string, opts: T | undefined, allowed: readonly (keyof T & string)[]): T {
  checkOptions(op, opts, allowed);
  return opts ?? ({} as T);
}

/** The `dtype` option, validated (undefined when omitted). */
export function dtypeOption(op: string, dtype: unknown): DType | undefined {
  return dtype === undefined ? undefined : checkDType(dtype, op);
}

/** What a reduction's second argument means: an axis, a list of axes, null, or an options object. */
export interface ParsedAxisArg {
  axis: unknown;
  keepdims: boolean;
  /** The remaining options (e.g. ddof of var/std), already checked to be among the allowed keys. */
  rest: Record<string, unknown>;
}

/**
 * Parses `axis | axes | null | undefined | { axis, keepdims, ...extra }`; the axis values
 * themselves are checked by normalizeAxes/normalizeAxis against the array's rank.
 */
export function parseAxisArg(op: string, arg: unknown, extra: readonly string[] = []): ParsedAxisArg {
  if (arg === undefined || arg === null || typeof arg === "number" || Array.isArray(arg)) return { axis: arg, keepdims: false, rest: {} };
  if (typeof arg !== "object" || ArrayBuffer.isView(arg)) {
    throw new ValueError(op, `the axis argument must be an integer, a list of integers, null or an options object { axis, keepdims${extra.map((k) => `, ${k}`).join("")} }, got ${describe(arg)}.`);
  }
  checkOptions(op, arg, ["axis", "keepdims", ...extra]);
  const { axis, keepdims, ...rest } = arg as { axis?: unknown; keepdims?: unknown };
  return { axis, keepdims: checkBoolean(op, keepdims, "keepdims") ?? false, rest };
}

/** Requires a JS array (of arrays to join, of indices, ...). */
export function checkList(op: string, value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ValueError(op, `${what} must be a JS array, got ${describe(value)}.`);
  return value;
}
