/**
 * Vega-Lite spec builders behind `plot.*`: each returns a plain JSON Vega-Lite (v6) spec with the
 * data inlined, so it can be rendered by `plot.render` in Node or by vega-embed in a browser.
 * Building a spec runs the model (for the decision grid / fitted curve) but needs no Vega.
 *
 * @module
 */
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { ShapeError, ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe } from "../errors/checks.js";
import { callUser } from "../errors/context.js";
import * as np from "../numpy/index.js";

/** A Vega-Lite spec as JSON (validated when compiled). */
export type VegaLiteSpec = Record<string, unknown>;

/** A loss history: `train.fit`'s `history` (or any `{ loss, validationLoss? }`), or a plain array. */
export type LossHistory = { loss: readonly number[]; validationLoss?: readonly number[] | undefined } | readonly number[];

/** A model's prediction on a batch of inputs. */
export type Predict = (x: NDArray) => NDArray;

/** A dataset to plot: `{ x, y }` with one example per row. */
export interface PlotDataset {
  x: NDArray;
  y: NDArray;
}

interface Common {
  /** Chart title. */
  title?: string;
  /** Chart width in pixels (default 400). */
  width?: number;
  /** Chart height in pixels (default 300, 400 for the decision boundary). */
  height?: number;
}

/** Options of {@link lossCurve}. */
export interface LossCurveOptions extends Common {
  /** Use a logarithmic loss axis (default false). */
  logScale?: boolean;
}

/** Options of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions extends Common {
  /** Grid cells per side (default 80). */
  resolution?: number;
  /** Margin added around the data's bounding box, as a fraction of its extent (default 0.1). */
  padding?: number;
  /** Names of the classes for the legend (default "0", "1", …). */
  classNames?: readonly string[];
}

/** Options of {@link fit1d}. */
export interface Fit1dOptions extends Common {
  /** Points on the model's curve (default 200). */
  samples?: number;
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** The largest chart side in pixels (a bigger one is surely a mistake, and slow to render). */
const MAX_PIXELS = 20000;
/** The most classes a decision boundary shows (labels are class indices 0 … MAX_CLASSES − 1). */
const MAX_CLASSES = 256;
const COMMON_KEYS = ["title", "width", "height"] as const;

function header(op: string, opts: Common, width: number, height: number): VegaLiteSpec {
  for (const side of ["width", "height"] as const) {
    const v: unknown = opts[side];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v > 0 && v <= MAX_PIXELS)) {
      throw new ValueError(op, `${side} must be a positive number of pixels (at most ${MAX_PIXELS}), got ${describe(v)}.`);
    }
  }
  const title: unknown = opts.title;
  if (title !== undefined && typeof title !== "string") throw new ValueError(op, `title must be a string, got ${describe(title)}.`);
  const spec: VegaLiteSpec = { $schema: SCHEMA, width: opts.width ?? width, height: opts.height ?? height, background: "white" };
  if (title !== undefined) spec["title"] = title;
  return spec;
}

function checkDataset(op: string, ds: PlotDataset): void {
  if (typeof ds !== "object" || ds === null || !(ds.x instanceof NDArray) || !(ds.y instanceof NDArray)) {
    throw new ValueError(op, `dataset must be { x: NDArray, y: NDArray }, got ${typeof ds !== "object" || ds === null ? describe(ds) : `x = ${describe(ds.x)}, y = ${describe(ds.y)}`}.`);
  }
  if (ds.x.ndim === 0 || ds.y.ndim === 0 || ds.x.shape[0] !== ds.y.shape[0] || ds.x.shape[0] === 0) {
    throw new ShapeError(op, `dataset.x and dataset.y need the same (non-zero) number of rows, got x ${showShape(ds.x.shape)} and y ${showShape(ds.y.shape)}.`, { shapes: [ds.x.shape, ds.y.shape] });
  }
}

/** The values of `a` as numbers, all finite (NaN or ±∞ coordinates cannot be placed on a chart). */
function finiteValues(op: string, a: NDArray, what: string): number[] {
  const v = Array.from(a.data() as unknown as ArrayLike<number>, Number);
  const bad = v.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new ValueError(op, `${what} must be finite, but element ${bad} is ${v[bad]}; drop or fix those rows before plotting.`);
  return v;
}

function callPredict(op: string, predict: Predict, x: NDArray): NDArray {
  const out: unknown = callUser(predict, [x]);
  if (!(out instanceof NDArray) || out.ndim === 0 || out.shape[0] !== x.shape[0]) {
    throw new ShapeError(op, `predict must return one row per input row (${x.shape[0]} rows for x of shape ${showShape(x.shape)}), got ${describe(out)}.`);
  }
  return out;
}

