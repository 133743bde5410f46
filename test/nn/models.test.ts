import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as nn from "../../src/nn/index.js";
import * as np from "../../src/numpy/index.js";
import * as random from "../../src/random/index.js";
import { jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";
import * as tree from "../../src/tree/index.js";

const stats = (a: NDArray) => {
  const v = Array.from(a.data());
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
  return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
};

describe("init", () => {
  const k = random.key(0);
  it("scales follow the fans", () => {
    const gu = stats(nn.init.glorotUniform(k, [200, 100]));
    const a = Math.sqrt(6 / 300);
    expect(gu.min).toBeGreaterThanOrEqual(-a);
    expect(gu.max).toBeLessThanOrEqual(a);
    expect(gu.sd).toBeCloseTo(a / Math.sqrt(3), 2);
    expect(stats(nn.init.glorotNormal(k, [200, 100])).sd).toBeCloseTo(Math.sqrt(2 / 300), 2);
    expect(stats(nn.init.heNormal(k, [200, 100])).sd).toBeCloseTo(Math.sqrt(2 / 200), 2);
    const hu = stats(nn.init.heUniform(k, [8, 4, 3, 3])); // fanIn 36
    expect(hu.max).toBeLessThanOrEqual(Math.sqrt(6 / 36));
    const u = stats(nn.init.uniform(k, [1000]));
    expect(u.min).toBeGreaterThanOrEqual(0);
    expect(u.max).toBeLessThan(0.01);
    expect(stats(nn.init.normal(k, [4000], { stddev: 0.5 })).sd).toBeCloseTo(0.5, 1);
    expect(nn.init.zeros(k, [2, 2], { dtype: "float64" }).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(nn.init.heNormal(k, [3, 3], { dtype: "float64" }).dtype).toBe("float64");
  });
});

describe("dropout", () => {
  const x = np.ones([50, 40]);
  it("inverted dropout in training, identity otherwise", () => {
    const y = nn.dropout(random.key(1), x, 0.25, { train: true });
    const v = Array.from(y.data());
    expect(v.every((e) => e === 0 || Math.abs(e - 4 / 3) < 1e-6)).toBe(true);
    const kept = v.filter((e) => e !== 0).length / v.length;
    expect(kept).toBeGreaterThan(0.7);
    expect(kept).toBeLessThan(0.8);
    expect(nn.dropout(random.key(1), x, 0.25, { train: false })).toBe(x);
    const g = grad((a: NDArray) => np.sum(nn.dropout(random.key(1), a, 0.25, { train: true })))(x);
    expect(np.allclose(g, y)).toBe(true);
    expect(() => nn.dropout(random.key(1), x, 1.5, { train: true })).toThrow(/nn\.dropout: rate must be in \[0, 1\]/);
  });
});

describe("models", () => {
  const key = random.key(42);
  it("mlp: shapes, plain pytree params, learns XOR with grad + sgd", () => {
    const m = nn.mlp({ sizes: [2, 8, 1], activation: nn.tanh, dtype: "float64", init: nn.init.glorotNormal });
    let p = m.init(key);
    expect(p.layers.map((l) => l.w.shape)).toEqual([[2, 8], [8, 1]]);
    const x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], { dtype: "float64" });
    const y = np.array([[0], [1], [1], [0]], { dtype: "float64" });
    const loss = (q: typeof p) => np.mean(nn.losses.sigmoidBinaryCrossEntropy(m.apply(q, x), y));
    const update = jit((q: typeof p) => tree.map((a: NDArray, g: NDArray) => np.sub(a, np.mul(g, 1)), q, grad(loss)(q)) as typeof p);
    const first = loss(p).item() as number;
    for (let i = 0; i < 300; i++) p = update(p);
    expect(loss(p).item() as number).toBeLessThan(Math.min(first, 0.1));
    const probs = Array.from(nn.sigmoid(m.apply(p, x)).data()).map(Math.round);
    expect(probs).toEqual([0, 1, 1, 0]);
    expect(nn.mlp({ sizes: [3, 2], outputActivation: nn.softmax }).apply(nn.mlp({ sizes: [3, 2] }).init(key), np.ones([5, 3])).shape).toEqual([5, 2]);
  });
  it("perceptron, logisticRegression, softmaxRegression", () => {
    expect(nn.perceptron(2, { outputActivation: nn.step }).apply({ w: np.array([1, 1]), b: np.array(-1.5) }, np.array([[1, 1], [0, 1]])).toArray()).toEqual([1, 0]);
    expect(nn.perceptron(2).apply({ w: np.array([1, 1]), b: np.array(-1.5) }, np.array([[1, 1], [0, 1]])).toArray()).toEqual([0.5, -0.5]);
    const lr = nn.logisticRegression(3);
    expect(lr.apply(lr.init(key), np.ones([4, 3])).toArray()).toEqual([0, 0, 0, 0]);
    const sr = nn.softmaxRegression(4, 3);
    const sp = sr.init(key);
    expect(sr.apply(sp, np.ones([2, 4])).shape).toEqual([2, 3]);
    const g = grad((q: typeof sp) => np.sum(nn.losses.softmaxCrossEntropyWithIntegerLabels(sr.apply(q, np.ones([2, 4])), np.array([0, 2], { dtype: "int32" }))))(sp);
    expect(g.w.shape).toEqual([4, 3]);
    expect(() => lr.apply(lr.init(key), np.ones([4, 2]))).toThrow(/nn\.logisticRegression\.apply: input of shape \[4, 2\] does not match w of shape \[3\]/);
  });
  it("cnn: shapes and gradients", () => {
    const m = nn.cnn({ inputShape: [1, 8, 8], conv: [{ channels: 4, kernel: 3, pool: { type: "max", window: 2 } }, { channels: 6, kernel: 3, padding: "valid", pool: { type: "avg", window: 2 } }], hidden: [16], outputs: 3 });
    const p = m.init(key);
    expect(p.conv.map((c) => c.w.shape)).toEqual([[4, 1, 3, 3], [6, 4, 3, 3]]);
    expect(p.dense.map((d) => d.w.shape)).toEqual([[6, 16], [16, 3]]);
    const x = random.normal(random.key(3), [2, 1, 8, 8]);
    expect(m.apply(p, x).shape).toEqual([2, 3]);
    const g = grad((q: typeof p) => np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(m.apply(q, x), np.array([0, 2], { dtype: "int32" }))))(p);
    expect(g.conv[0]!.w.shape).toEqual([4, 1, 3, 3]);
    expect(Array.from(g.conv[0]!.w.data()).some((v) => v !== 0)).toBe(true);
  });
});
