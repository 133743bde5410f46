import { describe, expect, it } from "vitest";
import { checkGrads } from "../../laws/index.js";
import type { NDArray } from "../../src/array/ndarray.js";
import * as nn from "../../src/nn/index.js";
import * as np from "../../src/numpy/index.js";
import { jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";
import { vmap } from "../../src/transforms/vmap.js";

/** Deterministic pseudo-random float64 array. */
function rand(shape: number[], seed: number): NDArray {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
  return np.reshape(np.array(v, { dtype: "float64" }), shape);
}

/** Naive NCHW cross-correlation with zero padding [top, left] and stride s. */
function naiveConv(x: NDArray, w: NDArray, b: NDArray, stride: number, pad: [number, number, number, number]): number[][][][] {
  const X = x.toArray() as number[][][][];
  const W = w.toArray() as number[][][][];
  const B = b.toArray() as number[];
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = w.shape as [number, number, number, number];
  const [pt, pb, pl, pr] = pad;
  const oh = Math.floor((h + pt + pb - kh) / stride) + 1;
  const ow = Math.floor((wd + pl + pr - kw) / stride) + 1;
  const at = (ni: number, ci: number, y: number, xx: number) => (y < 0 || y >= h || xx < 0 || xx >= wd ? 0 : X[ni]![ci]![y]![xx]!);
  const out: number[][][][] = [];
  for (let ni = 0; ni < n; ni++) {
    out.push([]);
    for (let oi = 0; oi < o; oi++) {
      out[ni]!.push([]);
      for (let y = 0; y < oh; y++) {
        const row: number[] = [];
        for (let xx = 0; xx < ow; xx++) {
          let acc = B[oi]!;
          for (let ci = 0; ci < c; ci++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) acc += W[oi]![ci]![i]![j]! * at(ni, ci, y * stride + i - pt, xx * stride + j - pl);
          row.push(acc);
        }
        out[ni]![oi]!.push(row);
      }
    }
  }
  return out;
}

const expectClose = (a: NDArray, b: number[][][][]) => {
  const got = Array.from(a.data());
  const want = b.flat(3);
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 10));
};

describe("dense and flatten", () => {
  const p = { w: rand([3, 2], 1), b: rand([2], 2) };
  it("dense = x·w + b on any leading axes", () => {
    const x = rand([4, 5, 3], 3);
    const y = nn.dense(p, x);
    expect(y.shape).toEqual([4, 5, 2]);
    expect(np.allclose(y, np.add(np.matmul(x, p.w), p.b))).toBe(true);
    checkGrads(nn.dense, [p, rand([2, 3], 4)], { order: 2 });
  });
  it("dense errors name the shapes and the fix", () => {
    expect(() => nn.dense(p, rand([4, 5], 0))).toThrow(/nn\.dense: input of shape \[4, 5\] does not match weight of shape \[3, 2\].*last axis must be 3/);
    expect(() => nn.dense({ w: p.w, b: rand([3], 0) }, rand([4, 3], 0))).toThrow(/bias of shape \[3\].*must have shape \[2\]/);
  });
  it("flatten keeps axis 0", () => {
    expect(nn.flatten(np.ones([2, 3, 4])).shape).toEqual([2, 12]);
    expect(nn.flatten(np.ones([5])).shape).toEqual([5, 1]);
  });
});