/** min and max of a list (no spread: Math.min(...xs) overflows the stack on large data). */
function extent(xs: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The spec of {@link import("./index.js").lossCurve}: loss against epoch (1, 2, …), one line per
 * series ("training", and "validation" when present), with a legend when there are two.
 * @example plot.specs.lossCurve(history, { title: "MLP" })
 */
export function lossCurve(history: LossHistory, opts: LossCurveOptions = {}): VegaLiteSpec {
  const op = "plot.lossCurve";
  checkOptions(op, opts, [...COMMON_KEYS, "logScale"]);
  const o = opts ?? {};
  if (o.logScale !== undefined && typeof o.logScale !== "boolean") throw new ValueError(op, `logScale must be true or false, got ${describe(o.logScale)}.`);
  const h: unknown = history;
  const train: unknown = Array.isArray(h) ? h : h !== null && typeof h === "object" ? (h as { loss?: unknown }).loss : undefined;
  if (!Array.isArray(train) || !train.every((v) => typeof v === "number")) {
    throw new ValueError(op, `expected a history { loss: number[], validationLoss?: number[] } (train.fit's history) or an array of numbers, got ${describe(history)}.`);
  }
  if (train.length === 0) throw new ValueError(op, "the history is empty (no epochs); train for at least one epoch.");
  const validation: unknown = Array.isArray(h) ? undefined : (h as { validationLoss?: unknown }).validationLoss;
  if (validation !== undefined && !(Array.isArray(validation) && validation.every((v) => typeof v === "number"))) {
    throw new ValueError(op, `history.validationLoss must be an array of numbers, got ${describe(validation)}.`);
  }
  const values: { epoch: number; loss: number | null; series: string }[] = train.map((v, i) => ({ epoch: i + 1, loss: finiteOrNull(v), series: "training" }));
  if (validation !== undefined) values.push(...validation.map((v, i) => ({ epoch: i + 1, loss: finiteOrNull(v), series: "validation" })));
  const single = values.length === 1 || (validation === undefined && train.length === 1);
  return {
    ...header(op, o, 400, 260),
    data: { values },
    mark: { type: "line", point: single, strokeWidth: 2 },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1 } },
      y: { field: "loss", type: "quantitative", title: "loss", scale: o.logScale ? { type: "log" } : { zero: false } },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: validation === undefined ? ["training"] : ["training", "validation"], range: ["#4c78a8", "#f58518"] },
        legend: validation === undefined ? null : { orient: "top-right" },
      },
    },
  };
}

const CLASS_COLORS = ["#4c78a8", "#e45756", "#54a24b", "#f58518", "#b279a2", "#72b7b2", "#eeca3b", "#9d755d", "#ff9da6", "#bab0ac"];

/** Class probabilities [m, C] (C ≥ 2) from whatever `predict` returned. */
function probabilities(out: NDArray): { probs: Float64Array; classes: number } {
  const m = out.shape[0]!;
  const raw = Float64Array.from(out.data() as unknown as ArrayLike<number>);
  const bad = raw.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) throw new ValueError("plot.decisionBoundary", `predict returned NaN (at element ${bad} of its output of shape ${showShape(out.shape)}); the model's predictions must be numbers to colour the regions.`);
  if (out.ndim === 1 || (out.ndim === 2 && out.shape[1] === 1)) {
    const inUnit = raw.every((v) => v >= 0 && v <= 1);
    const probs = new Float64Array(2 * m);
    for (let i = 0; i < m; i++) {
      const p = inUnit ? raw[i]! : 1 / (1 + Math.exp(-raw[i]!));
      probs[2 * i] = 1 - p;
      probs[2 * i + 1] = p;
    }
    return { probs, classes: 2 };
  }
  if (out.ndim !== 2) throw new ShapeError("plot.decisionBoundary", `predict must return [m, classes] scores or [m] probabilities, got shape ${showShape(out.shape)}.`, { shapes: [out.shape] });
  if (out.shape[1]! > MAX_CLASSES) throw new ShapeError("plot.decisionBoundary", `predict returned ${out.shape[1]} classes, more than the ${MAX_CLASSES} a chart can show.`, { shapes: [out.shape] });
  const c = out.shape[1]!;
  let normalized = true;
  for (let i = 0; i < m && normalized; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) {
      const v = raw[i * c + j]!;
      if (!(v >= 0)) normalized = false;
      s += v;
    }
    if (Math.abs(s - 1) > 1e-3) normalized = false;
  }
  if (!normalized) {
    for (let i = 0; i < m; i++) {
      let max = -Infinity;
      for (let j = 0; j < c; j++) max = Math.max(max, raw[i * c + j]!);
      let s = 0;
      for (let j = 0; j < c; j++) s += raw[i * c + j] = Math.exp(raw[i * c + j]! - max);
      for (let j = 0; j < c; j++) raw[i * c + j] = raw[i * c + j]! / s;
    }
  }
  return { probs: raw, classes: c };
}

