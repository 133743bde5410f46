// Edge cases found by differential testing of nn against numpy/scipy/mpmath references (issue 8,
// "no silent wrong answers"). Reference values are given in the comments.
import { describe, expect, it } from "vitest";
import { grad, nn, np, ValueError, type NDArray } from "../../src/index.js";
import { throwsNamed } from "./throws.js";

const L = nn.losses;
const f64 = (v: number[]) => np.array(v, { dtype: "float64" });

describe("gelu keeps its relative precision for negative x", () => {
  it("float32 gelu(−3) and float64 gelu(−10), where 1 + tanh(u) cancelled", () => {
    // ½x(1 + tanh(u)) = x·σ(2u), u = √(2/π)(x + 0.044715x³); by mpmath (60 digits):
    // gelu(−3) = −0.003637392081773019 (float32 gave −0.0036374330, 1e-5 off),
    // gelu(−10) = −1.204092348209806e-37 (float64 gave −0).
    const g32 = nn.gelu(np.array([-3], { dtype: "float32" })).item() as number;
    expect(Math.abs(g32 / -0.003637392081773019 - 1)).toBeLessThan(3e-7);
    const g64 = nn.gelu(f64([-10, 1])).toArray() as number[];
    expect(g64[0]! / -1.204092348209806e-37).toBeCloseTo(1, 12);
    expect(g64[1]).toBeCloseTo(0.8411919906082768, 15);
  });
  it("its derivative is unchanged: d/dx x·σ(2u) at 1", () => {
    // d/dx = σ(2u) + x·σ(2u)(1 − σ(2u))·2u', u' = √(2/π)(1 + 3·0.044715x²); at x = 1: 1.0829640838457826.
    expect(grad((v: NDArray) => np.sum(nn.gelu(v)))(f64([1])).toArray()[0]).toBeCloseTo(1.0829640838457826, 13);
  });
});

describe("maxPool2d splits the gradient of tied maxima (documented)", () => {
  it("two equal maxima in a window get half each; overlapping windows add", () => {
    const x = f64([1, 3, 3, 0]).reshape([1, 1, 2, 2]);
    expect(grad((v: NDArray) => np.sum(nn.maxPool2d(v, { window: 2 })))(x).toArray()).toEqual([[[[0, 0.5], [0.5, 0]]]]);
    const y = f64([5, 5, 5]).reshape([1, 1, 1, 3]);
    // windows [5, 5] and [5, 5] (stride 1): ½ + ½ to the middle element.
    expect(grad((v: NDArray) => np.sum(nn.maxPool2d(v, { window: [1, 2], stride: 1 })))(y).toArray()).toEqual([[[[0.5, 1, 0.5]]]]);
  });
});

describe("losses refuse out-of-range probabilities and targets (concrete values)", () => {
  it("binaryCrossEntropy of logits (1.5, −0.5) is refused: clipped, they gave a loss of 1e-12", () => {
    throwsNamed(() => L.binaryCrossEntropy(f64([1.5, -0.5]), f64([1, 0])), ValueError, "nn.losses.binaryCrossEntropy", /prob must lie in \[0, 1\], found 1\.5.*sigmoidBinaryCrossEntropy/);
    // p = 0 and 1 are valid and clipped: −log(1e-12) = 27.631021115928547.
    const v = L.binaryCrossEntropy(f64([0, 1]), f64([1, 0])).toArray() as number[];
    v.forEach((x) => expect(x).toBeCloseTo(27.631021115928547, 3));
  });
  it("±1 labels and class indices as binary targets are refused (target 2 gave a negative loss)", () => {
    throwsNamed(() => L.sigmoidBinaryCrossEntropy(f64([0.5]), f64([2])), ValueError, "nn.losses.sigmoidBinaryCrossEntropy", /target must lie in \[0, 1\], found 2.*\(y \+ 1\) \/ 2/);
    throwsNamed(() => L.sigmoidBinaryCrossEntropy(f64([0.5, 1]), f64([-1, 1])), ValueError, "nn.losses.sigmoidBinaryCrossEntropy", /found -1/);
    throwsNamed(() => L.binaryCrossEntropy(f64([0.5]), f64([-1])), ValueError, "nn.losses.binaryCrossEntropy", /target must lie in \[0, 1\], found -1/);
    throwsNamed(() => L.softmaxCrossEntropy(f64([0, 0]).reshape([1, 2]), f64([2, -1]).reshape([1, 2])), ValueError, "nn.losses.softmaxCrossEntropy", /oneHotTargets must lie in \[0, 1\], found 2/);
  });
  it("soft targets and targets a finite difference away from 0/1 are fine (the losses are linear in them)", () => {
    // softplus(0.5) − 0.3·0.5 = 0.8240769841801067.
    expect(L.sigmoidBinaryCrossEntropy(f64([0.5]), f64([0.3])).item()).toBeCloseTo(0.8240769841801067, 15);
    expect(Number.isFinite(L.sigmoidBinaryCrossEntropy(f64([0.5]), f64([1 + 1e-6])).item() as number)).toBe(true);
    expect(Number.isFinite(L.softmaxCrossEntropy(f64([0, 1]).reshape([1, 2]), f64([-1e-6, 1]).reshape([1, 2])).item() as number)).toBe(true);
  });
  it("the lecture's multiclass hinge numbers (cat, car, frog): 2.9, 0, 12.9", () => {
    const s = f64([3.2, 5.1, -1.7, 1.3, 4.9, 2.0, 2.2, 2.5, -3.1]).reshape([3, 3]);
    const h = L.multiclassHinge(s, np.array([0, 1, 2], { dtype: "int32" })).toArray() as number[];
    [2.9, 0, 12.9].forEach((v, i) => expect(h[i]).toBeCloseTo(v, 12));
  });
});
