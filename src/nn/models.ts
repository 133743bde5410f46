/**
 * Model builders: each returns `{ init(key) => params, apply(params, x) => y }` with params a
 * plain pytree, so `grad(loss)(params, ...)` and optimisers work on it directly. `apply` returns
 * the last layer's pre-activation (logits / scores) unless an `outputActivation` is given
 * (for the perceptron's H(score), pass `outputActivation: nn.step`).
 */
import { NDArray, type ArrayLike } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe, MAX_ELEMENTS } from "../errors/checks.js";
import { callUser, publicOp } from "../errors/context.js";
import * as np from "../numpy/index.js";
import { checkKey } from "../random/check.js";
import * as random from "../random/index.js";
import { relu } from "./activations.js";
import { glorotUniform, zeros, type Initializer } from "./init.js";
import { conv2d, dense, flatten, maxPool2d, avgPool2d, type Conv2dParams, type DenseParams, type Padding } from "./layers.js";
import { activationOf, asFloat, paramFields } from "./util.js";

/** A model: `init(key)` makes parameters, `apply(params, x)` runs it (pure). */
export interface Model<P> {
  init(key: NDArray): P;
  apply(params: P, x: ArrayLike): NDArray;
}

type Activation = (x: NDArray) => NDArray;

/** Options of mlp. */
export interface MlpOptions {
  /** Layer widths including input and output, e.g. [784, 256, 10]. */
  sizes: readonly number[];
  /** Hidden activation (default nn.relu). */
  activation?: Activation;
  /** Applied to the output (default none: logits). */
  outputActivation?: Activation;
  /** Weight initialiser (default nn.init.glorotUniform); biases start at zero. */
  init?: Initializer;
  dtype?: "float32" | "float64";
}

/**
 * Makes a model's functions public operations named `<name>.init` and `<name>.apply` (errors in
 * them name e.g. "nn.mlp.apply"); init checks its key.
 */
function model<P>(name: string, init: (key: NDArray) => P, apply: (params: P, x: ArrayLike) => NDArray): Model<P> {
  const initOp = `${name}.init`;
  return {
    init: publicOp(initOp, (key: NDArray): P => init(checkKey(initOp, key))),
    apply: publicOp(`${name}.apply`, apply),
  };
}

/** A weight initialiser from the options: the default runs as library code, a user's through callUser, its result checked. */
function initializerOf(op: string, f: unknown): (key: NDArray, shape: number[], dtype: "float32" | "float64") => NDArray {
  if (f === undefined) return (key, shape, dtype) => glorotUniform(key, shape, { dtype });
  checkFunction(op, f, "init (the weight initialiser)");
  return (key, shape, dtype) => {
    const w: unknown = callUser(f as Initializer, [key, shape, { dtype }]);
    if (!(w instanceof NDArray) || w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(op, `the initialiser returned ${describe(w)} for a weight of shape ${showShape(shape)}; an initialiser is (key, shape, opts) => an array of that shape.`);
    }
    return w.dtype === dtype ? w : np.astype(w, dtype);
  };
}

function denseInit(key: NDArray, nIn: number, nOut: number, init: ReturnType<typeof initializerOf>, dtype: "float32" | "float64"): DenseParams {
  return { w: init(key, [nIn, nOut], dtype), b: np.zeros([nOut], { dtype }) };
}

const positiveInts = (xs: readonly unknown[], op: string, what: string): number[] => {
  if (!xs.every((n) => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_ELEMENTS)) {
    throw new ValueError(op, `${what} must be positive integers, got [${xs.map((n) => (typeof n === "number" ? String(n) : describe(n))).join(", ")}].`);
  }
  return xs as number[];
};

/** Refuses a weight of more than MAX_ELEMENTS elements when the model is built, not at init. */
function checkWeight(op: string, shape: readonly number[]): void {
  const size = shape.reduce((p, d) => p * d, 1);
  if (size > MAX_ELEMENTS) throw new ShapeError(op, `a weight of shape ${showShape(shape)} would have ${size} elements, more than the ${MAX_ELEMENTS} one array may hold; use smaller layers.`);
}

