import { describe, expect, it } from "vitest";
import { jit, np, random, vmap, type NDArray } from "../../src/index.js";

const i32 = (values: number[]) => np.array(new Int32Array(values.map((v) => v | 0)), { dtype: "int32" });
const u32 = (x: NDArray) => Array.from(x.data() as Int32Array, (v) => v >>> 0);
const nums = (x: NDArray) => Array.from(x.data() as ArrayLike<number>, Number);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const variance = (v: number[]) => {
  const m = mean(v);
  return mean(v.map((x) => (x - m) ** 2));
};

describe("Threefry-2x32 known answers (Random123 KATs)", () => {
  it.each([
    [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
  ])("key %j counter %j", (key, ctr, expected) => {
    expect(u32(random.threefry2x32(i32(key), i32(ctr)))).toEqual(expected);
    // Also under jit and vmap (the hash is made of primitives).
    expect(u32(jit((k: NDArray, c: NDArray) => random.threefry2x32(k, c))(i32(key), i32(ctr)))).toEqual(expected);
    const batched = vmap((k: NDArray) => random.threefry2x32(k, i32(ctr)))(np.stack([i32(key), i32(key)]));
    expect(u32(batched)).toEqual([...expected, ...expected]);
  });

  it("matches jax.random (threefry, non-partitionable): key, split, uniform, normal", () => {
    expect(u32(random.key(0))).toEqual([0, 0]);
    expect(u32(random.key(42))).toEqual([0, 42]);
    expect(u32(random.key(2 ** 32 + 5))).toEqual([1, 5]);
    expect(u32(random.key(-1))).toEqual([0, 0xffffffff]);
    expect(u32(random.splitArray(random.key(0)))).toEqual([4146024105, 967050713, 2718843009, 1272950319]);
    expect(random.uniform(random.key(0), []).item()).toBeCloseTo(0.41845703, 7);
    expect(random.normal(random.key(0), []).item()).toBeCloseTo(-0.20584226, 6);
  });
});

describe("keys", () => {
  const key = random.key(7);
  it("same key, same numbers; a fresh key from the same seed too", () => {
    expect(nums(random.normal(key, [5]))).toEqual(nums(random.normal(random.key(7), [5])));
    expect(nums(random.uniform(key, [4, 3]))).toEqual(nums(random.uniform(random.key(7), [4, 3])));
  });
  it("split keys differ from each other and from the parent; split agrees with splitArray", () => {
    const keys = random.split(key, 4);
    expect(keys).toHaveLength(4);
    const all = [key, ...keys].map((k) => u32(k).join(","));
    expect(new Set(all).size).toBe(5);
    const rows = random.splitArray(key, 4);
    keys.forEach((k, i) => expect(u32(k)).toEqual(u32(np.reshape(np.slice(rows, [i, i + 1]), [2]))));
    expect(nums(random.normal(keys[0]!, [3]))).not.toEqual(nums(random.normal(keys[1]!, [3])));
  });
  it("foldIn is deterministic and differs per data", () => {
    expect(u32(random.foldIn(key, 3))).toEqual(u32(random.foldIn(key, 3)));
    const folded = [0, 1, 2, 3].map((d) => u32(random.foldIn(key, d)).join(","));
    expect(new Set([...folded, u32(key).join(",")]).size).toBe(5);
  });
  it("different seeds and shapes give different streams; a prefix is not reused", () => {
    expect(nums(random.uniform(random.key(0), [4]))).not.toEqual(nums(random.uniform(random.key(1), [4])));
  });
});

describe("distributions", () => {
  const key = random.key(2024);
  const N = 20000;
  it("uniform: in [0, 1), mean ½, variance 1/12; minval/maxval", () => {
    const v = nums(random.uniform(key, [N]));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(mean(v)).toBeCloseTo(0.5, 1);
    expect(Math.abs(variance(v) - 1 / 12)).toBeLessThan(0.005);
    const w = random.uniform(key, [100, 100], { minval: -3, maxval: -2 });
    expect(w.shape).toEqual([100, 100]);
    expect(w.dtype).toBe("float32");
    const wv = nums(w);
    expect(Math.min(...wv)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...wv)).toBeLessThan(-2);
  });
  it("normal: mean 0, variance 1, finite, symmetric tails", () => {
    const v = nums(random.normal(key, [N]));
    expect(v.every(Number.isFinite)).toBe(true);
    expect(Math.abs(mean(v))).toBeLessThan(0.05);
    expect(Math.abs(variance(v) - 1)).toBeLessThan(0.05);
    const beyond2 = v.filter((x) => Math.abs(x) > 1.96).length / N;
    expect(Math.abs(beyond2 - 0.05)).toBeLessThan(0.01);
  });
  it("float64: uniform and normal in float64, with more than 24 bits", () => {
    const u = random.uniform(key, [1000], { dtype: "float64" });
    expect(u.dtype).toBe("float64");
    const uv = nums(u);
    expect(uv.some((x) => Math.fround(x) !== x)).toBe(true);
    expect(Math.min(...uv)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uv)).toBeLessThan(1);
    const z = random.normal(key, [N], { dtype: "float64" });
    expect(z.dtype).toBe("float64");
    const zv = nums(z);
    expect(Math.abs(mean(zv))).toBeLessThan(0.05);
    expect(Math.abs(variance(zv) - 1)).toBeLessThan(0.05);
  });
  it("bernoulli: frequency ≈ p; array p broadcasts; p = 0 and p = 1 are exact", () => {
    const b = random.bernoulli(key, 0.3, [N]);
    expect(b.dtype).toBe("bool");
    expect(Math.abs(mean(nums(b)) - 0.3)).toBeLessThan(0.02);
    const p = np.array([0, 1, 0.5]);
    const s = random.bernoulli(key, p, [N, 3]);
    expect(s.shape).toEqual([N, 3]);
    const cols = np.mean(np.astype(s, "float32"), 0).toArray() as number[];
    expect(cols[0]).toBe(0);
    expect(cols[1]).toBe(1);
    expect(Math.abs(cols[2]! - 0.5)).toBeLessThan(0.02);
    expect(random.bernoulli(key, p).shape).toEqual([3]);
  });
  it("randint: int32 in [min, max), roughly uniform", () => {
    const r = random.randint(key, [N], -3, 7);
    expect(r.dtype).toBe("int32");
    const v = nums(r);
    expect(Math.min(...v)).toBe(-3);
    expect(Math.max(...v)).toBe(6);
    for (let k = -3; k < 7; k++) expect(Math.abs(v.filter((x) => x === k).length / N - 0.1)).toBeLessThan(0.015);
    expect(nums(random.randint(key, [5], 4, 5))).toEqual([4, 4, 4, 4, 4]);
  });
  it("permutation: a permutation of arange(n); arrays shuffle along axis 0; varies with the key", () => {
    const p = random.permutation(key, 100);
    expect(p.dtype).toBe("int32");
    expect([...nums(p)].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(nums(p)).not.toEqual(nums(random.permutation(random.key(1), 100)));
    const x = np.reshape(np.arange(12), [6, 2]);
    const y = random.permutation(key, x);
    expect(y.shape).toEqual([6, 2]);
    const rows = y.toArray() as number[][];
    expect(rows.map((r) => r[1]! - r[0]!)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(rows.map((r) => r[0]! / 2).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(nums(random.permutation(key, 0))).toEqual([]);
    // Every position sees every value about equally often.
    const counts = new Array<number>(4).fill(0);
    for (const k of random.split(key, 400)) counts[nums(random.permutation(k, 4))[0]!]!++;
    for (const c of counts) expect(Math.abs(c / 400 - 0.25)).toBeLessThan(0.08);
  });
  it("categorical: frequencies match softmax(logits); batch shapes and axis", () => {
    const probs = [0.1, 0.2, 0.7];
    const logits = np.log(np.array(probs));
    const s = random.categorical(key, logits, { shape: [N] });
    expect(s.dtype).toBe("int32");
    expect(s.shape).toEqual([N]);
    const v = nums(s);
    probs.forEach((p, k) => expect(Math.abs(v.filter((x) => x === k).length / N - p)).toBeLessThan(0.02));
    const batched = np.array([[0, 0, 100], [100, 0, 0]]);
    expect(nums(random.categorical(key, batched))).toEqual([2, 0]);
    expect(nums(random.categorical(key, np.transpose(batched), { axis: 0 }))).toEqual([2, 0]);
    expect(random.categorical(key, batched, { shape: [5, 2] }).toArray()).toEqual(Array.from({ length: 5 }, () => [2, 0]));
  });
});

describe("transformations", () => {
  const key = random.key(11);
  it("jit(sampler) equals eager", () => {
    const samplers: ((k: NDArray) => NDArray)[] = [
      (k) => random.normal(k, [7]),
      (k) => random.uniform(k, [2, 3], { minval: -2, maxval: 5, dtype: "float64" }),
      (k) => random.bernoulli(k, 0.4, [9]),
      (k) => random.randint(k, [6], 0, 100),
      (k) => random.permutation(k, 17),
      (k) => random.permutation(k, np.arange(8)),
      (k) => random.categorical(k, np.array([[1, 2, 3], [3, 2, 1]]), { shape: [4, 2] }),
      (k) => random.splitArray(k, 3),
      (k) => random.foldIn(k, 5),
    ];
    for (const f of samplers) expect(nums(jit(f)(key))).toEqual(nums(f(key)));
  });
  it("vmap over split keys equals a loop", () => {
    const keys = random.splitArray(key, 5);
    const rows = random.split(key, 5);
    const samplers: ((k: NDArray) => NDArray)[] = [
      (k) => random.normal(k, [3]),
      (k) => random.uniform(k, [2], { dtype: "float64" }),
      (k) => random.randint(k, [4], -5, 5),
      (k) => random.bernoulli(k, 0.5, [3]),
      (k) => random.permutation(k, 6),
      (k) => random.categorical(k, np.array([0.5, 1, 2])),
      (k) => random.split(k)[1]!,
    ];
    for (const f of samplers) {
      const batched = vmap(f)(keys);
      expect(batched.shape[0]).toBe(5);
      expect(nums(batched)).toEqual(rows.flatMap((k) => nums(f(k))));
    }
  });
  it("jit of vmap of normal", () => {
    const keys = random.splitArray(key, 3);
    const f = (ks: NDArray) => vmap((k: NDArray) => random.normal(k, [2]))(ks);
    expect(nums(jit(f)(keys))).toEqual(nums(f(keys)));
  });
});

describe("errors name the function, the problem and the fix", () => {
  const key = random.key(0);
  it.each([
    ["non-key", () => random.normal(np.array([1, 2, 3]), [2]), /random\.normal: expected a key.*random\.key\(0\)/],
    ["batch of keys", () => random.uniform(random.splitArray(key, 3), [2]), /random\.uniform: .*vmap over it/],
    ["bad shape", () => random.uniform(key, [2, -1]), /random\.uniform: shape must be an array of non-negative integers/],
    ["bad shape type", () => random.normal(key, 3 as unknown as number[]), /random\.normal: shape/],
    ["minval >= maxval", () => random.uniform(key, [2], { minval: 1, maxval: 1 }), /random\.uniform: needs finite minval < maxval/],
    ["bad dtype", () => random.normal(key, [2], { dtype: "int32" as "float32" }), /random\.normal: dtype must be "float32" or "float64"/],
    ["p outside [0, 1]", () => random.bernoulli(key, 1.5, [2]), /random\.bernoulli: p must be a probability in \[0, 1\]/],
    ["array p outside [0, 1]", () => random.bernoulli(key, np.array([0.5, -0.1])), /random\.bernoulli: p must hold probabilities/],
    ["randint min >= max", () => random.randint(key, [2], 5, 5), /random\.randint: needs integers min < max/],
    ["randint non-integer", () => random.randint(key, [2], 0.5, 5), /random\.randint/],
    ["bad seed", () => random.key(1.5), /random\.key: seed must be an integer/],
    ["bad split n", () => random.split(key, 0), /random\.split: n must be a positive integer/],
    ["bad foldIn data", () => random.foldIn(key, 0.5), /random\.foldIn: data must be an integer/],
    ["permutation of a scalar", () => random.permutation(key, np.array(3)), /random\.permutation: cannot shuffle a rank-0 array/],
    ["permutation negative n", () => random.permutation(key, -1), /random\.permutation: n must be a non-negative integer/],
    ["categorical bad axis", () => random.categorical(key, np.array([1, 2]), { axis: 1 }), /random\.categorical: axis 1 is out of range/],
    ["categorical bad shape", () => random.categorical(key, np.array([[1, 2]]), { shape: [3] }), /random\.categorical: shape \[3\] must end with/],
    ["large traced permutation", () => jit((k: NDArray) => random.permutation(k, 5000))(key), /random\.permutation: under jit\/vmap .* outside jit/],
  ])("%s", (_name, f, message) => {
    expect(f).toThrow(message);
  });
});

describe("bitwise primitives", () => {
  it("and/or/xor/shifts on int32 bits, shifts ≥ 32 give 0, int32 only", async () => {
    const { bitwiseAnd, bitwiseOr, bitwiseXor, shiftLeft, shiftRightLogical } = await import("../../src/random/threefry.js");
    const a = i32([-1, 6, 0x80000000, 5]);
    const b = i32([1, 3, 31, 32]);
    expect(u32(bitwiseAnd(a, b))).toEqual([1, 2, 0, 0]);
    expect(u32(bitwiseOr(a, b))).toEqual([0xffffffff, 7, 0x8000001f, 37]);
    expect(u32(bitwiseXor(a, b))).toEqual([0xfffffffe, 5, 0x8000001f, 37]);
    expect(u32(shiftLeft(a, b))).toEqual([0xfffffffe, 48, 0, 0]);
    expect(u32(shiftRightLogical(a, b))).toEqual([0x7fffffff, 0, 1, 0]);
    expect(u32(jit(shiftRightLogical)(a, b))).toEqual([0x7fffffff, 0, 1, 0]);
    expect(() => bitwiseAnd(np.array([1.5]), np.array([2.5]))).toThrow(/bitwiseAnd: .*does not accept float32/);
  });
});
