/**
 * Element types and numpy-style type promotion.
 *
 * The lattice is linear: bool < int32 < float32 < float64 (as in JAX, int32 with float32 gives
 * float32, not float64). JS numbers are *weakly typed*: they take the dtype of the array they meet,
 * unless their kind is higher (a fractional number meeting an int32 array gives float32).
 */
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { describe, MAX_ELEMENTS } from "../errors/checks.js";

/** The element types jaxon supports. */
export type DType = "float32" | "float64" | "int32" | "bool";

/** Every dtype, in promotion order. */
export const DTYPES: readonly DType[] = ["bool", "int32", "float32", "float64"];

/** The dtype of arrays made from JS numbers when no dtype is given. */
export const DEFAULT_FLOAT: DType = "float32";

/** The typed array that stores each dtype (bool is one byte per element, 0 or 1). */
export type TypedArrayFor<D extends DType> = D extends "float32"
  ? Float32Array
  : D extends "float64"
    ? Float64Array
    : D extends "int32"
      ? Int32Array
      : Uint8Array;

/** Any storage array. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** True for float32 and float64. */
export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** Throws a helpful DTypeError unless `name` is a dtype. */
export function checkDType(name: unknown, op = "dtype"): DType {
  if (typeof name === "string" && Object.prototype.hasOwnProperty.call(RANK, name)) return name as DType;
  const shown = typeof name === "string" ? JSON.stringify(name) : describe(name);
  throw new DTypeError(op, `unknown dtype ${shown}; use one of ${DTYPES.map((d) => `"${d}"`).join(", ")}.`);
}

/** The smallest dtype both arrays can be represented in (numpy/JAX promotion). */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype that results when a weakly-typed JS value meets an array of `dtype`:
 * the array's dtype wins unless the value needs a higher kind (fractional → float32, an
 * integer meeting bool → int32, a boolean keeps any dtype).
 */
export function promoteWithScalar(dtype: DType, value: number | boolean): DType {
  if (typeof value === "boolean") return dtype;
  if (dtype === "bool") return Number.isInteger(value) ? "int32" : DEFAULT_FLOAT;
  if (dtype === "int32" && !Number.isInteger(value)) return DEFAULT_FLOAT;
  return dtype;
}

/** The dtype a JS scalar gets on its own (numbers default to float32, booleans to bool). */
export function scalarDType(value: number | boolean): DType {
  return typeof value === "boolean" ? "bool" : DEFAULT_FLOAT;
}

/** Bytes per element of each dtype's storage. */
export const ITEM_SIZE: Record<DType, number> = { bool: 1, int32: 4, float32: 4, float64: 8 };

/**
 * The most bytes one array's storage may take: 2 GiB (536 870 912 float32 elements). Shapes may be
 * larger (broadcasts and zeros are views of one element), but filling more than this in a JS loop
 * takes tens of seconds and can exhaust memory, so such an allocation fails at once instead.
 */
export const MAX_STORAGE_BYTES = 2 ** 31;

/** Allocates zeroed storage for `size` elements of `dtype` (a JaxonError, not a raw RangeError, when it cannot). */
export function allocate(dtype: DType, size: number): TypedArray {
  if (!Number.isInteger(size) || size < 0 || size > MAX_ELEMENTS || size * ITEM_SIZE[dtype] > MAX_STORAGE_BYTES) {
    const gib = (size * ITEM_SIZE[dtype]) / 2 ** 30;
    throw new ShapeError(
      "allocate",
      `cannot allocate ${size} elements of ${dtype}${Number.isFinite(gib) ? ` (${gib.toPrecision(3)} GiB)` : ""}: one array holds at most ${MAX_ELEMENTS} elements and ${MAX_STORAGE_BYTES / 2 ** 30} GiB; use smaller arrays or split the computation.`,
    );
  }
  try {
    return allocateUnchecked(dtype, size);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ValueError("allocate", `out of memory allocating ${size} elements of ${dtype}; use smaller arrays.`, { cause: e });
  }
}

function allocateUnchecked(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/** The dtype stored in a typed array (Uint8Array is read as bool). */
export function dtypeOfTypedArray(data: ArrayBufferView): DType | undefined {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint8Array) return "bool";
  return undefined;
}

/** The int32 range, for saturating casts and range checks. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * Float to int32 as JAX/XLA converts: toward zero, saturating at the int32 limits (±Infinity
 * included), NaN to 0 — never JS's modular `| 0`.
 */
export function toInt32(v: number): number {
  if (v !== v) return 0;
  if (v >= INT32_MAX) return INT32_MAX;
  if (v <= INT32_MIN) return INT32_MIN;
  return Math.trunc(v) | 0;
}

/**
 * Converts a JS value to what storage of `dtype` holds (used for fills and scalars). Callers that
 * take user literals check the int32 range first (see numpy/convert.ts); this saturates.
 */
export function coerceScalar(dtype: DType, value: number | boolean): number {
  const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
  switch (dtype) {
    case "bool":
      return v !== 0 ? 1 : 0;
    case "int32":
      return toInt32(v);
    case "float32":
      return Math.fround(v);
    case "float64":
      return v;
  }
}
