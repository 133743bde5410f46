/**
 * Layers as pure functions of (params, input): dense, conv2d (NCHW cross-correlation), maxPool2d,
 * avgPool2d, flatten. Built from np.slice/np.stack/np.concatenate/np.matmul, so every
 * transformation applies.
 */
import type { NDArray, ArrayLike } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import * as np from "../numpy/index.js";
import { asFloat, paramFields } from "./util.js";

/** Parameters of a dense layer: w [in, out], b [out]. */
export interface DenseParams {
  w: NDArray;
  b: NDArray;
}

/**
 * Dense (fully connected) layer x·w + b: x [..., in], w [in, out], b [out] → [..., out].
 * @example nn.dense({ w: np.ones([3, 2]), b: np.zeros([2]) }, np.ones([4, 3])).shape // [4, 2]
 */
export function dense(params: DenseParams, x: ArrayLike): NDArray {
  const op = "nn.dense";
  const { w, b } = paramFields(op, params, ["w", "b"]);
  const a = asFloat(x, op);
  if (w.ndim !== 2) throw new ShapeError(op, `the weight must have shape [in, out], got ${showShape(w.shape)}; reshape it to 2-D.`, { shapes: [w.shape] });
  const [nIn, nOut] = w.shape as [number, number];
  if (a.ndim === 0 || a.shape[a.ndim - 1] !== nIn) {
    throw new ShapeError(op, `input of shape ${showShape(a.shape)} does not match weight of shape ${showShape(w.shape)}: the input's last axis must be ${nIn}; flatten the input (nn.flatten) or build the layer with ${a.shape[a.ndim - 1] ?? "a matching"} inputs.`, { shapes: [a.shape, w.shape] });
  }
  if (b.ndim !== 1 || b.shape[0] !== nOut) {
    throw new ShapeError(op, `bias of shape ${showShape(b.shape)} does not match weight of shape ${showShape(w.shape)}; the bias must have shape [${nOut}].`, { shapes: [b.shape, w.shape] });
  }
  return np.add(np.matmul(a, w), b);
}

/** Flattens every axis but the first: [n, ...] → [n, prod(rest)]. @example nn.flatten(np.ones([2, 3, 4])).shape // [2, 12] */
export function flatten(x: ArrayLike): NDArray {
  const a = asFloat(x, "nn.flatten");
  if (a.ndim === 0) throw new ShapeError("nn.flatten", `expected an array with a batch axis, got a scalar; use np.reshape(x, [1, 1]).`, { shapes: [a.shape] });
  const rest = a.shape.slice(1).reduce((p, d) => p * d, 1);
  return np.reshape(a, [a.shape[0]!, rest]);
}

/**
 * Padding of conv2d: "valid" (none, default), "same" (output size ceil(in / stride), with
 * max((out − 1)·stride + k − in, 0) zeros split as evenly as possible, the odd one after — bottom
 * and right —, as TensorFlow's and JAX's "SAME"; this holds for strides > 1 too), or a number of
 * zeros on every side (output ⌊(in + 2p − k) / stride⌋ + 1, as PyTorch).
 */
export type Padding = "valid" | "same" | number;

/** Options of conv2d. */
export interface Conv2dOptions {
  /** Stride in both spatial axes, or [sh, sw] (default 1). */
  stride?: number | readonly [number, number];
  /** "valid" (default), "same", or a number of zeros on each side. */
  padding?: Padding;
}

/** Parameters of conv2d: w [outC, inC, kh, kw], b [outC]. */
export interface Conv2dParams {
  w: NDArray;
  b: NDArray;
}

