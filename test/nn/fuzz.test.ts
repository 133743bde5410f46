/**
 * Bad-input fuzz of the ML namespaces (nn, nn.losses, nn.init, nn.rules, optim, optim.schedules,
 * random, data, train, plot.specs, config) and of the functions their builders return (a model's
 * init/apply, an optimiser's init/update, a schedule). Each function has a valid call; the fuzz
 * replaces one argument (or one field of an object argument) by an odd value — wrong types,
 * NaN/±Inf, negative/fractional/huge sizes, non-functions, wrong trees, a batch of keys — or adds
 * a misspelt option, and asserts that the call either returns or throws a JaxonError whose
 * message starts with the name of the function called, quickly (no hang). Deterministic (seeded).
 */
import { describe, expect, it } from "vitest";
import { config, data, JaxonError, nn, np, optim, plot, random, train, ValueError, type NDArray } from "../../src/index.js";

const key = random.key(0);
const f32 = (shape: number[]) => np.ones(shape);
const labels = np.array([0, 2], { dtype: "int32" });
const ds = { x: np.array([[0, 0], [1, 1], [0, 1], [1, 0]]), y: np.array([0, 1, 1, 0], { dtype: "int32" }) };
const ds1 = { x: np.array([[0], [1], [2]]), y: np.array([[0], [1], [4]]) };
const params = { w: f32([2]), b: np.zeros([]) };

/** Odd values an argument is replaced by. */
const ODD: readonly unknown[] = [
  undefined, null, NaN, Infinity, -Infinity, -1, 0, 1.5, 3e9, 1e300, -0, "a", "float32", true, {}, [], [1e6, 1e6], [2, -1], [1.5],
  [3e9], () => 1, (x: unknown) => x, np.array(NaN), np.array([NaN, Infinity]), f32([2, 3]), np.zeros([0]), np.zeros([0, 3]), f32([1, 1, 4, 4]),
  np.array(3), np.array([1, 2, 3], { dtype: "int32" }), np.array([true, false]), random.splitArray(key, 2), { w: f32([3, 3]) },
  [f32([2])], { typo: 1 }, BigInt(3), Symbol("s"), new Float64Array(3), new Int8Array(2), Object.create(null),
];

/** A function, a valid call, and (when it takes one) the index of its options argument. */
type Call = readonly [name: string, f: (...a: any[]) => unknown, args: () => unknown[], options?: number];

const model = nn.mlp({ sizes: [2, 3, 2] });
const conv = nn.cnn({ inputShape: [1, 4, 4], conv: [{ channels: 2, kernel: 3, pool: { type: "max", window: 2 } }], outputs: 2 });
const unit = nn.perceptron(2);
const adam = optim.adam(0.1);
const scheduled = optim.sgd(optim.schedules.cosineDecay({ init: 1, decaySteps: 10 }), { momentum: 0.9 });
const cosine = optim.schedules.cosineDecay({ init: 1, decaySteps: 10 });

