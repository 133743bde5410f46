import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as nn from "../../src/nn/index.js";
import * as np from "../../src/numpy/index.js";

const X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]);
const predict = (w: NDArray) => Array.from(nn.step(np.add(np.matmul(X, np.slice(w, [1, null])), np.slice(w, 0))).data());

/** Runs the perceptron rule epoch by epoch until every example is classified correctly; returns the epochs used or null. */
function train(targets: number[], maxEpochs: number): { w: NDArray; epochs: number | null } {
  let w = np.zeros([3]);
  const t = np.array(targets);
  for (let e = 1; e <= maxEpochs; e++) {
    w = nn.rules.perceptron(w, X, t, 1);
    if (predict(w).every((y, i) => y === targets[i])) return { w, epochs: e };
  }
  return { w, epochs: null };
}

describe("perceptron rule", () => {
  it("one step: output H(w0 + w·x) with H(0) = 1, w ← w + lr (t − y)[1, x]", () => {
    expect(nn.rules.perceptron(np.zeros([3]), np.array([1, 2]), 0, 0.5).toArray()).toEqual([-0.5, -0.5, -1]);
    expect(nn.rules.perceptron(np.zeros([3]), np.array([1, 2]), 1, 0.5).toArray()).toEqual([0, 0, 0]);
    expect(nn.rules.perceptron(np.zeros([3]), np.array([[0, 0], [1, 1]]), np.array([0, 1]), 1).toArray()).toEqual([0, 1, 1]);
  });
  it("learns AND and OR", () => {
    for (const targets of [[0, 0, 0, 1], [0, 1, 1, 1]]) {
      const { w, epochs } = train(targets, 50);
      expect(epochs).not.toBeNull();
      expect(predict(w)).toEqual(targets);
    }
  });
  it("never converges on XOR", () => {
    const { w, epochs } = train([0, 1, 1, 0], 100);
    expect(epochs).toBeNull();
    expect(predict(w)).not.toEqual([0, 1, 1, 0]);
  });
  it("shape errors name the fix", () => {
    expect(() => nn.rules.perceptron(np.zeros([2]), X, np.zeros([4]), 1)).toThrow(/nn\.rules\.perceptron: w of shape \[2\].*needs x of shape \[1\] or \[n, 1\], got \[4, 2\].*w\[0\] is the bias/);
    expect(() => nn.rules.delta(np.zeros([3]), X, np.zeros([3]), 1)).toThrow(/needs target of shape \[4\], got \[3\]/);
  });
});

describe("delta rule", () => {
  it("one step: w ← w + lr (t − (w0 + w·x))[1, x]", () => {
    expect(nn.rules.delta(np.zeros([2], { dtype: "float64" }), np.array([[1]]), np.array([2]), 0.5).toArray()).toEqual([1, 1]);
  });
  it("reduces the squared error epoch by epoch and approaches the least-squares fit", () => {
    const x = np.array([[0, 1], [1, 0], [1, 1], [2, 1], [0, 2]], { dtype: "float64" });
    const t = np.array([1.1, 2.9, 3.2, 5.1, 0.8], { dtype: "float64" }); // ≈ 1 + 2x₁ − 0.1x₂ + noise
    const sse = (w: NDArray) => nn.losses.sse(np.add(np.matmul(x, np.slice(w, [1, null])), np.slice(w, 0)), t).item() as number;
    let w = np.zeros([3], { dtype: "float64" });
    const errors = [sse(w)];
    for (let e = 0; e < 60; e++) {
      w = nn.rules.delta(w, x, t, 0.05);
      errors.push(sse(w));
    }
    for (let i = 1; i < errors.length; i++) expect(errors[i]!).toBeLessThan(errors[i - 1]!);
    expect(errors[errors.length - 1]!).toBeLessThan(0.1 * errors[0]!);
  });
});