function checkDType(op: string, dtype: unknown): "float32" | "float64" {
  if (dtype === undefined) return "float32";
  if (dtype !== "float32" && dtype !== "float64") throw new ValueError(op, `dtype must be "float32" or "float64", got ${typeof dtype === "string" ? JSON.stringify(dtype) : describe(dtype)}.`);
  return dtype;
}

/** Requires an options object (a model builder has required options). */
function requireOptions(op: string, opts: unknown, allowed: readonly string[], example: string): void {
  if (opts === undefined) throw new ValueError(op, `needs an options object, e.g. ${example}.`);
  checkOptions(op, opts, allowed);
}

/** Checks a list of parameters `params[field]` has `n` entries. */
function paramList(op: string, params: unknown, field: string, n: number): unknown[] {
  if (params === null || typeof params !== "object" || !Array.isArray((params as Record<string, unknown>)[field])) {
    throw new ValueError(op, `params must be an object with a "${field}" list (as made by this model's init), got ${describe(params)}.`);
  }
  const list = (params as Record<string, unknown[]>)[field]!;
  if (list.length !== n) throw new ValueError(op, `params.${field} has ${list.length} entries but this model has ${n}; were the params made by this model's init?`);
  return list;
}

/** Requires `a` to have shape `expected` (a parameter of this model, not of another). */
function expectShape(op: string, a: NDArray, expected: readonly number[], what: string): void {
  if (a.shape.length !== expected.length || a.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(op, `${what} has shape ${showShape(a.shape)} but this model expects ${showShape(expected)}; were the params made by this model's init?`, { shapes: [a.shape, expected] });
  }
}

/**
 * Multilayer perceptron: dense layers of widths `sizes`, `activation` between them.
 * Params `{ layers: [{ w, b }, ...] }`.
 * @example const m = nn.mlp({ sizes: [2, 8, 1] }); const p = m.init(random.key(0)); m.apply(p, np.ones([5, 2])).shape // [5, 1]
 */
export function mlp(opts: MlpOptions): Model<{ layers: DenseParams[] }> {
  const op = "nn.mlp";
  requireOptions(op, opts, ["sizes", "activation", "outputActivation", "init", "dtype"], "nn.mlp({ sizes: [784, 256, 10] })");
  const rawSizes: unknown = opts.sizes;
  if (!Array.isArray(rawSizes) || rawSizes.length < 2) {
    throw new ValueError(op, `sizes must list the input width and at least one layer width, e.g. [784, 256, 10]; got ${Array.isArray(rawSizes) ? `[${rawSizes.join(", ")}]` : describe(rawSizes)}.`);
  }
  const sizes = [...positiveInts(rawSizes, op, "sizes")];
  for (let i = 0; i + 1 < sizes.length; i++) checkWeight(op, [sizes[i]!, sizes[i + 1]!]);
  const activation = activationOf(op, opts.activation, "activation", relu)!;
  const outputActivation = activationOf(op, opts.outputActivation, "outputActivation", undefined);
  const init = initializerOf(op, opts.init);
  const dtype = checkDType(op, opts.dtype);
  return model(
    op,
    (key) => {
      const keys = random.split(key, sizes.length - 1);
      return { layers: keys.map((k, i) => denseInit(k, sizes[i]!, sizes[i + 1]!, init, dtype)) };
    },
    (params, x) => {
      const apply = `${op}.apply`;
      const layers = paramList(apply, params, "layers", sizes.length - 1);
      let h = asFloat(x, apply);
      layers.forEach((layer, i) => {
        const { w } = paramFields(apply, layer, ["w", "b"], `params.layers[${i}]`);
        expectShape(apply, w, [sizes[i]!, sizes[i + 1]!], `params.layers[${i}].w`);
        h = dense(layer as DenseParams, h);
        if (i < layers.length - 1) h = activation(h);
      });
      return outputActivation ? outputActivation(h) : h;
    },
  );
}

/** Params of the single-unit linear models: w [nIn], b [] (a scalar). */
export interface LinearUnitParams {
  w: NDArray;
  b: NDArray;
}

type UnitOptions = { dtype?: "float32" | "float64"; outputActivation?: Activation };

