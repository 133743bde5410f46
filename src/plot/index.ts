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
 * Every function is a public operation: its errors name it (`plot.lossCurve: ...`), also those
 * raised by Vega when the chart is rendered (the promise rejects with a JaxonError).
 *
 * @module
 */
import { JaxonError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import * as specs from "./specs-public.js";

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
 * Renders `spec`, naming `op` in errors. Vega runs after an await, outside the public operation's
 * synchronous context, so its errors are caught here and rethrown as JaxonErrors naming `op`.
 */
async function renderAs(op: string, spec: specs.VegaLiteSpec): Promise<string> {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new ValueError(op, `expected a Vega-Lite spec (a JSON object, e.g. from plot.specs.lossCurve), got ${describe(spec)}.`);
  }
  const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
  let view: InstanceType<typeof vega.View>;
  try {
    const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]);
    view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  } catch (e) {
    throw new ValueError(op, `the Vega-Lite spec is invalid: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  try {
    return await view.toSVG();
  } catch (e) {
    if (e instanceof JaxonError) throw e;
    throw new ValueError(op, `the chart could not be rendered: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  } finally {
    view.finalize();
  }
}

/**
 * Renders any Vega-Lite spec (e.g. one from `plot.specs.*`, possibly edited) to an SVG string.
 * @example const svg = await plot.render(plot.specs.lossCurve([1, 0.5, 0.25]));
 */
export const render = publicOp("plot.render", (spec: specs.VegaLiteSpec): Promise<string> => renderAs("plot.render", spec));

/**
 * A line chart of the training loss per epoch (and the validation loss when the history has
 * one), e.g. `train.fit`'s `history`, or a plain array of losses. Bad input throws at once.
 * @example const svg = await plot.lossCurve(history, { title: "training" });
 */
export const lossCurve = publicOp("plot.lossCurve", (history: specs.LossHistory, opts: specs.LossCurveOptions = {}): Promise<string> =>
  renderAs("plot.lossCurve", specs.lossCurve(history, opts)),
);

/**
 * The decision regions of a classifier on 2-D inputs: a grid over the data's bounding box coloured
 * by predicted class (shaded by confidence), with the dataset's points coloured by label on top.
 * `predict` maps an [m, 2] array of points to class probabilities or scores: [m, C] for C ≥ 2
 * classes (softmax is applied unless rows already sum to 1), or [m] / [m, 1] for two classes (a
 * probability of class 1, or a logit when outside [0, 1]). Works for any number of classes (up
 * to 256); labels must be class indices and x finite.
 * @example const svg = await plot.decisionBoundary((x) => nn.softmax(model.apply(params, x)), testSet);
 */
export const decisionBoundary = publicOp(
  "plot.decisionBoundary",
  (predict: specs.Predict, dataset: specs.PlotDataset, opts: specs.DecisionBoundaryOptions = {}): Promise<string> =>
    renderAs("plot.decisionBoundary", specs.decisionBoundary(predict, dataset, opts)),
);

/**
 * A 1-D regression fit: the data points (x [n, 1] or [n], y [n, 1] or [n]) and the model's curve
 * `predict` evaluated on a fine grid across the x range (padded by 5%).
 * @example const svg = await plot.fit1d((x) => model.apply(params, x), dataset, { title: "sin fit" });
 */
export const fit1d = publicOp("plot.fit1d", (predict: specs.Predict, dataset: specs.PlotDataset, opts: specs.Fit1dOptions = {}): Promise<string> =>
  renderAs("plot.fit1d", specs.fit1d(predict, dataset, opts)),
);
