/**
 * The implementation of `data` (see index.ts, which makes each function a public operation).
 * @internal
 */
import { NDArray } from "../array/ndarray.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe } from "../errors/checks.js";
import { callUser } from "../errors/context.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { checkCount, checkGeneratedSize, checkKey, checkNonNegative, MAX_GENERATED, type Dataset } from "./checks.js";
import { IRIS_CLASS_NAMES, IRIS_FEATURE_NAMES, IRIS_ROWS } from "./iris.js";

export type { Dataset } from "./checks.js";

/** Split n examples into `k` class counts as evenly as possible (the first n mod k get one more). */
function classCounts(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
}

const f32 = (values: ArrayLike<number>, shape: number[]) => np.array(Float32Array.from(values), { shape, dtype: "float32" });
const i32 = (values: ArrayLike<number>) => np.array(Int32Array.from(values), { dtype: "int32" });
const floats = (a: NDArray): Float32Array => Float32Array.from(a.data() as ArrayLike<number>);

/** Rows of `ds` in a random order given by `key`. */
function shuffled(key: NDArray, ds: Dataset): Dataset {
  const perm = random.permutation(key, ds.x.shape[0]!);
  return { x: np.take(ds.x, perm, 0), y: np.take(ds.y, perm, 0) };
}

/**
 * A 2-D dataset of `classes` curves: point i of `count` in class `cls` sits at `place(cls, i,
 * count)`, plus Gaussian noise of standard deviation `sigma`; rows shuffled. Shared by moons,
 * circles and spirals.
 */
function noisyCurves(key: NDArray, n: number, classes: number, sigma: number, place: (cls: number, i: number, count: number) => readonly [number, number]): Dataset {
  const [kNoise, kPerm] = random.split(key, 2) as [NDArray, NDArray];
  const noise = floats(random.normal(kNoise, [n, 2]));
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  let row = 0;
  classCounts(n, classes).forEach((count, cls) => {
    for (let i = 0; i < count; i++, row++) {
      const [px, py] = place(cls, i, count);
      x[2 * row] = px + sigma * noise[2 * row]!;
      x[2 * row + 1] = py + sigma * noise[2 * row + 1]!;
      y[row] = cls;
    }
  });
  return shuffled(kPerm, { x: np.array(x, { shape: [n, 2] }), y: np.array(y, { dtype: "int32" }) });
}

// ---------------------------------------------------------------------------------------------
// Fixed datasets.

/**
 * The XOR problem: x the 4 points of {0, 1}² (float32 [4, 2]), y their XOR (float32 0/1, [4]).
 * @example const { x, y } = data.xor(); // y.toArray() → [0, 1, 1, 0]
 */
export function xor(): Dataset {
  return { x: f32([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]), y: f32([0, 1, 1, 0], [4]) };
}

/**
 * All 2^nBits bit vectors (float32 [2^nBits, nBits], row i is i in binary, most significant bit
 * first) with their parity (float32 0/1, [2^nBits]: 1 when the number of ones is odd).
 * `parity(2)` is `xor()`. nBits is limited to 1…20.
 * @example data.parity(3).y.toArray() // [0, 1, 1, 0, 1, 0, 0, 1]
 */
export function parity(nBits: number): Dataset {
  if (typeof nBits !== "number" || !Number.isInteger(nBits) || nBits < 1 || nBits > 20) {
    throw new ValueError("data.parity", `nBits must be an integer in 1…20 (2^nBits rows), got ${describe(nBits)}; e.g. data.parity(4) for 16 rows.`);
  }
  const n = 2 ** nBits;
  const x = new Float32Array(n * nBits);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let ones = 0;
    for (let b = 0; b < nBits; b++) {
      const bit = (i >> (nBits - 1 - b)) & 1;
      x[i * nBits + b] = bit;
      ones += bit;
    }
    y[i] = ones % 2;
  }
  return { x: np.array(x, { shape: [n, nBits] }), y: np.array(y) };
}

/** The Iris dataset with its class and feature names. */
export interface IrisDataset extends Dataset {
  /** ["setosa", "versicolor", "virginica"]: `classNames[y[i]]` names example i. */
  classNames: readonly string[];
  /** ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]. */
  featureNames: readonly string[];
}

