/**
 * The demos behind `jaxon demo <name>`: each trains a small model with data + nn + optim +
 * train.fit, prints a short summary and writes SVG plots into an output directory.
 *
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { NDArray } from "../array/ndarray.js";
import * as data from "../data/index.js";
import * as nn from "../nn/index.js";
import * as np from "../numpy/index.js";
import * as optim from "../optim/index.js";
import * as plot from "../plot/index.js";
import * as random from "../random/index.js";
import * as train from "../train/index.js";

/** Options every demo takes. */
export interface DemoOptions {
  /** Training epochs (default: the demo's own). */
  epochs?: number;
  /** Directory the SVGs go to (created if missing; default "out"). */
  outDir?: string;
  /** Seed of the PRNG key (default 0). */
  seed?: number;
  /** Where the summary lines go (default console.log). */
  log?: (line: string) => void;
}

/** What a demo returns. */
export interface DemoResult {
  /** Final mean training loss. */
  loss: number;
  /** Final accuracy in [0, 1] (classification demos). */
  accuracy?: number;
  /** Training time in seconds. */
  seconds: number;
  /** Paths of the SVG files written. */
  files: string[];
}

/** A runnable demo. */
export interface Demo {
  name: string;
  description: string;
  /** Default number of epochs. */
  epochs: number;
  run(opts?: DemoOptions): Promise<DemoResult>;
}

interface Setup {
  outDir: string;
  epochs: number;
  keys: NDArray[];
  log: (line: string) => void;
}

function setup(opts: DemoOptions, defaultEpochs: number, nKeys: number): Setup {
  return {
    outDir: opts.outDir ?? "out",
    epochs: opts.epochs ?? defaultEpochs,
    keys: random.split(random.key(opts.seed ?? 0), nKeys),
    log: opts.log ?? ((line) => console.log(line)),
  };
}

const last = (xs: readonly number[] | undefined): number | undefined => xs?.[xs.length - 1];

async function writeSvgs(s: Setup, svgs: Record<string, string>): Promise<string[]> {
  await mkdir(s.outDir, { recursive: true });
  const files: string[] = [];
  for (const [name, svg] of Object.entries(svgs)) {
    const path = join(s.outDir, name);
    await writeFile(path, svg);
    files.push(path);
  }
  return files;
}

function report(name: string, s: Setup, result: Omit<DemoResult, "files">, files: string[], accuracyLabel = "accuracy"): DemoResult {
  const parts = [`${name}: ${s.epochs} epochs in ${result.seconds.toFixed(2)} s`, `final loss ${result.loss.toFixed(4)}`];
  if (result.accuracy !== undefined) parts.push(`${accuracyLabel} ${(100 * result.accuracy).toFixed(1)}%`);
  s.log(parts.join(", "));
  s.log(`wrote ${files.join(", ")}`);
  return { ...result, files };
}

/** Fits `apply` and returns the history, the trained parameters and the wall time. */
function fitTimed<P>(opts: train.FitOptions<P>): { params: P; history: train.History; seconds: number } {
  const started = performance.now();
  const { params, history } = train.fit({ progress: false, ...opts });
  return { params, history, seconds: (performance.now() - started) / 1000 };
}

/** A classification demo on 2-D points: MLP, loss curve and decision boundary. */
async function classify2d(name: string, opts: DemoOptions, cfg: { defaultEpochs: number; dataset: (key: NDArray) => data.Dataset; hidden: number[]; classes: number; lr: number; batchSize: number; validation: boolean }): Promise<DemoResult> {
  const s = setup(opts, cfg.defaultEpochs, 4);
  const [kData, kSplit, kInit, kFit] = s.keys as [NDArray, NDArray, NDArray, NDArray];
  const all = cfg.dataset(kData);
  const labelled = { x: all.x, y: np.astype(np.reshape(all.y, [-1]), "int32") };
  const [trainSet, valSet] = cfg.validation ? data.split(kSplit, labelled, 0.8) : [labelled, undefined];
  const model = nn.mlp({ sizes: [2, ...cfg.hidden, cfg.classes], activation: nn.tanh });
  const { params, history, seconds } = fitTimed({
    params: model.init(kInit),
    apply: model.apply,
    optimizer: optim.adam(cfg.lr),
    data: trainSet,
    ...(valSet ? { validation: valSet } : {}),
    epochs: s.epochs,
    batchSize: cfg.batchSize,
    key: kFit,
  });
  const predict = (x: NDArray) => nn.softmax(model.apply(params, x));
  const files = await writeSvgs(s, {
    [`${name}-loss.svg`]: await plot.lossCurve(history, { title: `${name}: training loss` }),
    [`${name}-boundary.svg`]: await plot.decisionBoundary(predict, labelled, { title: `${name}: decision boundary` }),
  });
  const loss = last(history.loss) ?? NaN;
  const accuracy = last(history.accuracy);
  return report(name, s, { loss, ...(accuracy !== undefined ? { accuracy } : {}), seconds }, files, valSet ? "validation accuracy" : "training accuracy");
}