function linearUnit(op: string, nIn: number, opts: UnitOptions | undefined): Model<LinearUnitParams> {
  checkOptions(op, opts, ["dtype", "outputActivation"]);
  positiveInts([nIn], op, "nIn");
  const dtype = checkDType(op, opts?.dtype);
  const out = activationOf(op, opts?.outputActivation, "outputActivation", undefined);
  return model(
    op,
    () => ({ w: np.zeros([nIn], { dtype }), b: np.zeros([], { dtype }) }),
    (params, x) => {
      const apply = `${op}.apply`;
      const { w, b } = paramFields(apply, params, ["w", "b"]);
      expectShape(apply, b, [], "params.b");
      if (w.ndim !== 1) throw new ShapeError(apply, `w must be a vector of shape [${nIn}], got ${showShape(w.shape)}.`, { shapes: [w.shape] });
      const a = asFloat(x, apply);
      if (a.ndim === 0 || a.shape[a.ndim - 1] !== w.shape[0]) {
        throw new ShapeError(apply, `input of shape ${showShape(a.shape)} does not match w of shape ${showShape(w.shape)}; the input's last axis must be ${w.shape[0]}.`, { shapes: [a.shape, w.shape] });
      }
      expectShape(apply, w, [nIn], "params.w");
      const score = np.add(np.matmul(a, w), b);
      return out ? out(score) : score;
    },
  );
}

/**
 * Perceptron: the score x·w + b per example, x [..., nIn] → [...]; like every model, `apply`
 * returns the pre-activation unless `outputActivation` is given — pass `nn.step` for the
 * perceptron's output H(score) ∈ {0, 1} (H(0) = 1). Params `{ w: [nIn], b: [] }`, zeros at init.
 * Train it with nn.rules.perceptron (on [b, ...w]) — H has zero gradient.
 * @example nn.perceptron(2, { outputActivation: nn.step }).apply({ w: np.array([1, 1]), b: np.array(-1.5) }, np.array([[1, 1], [0, 1]])) // [1, 0]
 */
export function perceptron(nIn: number, opts: UnitOptions = {}): Model<LinearUnitParams> {
  return linearUnit("nn.perceptron", nIn, opts);
}

/**
 * Logistic regression: logits x·w + b, x [..., nIn] → [...] (probabilities: nn.sigmoid; loss:
 * nn.losses.sigmoidBinaryCrossEntropy). Params `{ w: [nIn], b: [] }`, zeros at init.
 * @example const m = nn.logisticRegression(3); m.apply(m.init(random.key(0)), np.ones([4, 3])) // [0, 0, 0, 0]
 */
export function logisticRegression(nIn: number, opts: UnitOptions = {}): Model<LinearUnitParams> {
  return linearUnit("nn.logisticRegression", nIn, opts);
}

/**
 * Softmax regression: logits x·w + b, x [..., nIn] → [..., nClasses] (loss:
 * nn.losses.softmaxCrossEntropyWithIntegerLabels). Params `{ w: [nIn, nClasses], b: [nClasses] }`, zeros at init.
 * @example const m = nn.softmaxRegression(4, 3); m.apply(m.init(random.key(0)), np.ones([2, 4])).shape // [2, 3]
 */
export function softmaxRegression(nIn: number, nClasses: number, opts: UnitOptions = {}): Model<DenseParams> {
  const op = "nn.softmaxRegression";
  checkOptions(op, opts, ["dtype", "outputActivation"]);
  positiveInts([nIn, nClasses], op, "nIn and nClasses");
  checkWeight(op, [nIn, nClasses]);
  const dtype = checkDType(op, opts?.dtype);
  const out = activationOf(op, opts?.outputActivation, "outputActivation", undefined);
  return model(
    op,
    (key) => ({ w: zeros(key, [nIn, nClasses], { dtype }), b: np.zeros([nClasses], { dtype }) }),
    (params, x) => {
      const { w } = paramFields(`${op}.apply`, params, ["w", "b"]);
      const z = dense(params, x);
      expectShape(`${op}.apply`, w, [nIn, nClasses], "params.w");
      return out ? out(z) : z;
    },
  );
}

/** One convolutional block of cnn: conv → activation → optional pooling. */
export interface ConvBlock {
  /** Output channels. */
  channels: number;
  /** Kernel size (square). */
  kernel: number;
  stride?: number;
  /** Default "same". */
  padding?: Padding;
  /** Pooling after the activation, e.g. { type: "max", window: 2 }. */
  pool?: { type: "max" | "avg"; window: number; stride?: number };
}