/**
 * Fisher's Iris data: x float32 [150, 4] (sepal length, sepal width, petal length, petal width in
 * cm), y int32 [150] class labels 0 = setosa, 1 = versicolor, 2 = virginica (50 each, in that
 * order; shuffle with `batches` / `split`). Values as in scikit-learn (UCI file with its two
 * known transcription errors corrected to Fisher's published values).
 * @example const { x, y, classNames } = data.iris(); classNames[y.data()[0]!] // "setosa"
 */
export function iris(): IrisDataset {
  return {
    x: f32(IRIS_ROWS.flat(), [IRIS_ROWS.length, 4]),
    y: i32(IRIS_ROWS.map((_, i) => Math.floor(i / 50))),
    classNames: [...IRIS_CLASS_NAMES],
    featureNames: [...IRIS_FEATURE_NAMES],
  };
}

// ---------------------------------------------------------------------------------------------
// Random classification datasets (x float32 [n, dim], y int32 [n], rows shuffled).

/** Options of {@link blobs}. */
export interface BlobsOptions {
  /** Number of examples (default 200), split as evenly as possible between the classes. */
  n?: number;
  /**
   * The number of classes (default 2), placed at well-separated centres (neighbours 10·std
   * apart), or the centres themselves as a list of points of length `dim` (one class each).
   */
  centers?: number | number[][];
  /** Standard deviation of each blob (default 1). */
  std?: number;
  /** Dimension of the points (default 2; taken from explicit centres when given). */
  dim?: number;
}

/** k centres 10·std apart from their neighbours: on a circle in the first two coordinates (dim ≥ 2), on a line (dim 1). */
function defaultCenters(k: number, dim: number, std: number): number[][] {
  const spacing = 10 * (std > 0 ? std : 1);
  return Array.from({ length: k }, (_, c) => {
    const p = new Array<number>(dim).fill(0);
    if (k === 1) return p;
    if (dim === 1 || k === 2) {
      p[0] = (c - (k - 1) / 2) * spacing;
    } else {
      const r = spacing / (2 * Math.sin(Math.PI / k));
      p[0] = r * Math.cos((2 * Math.PI * c) / k);
      p[1] = r * Math.sin((2 * Math.PI * c) / k);
    }
    return p;
  });
}

/**
 * Isotropic Gaussian blobs, one per class: x float32 [n, dim], y int32 [n] class labels (rows
 * shuffled). With the default centres the classes are linearly separable in practice (centres 10
 * standard deviations apart).
 * @example data.blobs(random.key(0), { n: 300, centers: 3 }) // x [300, 2], y in {0, 1, 2}
 * @example data.blobs(key, { centers: [[0, 0], [4, 4]], std: 0.5 })
 */