const calls: Call[] = [
  ...(["identity", "step", "sigmoid", "tanh", "arctan", "relu", "softplus", "gelu", "silu", "flatten"] as const).map((n): Call => [`nn.${n}`, nn[n] as never, () => [f32([2, 3])]]),
  ["nn.prelu", nn.prelu, () => [f32([2, 3]), 0.1]],
  ["nn.leakyRelu", nn.leakyRelu, () => [f32([2, 3]), 0.1]],
  ["nn.elu", nn.elu, () => [f32([2, 3]), 1]],
  ["nn.logsumexp", nn.logsumexp, () => [f32([2, 3]), { axis: 1, keepdims: true }], 1],
  ["nn.softmax", nn.softmax, () => [f32([2, 3]), { axis: 0 }], 1],
  ["nn.logSoftmax", nn.logSoftmax, () => [f32([2, 3]), -1]],
  ["nn.oneHot", nn.oneHot, () => [labels, 3, { dtype: "float32" }], 2],
  ["nn.dense", nn.dense, () => [{ w: f32([3, 2]), b: f32([2]) }, f32([4, 3])]],
  ["nn.conv2d", nn.conv2d, () => [{ w: f32([2, 1, 2, 2]), b: f32([2]) }, f32([1, 1, 4, 4]), { stride: 1, padding: "same" }], 2],
  ["nn.maxPool2d", nn.maxPool2d, () => [f32([1, 1, 4, 4]), { window: 2, stride: 1 }], 1],
  ["nn.avgPool2d", nn.avgPool2d, () => [f32([1, 1, 4, 4]), { window: 2 }], 1],
  ["nn.dropout", nn.dropout, () => [key, f32([2, 3]), 0.5, { train: true }], 3],
  ["nn.mlp", nn.mlp, () => [{ sizes: [2, 3, 2], activation: nn.tanh, dtype: "float32" }], 0],
  ["nn.perceptron", nn.perceptron, () => [2, { outputActivation: nn.step }], 1],
  ["nn.logisticRegression", nn.logisticRegression, () => [2, { dtype: "float64" }], 1],
  ["nn.softmaxRegression", nn.softmaxRegression, () => [2, 3, {}]],
  ["nn.cnn", nn.cnn, () => [{ inputShape: [1, 4, 4], conv: [{ channels: 2, kernel: 3, padding: "valid", pool: { type: "avg", window: 2 } }], hidden: [3], outputs: 2 }], 0],
  ["nn.mlp.init", model.init, () => [key]],
  ["nn.mlp.apply", model.apply, () => [model.init(key), f32([4, 2])]],
  ["nn.cnn.init", conv.init, () => [key]],
  ["nn.cnn.apply", conv.apply, () => [conv.init(key), f32([2, 1, 4, 4])]],
  ["nn.perceptron.init", unit.init, () => [key]],
  ["nn.perceptron.apply", unit.apply, () => [params, f32([3, 2])]],
  ...(["halfSquaredError", "sse", "mse", "binaryCrossEntropy", "sigmoidBinaryCrossEntropy", "softmaxCrossEntropy"] as const).map(
    (n): Call => [`nn.losses.${n}`, nn.losses[n] as never, () => [np.full([2, 3], 0.5), np.full([2, 3], 0.5)]],
  ),
  ["nn.losses.softmaxCrossEntropyWithIntegerLabels", nn.losses.softmaxCrossEntropyWithIntegerLabels, () => [f32([2, 3]), labels]],
  ["nn.losses.multiclassHinge", nn.losses.multiclassHinge, () => [f32([2, 3]), labels, 1]],
  ["nn.losses.l2Penalty", nn.losses.l2Penalty, () => [{ w: f32([2]) }]],
  ...(["glorotUniform", "glorotNormal", "heUniform", "heNormal", "zeros"] as const).map((n): Call => [`nn.init.${n}`, nn.init[n] as never, () => [key, [3, 2], { dtype: "float32" }]]),
  ["nn.init.uniform", nn.init.uniform, () => [key, [3], { minval: -1, maxval: 1 }], 2],
  ["nn.init.normal", nn.init.normal, () => [key, [3], { stddev: 0.5 }], 2],
  ["nn.rules.perceptron", nn.rules.perceptron, () => [np.zeros([3]), f32([4, 2]), np.zeros([4]), 0.1]],
  ["nn.rules.delta", nn.rules.delta, () => [np.zeros([3]), f32([2]), 1, 0.1]],
  ["optim.sgd", optim.sgd, () => [0.1, { momentum: 0.9, nesterov: true }], 1],
  ["optim.momentum", optim.momentum, () => [0.1, 0.9, { nesterov: true }], 2],
  ["optim.adagrad", optim.adagrad, () => [0.1, { eps: 1e-7 }], 1],
  ["optim.rmsprop", optim.rmsprop, () => [0.1, { centered: true, momentum: 0.5 }], 1],
  ["optim.adam", optim.adam, () => [cosine, { b1: 0.9 }], 1],
  ["optim.adamw", optim.adamw, () => [0.1, { weightDecay: 0.1 }], 1],
  ["optim.chain", optim.chain, () => [optim.clipByGlobalNorm(1), optim.scaleByAdam()]],
  ["optim.clipByGlobalNorm", optim.clipByGlobalNorm, () => [1]],
  ["optim.addDecayedWeights", optim.addDecayedWeights, () => [0.1]],
  ["optim.scaleByLearningRate", optim.scaleByLearningRate, () => [0.1, { flipSign: false }], 1],
  ["optim.scale", optim.scale, () => [0.5]],
  ["optim.scaleByAdam", optim.scaleByAdam, () => [{ b2: 0.99 }], 0],
  ["optim.scaleByMomentum", optim.scaleByMomentum, () => [0.9, { nesterov: false }], 1],
  ["optim.scaleByRms", optim.scaleByRms, () => [{ decay: 0.9, biasCorrection: true }], 0],
  ["optim.scaleByRss", optim.scaleByRss, () => [{ initialAccumulatorValue: 0.1 }], 0],
  ["optim.scaleByStddev", optim.scaleByStddev, () => [{ decay: 0.9 }], 0],
  ["optim.applyUpdates", optim.applyUpdates, () => [{ w: f32([2]) }, { w: f32([2]) }]],
  ["optim.globalNorm", optim.globalNorm, () => [{ w: f32([2]) }]],
  ["optim.adam.init", adam.init, () => [{ w: f32([2]) }]],
  ["optim.adam.update", adam.update, () => [{ w: f32([2]) }, adam.init({ w: f32([2]) }), { w: f32([2]) }]],
  ["optim.sgd.update", scheduled.update, () => [{ w: f32([2]) }, scheduled.init({ w: f32([2]) })]],
  ["optim.schedules.constant", optim.schedules.constant, () => [0.1]],
  ["optim.schedules.exponentialDecay", optim.schedules.exponentialDecay, () => [{ init: 1, decayRate: 0.5, transitionSteps: 10, staircase: true }], 0],
  ["optim.schedules.cosineDecay", optim.schedules.cosineDecay, () => [{ init: 1, decaySteps: 10, alpha: 0.1 }], 0],
  ["optim.schedules.warmupCosineDecay", optim.schedules.warmupCosineDecay, () => [{ init: 0, peak: 1, warmupSteps: 2, decaySteps: 10 }], 0],
  ["optim.schedules.piecewiseConstant", optim.schedules.piecewiseConstant, () => [1, { 10: 0.5 }]],
  ["optim.schedules.custom", optim.schedules.custom, () => [(t: NDArray) => np.div(1, np.add(t, 1))]],
  ["optim.schedules.cosineDecay", cosine, () => [3]],
  ["random.key", random.key, () => [0]],
  ["random.split", random.split, () => [key, 3]],
  ["random.splitArray", random.splitArray, () => [key, 3]],
  ["random.foldIn", random.foldIn, () => [key, 7]],
  ["random.uniform", random.uniform, () => [key, [2], { minval: -1, maxval: 1, dtype: "float64" }], 2],
  ["random.normal", random.normal, () => [key, [2, 2], { dtype: "float32" }], 2],
  ["random.bernoulli", random.bernoulli, () => [key, np.array([0.2, 0.8]), [3, 2]]],
  ["random.randint", random.randint, () => [key, [3], 0, 10]],
  ["random.permutation", random.permutation, () => [key, f32([4, 2])]],
  ["random.categorical", random.categorical, () => [key, np.array([0.1, 2, -1]), { shape: [4] }], 2],
  ["random.threefry2x32", random.threefry2x32, () => [key, np.array([0, 1], { dtype: "int32" })]],
  ["data.parity", data.parity, () => [3]],
  ["data.blobs", data.blobs, () => [key, { n: 12, centers: 3, std: 0.5, dim: 2 }], 1],
  ["data.moons", data.moons, () => [key, { n: 12, noise: 0.1 }], 1],
  ["data.circles", data.circles, () => [key, { n: 12, factor: 0.3 }], 1],
  ["data.spirals", data.spirals, () => [key, { n: 12, classes: 3, turns: 2 }], 1],
  ["data.regression1d", data.regression1d, () => [key, (x: NDArray) => np.sin(x), { n: 8, range: [0, 1] }], 2],
  ["data.batches", (...a: never[]) => [...(data.batches as (...b: never[]) => Iterable<unknown>)(...a)], () => [key, ds, 3, { dropRemainder: true }], 3],
  ["data.split", data.split, () => [key, ds, 0.5]],
  ["data.standardize", data.standardize, () => [ds.x, { mean: np.zeros([2]), std: np.ones([2]) }]],
  ["train.fit", train.fit, () => [{ params: unit.init(key), apply: unit.apply, optimizer: optim.sgd(0.1), data: ds, epochs: 1, batchSize: 2, key, jit: false, progress: false }], 0],
  ["plot.specs.lossCurve", plot.specs.lossCurve, () => [{ loss: [1, 0.5], validationLoss: [1, 0.7] }, { title: "t", logScale: true }], 1],
  ["plot.specs.decisionBoundary", plot.specs.decisionBoundary, () => [(x: NDArray) => nn.softmax(np.matmul(x, f32([2, 3]))), ds, { resolution: 4, classNames: ["a", "b", "c"] }], 2],
  ["plot.specs.fit1d", plot.specs.fit1d, () => [(x: NDArray) => x, ds1, { samples: 5, width: 100 }], 2],
  ["config.read", config.read, () => ["debugNans"]],
  ["config.update", config.update, () => ["checkTracerLeaks", true]],
];