/** Options of cnn. */
export interface CnnOptions {
  /** Input shape per example, [channels, height, width] (NCHW without the batch axis). */
  inputShape: readonly [number, number, number];
  conv: readonly ConvBlock[];
  /** Hidden dense widths after flattening (default none). */
  hidden?: readonly number[];
  /** Output width (number of classes). */
  outputs: number;
  activation?: Activation;
  outputActivation?: Activation;
  /** Weight initialiser (default nn.init.glorotUniform; biases zero). */
  init?: Initializer;
  dtype?: "float32" | "float64";
}

/** Params of cnn. */
export interface CnnParams {
  conv: Conv2dParams[];
  dense: DenseParams[];
}

const outSize = (size: number, k: number, s: number, padding: Padding): number =>
  padding === "same" ? Math.ceil(size / s) : Math.floor((size + 2 * (padding === "valid" ? 0 : padding) - k) / s) + 1;

/**
 * Convolutional network: conv blocks (conv2d → activation → pooling), flatten, dense layers;
 * x [n, c, h, w] → logits [n, outputs]. Params `{ conv: [{ w, b }, ...], dense: [{ w, b }, ...] }`.
 * @example const m = nn.cnn({ inputShape: [1, 28, 28], conv: [{ channels: 8, kernel: 3, pool: { type: "max", window: 2 } }], outputs: 10 });
 */
export function cnn(opts: CnnOptions): Model<CnnParams> {
  const op = "nn.cnn";
  requireOptions(op, opts, ["inputShape", "conv", "hidden", "outputs", "activation", "outputActivation", "init", "dtype"], "nn.cnn({ inputShape: [1, 28, 28], conv: [{ channels: 8, kernel: 3 }], outputs: 10 })");
  const activation = activationOf(op, opts.activation, "activation", relu)!;
  const outputActivation = activationOf(op, opts.outputActivation, "outputActivation", undefined);
  const init = initializerOf(op, opts.init);
  const dtype = checkDType(op, opts.dtype);
  const inputShape: unknown = opts.inputShape;
  if (!Array.isArray(inputShape) || inputShape.length !== 3) {
    throw new ValueError(op, `inputShape must be [channels, height, width] (one example, NCHW without the batch axis), got ${describe(inputShape)}.`);
  }
  let [c, h, w] = positiveInts(inputShape, op, "inputShape");
  positiveInts([opts.outputs], op, "outputs");
  const conv: unknown = opts.conv;
  if (!Array.isArray(conv)) throw new ValueError(op, `conv must be a list of conv blocks { channels, kernel, stride?, padding?, pool? } (possibly empty), got ${describe(conv)}.`);
  const hidden: unknown = opts.hidden ?? [];
  if (!Array.isArray(hidden)) throw new ValueError(op, `hidden must be a list of dense widths, got ${describe(hidden)}.`);
  positiveInts(hidden, op, "hidden");
  const blocks = conv.map((b: unknown, i: number) => convBlock(op, b, i));
  const convShapes: [number, number, number, number][] = [];
  for (const [i, block] of blocks.entries()) {
    convShapes.push([block.channels, c!, block.kernel, block.kernel]);
    checkWeight(op, convShapes[i]!);
    [c, h, w] = [block.channels, outSize(h!, block.kernel, block.stride, block.padding), outSize(w!, block.kernel, block.stride, block.padding)];
    if (block.pool) {
      const ps = block.pool.stride ?? block.pool.window;
      [h, w] = [outSize(h, block.pool.window, ps, "valid"), outSize(w, block.pool.window, ps, "valid")];
    }
    if (!(h >= 1 && w >= 1)) throw new ShapeError(op, `conv block ${i} leaves no spatial extent (${h}×${w}) for inputShape [${inputShape.join(", ")}]; use padding "same", smaller kernels or fewer pooling layers.`);
  }
  const sizes = [c! * h! * w!, ...(hidden as number[]), opts.outputs];
  for (let i = 0; i + 1 < sizes.length; i++) checkWeight(op, [sizes[i]!, sizes[i + 1]!]);
  const example = [...(inputShape as number[])];
  return model(
    op,
    (key) => {
      const keys = random.split(key, convShapes.length + sizes.length - 1);
      return {
        conv: convShapes.map((shape, i) => ({ w: init(keys[i]!, shape, dtype), b: np.zeros([shape[0]], { dtype }) })),
        dense: sizes.slice(1).map((nOut, i) => denseInit(keys[convShapes.length + i]!, sizes[i]!, nOut, init, dtype)),
      };
    },
    (params, x) => {
      const apply = `${op}.apply`;
      const convParams = paramList(apply, params, "conv", convShapes.length);
      const denseParams = paramList(apply, params, "dense", sizes.length - 1);
      let a = asFloat(x, apply);
      if (a.ndim !== 4 || a.shape.slice(1).some((d, i) => d !== example[i])) {
        throw new ShapeError(apply, `input of shape ${showShape(a.shape)} does not match inputShape ${showShape(example)}; pass a batch of shape [n, ${example.join(", ")}] (NCHW; add a batch axis with np.expandDims(x, 0)).`, { shapes: [a.shape] });
      }
      convParams.forEach((p, i) => {
        const block = blocks[i]!;
        expectShape(apply, paramFields(apply, p, ["w", "b"], `params.conv[${i}]`).w, convShapes[i]!, `params.conv[${i}].w`);
        a = activation(conv2d(p as Conv2dParams, a, { stride: block.stride, padding: block.padding }));
        if (block.pool) {
          const po = block.pool.stride === undefined ? { window: block.pool.window } : { window: block.pool.window, stride: block.pool.stride };
          a = block.pool.type === "max" ? maxPool2d(a, po) : avgPool2d(a, po);
        }
      });
      a = flatten(a);
      denseParams.forEach((p, i) => {
        expectShape(apply, paramFields(apply, p, ["w", "b"], `params.dense[${i}]`).w, [sizes[i]!, sizes[i + 1]!], `params.dense[${i}].w`);
        a = dense(p as DenseParams, a);
        if (i < denseParams.length - 1) a = activation(a);
      });
      return outputActivation ? outputActivation(a) : a;
    },
  );
}

