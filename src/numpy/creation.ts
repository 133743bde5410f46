/** Array creation: array, asarray, zeros, ones, full, arange, linspace, eye, *Like. */
import { allocate, coerceScalar, DEFAULT_FLOAT, type DType } from "../array/dtype.js";
import { ConcreteArray, NDArray, type ArrayLike } from "../array/ndarray.js";
import { checkShape, MAX_RANK, shapeSize } from "../array/shape.js";
import { wrapStorage } from "../array/storage.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { MAX_ELEMENTS } from "../errors/checks.js";
import { broadcastTo } from "./broadcast.js";
import { asArray, checkInt32Literal, fromJs, scalar, type DTypeOption } from "./convert.js";
import { reshape, stack } from "./shape.js";
import { checkBoolean, checkNumber, dtypeOption, options } from "./validate.js";

/** Options of np.array. */
export interface ArrayOptions extends DTypeOption {
  /** Reshape the given values (in row-major order) to this shape. */
  shape?: readonly number[];
}

/**
 * Makes an array from a number, boolean, nested JS arrays or a typed array (always a copy).
 * Numbers give float32 unless `dtype` says otherwise; int32 refuses values it cannot hold.
 * @example np.array([[1, 2], [3, 4]]) // float32, shape [2, 2]
 * @example np.array(new Float64Array([1, 2, 3]), { shape: [3, 1] }) // float64
 */
export function array(values: ArrayLike, opts?: ArrayOptions): NDArray {
  const { dtype, shape } = options("np.array", opts, ["dtype", "shape"]);
  const dt = dtypeOption("np.array", dtype);
  if (Array.isArray(values) && holdsArray(values)) {
    // A list of NDArrays (or nested lists of them) stacks, as in numpy and JAX; this also works on traced values.
    const stacked = stack(values.map((v) => (v instanceof NDArray ? v : array(v as ArrayLike))));
    return array(stacked, opts);
  }
  if (values instanceof NDArray) {
    const a = dt === undefined ? values : asArray(values, dt);
    return shape === undefined ? a : reshape(a, shape);
  }
  return fromJs(values, dt, "np.array", shape);
}

/**
 * Whether nested lists hold an NDArray. Each list is visited once and no deeper than MAX_RANK, so
 * self-containing or absurdly deep lists end the walk (fromJs then reports them).
 */
function holdsArray(v: unknown, seen = new Set<unknown>(), depth = 0): boolean {
  if (v instanceof NDArray) return true;
  if (!Array.isArray(v) || depth > MAX_RANK || seen.has(v)) return false;
  seen.add(v);
  return v.some((w) => holdsArray(w, seen, depth + 1));
}

/** Like `array` but returns NDArrays unchanged (no copy). @example np.asarray(x) === x */
export function asarray(values: ArrayLike, opts?: DTypeOption): NDArray {
  const { dtype } = options("np.asarray", opts, ["dtype"]);
  return asArray(values, dtypeOption("np.asarray", dtype), "np.asarray");
}

/**
 * An array of `shape` filled with `value`: a number or boolean (a view of one element: no
 * per-element storage), or an array that broadcasts to `shape`, as numpy's fill values do.
 * @example np.full([2, 2], 7)
 */
export function full(shape: number | readonly number[], value: ArrayLike, opts?: DTypeOption): NDArray {
  return filled("full", shape, value, options("full", opts, ["dtype"]).dtype);
}

/** `full`, with errors naming the public function the user called (`op`). */
function filled(op: string, shape: unknown, value: ArrayLike, dtypeOpt: unknown): NDArray {
  const dims = checkShape(shape, op);
  const given = dtypeOption(op, dtypeOpt);
  if (typeof value !== "number" && typeof value !== "boolean") {
    // An array fill value: numpy broadcasts it to the shape.
    const a = asArray(value, given, op);
    return broadcastTo(a, dims, op);
  }
  const dtype = given ?? (typeof value === "boolean" ? "bool" : DEFAULT_FLOAT);
  if (dtype === "int32" && typeof value === "number") checkInt32Literal(value, op);
  if (shapeSize(dims) === 0) return new ConcreteArray(dims, dtype, wrapStorage(dtype, allocate(dtype, 0)));
  return broadcastTo(scalar(value, dtype), dims, op);
}

/** Zeros of `shape`. @example np.zeros([2, 3]) */
export function zeros(shape: number | readonly number[], opts?: DTypeOption): NDArray {
  return filled("zeros", shape, 0, options("zeros", opts, ["dtype"]).dtype);
}
/** Ones of `shape`. @example np.ones([3], { dtype: "int32" }) */
export function ones(shape: number | readonly number[], opts?: DTypeOption): NDArray {
  return filled("ones", shape, 1, options("ones", opts, ["dtype"]).dtype);
}
/** Zeros with x's shape (and dtype unless given). */
export function zerosLike(x: ArrayLike, opts?: DTypeOption): NDArray {
  const { dtype } = options("zerosLike", opts, ["dtype"]);
  const a = asArray(x, undefined, "zerosLike");
  return filled("zerosLike", a.shape, 0, dtype ?? a.dtype);
}
/** Ones with x's shape (and dtype unless given). */
export function onesLike(x: ArrayLike, opts?: DTypeOption): NDArray {
  const { dtype } = options("onesLike", opts, ["dtype"]);
  const a = asArray(x, undefined, "onesLike");
  return filled("onesLike", a.shape, 1, dtype ?? a.dtype);
}
/** `value` with x's shape (and dtype unless given). */
export function fullLike(x: ArrayLike, value: ArrayLike, opts?: DTypeOption): NDArray {
  const { dtype } = options("fullLike", opts, ["dtype"]);
  const a = asArray(x, undefined, "fullLike");
  return filled("fullLike", a.shape, value, dtype ?? a.dtype);
}