describe("conv2d matches a naive loop", () => {
  const x = rand([2, 3, 7, 6], 10);
  const w = rand([4, 3, 3, 2], 11);
  const b = rand([4], 12);
  const cases: [string, nn.Conv2dOptions, number, [number, number, number, number]][] = [
    ["valid, stride 1 (default)", {}, 1, [0, 0, 0, 0]],
    ["valid, stride 2", { stride: 2 }, 2, [0, 0, 0, 0]],
    ["same, stride 1", { padding: "same" }, 1, [1, 1, 0, 1]],
    ["same, stride 2", { padding: "same", stride: 2 }, 2, [1, 1, 0, 0]],
    ["padding 2, stride 3", { padding: 2, stride: 3 }, 3, [2, 2, 2, 2]],
  ];
  for (const [name, opts, s, pad] of cases) {
    it(name, () => expectClose(nn.conv2d({ w, b }, x, opts), naiveConv(x, w, b, s, pad)));
  }
  it("same padding keeps the size at stride 1 and gives ceil(h/s) at stride 2", () => {
    expect(nn.conv2d({ w, b }, x, { padding: "same" }).shape).toEqual([2, 4, 7, 6]);
    expect(nn.conv2d({ w, b }, x, { padding: "same", stride: 2 }).shape).toEqual([2, 4, 4, 3]);
  });
  it("is differentiable (checkGrads in input, weight and bias) and works under jit and vmap", () => {
    const xs = rand([1, 2, 5, 4], 20);
    const ws = rand([2, 2, 2, 2], 21);
    const bs = rand([2], 22);
    checkGrads((p: nn.Conv2dParams, v: NDArray) => nn.conv2d(p, v, { padding: 1, stride: 2 }), [{ w: ws, b: bs }, xs], { order: 1 });
    const f = (p: nn.Conv2dParams, v: NDArray) => nn.conv2d(p, v, { padding: "same" });
    expect(np.allclose(jit(f)({ w: ws, b: bs }, xs), f({ w: ws, b: bs }, xs))).toBe(true);
    const batched = vmap((v: NDArray) => f({ w: ws, b: bs }, np.expandDims(v, 0)))(rand([3, 2, 5, 4], 23));
    expect(batched.shape).toEqual([3, 1, 2, 5, 4]);
  });
  it("channel mismatch names the shapes and the fix", () => {
    expect(() => nn.conv2d({ w, b }, rand([1, 5, 7, 6], 0))).toThrow(/nn\.conv2d: input of shape \[1, 5, 7, 6\] has 5 channels but the weight of shape \[4, 3, 3, 2\] expects 3.*NCHW/);
    expect(() => nn.conv2d({ w, b }, rand([3, 7, 6], 0))).toThrow(/must have shape \[n, inC, h, w\]/);
    expect(() => nn.conv2d({ w, b }, rand([1, 3, 2, 2], 0))).toThrow(/larger than the \(padded\) input/);
  });
});

describe("pooling", () => {
  const x = np.reshape(np.arange(16, undefined, 1, { dtype: "float64" }), [1, 1, 4, 4]);
  it("maxPool2d and avgPool2d values", () => {
    expect(nn.maxPool2d(x, { window: 2 }).toArray()).toEqual([[[[5, 7], [13, 15]]]]);
    expect(nn.avgPool2d(x, { window: 2 }).toArray()).toEqual([[[[2.5, 4.5], [10.5, 12.5]]]]);
    expect(nn.maxPool2d(x, { window: 3, stride: 1 }).toArray()).toEqual([[[[10, 11], [14, 15]]]]);
    expect(nn.avgPool2d(x, { window: [1, 2] }).toArray()).toEqual([[[[0.5, 2.5], [4.5, 6.5], [8.5, 10.5], [12.5, 14.5]]]]);
    expect(nn.maxPool2d(np.ones([2, 3, 5, 5]), { window: 2 }).shape).toEqual([2, 3, 2, 2]);
  });
  it("gradients: max routes to the argmax, average spreads 1/k²", () => {
    expect(grad((v: NDArray) => np.sum(nn.maxPool2d(v, { window: 2 })))(x).toArray()).toEqual([[[[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 0, 0], [0, 1, 0, 1]]]]);
    expect(grad((v: NDArray) => np.sum(nn.avgPool2d(v, { window: 2 })))(x).toArray()).toEqual([[[[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]]]);
    checkGrads((v: NDArray) => nn.avgPool2d(v, { window: 2, stride: 1 }), [rand([1, 2, 3, 3], 5)], { order: 2 });
    checkGrads((v: NDArray) => nn.maxPool2d(v, { window: 2, stride: 1 }), [rand([1, 2, 3, 3], 6)]);
  });
});