interface CheckedBlock {
  channels: number;
  kernel: number;
  stride: number;
  padding: Padding;
  pool?: { type: "max" | "avg"; window: number; stride?: number };
}

/** Validates conv block `i` of cnn's options (keys, sizes, padding, pooling). */
function convBlock(op: string, b: unknown, i: number): CheckedBlock {
  const what = `conv[${i}]`;
  if (b === null || typeof b !== "object" || Array.isArray(b)) throw new ValueError(op, `${what} must be a conv block { channels, kernel, stride?, padding?, pool? }, got ${describe(b)}.`);
  checkOptions(op, b, ["channels", "kernel", "stride", "padding", "pool"]);
  const block = b as ConvBlock;
  const [channels, kernel, stride] = positiveInts([block.channels, block.kernel, block.stride ?? 1], op, `${what}.channels, .kernel and .stride`);
  const padding = block.padding ?? "same";
  if (padding !== "same" && padding !== "valid" && !(typeof padding === "number" && Number.isInteger(padding) && padding >= 0 && padding <= 2 ** 20)) {
    throw new ValueError(op, `${what}.padding must be "valid", "same" or a non-negative integer, got ${typeof padding === "string" ? JSON.stringify(padding) : describe(padding)}.`);
  }
  const out: CheckedBlock = { channels: channels!, kernel: kernel!, stride: stride!, padding };
  if (block.pool !== undefined) {
    const pool: unknown = block.pool;
    if (pool === null || typeof pool !== "object") throw new ValueError(op, `${what}.pool must be { type: "max" | "avg", window, stride? }, got ${describe(pool)}.`);
    checkOptions(op, pool, ["type", "window", "stride"]);
    const p = pool as NonNullable<ConvBlock["pool"]>;
    if (p.type !== "max" && p.type !== "avg") throw new ValueError(op, `${what}.pool.type must be "max" or "avg", got ${typeof p.type === "string" ? JSON.stringify(p.type) : describe(p.type)}.`);
    positiveInts(p.stride === undefined ? [p.window] : [p.window, p.stride], op, `${what}.pool.window and .stride`);
    out.pool = p.stride === undefined ? { type: p.type, window: p.window } : { type: p.type, window: p.window, stride: p.stride };
  }
  return out;
}