/** Refuses element counts an array cannot hold, before anything is allocated. */
function checkCount(op: string, n: number, what: string): void {
  if (n > MAX_ELEMENTS) throw new ShapeError(op, `${what} gives ${n} elements, more than the ${MAX_ELEMENTS} an array can hold; use a smaller range or count.`);
}

/**
 * A new 1-D array of n values first + i·step (the last replaced by `last` when given). int32 values
 * are rounded with `round` (arange truncates, linspace floors), and their ends are range-checked:
 * the values are monotonic, so both ends cover all. Float stores round to float32 as they should.
 */
function evenlySpaced(op: string, dtype: DType, first: number, step: number, n: number, last?: number, round: (v: number) => number = Math.trunc): NDArray {
  const data = allocate(dtype, n);
  if (n > 0 && dtype === "int32") {
    const end = last ?? first + (n - 1) * step;
    checkInt32Literal(round(first), op, " (the first element)");
    checkInt32Literal(round(end), op, " (the last element)");
    for (let i = 0; i < n; i++) data[i] = round(first + i * step);
    if (last !== undefined) data[n - 1] = round(last);
  } else if (dtype === "bool") {
    for (let i = 0; i < n; i++) data[i] = first + i * step !== 0 ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) data[i] = first + i * step;
  }
  if (last !== undefined && n > 0 && dtype !== "int32") data[n - 1] = coerceScalar(dtype, last);
  return new ConcreteArray([n], dtype, wrapStorage(dtype, data));
}

/**
 * Evenly spaced values in [start, stop) (or [0, start) with one argument). int32 when every
 * argument is an integer, float32 otherwise, as in JAX. @example np.arange(5) // [0, 1, 2, 3, 4]
 */
export function arange(start: number, stop?: number | null, step?: number | null, opts?: DTypeOption): NDArray {
  const { dtype } = options("arange", opts, ["dtype"]);
  checkNumber("arange", start, "start", { finite: true });
  if (stop !== undefined && stop !== null) checkNumber("arange", stop, "stop", { finite: true });
  const st = step === undefined || step === null ? 1 : checkNumber("arange", step, "step", { finite: true });
  const [lo, hi] = stop === undefined || stop === null ? [0, start] : [start, stop];
  if (st === 0) throw new ValueError("arange", `start ${lo}, stop ${hi} and step ${st} must be finite and step nonzero.`);
  const n = Math.max(0, Math.ceil((hi - lo) / st));
  checkCount("arange", n, `arange(${lo}, ${hi}, ${st})`);
  const dt = dtypeOption("arange", dtype) ?? ([lo, hi, st].every(Number.isInteger) ? "int32" : DEFAULT_FLOAT);
  if (dt === "int32" && !(Number.isInteger(lo) && Number.isInteger(st))) {
    // An integer range from fractional bounds: start and step become integers first (numpy and JAX
    // agree on this for whole steps), so arange(-1.5, 2.5, 1, int32) is [-1, 0, 1, 2], never a repeat.
    // A step that truncates to 0 would repeat one value (numpy then gives zeros): refused.
    const intStep = Math.trunc(st);
    if (intStep === 0 && n > 1) {
      throw new ValueError("arange", `step ${st} truncates to 0 for dtype int32, which would repeat one value ${n} times; use a float dtype, or a step of magnitude >= 1.`);
    }
    return evenlySpaced("arange", dt, Math.trunc(lo), intStep, n);
  }
  return evenlySpaced("arange", dt, lo, st, n);
}

/** Options of linspace. */
export interface LinspaceOptions extends DTypeOption {
  /** Whether `b` is the last value (true by default). */
  endpoint?: boolean;
}

/** `num` evenly spaced values from a to b (inclusive unless `endpoint: false`). @example np.linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1] */
export function linspace(a: number, b: number, num = 50, opts?: LinspaceOptions): NDArray {
  const { dtype, endpoint: endpointOpt } = options("linspace", opts, ["dtype", "endpoint"]);
  checkNumber("linspace", a, "start");
  checkNumber("linspace", b, "stop");
  checkNumber("linspace", num, "num", { integer: true, min: 0 });
  checkCount("linspace", num, `num ${num}`);
  const endpoint = checkBoolean("linspace", endpointOpt, "endpoint") ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (b - a) / div : 0;
  // Integer dtypes round down (numpy 2 and JAX floor), so that a negative 0.5 step reads −1, not 0.
  return evenlySpaced("linspace", dtypeOption("linspace", dtype) ?? DEFAULT_FLOAT, a, step, num, endpoint && div > 0 ? b : undefined, Math.floor);
}

/** Options of eye. */
export interface EyeOptions extends DTypeOption {
  /** Number of columns (n by default). */
  m?: number;
  /** The diagonal: 0 the main one, positive above it, negative below. */
  k?: number;
}

/** The n×m identity (ones on diagonal k). @example np.eye(3) */
export function eye(n: number, opts?: EyeOptions): NDArray {
  const { dtype, m, k } = options("eye", opts, ["dtype", "m", "k"]);
  const [rows, cols] = checkShape([n, m ?? n], "eye") as [number, number];
  const diagonal = k === undefined ? 0 : checkNumber("eye", k, "k", { integer: true });
  const dt = dtypeOption("eye", dtype) ?? DEFAULT_FLOAT;
  const data = allocate(dt, rows * cols);
  // Storage starts zeroed: only the diagonal's ones are written.
  for (let r = Math.max(0, -diagonal); r < rows && r + diagonal < cols; r++) data[r * cols + r + diagonal] = 1;
  return new ConcreteArray([rows, cols], dt, wrapStorage(dt, data));
}
