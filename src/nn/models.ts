/**
 * Model builders: each returns `{ init(key) => params, apply(params, x) => y }` with params a
 * plain pytree, so `grad(loss)(params, ...)` and optimisers work on it directly. `apply` returns
 * the last layer's pre-activation (logits / scores) unless an `outputActivation` is given
 * (for the perceptron's H(score), pass `outputActivation: nn.step`).
 */
import type { ArrayLike, NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import * as np from "../numpy/index.js";
import * as random from "../random/index.js";
import { relu } from "./activations.js";
import { glorotUniform, zeros, type Initializer } from "./init.js";
import { conv2d, dense, flatten, maxPool2d, avgPool2d, type Conv2dParams, type DenseParams, type Padding } from "./layers.js";
import { asFloat } from "./util.js";

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

function denseInit(key: NDArray, nIn: number, nOut: number, init: Initializer, dtype: "float32" | "float64"): DenseParams {
  return { w: init(key, [nIn, nOut], { dtype }), b: np.zeros([nOut], { dtype }) };
}

const positiveInts = (xs: readonly number[], op: string, what: string): void => {
  if (!xs.every((n) => Number.isInteger(n) && n >= 1)) throw new RangeError(`nn.${op}: ${what} must be positive integers, got [${xs.join(", ")}].`);
};

/**
 * Multilayer perceptron: dense layers of widths `sizes`, `activation` between them.
 * Params `{ layers: [{ w, b }, ...] }`.
 * @example const m = nn.mlp({ sizes: [2, 8, 1] }); const p = m.init(random.key(0)); m.apply(p, np.ones([5, 2])).shape // [5, 1]
 */
export function mlp(opts: MlpOptions): Model<{ layers: DenseParams[] }> {
  const { sizes } = opts;
  if (sizes.length < 2) throw new RangeError(`nn.mlp: sizes must list the input width and at least one layer width, e.g. [784, 256, 10]; got [${sizes.join(", ")}].`);
  positiveInts(sizes, "mlp", "sizes");
  const activation = opts.activation ?? relu;
  const init = opts.init ?? glorotUniform;
  const dtype = opts.dtype ?? "float32";
  return {
    init(key) {
      const keys = random.split(key, sizes.length - 1);
      return { layers: keys.map((k, i) => denseInit(k, sizes[i]!, sizes[i + 1]!, init, dtype)) };
    },
    apply(params, x) {
      let h = asFloat(x, "mlp");
      params.layers.forEach((layer, i) => {
        h = dense(layer, h);
        if (i < params.layers.length - 1) h = activation(h);
      });
      return opts.outputActivation ? opts.outputActivation(h) : h;
    },
  };
}

/** Params of the single-unit linear models: w [nIn], b [] (a scalar). */
export interface LinearUnitParams {
  w: NDArray;
  b: NDArray;
}

function linearUnit(op: string, nIn: number, out: (score: NDArray) => NDArray, dtype: "float32" | "float64"): Model<LinearUnitParams> {
  positiveInts([nIn], op, "nIn");
  return {
    init: () => ({ w: np.zeros([nIn], { dtype }), b: np.zeros([], { dtype }) }),
    apply(params, x) {
      const a = asFloat(x, op);
      if (a.ndim === 0 || a.shape[a.ndim - 1] !== params.w.shape[0]) {
        throw new RangeError(`nn.${op}: input of shape ${showShape(a.shape)} does not match w of shape ${showShape(params.w.shape)}; the input's last axis must be ${params.w.shape[0]}.`);
      }
      return out(np.add(np.matmul(a, params.w), params.b));
    },
  };
}

/**
 * Perceptron: the score x·w + b per example, x [..., nIn] → [...]; like every model, `apply`
 * returns the pre-activation unless `outputActivation` is given — pass `nn.step` for the
 * perceptron's output H(score) ∈ {0, 1} (H(0) = 1). Params `{ w: [nIn], b: [] }`, zeros at init.
 * Train it with nn.rules.perceptron (on [b, ...w]) — H has zero gradient.
 * @example nn.perceptron(2, { outputActivation: nn.step }).apply({ w: np.array([1, 1]), b: np.array(-1.5) }, np.array([[1, 1], [0, 1]])) // [1, 0]
 */
export function perceptron(nIn: number, opts: { dtype?: "float32" | "float64"; outputActivation?: Activation } = {}): Model<LinearUnitParams> {
  return linearUnit("perceptron", nIn, opts.outputActivation ?? ((s) => s), opts.dtype ?? "float32");
}

/**
 * Logistic regression: logits x·w + b, x [..., nIn] → [...] (probabilities: nn.sigmoid; loss:
 * nn.losses.sigmoidBinaryCrossEntropy). Params `{ w: [nIn], b: [] }`, zeros at init.
 * @example const m = nn.logisticRegression(3); m.apply(m.init(random.key(0)), np.ones([4, 3])) // [0, 0, 0, 0]
 */
export function logisticRegression(nIn: number, opts: { dtype?: "float32" | "float64"; outputActivation?: Activation } = {}): Model<LinearUnitParams> {
  return linearUnit("logisticRegression", nIn, opts.outputActivation ?? ((s) => s), opts.dtype ?? "float32");
}

/**
 * Softmax regression: logits x·w + b, x [..., nIn] → [..., nClasses] (loss:
 * nn.losses.softmaxCrossEntropyWithIntegerLabels). Params `{ w: [nIn, nClasses], b: [nClasses] }`, zeros at init.
 * @example const m = nn.softmaxRegression(4, 3); m.apply(m.init(random.key(0)), np.ones([2, 4])).shape // [2, 3]
 */
export function softmaxRegression(nIn: number, nClasses: number, opts: { dtype?: "float32" | "float64"; outputActivation?: Activation } = {}): Model<DenseParams> {
  positiveInts([nIn, nClasses], "softmaxRegression", "nIn and nClasses");
  const dtype = opts.dtype ?? "float32";
  return {
    init: (key) => ({ w: zeros(key, [nIn, nClasses], { dtype }), b: np.zeros([nClasses], { dtype }) }),
    apply(params, x) {
      const z = dense(params, x);
      return opts.outputActivation ? opts.outputActivation(z) : z;
    },
  };
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
  const activation = opts.activation ?? relu;
  const init = opts.init ?? glorotUniform;
  const dtype = opts.dtype ?? "float32";
  let [c, h, w] = opts.inputShape;
  positiveInts([c, h, w, opts.outputs], "cnn", "inputShape and outputs");
  const convShapes: [number, number, number, number][] = [];
  for (const [i, block] of opts.conv.entries()) {
    const s = block.stride ?? 1;
    const pad = block.padding ?? "same";
    convShapes.push([block.channels, c, block.kernel, block.kernel]);
    [c, h, w] = [block.channels, outSize(h, block.kernel, s, pad), outSize(w, block.kernel, s, pad)];
    if (block.pool) {
      const ps = block.pool.stride ?? block.pool.window;
      [h, w] = [outSize(h, block.pool.window, ps, "valid"), outSize(w, block.pool.window, ps, "valid")];
    }
    if (!(h >= 1 && w >= 1)) throw new RangeError(`nn.cnn: conv block ${i} leaves no spatial extent (${h}×${w}) for inputShape [${opts.inputShape.join(", ")}]; use padding "same", smaller kernels or fewer pooling layers.`);
  }
  const sizes = [c * h * w, ...(opts.hidden ?? []), opts.outputs];
  return {
    init(key) {
      const keys = random.split(key, convShapes.length + sizes.length - 1);
      return {
        conv: convShapes.map((shape, i) => ({ w: init(keys[i]!, shape, { dtype }), b: np.zeros([shape[0]], { dtype }) })),
        dense: sizes.slice(1).map((nOut, i) => denseInit(keys[convShapes.length + i]!, sizes[i]!, nOut, init, dtype)),
      };
    },
    apply(params, x) {
      let a = asFloat(x, "cnn");
      params.conv.forEach((p, i) => {
        const block = opts.conv[i]!;
        a = activation(conv2d(p, a, { stride: block.stride ?? 1, padding: block.padding ?? "same" }));
        if (block.pool) {
          const po = block.pool.stride === undefined ? { window: block.pool.window } : { window: block.pool.window, stride: block.pool.stride };
          a = block.pool.type === "max" ? maxPool2d(a, po) : avgPool2d(a, po);
        }
      });
      a = flatten(a);
      params.dense.forEach((p, i) => {
        a = dense(p, a);
        if (i < params.dense.length - 1) a = activation(a);
      });
      return opts.outputActivation ? opts.outputActivation(a) : a;
    },
  };
}
