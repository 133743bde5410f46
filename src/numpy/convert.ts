/** From JS values to arrays: nested arrays, typed arrays, weakly typed scalars. */
import { allocate, checkDType, coerceScalar, DEFAULT_FLOAT, INT32_MAX, INT32_MIN, type DType, type TypedArray } from "../array/dtype.js";
import { ConcreteArray, NDArray, type ArrayLike, type NestedArray } from "../array/ndarray.js";
import { checkShape, MAX_RANK, shapeSize, showShape } from "../array/shape.js";
import { wrapStorage } from "../array/storage.js";
import { bind } from "../core/trace.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { MAX_ELEMENTS } from "../errors/checks.js";

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
  if (x instanceof NDArray) return dtype === undefined ? x : cast(x, checkDType(dtype, op));
  return fromJs(x, dtype, op);
}

/**
 * A JS literal stored as int32 must be a finite number within the int32 range (fractions truncate
 * toward zero, as numpy's `np.array(1.5, dtype=int32)`); numpy raises for the rest rather than wrap.
 */
export function checkInt32Literal(v: number, op: string, where = ""): void {
  if (Number.isNaN(v) || !Number.isFinite(v)) {
    throw new ValueError(op, `cannot store ${v}${where} as int32: only finite numbers convert to integers; use a float dtype.`);
  }
  const t = Math.trunc(v);
  if (t > INT32_MAX || t < INT32_MIN) {
    throw new ValueError(op, `the value ${v}${where} is out of the int32 range [${INT32_MIN}, ${INT32_MAX}]; use dtype "float64" (or "float32").`);
  }
}

/** `np.array` on JS input: always a fresh copy. */
export function fromJs(values: Exclude<ArrayLike, NDArray>, dtype: DType | undefined, op: string, shape?: readonly number[]): ConcreteArray {
  if (dtype !== undefined) checkDType(dtype, op);
  const finish = (a: ConcreteArray): ConcreteArray => (shape === undefined ? a : reshapeConcrete(a, shape, op));
  if (typeof values === "number" || typeof values === "boolean") {
    const target = dtype ?? (typeof values === "boolean" ? "bool" : DEFAULT_FLOAT);
    if (target === "int32" && typeof values === "number") checkInt32Literal(values, op);
    return finish(scalar(values, target));
  }
  if (ArrayBuffer.isView(values)) return finish(fromTyped(values, dtype, op));
  if (!Array.isArray(values)) {
    throw new ValueError(op, `cannot make an array from ${describeValue(values)}; pass a number, a boolean, a (nested) JS array or a typed array.`);
  }
  const dims = nestedShape(values, op);
  const flat: (number | boolean)[] = [];
  flatten(values, dims, 0, [], flat, op);
  let allBool = true;
  for (const v of flat) if (typeof v !== "boolean") allBool = false;
  const target = dtype ?? (allBool && flat.length > 0 ? "bool" : DEFAULT_FLOAT);
  const data = allocate(target, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    if (target === "int32" && typeof v === "number") checkInt32Literal(v, op, ` (flat index ${i})`);
    data[i] = coerceScalar(target, v);
  }
  return finish(new ConcreteArray(dims, target, wrapStorage(target, data)));
}

type IntegerTyped = Int8Array | Int16Array | Int32Array | Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array;

/**
 * Typed arrays of every kind: float arrays keep their precision; integer arrays become int32, which
 * must hold every value (Uint32Array and the BigInt arrays can exceed it: then a float dtype must be
 * asked for). DataView and other views are refused.
 */