let seed = 12345;
/** mulberry32: a small seeded PRNG (deterministic runs), an integer in [0, n). */
const rand = (n: number): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n | 0;
};
const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

/** One argument (or one field of one object argument, or one extra argument) replaced by an odd value. */
function mutate(args: unknown[]): unknown[] {
  const out = [...args];
  const i = rand(args.length + 1);
  const odd = ODD[rand(ODD.length)];
  const target = out[i];
  if (i < args.length && isPlainObject(target) && rand(2) === 0) {
    const fields = Object.keys(target);
    const copy = { ...target };
    copy[fields.length > 0 && rand(4) > 0 ? fields[rand(fields.length)]! : "tyop"] = odd;
    out[i] = copy;
  } else {
    out[i] = odd;
  }
  return out;
}

/**
 * Functions a call hands to user code: an error raised there names what the user passed (train.fit
 * calls its `apply` through callUser, so a bad param tree is reported by nn.perceptron.apply).
 */
const INNER: Record<string, readonly string[]> = { "train.fit": ["nn.perceptron.apply", "optim.sgd.init", "optim.sgd.update"] };

/** Runs `f(...args)`: it returns, or throws a JaxonError naming `name`; anything else is a finding. */
function check(name: string, f: (...a: unknown[]) => unknown, args: unknown[]): string | undefined {
  const started = performance.now();
  try {
    const r = f(...args);
    if (r instanceof Promise) r.catch(() => undefined);
  } catch (e) {
    if (!(e instanceof JaxonError)) return `${name}: raw ${(e as Error)?.constructor?.name}: ${String((e as Error)?.message).slice(0, 160)}`;
    if (!(e.op === name || INNER[name]?.includes(e.op)) || !e.message.startsWith(`${e.op}: `)) return `${name}: error named ${e.op}: ${e.message.slice(0, 160)}`;
  } finally {
    const flags = ["debugNans", "debugInfs"] as const;
    for (const flag of flags) config.update(flag, false);
    config.update("checkTracerLeaks", true);
  }
  const ms = performance.now() - started;
  return ms > 1500 ? `${name}: took ${ms.toFixed(0)} ms` : undefined;
}