export function blobs(key: NDArray, opts: BlobsOptions = {}): Dataset {
  const op = "data.blobs";
  checkKey(op, key);
  checkOptions(op, opts, ["n", "centers", "std", "dim"]);
  const o = opts ?? {};
  const n = checkCount(op, "n", o.n ?? 200, 1);
  const std = checkNonNegative(op, "std", o.std ?? 1);
  const c: unknown = o.centers ?? 2;
  let centers: number[][];
  let dim: number;
  if (typeof c === "number") {
    checkCount(op, "centers", c, 1);
    if (c > n) throw new ValueError(op, `${c} centres need at least as many examples, got n = ${n}; every class gets at least one example.`);
    dim = checkCount(op, "dim", o.dim ?? 2, 1);
    checkGeneratedSize(op, n, dim);
    centers = defaultCenters(c, dim, std);
  } else {
    if (!Array.isArray(c) || c.length === 0 || !c.every((p) => Array.isArray(p) && p.length > 0 && p.every((v) => typeof v === "number" && Number.isFinite(v)))) {
      throw new ValueError(op, `centers must be a class count or a non-empty list of points (arrays of finite numbers), got ${Array.isArray(c) ? "a list with an entry that is not a point of finite numbers" : describe(c)}; e.g. { centers: [[0, 0], [5, 5]] }.`);
    }
    const points = c as number[][];
    dim = points[0]!.length;
    const bad = points.findIndex((p) => p.length !== dim);
    if (bad >= 0) throw new ShapeError(op, `all centres must have the same length, but centre 0 has ${dim} coordinates and centre ${bad} has ${points[bad]!.length}; give every centre ${dim} coordinates.`);
    if (o.dim !== undefined && o.dim !== dim) {
      throw new ShapeError(op, `dim ${String(o.dim)} disagrees with the centres, which have ${dim} coordinates; drop dim (it is taken from the centres) or fix the centres.`);
    }
    if (points.length > n) throw new ValueError(op, `${points.length} centres need at least as many examples, got n = ${n}; every class gets at least one example.`);
    checkGeneratedSize(op, n, dim);
    centers = points;
  }
  const [kNoise, kPerm] = random.split(key, 2) as [NDArray, NDArray];
  const noise = floats(random.normal(kNoise, [n, dim]));
  const x = new Float32Array(n * dim);
  const y = new Int32Array(n);
  let row = 0;
  classCounts(n, centers.length).forEach((count, cls) => {
    for (let i = 0; i < count; i++, row++) {
      y[row] = cls;
      for (let d = 0; d < dim; d++) x[row * dim + d] = centers[cls]![d]! + std * noise[row * dim + d]!;
    }
  });
  return shuffled(kPerm, { x: np.array(x, { shape: [n, dim] }), y: np.array(y, { dtype: "int32" }) });
}

/** Options of {@link moons}. */
export interface MoonsOptions {
  /** Number of examples (default 200): ⌈n/2⌉ in the upper moon (class 0), ⌊n/2⌋ in the lower. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
}

/**
 * Two interleaving half circles (as scikit-learn's make_moons): class 0 is (cos t, sin t), class
 * 1 is (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π], plus Gaussian noise. x float32
 * [n, 2], y int32 [n] (rows shuffled).
 * @example data.moons(random.key(0), { n: 400, noise: 0.2 })
 */
export function moons(key: NDArray, opts: MoonsOptions = {}): Dataset {
  const op = "data.moons";
  checkKey(op, key);
  checkOptions(op, opts, ["n", "noise"]);
  const n = checkCount(op, "n", opts?.n ?? 200, 2, MAX_GENERATED / 2);
  const sigma = checkNonNegative(op, "noise", opts?.noise ?? 0.1);
  return noisyCurves(key, n, 2, sigma, (cls, i, count) => {
    const t = count === 1 ? 0 : (Math.PI * i) / (count - 1);
    return cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  });
}

/** Options of {@link circles}. */
export interface CirclesOptions {
  /** Number of examples (default 200): ⌈n/2⌉ on the outer circle (class 0), ⌊n/2⌋ on the inner. */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.05). */
  noise?: number;
  /** Radius of the inner circle relative to the outer (radius 1), in (0, 1) (default 0.5). */
  factor?: number;
}

/**
 * Two concentric circles (as scikit-learn's make_circles): class 0 on radius 1, class 1 on radius
 * `factor`, angles evenly spaced, plus Gaussian noise. x float32 [n, 2], y int32 [n] (shuffled).
 * Not linearly separable: a classic test for a hidden layer.
 * @example data.circles(random.key(0), { n: 300, factor: 0.3 })
 */
