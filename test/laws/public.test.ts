/**
 * Every public function of `np` and `nn` goes through the laws: gradient vs finite differences
 * (float64), vjp as the transpose of jvp, vmap vs a loop and jit vs eager — functions whose output
 * is not differentiable (comparisons, argmax, creation) through the vmap and jit laws. A public
 * function missing from these tables (and from the exemption list) fails the suite.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arb, checkGrads, laws } from "../../laws/index.js";
import type { ValueOptions } from "../../laws/arb.js";
import { itHolds } from "../../laws/vitest.js";
import { nn, np, random, type NDArray } from "../../src/index.js";

interface Entry {
  f: (...args: any[]) => unknown;
  gen: (pre: number[]) => fc.Arbitrary<any[]>;
  /** false: the output is not differentiable (integer/bool) — only the vmap and jit laws apply. */
  differentiable?: boolean;
}

const f64 = (shape: number[], o: ValueOptions = {}) => arb.ndarray({ dtype: "float64", min: -2, max: 2, ...o, shape });
const awayFromZero: ValueOptions = { avoid: [0], margin: 0.15 };
const positive: ValueOptions = { min: 0.3, max: 2 };
const args = (...shapes: [number[], ValueOptions?][]) => (pre: number[]) => fc.tuple(...shapes.map(([s, o]) => f64([...pre, ...s], o ?? {})));
const vec = (o: ValueOptions = {}) => args([[4], o]);
const mat = (o: ValueOptions = {}) => args([[2, 3], o]);
const pair = (o1: ValueOptions = {}, o2: ValueOptions = {}) => args([[2, 3], o1], [[2, 3], o2]);
const labels = np.array([2, 0], { dtype: "int32" });

