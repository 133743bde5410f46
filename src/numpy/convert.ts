/** From JS values to arrays: nested arrays, typed arrays, weakly typed scalars. */
import { allocate, checkDType, coerceScalar, DEFAULT_FLOAT, type DType, type TypedArray } from "../array/dtype.js";
import { ConcreteArray, NDArray, type ArrayLike, type NestedArray } from "../array/ndarray.js";
import { checkShape, shapeSize, showShape } from "../array/shape.js";
import { wrapStorage } from "../array/storage.js";
import { bind } from "../core/trace.js";

export interface DTypeOption {
  dtype?: DType;
}

/** A rank-0 concrete array holding `value` as `dtype`. */
export function scalar(value: number | boolean, dtype: DType): ConcreteArray {
  const data = allocate(dtype, 1);
  data[0] = coerceScalar(dtype, value);
  return new ConcreteArray([], dtype, wrapStorage(dtype, data));
}

/** Casts (a no-op when the dtype already matches). */
export function cast(x: NDArray, dtype: DType): NDArray {
  return x.dtype === dtype ? x : bind("convertElementType", [x], { dtype: checkDType(dtype, "astype") });
}

/**
 * Converts any accepted input to an NDArray. NDArrays pass through (cast when `dtype` is given);
 * JS numbers become float32 and booleans bool unless `dtype` says otherwise.
 */
export function asArray(x: ArrayLike, dtype?: DType, op = "np.array"): NDArray {
  if (x instanceof NDArray) return dtype === undefined ? x : cast(x, dtype);
  return fromJs(x, dtype, op);
}

/** `np.array` on JS input: always a fresh copy. */
export function fromJs(values: Exclude<ArrayLike, NDArray>, dtype: DType | undefined, op: string, shape?: readonly number[]): ConcreteArray {
  if (dtype !== undefined) checkDType(dtype, op);
  if (typeof values === "number" || typeof values === "boolean") {
    const a = scalar(values, dtype ?? (typeof values === "boolean" ? "bool" : DEFAULT_FLOAT));
    return shape === undefined ? a : reshapeConcrete(a, shape, op);
  }
  if (ArrayBuffer.isView(values)) {
    const typed = values as TypedArray;
    // Float arrays keep their precision; integer arrays of any width become int32.
    const target = dtype ?? (typed instanceof Float32Array ? "float32" : typed instanceof Float64Array ? "float64" : "int32");
    const data = allocate(target, typed.length);
    if (target === "bool") for (let i = 0; i < typed.length; i++) data[i] = typed[i] !== 0 ? 1 : 0;
    else data.set(typed);
    const a = new ConcreteArray([typed.length], target, wrapStorage(target, data));
    return shape === undefined ? a : reshapeConcrete(a, shape, op);
  }
  if (!Array.isArray(values)) {
    throw new TypeError(`${op}: cannot make an array from ${describeValue(values)}; pass a number, a boolean, a (nested) JS array or a typed array.`);
  }
  const dims = nestedShape(values, op);
  const flat: (number | boolean)[] = [];
  let allBool = true;
  flatten(values, dims, 0, [], flat, op);
  for (const v of flat) if (typeof v !== "boolean") allBool = false;
  const target = dtype ?? (allBool && flat.length > 0 ? "bool" : DEFAULT_FLOAT);
  const data = allocate(target, flat.length);
  for (let i = 0; i < flat.length; i++) data[i] = coerceScalar(target, flat[i]!);
  const a = new ConcreteArray(dims, target, wrapStorage(target, data));
  return shape === undefined ? a : reshapeConcrete(a, shape, op);
}

function reshapeConcrete(a: ConcreteArray, shape: readonly number[], op: string): ConcreteArray {
  const dims = checkShape(shape, op);
  if (shapeSize(dims) !== a.size) {
    throw new RangeError(`${op}: ${a.size} values cannot fill shape ${showShape(dims)} (${shapeSize(dims)} elements); give as many values as the shape holds.`);
  }
  return new ConcreteArray(dims, a.dtype, a.storage);
}

function nestedShape(values: NestedArray, op: string): number[] {
  const dims: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    dims.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  // An empty innermost array (`[[], []]`) ends the walk on an array: that is shape [2, 0], not an error.
  if (!Array.isArray(level) && typeof level !== "number" && typeof level !== "boolean") {
    throw new TypeError(`${op}: nested arrays may hold only numbers and booleans, found ${describeValue(level)}.`);
  }
  return dims;
}

function flatten(values: unknown, dims: readonly number[], depth: number, path: number[], out: (number | boolean)[], op: string): void {
  if (depth === dims.length) {
    if (typeof values !== "number" && typeof values !== "boolean") {
      throw new TypeError(
        `${op}: ragged nested array: at index [${path.join("][")}] expected a number but found ${describeValue(values)}; every row must have the same length (shape ${showShape(dims)}).`,
      );
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== dims[depth]) {
    const found = Array.isArray(values) ? `length ${values.length}` : describeValue(values);
    throw new TypeError(
      `${op}: ragged nested array: at index [${path.join("][")}] expected length ${dims[depth]} but found ${found}; every row must have the same length (shape ${showShape(dims)}).`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    path.push(i);
    flatten(values[i], dims, depth + 1, path, out, op);
    path.pop();
  }
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof NDArray) return "an NDArray (stack arrays with np.array(list) or np.stack(list))";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v === "object" ? `an object (${(v as object).constructor?.name ?? "Object"})` : `${typeof v} ${String(v)}`;
}