const SHADES = 8;
const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/**
 * The spec of {@link import("./index.js").decisionBoundary}: a layer of grid cells coloured by the
 * predicted class with opacity growing with confidence, and a layer of the dataset's points
 * coloured by label (shared colour scale and legend).
 */
export function decisionBoundary(predict: Predict, dataset: PlotDataset, opts: DecisionBoundaryOptions = {}): VegaLiteSpec {
  const op = "plot.decisionBoundary";
  checkFunction(op, predict, "predict (x: NDArray) => NDArray, e.g. (x) => model.apply(params, x),");
  checkDataset(op, dataset);
  checkOptions(op, opts, [...COMMON_KEYS, "resolution", "padding", "classNames"]);
  const o = opts ?? {};
  if (dataset.x.ndim !== 2 || dataset.x.shape[1] !== 2) {
    throw new ShapeError(op, `needs 2-D inputs, dataset.x of shape [n, 2], got ${showShape(dataset.x.shape)}; for other widths plot two features or a projection.`, { shapes: [dataset.x.shape] });
  }
  const resolution: unknown = o.resolution ?? 80;
  if (typeof resolution !== "number" || !Number.isInteger(resolution) || resolution < 2 || resolution > 400) throw new ValueError(op, `resolution must be an integer in 2…400 (cells per side), got ${describe(resolution)}.`);
  const padding: unknown = o.padding ?? 0.1;
  if (typeof padding !== "number" || !(padding >= 0) || !Number.isFinite(padding)) throw new ValueError(op, `padding must be a finite number ≥ 0 (fraction of the data extent), got ${describe(padding)}.`);
  const classNames: unknown = o.classNames;
  if (classNames !== undefined && !(Array.isArray(classNames) && classNames.every((c) => typeof c === "string"))) {
    throw new ValueError(op, `classNames must be an array of strings, got ${describe(classNames)}.`);
  }

  const xs = finiteValues(op, dataset.x, "dataset.x");
  const n = dataset.x.shape[0]!;
  if (dataset.y.size !== n) throw new ShapeError(op, `dataset.y must hold one label per example ([n] or [n, 1]), got shape ${showShape(dataset.y.shape)}.`, { shapes: [dataset.y.shape] });
  const labels = Array.from(dataset.y.data() as unknown as ArrayLike<number>, Number);
  const badLabel = labels.findIndex((l) => !(Number.isInteger(l) && l >= 0 && l < MAX_CLASSES));
  if (badLabel >= 0) {
    throw new ValueError(op, `dataset.y must hold class labels, integers in [0, ${MAX_CLASSES}), but label ${badLabel} is ${labels[badLabel]}; for float targets plot a regression with plot.fit1d.`);
  }
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, xs[2 * i]!);
    x1 = Math.max(x1, xs[2 * i]!);
    y0 = Math.min(y0, xs[2 * i + 1]!);
    y1 = Math.max(y1, xs[2 * i + 1]!);
  }
  const padX = (x1 - x0 || 1) * padding;
  const padY = (y1 - y0 || 1) * padding;
  [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
  const dx = (x1 - x0) / resolution;
  const dy = (y1 - y0) / resolution;

  const centres = new Float32Array(2 * resolution * resolution);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      centres[2 * (r * resolution + c)] = x0 + (c + 0.5) * dx;
      centres[2 * (r * resolution + c) + 1] = y0 + (r + 0.5) * dy;
    }
  }
  const grid = np.array(centres, { shape: [resolution * resolution, 2], dtype: dataset.x.dtype === "float64" ? "float64" : "float32" });
  const { probs, classes: predicted } = probabilities(callPredict(op, predict, grid));
  const classes = Math.max(predicted, extent(labels)[1] + 1);
  const names = Array.from({ length: classes }, (_, k) => (classNames as readonly string[] | undefined)?.[k] ?? String(k));

  // One rect per run of equal (class, shade) cells along a row keeps the SVG small.
  const cells: Record<string, number | string>[] = [];
  for (let r = 0; r < resolution; r++) {
    let runStart = 0;
    let runKey = "";
    let runClass = 0;
    let runShade = 0;
    for (let c = 0; c <= resolution; c++) {
      let best = 0;
      let shade = 0;
      if (c < resolution) {
        const i = r * resolution + c;
        for (let j = 1; j < predicted; j++) if (probs[i * predicted + j]! > probs[i * predicted + best]!) best = j;
        // Confidence above chance, quantised to SHADES levels: opacity 0.1 at chance to 0.55 at certainty.
        const strength = (probs[i * predicted + best]! - 1 / predicted) / (1 - 1 / predicted);
        shade = Math.round(Math.min(1, Math.max(0, strength)) * (SHADES - 1));
      }
      const key = c < resolution ? `${best}/${shade}` : "";
      if (c > 0 && key !== runKey) {
        cells.push({ x: round(x0 + runStart * dx), x2: round(x0 + c * dx), y: round(y0 + r * dy), y2: round(y0 + (r + 1) * dy), class: names[runClass]!, opacity: round(0.1 + (0.45 * runShade) / (SHADES - 1), 3) });
        runStart = c;
      }
      if (c === 0 || key !== runKey) [runKey, runClass, runShade] = [key, best, shade];
    }
  }
  const points = labels.map((l, i) => ({ x: xs[2 * i]!, y: xs[2 * i + 1]!, class: names[l] ?? String(l) }));
  const xScale = { domain: [round(x0), round(x1)], nice: false, zero: false };
  const yScale = { domain: [round(y0), round(y1)], nice: false, zero: false };
  const color = { field: "class", type: "nominal", title: "class", scale: { domain: names, range: names.map((_, k) => CLASS_COLORS[k % CLASS_COLORS.length]!) } };
  return {
    ...header(op, o, 400, 400),
    config: { axis: { grid: false } },
    layer: [
      {
        data: { values: cells },
        mark: { type: "rect", strokeWidth: 0 },
        encoding: {
          x: { field: "x", type: "quantitative", title: "x₁", scale: xScale },
          x2: { field: "x2" },
          y: { field: "y", type: "quantitative", title: "x₂", scale: yScale },
          y2: { field: "y2" },
          color,
          opacity: { field: "opacity", type: "quantitative", scale: null, legend: null },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 36, opacity: 1, stroke: "white", strokeWidth: 0.6 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          color,
        },
      },
    ],
  };
}