const npEntries: Record<string, Entry> = {
  add: { f: np.add, gen: pair() },
  sub: { f: np.sub, gen: pair() },
  mul: { f: np.mul, gen: pair() },
  div: { f: np.div, gen: pair({}, awayFromZero) },
  pow: { f: np.pow, gen: pair(positive) },
  maximum: { f: np.maximum, gen: pair({ min: 0.5, max: 2 }, { min: -2, max: 0 }) },
  minimum: { f: np.minimum, gen: pair({ min: 0.5, max: 2 }, { min: -2, max: 0 }) },
  arctan2: { f: np.arctan2, gen: pair({}, positive) },
  neg: { f: np.neg, gen: mat() },
  abs: { f: np.abs, gen: mat(awayFromZero) },
  sign: { f: np.sign, gen: mat(awayFromZero) },
  exp: { f: np.exp, gen: mat() },
  log: { f: np.log, gen: mat(positive) },
  log1p: { f: np.log1p, gen: mat(positive) },
  expm1: { f: np.expm1, gen: mat() },
  sin: { f: np.sin, gen: mat() },
  cos: { f: np.cos, gen: mat() },
  tanh: { f: np.tanh, gen: mat() },
  arctan: { f: np.arctan, gen: mat() },
  sqrt: { f: np.sqrt, gen: mat(positive) },
  floor: { f: np.floor, gen: mat({ avoid: [-2, -1, 0, 1, 2], margin: 0.1 }) },
  ceil: { f: np.ceil, gen: mat({ avoid: [-2, -1, 0, 1, 2], margin: 0.1 }) },
  square: { f: np.square, gen: mat() },
  clip: { f: (x: NDArray) => np.clip(x, -1, 1), gen: mat({ avoid: [-1, 1], margin: 0.1 }) },
  where: { f: (c: NDArray, x: NDArray) => np.where(np.greater(c, 0), np.sin(x), np.mul(x, c)), gen: pair(awayFromZero) },
  sum: { f: (x: NDArray) => np.sum(x, 1), gen: mat() },
  mean: { f: (x: NDArray) => np.mean(x, { axis: 0, keepdims: true }), gen: mat() },
  max: { f: (x: NDArray) => np.max(x, 1), gen: mat() },
  min: { f: (x: NDArray) => np.min(x, 0), gen: mat() },
  prod: { f: (x: NDArray) => np.prod(x, 1), gen: mat(awayFromZero) },
  var: { f: (x: NDArray) => np.var(x, 1), gen: mat() },
  variance: { f: (x: NDArray) => np.variance(x, { axis: 1, ddof: 1 }), gen: mat() },
  std: { f: (x: NDArray) => np.std(x, 1), gen: mat() },
  cumsum: { f: (x: NDArray) => np.cumsum(x, 1), gen: mat() },
  // float32 input: a float64 round trip through float32 would be piecewise constant at finite-difference scale.
  astype: { f: (x: NDArray) => np.square(np.astype(x, "float64")), gen: (pre) => fc.tuple(arb.ndarray({ dtype: "float32", min: -2, max: 2, shape: [...pre, 2, 3] })) },
  broadcastTo: { f: (x: NDArray) => np.broadcastTo(x, [3, 2, 3]), gen: mat() },
  matmul: { f: np.matmul, gen: args([[2, 3]], [[3, 2]]) },
  dot: { f: np.dot, gen: args([[3]], [[3, 2]]) },
  outer: { f: np.outer, gen: args([[3]], [[2]]) },
  reshape: { f: (x: NDArray) => np.reshape(x, [3, 2]), gen: mat() },
  ravel: { f: np.ravel, gen: mat() },
  transpose: { f: (x: NDArray) => np.transpose(x), gen: mat() },
  swapaxes: { f: (x: NDArray) => np.swapaxes(x, 0, 1), gen: mat() },
  expandDims: { f: (x: NDArray) => np.expandDims(x, 1), gen: mat() },
  squeeze: { f: (x: NDArray) => np.squeeze(np.expandDims(x, 0), 0), gen: mat() },
  concatenate: { f: (x: NDArray, y: NDArray) => np.concatenate([x, y], 1), gen: pair() },
  stack: { f: (x: NDArray, y: NDArray) => np.stack([x, y], 1), gen: pair() },
  split: { f: (x: NDArray) => np.mul(...(np.split(x, [1], 0) as [NDArray, NDArray])), gen: mat() },
  slice: { f: (x: NDArray) => np.slice(x, null, [2, null, -2]), gen: mat() },
  take: { f: (x: NDArray) => np.take(x, [2, 0, 2], 1), gen: mat() },
  // Not differentiable outputs: the vmap and jit laws only.
  argmax: { f: (x: NDArray) => np.argmax(x, 1), gen: mat(), differentiable: false },
  argmin: { f: (x: NDArray) => np.argmin(x, 0), gen: mat(), differentiable: false },
  all: { f: (x: NDArray) => np.all(np.greater(x, 0), 1), gen: mat(), differentiable: false },
  any: { f: (x: NDArray) => np.any(np.greater(x, 0), 0), gen: mat(), differentiable: false },
  equal: { f: (x: NDArray, y: NDArray) => np.equal(np.floor(x), np.floor(y)), gen: pair(), differentiable: false },
  notEqual: { f: (x: NDArray, y: NDArray) => np.notEqual(np.floor(x), np.floor(y)), gen: pair(), differentiable: false },
  less: { f: np.less, gen: pair(), differentiable: false },
  lessEqual: { f: np.lessEqual, gen: pair(), differentiable: false },
  greater: { f: np.greater, gen: pair(), differentiable: false },
  greaterEqual: { f: np.greaterEqual, gen: pair(), differentiable: false },
  logicalAnd: { f: (x: NDArray, y: NDArray) => np.logicalAnd(np.greater(x, 0), np.greater(y, 0)), gen: pair(), differentiable: false },
  logicalOr: { f: (x: NDArray, y: NDArray) => np.logicalOr(np.greater(x, 0), np.greater(y, 0)), gen: pair(), differentiable: false },
  logicalNot: { f: (x: NDArray) => np.logicalNot(np.greater(x, 0)), gen: mat(), differentiable: false },
  isnan: { f: (x: NDArray) => np.isnan(np.log(x)), gen: mat(), differentiable: false },
  isfinite: { f: (x: NDArray) => np.isfinite(np.div(1, np.floor(x))), gen: mat(), differentiable: false },
  isclose: { f: (x: NDArray, y: NDArray) => np.isclose(x, np.add(x, np.mul(y, 1e-9))), gen: pair(), differentiable: false },
  zerosLike: { f: (x: NDArray) => np.add(np.zerosLike(x), x), gen: mat() },
  onesLike: { f: (x: NDArray) => np.mul(np.onesLike(x), x), gen: mat() },
  fullLike: { f: (x: NDArray) => np.sub(np.fullLike(x, 3), x), gen: mat() },
  asarray: { f: (x: NDArray) => np.sin(np.asarray(x)), gen: mat() },
  array: { f: (x: NDArray, y: NDArray) => np.array([x, y]), gen: pair() },
};
/** Functions of no array argument (creation) or returning JS values: nothing to transform. */
const npExempt = ["full", "zeros", "ones", "arange", "linspace", "eye", "allclose"];