const pair = (v: unknown, op: string, what: string): [number, number] => {
  const ok = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1;
  if (ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  throw new ValueError(op, `${what} must be a positive integer or a pair of them, got ${Array.isArray(v) ? `[${v.map(String).join(", ")}]` : describe(v)}.`);
};

/** [before, after] zero padding for one spatial axis. */
function padAmounts(padding: Padding, size: number, k: number, s: number, op: string): [number, number] {
  if (padding === "valid") return [0, 0];
  if (padding === "same") {
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + k - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  if (typeof padding === "number" && Number.isInteger(padding) && padding >= 0 && padding <= 2 ** 20) return [padding, padding];
  throw new ValueError(op, `padding must be "valid", "same" or a non-negative integer (at most 2^20), got ${typeof padding === "string" ? JSON.stringify(padding) : describe(padding)}.`);
}

/** Zero-pads axis `axis` of x with [before, after] zeros (np.concatenate). */
function padAxis(x: NDArray, axis: number, [before, after]: [number, number]): NDArray {
  if (before === 0 && after === 0) return x;
  const parts: NDArray[] = [];
  const zerosOf = (n: number): NDArray => np.zeros(x.shape.map((d, i) => (i === axis ? n : d)), { dtype: x.dtype });
  if (before > 0) parts.push(zerosOf(before));
  parts.push(x);
  if (after > 0) parts.push(zerosOf(after));
  return np.concatenate(parts, axis);
}

/**
 * The kh·kw strided windows of x [..., H, W] as slices [..., oh, ow], row-major over (i, j).
 * Each is x[..., i : i + s(oh−1) + 1 : s, j : j + s(ow−1) + 1 : s].
 */
function windows(x: NDArray, [kh, kw]: [number, number], [sh, sw]: [number, number], op: string): { patches: NDArray[]; oh: number; ow: number } {
  const h = x.shape[x.ndim - 2]!;
  const w = x.shape[x.ndim - 1]!;
  const oh = Math.floor((h - kh) / sh) + 1;
  const ow = Math.floor((w - kw) / sw) + 1;
  if (h < kh || w < kw) {
    throw new ShapeError(op, `the window ${kh}×${kw} is larger than the (padded) input ${h}×${w} of shape ${showShape(x.shape)}; use a smaller window or padding: "same".`, { shapes: [x.shape] });
  }
  const lead = new Array<null>(x.ndim - 2).fill(null);
  const patches: NDArray[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      patches.push(np.slice(x, ...lead, [i, i + sh * (oh - 1) + 1, sh], [j, j + sw * (ow - 1) + 1, sw]));
    }
  }
  return { patches, oh, ow };
}

/**
 * 2-D convolution (cross-correlation, as in the lecture and every framework), NCHW:
 * out[n, o, y, x] = b[o] + Σ_{c,i,j} w[o, c, i, j] · in[n, c, y·s + i, x·s + j]. x [n, inC, h, w],
 * w [outC, inC, kh, kw], b [outC] → [n, outC, oh, ow]. Implemented as im2col (strided slices,
 * stacked) followed by one matmul.
 * @example nn.conv2d({ w: np.ones([4, 3, 3, 3]), b: np.zeros([4]) }, np.ones([2, 3, 8, 8]), { padding: "same" }).shape // [2, 4, 8, 8]
 */
export function conv2d(params: Conv2dParams, x: ArrayLike, opts: Conv2dOptions = {}): NDArray {
  const op = "nn.conv2d";
  const { w, b } = paramFields(op, params, ["w", "b"]);
  const a = asFloat(x, op);
  checkOptions(op, opts, ["stride", "padding"]);
  const o = opts ?? {};
  if (w.ndim !== 4) throw new ShapeError(op, `the weight must have shape [outC, inC, kh, kw], got ${showShape(w.shape)}.`, { shapes: [w.shape] });
  if (a.ndim !== 4) throw new ShapeError(op, `the input must have shape [n, inC, h, w] (NCHW), got ${showShape(a.shape)}; add a batch axis with np.expandDims(x, 0) or a channel axis with np.expandDims(x, 1).`, { shapes: [a.shape] });
  const [outC, inC, kh, kw] = w.shape as [number, number, number, number];
  const [n, c, h, wd] = a.shape as [number, number, number, number];
  if (c !== inC) {
    throw new ShapeError(op, `input of shape ${showShape(a.shape)} has ${c} channels but the weight of shape ${showShape(w.shape)} expects ${inC}; inputs are NCHW (channels on axis 1) — transpose NHWC input with np.transpose(x, [0, 3, 1, 2]).`, { shapes: [a.shape, w.shape] });
  }
  if (b.ndim !== 1 || b.shape[0] !== outC) throw new ShapeError(op, `bias of shape ${showShape(b.shape)} does not match weight of shape ${showShape(w.shape)}; the bias must have shape [${outC}].`, { shapes: [b.shape, w.shape] });
  const stride = pair(o.stride ?? 1, op, "stride");
  const padding = o.padding ?? "valid";
  const padded = padAxis(padAxis(a, 2, padAmounts(padding, h, kh, stride[0], op)), 3, padAmounts(padding, wd, kw, stride[1], op));
  const { patches, oh, ow } = windows(padded, [kh, kw], stride, op);
  const cols = np.reshape(np.stack(patches, 2), [n, inC * kh * kw, oh * ow]); // [n, C, kh·kw, oh, ow] → [n, C·kh·kw, oh·ow]
  const out = np.matmul(np.reshape(w, [outC, inC * kh * kw]), cols); // [n, outC, oh·ow]
  return np.add(np.reshape(out, [n, outC, oh, ow]), np.reshape(b, [outC, 1, 1]));
}

/** Options of the pooling layers: window size and stride (default: the window), each a number or [h, w]. */
export interface PoolOptions {
  window: number | readonly [number, number];
  stride?: number | readonly [number, number];
}

function pool(op: string, x: ArrayLike, opts: PoolOptions, reduce: (stacked: NDArray, axis: number) => NDArray): NDArray {
  const a = asFloat(x, op);
  if (a.ndim < 2) throw new ShapeError(op, `the input must have at least 2 axes [..., h, w] (NCHW), got ${showShape(a.shape)}.`, { shapes: [a.shape] });
  checkOptions(op, opts, ["window", "stride"]);
  if (opts === undefined || opts.window === undefined) throw new ValueError(op, `missing the window; call ${op}(x, { window: 2 }).`);
  const window = pair(opts.window, op, "window");
  const stride = pair(opts.stride ?? window, op, "stride");
  const { patches } = windows(a, window, stride, op);
  return reduce(np.stack(patches, -1), -1);
}

/**
 * Max pooling over the last two axes (NCHW), "valid": x [..., h, w] → [..., oh, ow]; stride
 * defaults to the window. A window holding NaN gives NaN. The gradient of a window with several
 * equal maxima is split equally between them (as `jnp.max`; JAX's `reduce_window`-based pooling
 * gives it all to one of them); overlapping windows add up.
 * @example nn.maxPool2d(np.arange(16).reshape(1, 1, 4, 4), { window: 2 }) // [[[[5, 7], [13, 15]]]]
 */
export function maxPool2d(x: ArrayLike, opts: PoolOptions): NDArray {
  return pool("nn.maxPool2d", x, opts, (s, axis) => np.max(s, axis));
}

/**
 * Average pooling over the last two axes (NCHW), "valid": x [..., h, w] → [..., oh, ow]; stride
 * defaults to the window.
 * @example nn.avgPool2d(np.arange(16).reshape(1, 1, 4, 4), { window: 2 }) // [[[[2.5, 4.5], [10.5, 12.5]]]]
 */
export function avgPool2d(x: ArrayLike, opts: PoolOptions): NDArray {
  return pool("nn.avgPool2d", x, opts, (s, axis) => np.mean(s, axis));
}
