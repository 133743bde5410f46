/** Array creation: array, asarray, zeros, ones, full, arange, linspace, eye, *Like. */
import { allocate, checkDType, coerceScalar, DEFAULT_FLOAT, type DType } from "../array/dtype.js";
import { ConcreteArray, NDArray, type ArrayLike } from "../array/ndarray.js";
import { checkShape, shapeSize } from "../array/shape.js";
import { wrapStorage } from "../array/storage.js";
import { broadcastTo } from "./broadcast.js";
import { asArray, fromJs, scalar, type DTypeOption } from "./convert.js";
import { reshape, stack } from "./shape.js";

/** Options of np.array. */
export interface ArrayOptions extends DTypeOption {
  /** Reshape the given values (in row-major order) to this shape. */
  shape?: readonly number[];
}

/**
 * Makes an array from a number, boolean, nested JS arrays or a typed array (always a copy).
 * Numbers give float32 unless `dtype` says otherwise.
 * @example np.array([[1, 2], [3, 4]]) // float32, shape [2, 2]
 * @example np.array(new Float64Array([1, 2, 3]), { shape: [3, 1] }) // float64
 */
export function array(values: ArrayLike, opts: ArrayOptions = {}): NDArray {
  if (Array.isArray(values) && values.some(holdsArray)) {
    // A list of NDArrays (or nested lists of them) stacks, as in numpy and JAX; this also works on traced values.
    const stacked = stack(values.map((v) => (v instanceof NDArray ? v : array(v as ArrayLike))));
    return array(stacked, opts);
  }
  if (values instanceof NDArray) {
    const a = opts.dtype === undefined ? values : asArray(values, opts.dtype);
    return opts.shape === undefined ? a : reshape(a, opts.shape);
  }
  return fromJs(values, opts.dtype, "np.array", opts.shape);
}

function holdsArray(v: unknown): boolean {
  return v instanceof NDArray || (Array.isArray(v) && v.some(holdsArray));
}

/** Like `array` but returns NDArrays unchanged (no copy). @example np.asarray(x) === x */
export function asarray(values: ArrayLike, opts: DTypeOption = {}): NDArray {
  return asArray(values, opts.dtype, "np.asarray");
}

/** An array of `shape` filled with `value` (a view of one element: no per-element storage). @example np.full([2, 2], 7) */
export function full(shape: number | readonly number[], value: number | boolean, opts: DTypeOption = {}): NDArray {
  return filled("full", shape, value, opts);
}

/** `full`, with errors naming the public function the user called (`op`). */
function filled(op: string, shape: number | readonly number[], value: number | boolean, opts: DTypeOption): NDArray {
  const dims = checkShape(shape, op);
  const dtype = checkDType(opts.dtype ?? (typeof value === "boolean" ? "bool" : DEFAULT_FLOAT), op);
  if (shapeSize(dims) === 0) return new ConcreteArray(dims, dtype, wrapStorage(dtype, allocate(dtype, 0)));
  return broadcastTo(scalar(value, dtype), dims, "full");
}

/** Zeros of `shape`. @example np.zeros([2, 3]) */
export function zeros(shape: number | readonly number[], opts: DTypeOption = {}): NDArray {
  return filled("zeros", shape, 0, opts);
}
/** Ones of `shape`. @example np.ones([3], { dtype: "int32" }) */
export function ones(shape: number | readonly number[], opts: DTypeOption = {}): NDArray {
  return filled("ones", shape, 1, opts);
}
/** Zeros with x's shape (and dtype unless given). */
export function zerosLike(x: ArrayLike, opts: DTypeOption = {}): NDArray {
  const a = asArray(x, undefined, "zerosLike");
  return filled("zerosLike", a.shape, 0, { dtype: opts.dtype ?? a.dtype });
}
/** Ones with x's shape (and dtype unless given). */
export function onesLike(x: ArrayLike, opts: DTypeOption = {}): NDArray {
  const a = asArray(x, undefined, "onesLike");
  return filled("onesLike", a.shape, 1, { dtype: opts.dtype ?? a.dtype });
}
/** `value` with x's shape (and dtype unless given). */
export function fullLike(x: ArrayLike, value: number | boolean, opts: DTypeOption = {}): NDArray {
  const a = asArray(x, undefined, "fullLike");
  return filled("fullLike", a.shape, value, { dtype: opts.dtype ?? a.dtype });
}

/** A new array whose i-th element (row-major) is value(i). */
function fresh(dtype: DType, value: (i: number) => number, n: number, shape: number[]): NDArray {
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = coerceScalar(dtype, value(i));
  return new ConcreteArray(shape, dtype, wrapStorage(dtype, data));
}

/**
 * Evenly spaced values in [start, stop) (or [0, start) with one argument). int32 when every
 * argument is an integer, float32 otherwise, as in JAX. @example np.arange(5) // [0, 1, 2, 3, 4]
 */
export function arange(start: number, stop?: number, step = 1, opts: DTypeOption = {}): NDArray {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`arange: start ${lo}, stop ${hi} and step ${step} must be finite and step nonzero.`);
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const dtype = opts.dtype ?? ([lo, hi, step].every(Number.isInteger) ? "int32" : DEFAULT_FLOAT);
  return fresh(checkDType(dtype, "arange"), (i) => lo + i * step, n, [n]);
}

/** `num` evenly spaced values from a to b (inclusive unless `endpoint: false`). @example np.linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1] */
export function linspace(a: number, b: number, num = 50, opts: DTypeOption & { endpoint?: boolean } = {}): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`linspace: num must be a non-negative integer, got ${num}.`);
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (b - a) / div : 0;
  return fresh(checkDType(opts.dtype ?? DEFAULT_FLOAT, "linspace"), (i) => (endpoint && div > 0 && i === num - 1 ? b : a + i * step), num, [num]);
}

/** The n×m identity (ones on diagonal k). @example np.eye(3) */
export function eye(n: number, opts: DTypeOption & { m?: number; k?: number } = {}): NDArray {
  const m = opts.m ?? n;
  const [rows, cols] = checkShape([n, m], "eye") as [number, number];
  const k = opts.k ?? 0;
  return fresh(checkDType(opts.dtype ?? DEFAULT_FLOAT, "eye"), (i) => (Math.floor(i / cols) + k === i % cols ? 1 : 0), rows * cols, [rows, cols]);
}