const mlp = nn.mlp({ sizes: [3, 4, 2], activation: nn.tanh, dtype: "float64" });
const mlpParams = mlp.init(random.key(0));
const nnEntries: Record<string, Entry> = {
  identity: { f: nn.identity, gen: mat() },
  step: { f: nn.step, gen: mat(awayFromZero) },
  sigmoid: { f: nn.sigmoid, gen: mat() },
  tanh: { f: nn.tanh, gen: mat() },
  arctan: { f: nn.arctan, gen: mat() },
  relu: { f: nn.relu, gen: mat(awayFromZero) },
  prelu: { f: (x: NDArray, a: NDArray) => nn.prelu(x, a), gen: pair(awayFromZero) },
  leakyRelu: { f: (x: NDArray) => nn.leakyRelu(x, 0.1), gen: mat(awayFromZero) },
  elu: { f: nn.elu, gen: mat(awayFromZero) },
  softplus: { f: nn.softplus, gen: mat() },
  gelu: { f: nn.gelu, gen: mat() },
  silu: { f: nn.silu, gen: mat() },
  logsumexp: { f: (x: NDArray) => nn.logsumexp(x, 1), gen: mat() },
  logSoftmax: { f: (x: NDArray) => nn.logSoftmax(x), gen: mat() },
  softmax: { f: (x: NDArray) => nn.softmax(x, 0), gen: mat() },
  oneHot: { f: (x: NDArray) => nn.oneHot(np.astype(np.add(np.floor(x), 2), "int32"), 4), gen: mat({ avoid: [-2, -1, 0, 1, 2], margin: 0.1 }), differentiable: false },
  dense: { f: (w: NDArray, b: NDArray, x: NDArray) => nn.dense({ w, b }, x), gen: args([[3, 2]], [[2]], [[4, 3]]) },
  flatten: { f: nn.flatten, gen: args([[2, 2, 3]]) },
  conv2d: { f: (w: NDArray, b: NDArray, x: NDArray) => nn.conv2d({ w, b }, x, { padding: 1, stride: 2 }), gen: args([[2, 1, 2, 2]], [[2]], [[1, 1, 4, 4]]) },
  maxPool2d: { f: (x: NDArray) => nn.maxPool2d(x, { window: 2 }), gen: args([[1, 1, 4, 4]]) },
  avgPool2d: { f: (x: NDArray) => nn.avgPool2d(x, { window: 2, stride: 1 }), gen: args([[1, 2, 3, 3]]) },
  dropout: { f: (x: NDArray) => nn.dropout(random.key(3), x, 0.5, { train: true }), gen: mat() },
  mlp: { f: (x: NDArray) => mlp.apply(mlpParams, x), gen: args([[2, 3]]) },
};
const lossEntries: Record<string, Entry> = {
  halfSquaredError: { f: nn.losses.halfSquaredError, gen: pair() },
  sse: { f: nn.losses.sse, gen: pair() },
  mse: { f: nn.losses.mse, gen: pair() },
  binaryCrossEntropy: { f: nn.losses.binaryCrossEntropy, gen: pair({ min: 0.1, max: 0.9 }, { min: 0, max: 1 }) },
  sigmoidBinaryCrossEntropy: { f: nn.losses.sigmoidBinaryCrossEntropy, gen: pair({}, { min: 0, max: 1 }) },
  softmaxCrossEntropy: { f: nn.losses.softmaxCrossEntropy, gen: pair({}, { min: 0, max: 1 }) },
  softmaxCrossEntropyWithIntegerLabels: { f: (z: NDArray) => nn.losses.softmaxCrossEntropyWithIntegerLabels(z, labels), gen: mat() },
  multiclassHinge: { f: (s: NDArray) => nn.losses.multiclassHinge(np.mul(s, 3), labels, 1), gen: mat({ avoid: [-1, -0.5, 0, 0.5, 1], margin: 0.05 }) },
  l2Penalty: { f: (w: NDArray, b: NDArray) => nn.losses.l2Penalty({ w, b: [b] }), gen: pair() },
};
/** Not array functions: namespaces, model builders (their apply is covered via mlp), initialisers and the classic rules. */
const nnExempt = ["losses", "rules", "init", "perceptron", "logisticRegression", "softmaxRegression", "cnn"];

const runs = { numRuns: 8 };
function runLaws(table: Record<string, Entry>): void {
  for (const [name, e] of Object.entries(table)) {
    describe(name, () => {
      if (e.differentiable !== false) {
        itHolds("gradMatchesFiniteDifferences", laws.gradMatchesFiniteDifferences({ f: e.f, args: e.gen([]) }), runs);
        itHolds("vjpIsTransposeOfJvp", laws.vjpIsTransposeOfJvp({ f: e.f, args: e.gen([]) }), runs);
        it("second derivatives match finite differences", () => {
          fc.assert(fc.property(e.gen([]), (a) => checkGrads(e.f, a, { order: 2 })), { numRuns: 3 });
        });
      }
      itHolds("vmapMatchesLoop", laws.vmapMatchesLoop({ f: e.f, args: e.gen([2]) }), runs);
      itHolds("jitMatchesEager", laws.jitMatchesEager({ f: e.f, args: e.gen([]) }), runs);
    });
  }
}

describe("every public np and nn function is covered by the laws", () => {
  const missing = (names: string[], table: Record<string, Entry>, exempt: string[]) => names.filter((n) => !(n in table) && !exempt.includes(n));
  it("np", () => {
    expect(missing(Object.keys(np).filter((k) => typeof (np as Record<string, unknown>)[k] === "function"), npEntries, npExempt)).toEqual([]);
  });
  it("nn and nn.losses", () => {
    expect(missing(Object.keys(nn), nnEntries, nnExempt)).toEqual([]);
    expect(missing(Object.keys(nn.losses), lossEntries, [])).toEqual([]);
  });
});

describe("np laws", () => runLaws(npEntries));
describe("nn laws", () => runLaws(nnEntries));
describe("nn.losses laws", () => runLaws(lossEntries));
