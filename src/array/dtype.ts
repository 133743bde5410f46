/**
 * Element types and numpy-style type promotion.
 *
 * The lattice is linear: bool < int32 < float32 < float64 (as in JAX, int32 with float32 gives
 * float32, not float64). JS numbers are *weakly typed*: they take the dtype of the array they meet,
 * unless their kind is higher (a fractional number meeting an int32 array gives float32).
 */

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

/** Throws a helpful error unless `name` is a dtype. */
export function checkDType(name: unknown, op = "dtype"): DType {
  if (typeof name === "string" && name in RANK) return name as DType;
  throw new TypeError(
    `${op}: unknown dtype ${JSON.stringify(name)}; use one of ${DTYPES.map((d) => `"${d}"`).join(", ")}.`,
  );
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

/** Allocates zeroed storage for `size` elements of `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
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

/** Converts a JS value to what storage of `dtype` holds (used for fills and scalars). */
export function coerceScalar(dtype: DType, value: number | boolean): number {
  const v = typeof value === "boolean" ? (value ? 1 : 0) : value;
  switch (dtype) {
    case "bool":
      return v !== 0 ? 1 : 0;
    case "int32":
      return v | 0;
    case "float32":
      return Math.fround(v);
    case "float64":
      return v;
  }
}
