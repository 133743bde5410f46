/** The public names of the API contract (../shared/API.md) are all exported. */
import { describe, expect, it } from "vitest";
import * as jaxon from "../src/index.js";
import * as lawsEntry from "../laws/index.js";

describe("API contract", () => {
  it("exports every name of the jaxon entry point", () => {
    const names = ["np", "NDArray", "grad", "valueAndGrad", "jvp", "vjp", "linearize", "vmap", "jacfwd", "jacrev", "hessian", "jit", "makeJaxpr", "stopGradient", "customJvp", "customVjp", "tree", "nn", "optim", "random", "data", "train", "plot", "io", "config"];
    expect(names.filter((n) => !(n in jaxon))).toEqual([]);
  });
  it("exports checkGrads, laws and arb from jaxon/laws", () => {
    expect(["checkGrads", "laws", "arb"].filter((n) => !(n in lawsEntry))).toEqual([]);
    const laws = ["gradMatchesFiniteDifferences", "jvpMatchesFiniteDifferences", "vjpIsTransposeOfJvp", "jvpIsLinear", "vmapMatchesLoop", "jitMatchesEager", "treeFunctor"];
    expect(laws.filter((n) => !(n in lawsEntry.laws))).toEqual([]);
    expect(["shape", "ndarray", "broadcastingPair", "pytree"].filter((n) => !(n in lawsEntry.arb))).toEqual([]);
  });
  it("exports the np, nn, optim, random and data names of the contract", () => {
    const np = ["array", "zeros", "ones", "full", "arange", "linspace", "eye", "zerosLike", "onesLike", "add", "sub", "mul", "div", "neg", "pow", "square", "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tanh", "arctan", "abs", "sign", "maximum", "minimum", "clip", "where", "equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual", "logicalAnd", "logicalOr", "logicalNot", "sum", "mean", "max", "min", "prod", "argmax", "argmin", "matmul", "dot", "outer", "reshape", "transpose", "broadcastTo", "expandDims", "squeeze", "concatenate", "stack", "split", "slice", "take", "cumsum", "var", "std", "allclose"];
    expect(np.filter((n) => !(n in jaxon.np))).toEqual([]);
    const nn = ["identity", "step", "sigmoid", "tanh", "arctan", "relu", "prelu", "leakyRelu", "elu", "softplus", "gelu", "silu", "softmax", "logSoftmax", "logsumexp", "oneHot", "dense", "conv2d", "maxPool2d", "avgPool2d", "flatten", "dropout", "mlp", "perceptron", "logisticRegression", "softmaxRegression", "cnn", "losses", "init", "rules"];
    expect(nn.filter((n) => !(n in jaxon.nn))).toEqual([]);
    expect(["halfSquaredError", "sse", "mse", "binaryCrossEntropy", "sigmoidBinaryCrossEntropy", "softmaxCrossEntropy", "softmaxCrossEntropyWithIntegerLabels", "multiclassHinge", "l2Penalty"].filter((n) => !(n in jaxon.nn.losses))).toEqual([]);
    expect(["glorotUniform", "glorotNormal", "heUniform", "heNormal", "uniform", "normal", "zeros"].filter((n) => !(n in jaxon.nn.init))).toEqual([]);
    expect(["perceptron", "delta"].filter((n) => !(n in jaxon.nn.rules))).toEqual([]);
    const optim = ["sgd", "momentum", "adagrad", "rmsprop", "adam", "adamw", "chain", "clipByGlobalNorm", "addDecayedWeights", "scaleByLearningRate", "applyUpdates", "schedules"];
    expect(optim.filter((n) => !(n in jaxon.optim))).toEqual([]);
    expect(["constant", "exponentialDecay", "cosineDecay", "warmupCosineDecay", "piecewiseConstant"].filter((n) => !(n in jaxon.optim.schedules))).toEqual([]);
    expect(["key", "split", "foldIn", "uniform", "normal", "bernoulli", "permutation", "randint", "categorical"].filter((n) => !(n in jaxon.random))).toEqual([]);
    expect(["xor", "blobs", "moons", "circles", "spirals", "parity", "iris", "regression1d", "batches", "split"].filter((n) => !(n in jaxon.data))).toEqual([]);
    expect(["fit"].filter((n) => !(n in jaxon.train))).toEqual([]);
    expect(["lossCurve", "decisionBoundary", "fit1d"].filter((n) => !(n in jaxon.plot))).toEqual([]);
    expect(["save", "load", "toBytes", "fromBytes"].filter((n) => !(n in jaxon.io))).toEqual([]);
    expect(["update"].filter((n) => !(n in jaxon.config))).toEqual([]);
    expect(["map", "leaves", "flatten", "unflatten", "structure", "reduce", "register", "Functor", "Foldable", "Traversable", "getAdditiveMonoid"].filter((n) => !(n in jaxon.tree))).toEqual([]);
  });
});
