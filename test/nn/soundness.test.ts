// Issue 8 reproducers for nn: NaN propagation, refused silent shape problems, errors that name
// the public function (and its class), checks before allocation, debugInfs quiet on clean input.
import { afterEach, describe, expect, it } from "vitest";
import { config, grad, jit, JaxonError, nn, np, random, ShapeError, ValueError, type NDArray } from "../../src/index.js";
import { throwsNamed } from "./throws.js";

const key = random.key(0);
const nanAt = (a: NDArray) => Array.from(a.data() as Float32Array, (v) => Number.isNaN(v));

afterEach(() => config.update("debugInfs", false));

describe("activations propagate NaN (as numpy/JAX), with gradients unchanged", () => {
  const x = np.array([NaN, -1, 0, 2]);
  it.each([
    ["identity", nn.identity],
    ["step", nn.step],
    ["sigmoid", nn.sigmoid],
    ["tanh", nn.tanh],
    ["arctan", nn.arctan],
    ["relu", nn.relu],
    ["prelu", (v: NDArray) => nn.prelu(v, 0.2)],
    ["leakyRelu", (v: NDArray) => nn.leakyRelu(v, 0.1)],
    ["elu", nn.elu],
    ["softplus", nn.softplus],
    ["gelu", nn.gelu],
    ["silu", nn.silu],
  ] as const)("%s(NaN) is NaN, and only there", (_name, f) => {
    expect(nanAt(f(x))).toEqual([true, false, false, false]);
  });
  it("relu(NaN) was 0: now NaN; relu' is still H(x) with relu'(0) = 0", () => {
    expect(nn.relu(np.array(NaN)).item()).toBeNaN();
    expect(grad((v: NDArray) => np.sum(nn.relu(v)))(np.array([-1, 0, 2])).toArray()).toEqual([0, 0, 1]);
    expect(grad((v: NDArray) => np.sum(nn.leakyRelu(v, 0.1)))(np.array([-1, 2])).toArray()).toEqual([Math.fround(0.1), 1]);
    expect(grad((v: NDArray) => np.sum(nn.step(v)))(np.array([-1, 0, 2])).toArray()).toEqual([0, 0, 0]);
  });
  it("a NaN makes its whole softmax row, logSoftmax row and logsumexp NaN (not −∞, not finite)", () => {
    const z = np.array([[NaN, 1], [1, 2]]);
    expect(nanAt(nn.softmax(z))).toEqual([true, true, false, false]);
    expect(nanAt(nn.logSoftmax(z))).toEqual([true, true, false, false]);
    expect(nanAt(nn.logsumexp(z, 1))).toEqual([true, false]);
    expect(nn.logsumexp(np.array([NaN, 1])).item()).toBeNaN(); // was −∞
  });
  it("all −∞ still gives −∞ with a zero gradient; an empty axis gives −∞ / an empty result", () => {
    expect(nn.logsumexp(np.array([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(grad((v: NDArray) => nn.logsumexp(v))(np.array([-Infinity, -Infinity])).toArray()).toEqual([0, 0]);
    expect(nn.logsumexp(np.zeros([2, 0]), 1).toArray()).toEqual([-Infinity, -Infinity]);
    expect(nn.softmax(np.zeros([2, 0])).shape).toEqual([2, 0]);
  });
  it("debugInfs stays quiet on clean input to softmax, logsumexp and the cross-entropies (and their gradients)", () => {
    config.update("debugInfs", true);
    const z = np.array([[1, 2, 3], [0, 0, 0]]);
    const labels = np.array([0, 2], { dtype: "int32" });
    expect(() => nn.softmax(z)).not.toThrow();
    expect(() => nn.logsumexp(z, 1)).not.toThrow();
    expect(() => nn.losses.softmaxCrossEntropy(z, nn.oneHot(labels, 3))).not.toThrow();
    expect(() => grad((q: NDArray) => np.sum(nn.losses.softmaxCrossEntropyWithIntegerLabels(q, labels)))(z)).not.toThrow();
  });
});

describe("losses refuse silent shape problems", () => {
  it("binary cross-entropy with [N] against [N, 1] (which would broadcast to [N, N]) is a ShapeError saying to reshape", () => {
    throwsNamed(() => nn.losses.binaryCrossEntropy(np.full([3], 0.5), np.zeros([3, 1])), ShapeError, "nn.losses.binaryCrossEntropy", /prob has shape \[3\] but target has shape \[3, 1\].*not broadcast.*reshape/);
    throwsNamed(() => nn.losses.sigmoidBinaryCrossEntropy(np.zeros([3, 1]), np.zeros([3])), ShapeError, "nn.losses.sigmoidBinaryCrossEntropy", /reshape/);
    throwsNamed(() => nn.losses.mse(np.zeros([3]), np.zeros([3, 1])), ShapeError, "nn.losses.mse");
  });
  it("softmaxCrossEntropy with integer labels instead of one-hot rows, or mismatched shapes", () => {
    throwsNamed(() => nn.losses.softmaxCrossEntropy(np.zeros([2, 3]), np.array([0, 2], { dtype: "int32" })), ShapeError, "nn.losses.softmaxCrossEntropy", /softmaxCrossEntropyWithIntegerLabels, or nn\.oneHot/);
    throwsNamed(() => nn.losses.softmaxCrossEntropy(np.zeros([2, 3]), np.zeros([2, 4])), ShapeError, "nn.losses.softmaxCrossEntropy", /logits has shape \[2, 3\] but oneHotTargets has shape \[2, 4\]/);
  });
  it("concrete integer labels outside [0, C) or not integers are refused; under jit they cannot be checked", () => {
    const z = np.zeros([2, 3]);
    throwsNamed(() => nn.losses.softmaxCrossEntropyWithIntegerLabels(z, np.array([0, 3], { dtype: "int32" })), ValueError, "nn.losses.softmaxCrossEntropyWithIntegerLabels", /label 3 is not a class index in \[0, 3\)/);
    throwsNamed(() => nn.losses.softmaxCrossEntropyWithIntegerLabels(z, [0, -1]), ValueError, "nn.losses.softmaxCrossEntropyWithIntegerLabels", /label -1/);
    throwsNamed(() => nn.losses.softmaxCrossEntropyWithIntegerLabels(z, [0, 1.5]), ValueError, "nn.losses.softmaxCrossEntropyWithIntegerLabels", /integer class indices, got 1\.5/);
    throwsNamed(() => nn.losses.multiclassHinge(z, np.array([7, 0], { dtype: "int32" })), ValueError, "nn.losses.multiclassHinge", /label 7/);
    // Traced labels: no check (as JAX); an out-of-range label selects no class.
    const f = jit((q: NDArray, l: NDArray) => nn.losses.softmaxCrossEntropyWithIntegerLabels(q, l));
    expect(() => f(z, np.array([0, 5], { dtype: "int32" }))).not.toThrow();
  });
});

describe("layers and models: a JaxonError naming the function for bad input", () => {
  it("nn.dense(2, x): params not an object", () => {
    throwsNamed(() => nn.dense(2 as never, np.ones([2, 3])), ValueError, "nn.dense", /params must be an object \{ w, b \}/);
    throwsNamed(() => nn.dense({ w: np.ones([3, 2]) } as never, np.ones([2, 3])), ValueError, "nn.dense", /no field "b"/);
    throwsNamed(() => nn.conv2d(null as never, np.ones([1, 1, 4, 4])), ValueError, "nn.conv2d", /params must be an object/);
  });
  it("models' init with a non-key, apply with wrong params or shapes, builders with bad options", () => {
    const m = nn.mlp({ sizes: [2, 3, 2] });
    throwsNamed(() => m.init(3 as never), ValueError, "nn.mlp.init", /expected a key/);
    throwsNamed(() => m.init(random.splitArray(key, 2)), ValueError, "nn.mlp.init", /vmap over it/);
    throwsNamed(() => m.apply(m.init(key), np.ones([4, 5])), ShapeError, "nn.mlp.apply", /input of shape \[4, 5\] does not match weight of shape \[2, 3\]/);
    throwsNamed(() => m.apply({ layers: 1 } as never, np.ones([4, 2])), ValueError, "nn.mlp.apply", /"layers" list/);
    throwsNamed(() => m.apply(nn.mlp({ sizes: [2, 4, 2] }).init(key), np.ones([4, 2])), ShapeError, "nn.mlp.apply", /params\.layers\[0\]\.w has shape \[2, 4\] but this model expects \[2, 3\]/);
    throwsNamed(() => nn.mlp({ sizes: [2, 1.5] }), ValueError, "nn.mlp", /positive integers/);
    throwsNamed(() => nn.mlp(undefined as never), ValueError, "nn.mlp", /needs an options object/);
    throwsNamed(() => nn.mlp({ sizes: [2, 2], activaton: nn.tanh } as never), ValueError, "nn.mlp", /unknown option "activaton"; did you mean "activation"\?/);
    throwsNamed(() => nn.mlp({ sizes: [2, 2], activation: 3 as never }), ValueError, "nn.mlp", /activation as a function/);
    throwsNamed(() => nn.mlp({ sizes: [1e6, 1e6] }), ShapeError, "nn.mlp", /would have 1000000000000 elements/);
    const c = nn.cnn({ inputShape: [1, 4, 4], conv: [{ channels: 2, kernel: 3 }], outputs: 2 });
    throwsNamed(() => c.apply(c.init(key), np.ones([2, 3, 4, 4])), ShapeError, "nn.cnn.apply", /does not match inputShape \[1, 4, 4\]/);
    throwsNamed(() => nn.cnn({ inputShape: [1, 4, 4], conv: [{ channels: 2, kernel: 3, pool: { type: "min" as never, window: 2 } }], outputs: 2 }), ValueError, "nn.cnn", /pool\.type must be "max" or "avg"/);
    const p = nn.perceptron(2);
    throwsNamed(() => p.apply({ w: np.zeros([2]), b: np.zeros([4]) }, np.ones([4, 2])), ShapeError, "nn.perceptron.apply", /params\.b has shape \[4\]/);
  });
  it("a user's activation runs as user code: its errors name what it called", () => {
    const m = nn.mlp({ sizes: [2, 3, 2], activation: (h) => np.reshape(h, [7]) });
    throwsNamed(() => m.apply(m.init(key), np.ones([4, 2])), ShapeError, "np.reshape");
    const bad = nn.mlp({ sizes: [2, 3, 2], activation: (() => 1) as never });
    throwsNamed(() => bad.apply(bad.init(key), np.ones([4, 2])), ValueError, "nn.mlp.apply", /activation must return an NDArray/);
  });
  it("nn.oneHot(labels, 3e9) throws at once (sizes are checked before allocating)", () => {
    const started = performance.now();
    throwsNamed(() => nn.oneHot([0], 3e9), ShapeError, "nn.oneHot", /more than the 2147483647/);
    throwsNamed(() => nn.oneHot([0], 2.5), ValueError, "nn.oneHot", /must be an integer/);
    throwsNamed(() => nn.oneHot([0], 3, { dtpye: "int32" } as never), ValueError, "nn.oneHot", /did you mean "dtype"/);
    expect(performance.now() - started).toBeLessThan(500);
  });
  it("options, axes and dtypes: the right class, the public name", () => {
    throwsNamed(() => nn.conv2d({ w: np.ones([2, 1, 2, 2]), b: np.ones([2]) }, np.ones([1, 1, 4, 4]), { strides: 2 } as never), ValueError, "nn.conv2d", /did you mean "stride"/);
    throwsNamed(() => nn.maxPool2d(np.ones([1, 1, 4, 4]), { window: 0 }), ValueError, "nn.maxPool2d", /window must be a positive integer/);
    throwsNamed(() => nn.softmax(np.ones([2, 3]), 2), ShapeError, "nn.softmax", /axis 2 is out of range for an array of rank 2/);
    throwsNamed(() => nn.softmax(np.array(3)), ShapeError, "nn.softmax", /a scalar \(rank 0\) has no axes/);
    throwsNamed(() => nn.logsumexp(np.ones([2, 3]), { axis: 0, keepDims: true } as never), ValueError, "nn.logsumexp", /did you mean "keepdims"/);
    throwsNamed(() => nn.relu(["a"] as never), JaxonError, "nn.relu");
    throwsNamed(() => nn.dropout(key, np.ones([2]), 0.5, { training: true } as never), ValueError, "nn.dropout", /unknown option "training"/);
    throwsNamed(() => nn.dropout(np.ones([2]), np.ones([2]), 0.5, { train: true }), ValueError, "nn.dropout", /expected a key/);
    throwsNamed(() => nn.init.glorotUniform(key, [2, -1]), ShapeError, "nn.init.glorotUniform", /non-negative integers/);
    throwsNamed(() => nn.init.normal(key, [2], { stddev: -1 }), ValueError, "nn.init.normal", /stddev must be ≥ 0/);
    throwsNamed(() => nn.init.zeros(key, [2], { dtype: "int32" as never }), ValueError, "nn.init.zeros", /dtype must be "float32" or "float64"/);
    throwsNamed(() => nn.rules.delta(np.zeros([3]), np.ones([2]), 1, NaN), ValueError, "nn.rules.delta", /finite number/);
  });
});