/** A column of numbers from an [n] or [n, 1] array. */
function column(op: string, name: string, a: NDArray): number[] {
  if (!(a.ndim === 1 || (a.ndim === 2 && a.shape[1] === 1))) {
    throw new ShapeError(op, `${name} must have shape [n] or [n, 1], got ${showShape(a.shape)}.`, { shapes: [a.shape] });
  }
  return Array.from(a.data() as unknown as ArrayLike<number>, Number);
}

/**
 * The spec of {@link import("./index.js").fit1d}: the data as points and the model's prediction
 * as a line over the x range, with a legend ("data", "model").
 */
export function fit1d(predict: Predict, dataset: PlotDataset, opts: Fit1dOptions = {}): VegaLiteSpec {
  const op = "plot.fit1d";
  checkFunction(op, predict, "predict (x: NDArray) => NDArray, e.g. (x) => model.apply(params, x),");
  checkDataset(op, dataset);
  checkOptions(op, opts, [...COMMON_KEYS, "samples"]);
  const o = opts ?? {};
  const xs = column(op, "dataset.x", dataset.x);
  if (xs.some((v) => !Number.isFinite(v))) finiteValues(op, dataset.x, "dataset.x");
  const ys = column(op, "dataset.y", dataset.y);
  const samples: unknown = o.samples ?? 200;
  if (typeof samples !== "number" || !Number.isInteger(samples) || samples < 2 || samples > 100000) throw new ValueError(op, `samples must be an integer in 2…100000, got ${describe(samples)}.`);
  let [lo, hi] = extent(xs);
  const pad = (hi - lo || 1) * 0.05;
  [lo, hi] = [lo - pad, hi + pad];
  const gridValues = Array.from({ length: samples }, (_, i) => lo + ((hi - lo) * i) / (samples - 1));
  const grid = np.array(gridValues, { shape: dataset.x.ndim === 2 ? [samples, 1] : [samples], dtype: dataset.x.dtype === "float64" ? "float64" : "float32" });
  const curve = column(op, "predict's output", callPredict(op, predict, grid));
  const series = { type: "nominal", title: null, scale: { domain: ["data", "model"], range: ["#4c78a8", "#e45756"] }, legend: { orient: "top-left" } };
  return {
    ...header(op, o, 400, 300),
    layer: [
      {
        data: { values: xs.map((x, i) => ({ x, y: finiteOrNull(ys[i]!) })) },
        mark: { type: "point", filled: true, size: 24, opacity: 0.7 },
        encoding: { x: { field: "x", type: "quantitative", title: "x", scale: { domain: [round(lo), round(hi)], nice: false, zero: false } }, y: { field: "y", type: "quantitative", title: "y", scale: { zero: false } }, color: { datum: "data", ...series } },
      },
      {
        data: { values: gridValues.map((x, i) => ({ x: round(x, 6), y: finiteOrNull(curve[i]!) })) },
        mark: { type: "line", strokeWidth: 2.5 },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, color: { datum: "model", ...series } },
      },
    ],
  };
}
