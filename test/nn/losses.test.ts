import { describe, expect, it } from "vitest";
import { checkGrads } from "../../laws/index.js";
import type { NDArray } from "../../src/array/ndarray.js";
import * as nn from "../../src/nn/index.js";
import * as np from "../../src/numpy/index.js";
import { jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });
const i32 = (v: number[]) => np.array(v, { dtype: "int32" });
const L = nn.losses;
const flat = (a: NDArray) => Array.from(a.data());
const closeAll = (a: number[], b: number[], digits = 10) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits));
};

describe("squared errors", () => {
  const p = f64([[1, 2], [3, 4]]);
  const t = f64([[0, 2], [1, 1]]);
  it("values: halfSquaredError sums ½(ŷ−y)², sse sums, mse averages", () => {
    expect(L.halfSquaredError(p, t).item()).toBe(0.5 * (1 + 0 + 4 + 9));
    expect(L.sse(p, t).item()).toBe(14);
    expect(L.mse(p, t).item()).toBe(3.5);
    expect(L.halfSquaredError(p, t).shape).toEqual([]);
  });
  it("gradient of ½‖ŷ − y‖² is ŷ − y", () => {
    expect(grad(L.halfSquaredError)(p, t).toArray()).toEqual([[1, 0], [2, 3]]);
  });
  it("checkGrads", () => {
    checkGrads(L.halfSquaredError, [p, t], { order: 2 });
    checkGrads(L.sse, [p, t], { order: 2 });
    checkGrads(L.mse, [p, t], { order: 2 });
  });
  it("shape mismatch names the function and shapes", () => {
    expect(() => L.mse(p, f64([1, 2]))).toThrow(/nn\.losses\.mse: pred has shape \[2, 2\] but target has shape \[2\]/);
  });
});

describe("binary cross-entropy", () => {
  const prob = f64([0.1, 0.5, 0.8]);
  const y = f64([0, 1, 1]);
  it("from probabilities, per element", () => {
    closeAll(flat(L.binaryCrossEntropy(prob, y)), [-Math.log(0.9), Math.log(2), -Math.log(0.8)]);
    checkGrads(L.binaryCrossEntropy, [prob, y], { order: 2 });
    expect(flat(L.binaryCrossEntropy(f64([0, 1]), f64([1, 0]))).every(Number.isFinite)).toBe(true);
  });
  it("from logits equals BCE(σ(z)), gradient σ(z) − y, checkGrads", () => {
    const z = f64([-1.2, 0.3, 2]);
    closeAll(flat(L.sigmoidBinaryCrossEntropy(z, y)), flat(L.binaryCrossEntropy(nn.sigmoid(z), y)));
    closeAll(flat(grad((v: NDArray) => np.sum(L.sigmoidBinaryCrossEntropy(v, y)))(z)), flat(np.sub(nn.sigmoid(z), y)));
    checkGrads(L.sigmoidBinaryCrossEntropy, [z, y], { order: 2 });
  });
  it("from logits is stable at ±1000", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const z = np.array([1000, -1000, 1000, -1000], { dtype });
      const t = np.array([1, 0, 0, 1], { dtype });
      expect(flat(L.sigmoidBinaryCrossEntropy(z, t))).toEqual([0, 0, 1000, 1000]);
      expect(flat(grad((v: NDArray) => np.sum(L.sigmoidBinaryCrossEntropy(v, t)))(z))).toEqual([0, 0, 1, -1]);
    }
  });
});

describe("softmax cross-entropy", () => {
  const z = f64([[1, 2, 0.5], [-1, 0.3, 0.2]]);
  const labels = i32([1, 0]);
  const y = nn.oneHot(labels, 3, { dtype: "float64" });
  it("is per example, −log softmax at the label; both forms agree", () => {
    const ce = L.softmaxCrossEntropy(z, y);
    expect(ce.shape).toEqual([2]);
    const ls = nn.logSoftmax(z).toArray() as number[][];
    closeAll(flat(ce), [-ls[0]![1]!, -ls[1]![0]!]);
    closeAll(flat(L.softmaxCrossEntropyWithIntegerLabels(z, labels)), flat(ce));
  });
  it("gradient is softmax(z) − onehot", () => {
    const expected = flat(np.sub(nn.softmax(z), y));
    closeAll(flat(grad((v: NDArray) => np.sum(L.softmaxCrossEntropy(v, y)))(z)), expected);
    closeAll(flat(grad((v: NDArray) => np.sum(L.softmaxCrossEntropyWithIntegerLabels(v, labels)))(z)), expected);
    closeAll(flat(jit(grad((v: NDArray) => np.sum(L.softmaxCrossEntropyWithIntegerLabels(v, labels))))(z)), expected);
  });
  it("checkGrads", () => {
    checkGrads(L.softmaxCrossEntropy, [z, f64([[0.2, 0.5, 0.3], [1, 0, 0]])], { order: 2 });
    checkGrads((v: NDArray) => L.softmaxCrossEntropyWithIntegerLabels(v, labels), [z], { order: 2 });
  });
  it("stable at ±1000 and with −∞ logits of other classes", () => {
    const big = f64([[1000, -1000, 0], [-Infinity, 5, 0]]);
    const l = i32([0, 1]);
    const ce = flat(L.softmaxCrossEntropyWithIntegerLabels(big, l));
    expect(ce[0]).toBeCloseTo(0, 10);
    expect(ce[1]).toBeCloseTo(Math.log1p(Math.exp(-5)), 10);
    const g = flat(grad((v: NDArray) => np.sum(L.softmaxCrossEntropyWithIntegerLabels(v, l)))(big));
    expect(g.every(Number.isFinite)).toBe(true);
    expect(flat(L.softmaxCrossEntropy(big, nn.oneHot(l, 3, { dtype: "float64" }))).every(Number.isFinite)).toBe(true);
  });
  it("label shape errors", () => {
    expect(() => L.softmaxCrossEntropyWithIntegerLabels(z, y)).toThrow(/need labels of shape \[2\].*got \[2, 3\]/);
  });
});

describe("multiclass hinge", () => {
  it("the lecture's example: 2.9, 0, 12.9", () => {
    const scores = f64([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]);
    const loss = L.multiclassHinge(scores, i32([0, 1, 2]));
    expect(loss.shape).toEqual([3]);
    closeAll(flat(loss), [2.9, 0, 12.9]);
    closeAll(flat(L.multiclassHinge(scores, i32([0, 1, 2]), 0)), [1.9, 0, 10.9]);
  });
  it("checkGrads away from the kinks; gradient counts violated margins", () => {
    const s = f64([[0.3, 1.7, -0.45], [2.1, 0.2, 0.6]]);
    checkGrads((v: NDArray) => L.multiclassHinge(v, i32([0, 2])), [s], { order: 2 });
    expect(grad((v: NDArray) => np.sum(L.multiclassHinge(v, i32([0]))))(f64([[3.2, 5.1, -1.7]])).toArray()).toEqual([[-1, 1, 0]]);
  });
});

describe("l2Penalty", () => {
  it("½Σθ² over a pytree; gradient θ", () => {
    const params = { layers: [{ w: f64([[1, 2]]), b: f64([3]) }], extra: f64(1) };
    expect(L.l2Penalty(params).item()).toBe(7.5);
    const g = grad(L.l2Penalty)(params) as typeof params;
    expect(g.layers[0]!.w.toArray()).toEqual([[1, 2]]);
    checkGrads(L.l2Penalty, [params], { order: 2 });
  });
});
