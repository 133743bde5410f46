/**
 * `plot`: SVG charts for training runs — a loss curve, a 2-D decision boundary, a 1-D fit.
 *
 * Every chart is a Vega-Lite spec (built by `plot.specs.*`, plain JSON you can also hand to
 * vega-embed in a browser), compiled with `vega-lite` and rendered headlessly with `vega`
 * (no canvas, no browser). Rendering is asynchronous, so `plot.lossCurve`, `plot.decisionBoundary`
 * and `plot.fit1d` return a `Promise<string>` holding the SVG document. `vega` and `vega-lite`
 * are loaded on the first render only, so importing jaxon stays cheap.
 *
 * @example
 * import { writeFileSync } from "node:fs";
 * import { plot } from "jaxon";
 * writeFileSync("loss.svg", await plot.lossCurve(history, { title: "MLP on two moons" }));
 * writeFileSync("boundary.svg", await plot.decisionBoundary((x) => nn.softmax(model.apply(params, x)), testSet));
 *
 * @module
 */
import * as specs from "./specs.js";

export { specs };
export type {
  DecisionBoundaryOptions,
  Fit1dOptions,
  LossCurveOptions,
  LossHistory,
  PlotDataset,
  Predict,
  VegaLiteSpec,
} from "./specs.js";

/**
 * Renders any Vega-Lite spec (e.g. one from `plot.specs.*`, possibly edited) to an SVG string.
 * @example const svg = await plot.render(plot.specs.lossCurve([1, 0.5, 0.25]));
 */
export async function render(spec: specs.VegaLiteSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A line chart of the training loss per epoch (and the validation loss when the history has
 * one), e.g. `train.fit`'s `history`, or a plain array of losses.
 * @example const svg = await plot.lossCurve(history, { title: "training" });
 */
export function lossCurve(history: specs.LossHistory, opts: specs.LossCurveOptions = {}): Promise<string> {
  return render(specs.lossCurve(history, opts));
}

/**
 * The decision regions of a classifier on 2-D inputs: a grid over the data's bounding box coloured
 * by predicted class (shaded by confidence), with the dataset's points coloured by label on top.
 * `predict` maps an [m, 2] array of points to class probabilities or scores: [m, C] for C ≥ 2
 * classes (softmax is applied unless rows already sum to 1), or [m] / [m, 1] for two classes (a
 * probability of class 1, or a logit when outside [0, 1]). Works for any number of classes.
 * @example const svg = await plot.decisionBoundary((x) => nn.softmax(model.apply(params, x)), testSet);
 */
export function decisionBoundary(predict: specs.Predict, dataset: specs.PlotDataset, opts: specs.DecisionBoundaryOptions = {}): Promise<string> {
  return render(specs.decisionBoundary(predict, dataset, opts));
}

/**
 * A 1-D regression fit: the data points (x [n, 1] or [n], y [n, 1] or [n]) and the model's curve
 * `predict` evaluated on a fine grid across the x range (padded by 5%).
 * @example const svg = await plot.fit1d((x) => model.apply(params, x), dataset, { title: "sin fit" });
 */
export function fit1d(predict: specs.Predict, dataset: specs.PlotDataset, opts: specs.Fit1dOptions = {}): Promise<string> {
  return render(specs.fit1d(predict, dataset, opts));
}