export function circles(key: NDArray, opts: CirclesOptions = {}): Dataset {
  const op = "data.circles";
  checkKey(op, key);
  checkOptions(op, opts, ["n", "noise", "factor"]);
  const n = checkCount(op, "n", opts?.n ?? 200, 2, MAX_GENERATED / 2);
  const sigma = checkNonNegative(op, "noise", opts?.noise ?? 0.05);
  const factor = opts?.factor ?? 0.5;
  if (typeof factor !== "number" || !(factor > 0 && factor < 1)) {
    throw new ValueError(op, `factor (inner radius / outer radius) must be in (0, 1), got ${describe(factor)}; e.g. { factor: 0.5 }.`);
  }
  return noisyCurves(key, n, 2, sigma, (cls, i, count) => {
    const r = cls === 0 ? 1 : factor;
    const t = (2 * Math.PI * i) / count;
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

/** Options of {@link spirals}. */
export interface SpiralsOptions {
  /** Number of examples (default 200), split as evenly as possible between the arms. */
  n?: number;
  /** Number of arms, one class each (default 2). */
  classes?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
  /** How many full turns each arm makes from the centre to radius 1 (default 1). */
  turns?: number;
}

/**
 * Interleaved spiral arms, one per class: arm k has points at radius r evenly spaced in (0, 1]
 * and angle 2π·(turns·r + k/classes), plus Gaussian noise. x float32 [n, 2], y int32 [n]
 * (shuffled). A hard nonlinear problem for small MLPs.
 * @example data.spirals(random.key(0), { n: 300, classes: 3 })
 */
export function spirals(key: NDArray, opts: SpiralsOptions = {}): Dataset {
  const op = "data.spirals";
  checkKey(op, key);
  checkOptions(op, opts, ["n", "classes", "noise", "turns"]);
  const classes = checkCount(op, "classes", opts?.classes ?? 2, 1);
  const n = checkCount(op, "n", opts?.n ?? 200, classes, MAX_GENERATED / 2);
  const sigma = checkNonNegative(op, "noise", opts?.noise ?? 0.1);
  const turns = opts?.turns ?? 1;
  if (typeof turns !== "number" || !Number.isFinite(turns) || turns <= 0) {
    throw new ValueError(op, `turns must be a finite number > 0, got ${describe(turns)}; e.g. { turns: 1.5 }.`);
  }
  return noisyCurves(key, n, classes, sigma, (cls, i, count) => {
    const r = (i + 1) / count;
    const t = 2 * Math.PI * (turns * r + cls / classes);
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

// ---------------------------------------------------------------------------------------------
// Regression.

/** Options of {@link regression1d}. */
export interface Regression1dOptions {
  /** Number of examples (default 100). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to the targets (default 0.1). */
  noise?: number;
  /** The interval [lo, hi) the inputs are drawn from uniformly (default [-1, 1]). */
  range?: [number, number];
}

/**
 * A noisy 1-D regression problem: x float32 [n, 1] drawn uniformly from `range` and sorted
 * ascending (handy for plotting), y = fn(x) + noise · N(0, 1), float32 with fn's output shape
 * (normally [n, 1]). `fn` gets the whole [n, 1] column and must return n rows.
 * @example data.regression1d(random.key(0), (x) => np.sin(x.mul(3)), { n: 200, range: [-2, 2] })
 */
export function regression1d(key: NDArray, fn: (x: NDArray) => NDArray, opts: Regression1dOptions = {}): Dataset {
  const op = "data.regression1d";
  checkKey(op, key);
  checkFunction(op, fn, "the second argument (a function from x, an [n, 1] array, to targets, e.g. (x) => np.sin(x))");
  checkOptions(op, opts, ["n", "noise", "range"]);
  const n = checkCount(op, "n", opts?.n ?? 100, 1);
  const sigma = checkNonNegative(op, "noise", opts?.noise ?? 0.1);
  const range: unknown = opts?.range ?? [-1, 1];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === "number" && Number.isFinite(v)) || !(range[0] < range[1])) {
    throw new ValueError(op, `range must be [lo, hi] with finite lo < hi, got ${Array.isArray(range) ? `[${range.map(String).join(", ")}]` : describe(range)}; e.g. { range: [-1, 1] }.`);
  }
  const [kx, kNoise] = random.split(key, 2) as [NDArray, NDArray];
  const xs = floats(random.uniform(kx, [n], { minval: range[0], maxval: range[1] })).sort();
  const x = np.array(xs, { shape: [n, 1] });
  const fx: unknown = callUser(fn, [x]);
  if (!(fx instanceof NDArray) || fx.ndim === 0 || fx.shape[0] !== n) {
    throw new ShapeError(op, `fn must return an array with ${n} rows (one target per input row of the [${n}, 1] x), got ${describe(fx)}; use elementwise operations on x, e.g. (x) => np.sin(x).`);
  }
  const target = np.astype(fx, "float32");
  const y = sigma === 0 ? target : np.add(target, np.mul(random.normal(kNoise, [...target.shape]), sigma));
  return { x, y };
}