describe("bad input to the ML namespaces: a JaxonError naming the function, never a raw JS error or a hang", () => {
  it("every valid call of the table runs", () => {
    for (const [name, f, args] of calls) expect(check(name, f as never, args()), name).toBeUndefined();
  });

  it("mutated calls", () => {
    const findings = new Set<string>();
    for (let round = 0; round < 12; round++) {
      for (const [name, f, args] of calls) {
        if (name === "train.fit" && round % 3 !== 0) continue; // the slowest call: fewer rounds
        const found = check(name, f as never, mutate(args()));
        if (found !== undefined) findings.add(found);
      }
    }
    expect([...findings]).toEqual([]);
  });

  it("a misspelt option is refused with a suggestion", () => {
    let checked = 0;
    for (const [name, f, args, at] of calls) {
      if (at === undefined) continue;
      const a = args();
      const first = Object.keys(a[at] as object)[0]!;
      a[at] = { ...(a[at] as object), [`${first}x`]: 1 };
      const call = () => (f as (...b: unknown[]) => unknown)(...a);
      expect(call, name).toThrow(ValueError);
      expect(call, name).toThrow(new RegExp(`^${name.replace(/\./g, "\\.")}: unknown option "${first}x"; did you mean "${first}"\\?`));
      checked++;
    }
    expect(checked).toBeGreaterThan(35);
  });
});