function fromTyped(view: ArrayBufferView, dtype: DType | undefined, op: string): ConcreteArray {
  const name = view.constructor.name;
  const isBig = view instanceof BigInt64Array || view instanceof BigUint64Array;
  const isFloatView = view instanceof Float32Array || view instanceof Float64Array || name === "Float16Array";
  const isInt =
    view instanceof Int8Array ||
    view instanceof Int16Array ||
    view instanceof Int32Array ||
    view instanceof Uint8Array ||
    view instanceof Uint8ClampedArray ||
    view instanceof Uint16Array ||
    view instanceof Uint32Array;
  if (!isBig && !isFloatView && !isInt) {
    throw new ValueError(op, `cannot make an array from a ${name}; pass a typed array such as Float32Array, Float64Array or Int32Array.`);
  }
  const length = (view as unknown as { length: number }).length;
  if (length > MAX_ELEMENTS) throw new ShapeError(op, `a ${name} of ${length} elements is more than the ${MAX_ELEMENTS} an array can hold.`);
  const target: DType = dtype ?? (view instanceof Float64Array ? "float64" : isFloatView ? "float32" : "int32");
  const data = allocate(target, length);
  if (isBig) {
    const big = view as BigInt64Array | BigUint64Array;
    for (let i = 0; i < length; i++) {
      const b = big[i]!;
      if (target === "int32" && (b > 2147483647n || b < -2147483648n)) {
        throw new ValueError(op, `the value ${b} (flat index ${i}) of the ${name} is out of the int32 range; pass { dtype: "float64" } to convert it to floats.`);
      }
      data[i] = target === "bool" ? (b !== 0n ? 1 : 0) : Number(b);
    }
  } else if (target === "bool") {
    const src = view as TypedArray;
    for (let i = 0; i < length; i++) data[i] = src[i] !== 0 ? 1 : 0;
  } else if (target === "int32" && !(view instanceof Int32Array)) {
    const src = view as TypedArray | IntegerTyped;
    for (let i = 0; i < length; i++) {
      const v = src[i]!;
      if (!(v >= INT32_MIN && v <= INT32_MAX) || !Number.isInteger(v)) {
        if (isInt) throw new ValueError(op, `the value ${v} (flat index ${i}) of the ${name} is out of the int32 range; pass { dtype: "float64" } to convert it to floats.`);
        checkInt32Literal(v, op, ` (flat index ${i} of the ${name})`);
      }
      data[i] = Math.trunc(v);
    }
  } else {
    (data as Float64Array).set(view as Float64Array);
  }
  return new ConcreteArray([length], target, wrapStorage(target, data));
}

function reshapeConcrete(a: ConcreteArray, shape: readonly number[], op: string): ConcreteArray {
  const dims = checkShape(shape, op);
  if (shapeSize(dims) !== a.size) {
    throw new ShapeError(op, `${a.size} values cannot fill shape ${showShape(dims)} (${shapeSize(dims)} elements); give as many values as the shape holds.`, {
      shapes: [a.shape, dims],
    });
  }
  return new ConcreteArray(dims, a.dtype, a.storage);
}

function nestedShape(values: NestedArray, op: string): number[] {
  const dims: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    // Also stops a self-containing array (`a[0] = a`) from looping forever.
    if (dims.length === MAX_RANK) throw new ShapeError(op, `nested arrays deeper than ${MAX_RANK} levels; an array has at most ${MAX_RANK} dimensions.`);
    dims.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  // An empty innermost array (`[[], []]`) ends the walk on an array: that is shape [2, 0], not an error.
  if (!Array.isArray(level) && typeof level !== "number" && typeof level !== "boolean") {
    throw new ValueError(op, `nested arrays may hold only numbers and booleans, found ${describeValue(level)}.`);
  }
  if (shapeSize(dims) > MAX_ELEMENTS) throw new ShapeError(op, `nested arrays of shape ${showShape(dims)} hold more than ${MAX_ELEMENTS} elements.`);
  return dims;
}

function flatten(values: unknown, dims: readonly number[], depth: number, path: number[], out: (number | boolean)[], op: string): void {
  if (depth === dims.length) {
    if (typeof values !== "number" && typeof values !== "boolean") {
      throw new ValueError(
        op,
        `ragged nested array: at index [${path.join("][")}] expected a number but found ${describeValue(values)}; every row must have the same length (shape ${showShape(dims)}).`,
      );
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== dims[depth]) {
    const found = Array.isArray(values) ? `length ${values.length}` : describeValue(values);
    throw new ValueError(
      op,
      `ragged nested array: at index [${path.join("][")}] expected length ${dims[depth]} but found ${found}; every row must have the same length (shape ${showShape(dims)}).`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    path.push(i);
    flatten(values[i], dims, depth + 1, path, out, op);
    path.pop();
  }
}

/** A short description of a JS value that is not array data. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof NDArray) return "an NDArray (stack arrays with np.array(list) or np.stack(list))";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "bigint") return `bigint ${String(v)}n (convert with Number(x))`;
  if (typeof v === "symbol") return "a symbol";
  if (typeof v === "function") return `a function${v.name ? ` (${v.name})` : ""}`;
  if (typeof v === "string") return `string ${v.length > 40 ? v.slice(0, 40) + "…" : v}`;
  return typeof v === "object" ? `an object (${(v as object).constructor?.name ?? "Object"})` : `${typeof v} ${String(v)}`;
}