const moons: Demo = {
  name: "moons",
  description: "MLP [2, 16, 16, 2] on two moons (400 points): loss curve and decision boundary",
  epochs: 60,
  run: (opts = {}) => classify2d("moons", opts, { defaultEpochs: 60, dataset: (k) => data.moons(k, { n: 400, noise: 0.15 }), hidden: [16, 16], classes: 2, lr: 0.03, batchSize: 32, validation: true }),
};

const xor: Demo = {
  name: "xor",
  description: "MLP [2, 8, 2] on the four XOR points: loss curve and decision boundary",
  epochs: 200,
  run: (opts = {}) => classify2d("xor", opts, { defaultEpochs: 200, dataset: () => data.xor(), hidden: [8], classes: 2, lr: 0.05, batchSize: 4, validation: false }),
};

const spirals: Demo = {
  name: "spirals",
  description: "MLP [2, 32, 32, 3] on three interleaved spirals (450 points): loss curve and decision boundary",
  epochs: 150,
  run: (opts = {}) => classify2d("spirals", opts, { defaultEpochs: 150, dataset: (k) => data.spirals(k, { n: 450, classes: 3, noise: 0.04 }), hidden: [32, 32], classes: 3, lr: 0.01, batchSize: 32, validation: true }),
};

const iris: Demo = {
  name: "iris",
  description: "softmax regression on Fisher's iris (standardised features): accuracy and loss curve",
  epochs: 100,
  async run(opts = {}) {
    const s = setup(opts, 100, 3);
    const [kSplit, kInit, kFit] = s.keys as [NDArray, NDArray, NDArray];
    const [trainRaw, valRaw] = data.split(kSplit, data.iris(), 0.8);
    const stats = data.standardize(trainRaw.x);
    const trainSet = { x: stats.x, y: trainRaw.y };
    const valSet = { x: data.standardize(valRaw.x, { mean: stats.mean, std: stats.std }).x, y: valRaw.y };
    const model = nn.mlp({ sizes: [4, 3] }); // one linear layer: softmax regression
    const { history, seconds } = fitTimed({
      params: model.init(kInit),
      apply: model.apply,
      optimizer: optim.adam(0.05),
      data: trainSet,
      validation: valSet,
      epochs: s.epochs,
      batchSize: 16,
      key: kFit,
    });
    const files = await writeSvgs(s, { "iris-loss.svg": await plot.lossCurve(history, { title: "iris: softmax regression" }) });
    const accuracy = last(history.accuracy);
    return report("iris", s, { loss: last(history.loss) ?? NaN, ...(accuracy !== undefined ? { accuracy } : {}), seconds }, files, "validation accuracy");
  },
};

const regression: Demo = {
  name: "regression",
  description: "MLP [1, 32, 32, 1] fit of sin(x) on [-3, 3] (200 noisy points): fitted curve and loss",
  epochs: 150,
  async run(opts = {}) {
    const s = setup(opts, 150, 3);
    const [kData, kInit, kFit] = s.keys as [NDArray, NDArray, NDArray];
    const ds = data.regression1d(kData, (x) => np.sin(x), { n: 200, noise: 0.1, range: [-3, 3] });
    const model = nn.mlp({ sizes: [1, 32, 32, 1], activation: nn.tanh });
    const { params, history, seconds } = fitTimed({
      params: model.init(kInit),
      apply: model.apply,
      optimizer: optim.adam(0.01),
      data: ds,
      epochs: s.epochs,
      batchSize: 32,
      key: kFit,
    });
    const files = await writeSvgs(s, {
      "regression-fit.svg": await plot.fit1d((x) => model.apply(params, x), ds, { title: "regression: MLP fit of sin(x)" }),
      "regression-loss.svg": await plot.lossCurve(history, { title: "regression: mean squared error" }),
    });
    return report("regression", s, { loss: last(history.loss) ?? NaN, seconds }, files);
  },
};

/** All demos by name, in the order `jaxon demo` lists them. */
export const demos: Readonly<Record<string, Demo>> = { moons, xor, iris, spirals, regression };
