import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { data, np, random, type NDArray } from "../../src/index.js";

const nums = (a: NDArray): number[] => Array.from(a.data() as ArrayLike<number>, Number);
const rows = (a: NDArray): number[][] => a.toArray() as number[][];
const counts = (y: NDArray, k: number): number[] => {
  const c = new Array<number>(k).fill(0);
  for (const v of nums(y)) c[v]! += 1;
  return c;
};
const k0 = random.key(0);
const k1 = random.key(1);

describe("fixed datasets", () => {
  it("xor: the four points and their XOR, float32", () => {
    const { x, y } = data.xor();
    expect(x.shape).toEqual([4, 2]);
    expect(x.dtype).toBe("float32");
    expect(y.shape).toEqual([4]);
    expect(y.dtype).toBe("float32");
    expect(x.toArray()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(y.toArray()).toEqual([0, 1, 1, 0]);
  });

  it("parity: every bit vector once, label = popcount mod 2; parity(2) is xor", () => {
    for (const nBits of [1, 2, 3, 5, 8]) {
      const { x, y } = data.parity(nBits);
      expect(x.shape).toEqual([2 ** nBits, nBits]);
      expect(x.dtype).toBe("float32");
      expect(y.shape).toEqual([2 ** nBits]);
      expect(y.dtype).toBe("float32");
      const xs = rows(x);
      const ys = nums(y);
      const seen = new Set(xs.map((r) => r.join("")));
      expect(seen.size).toBe(2 ** nBits);
      xs.forEach((r, i) => {
        expect(r.every((b) => b === 0 || b === 1)).toBe(true);
        expect(parseInt(r.join(""), 2)).toBe(i);
        expect(ys[i]).toBe(r.reduce((a, b) => a + b, 0) % 2);
      });
    }
    expect(data.parity(2).x.toArray()).toEqual(data.xor().x.toArray());
    expect(data.parity(2).y.toArray()).toEqual(data.xor().y.toArray());
    expect(data.parity(3).y.toArray()).toEqual([0, 1, 1, 0, 1, 0, 0, 1]);
  });

  it("parity: rejects bad nBits with a helpful message", () => {
    expect(() => data.parity(0)).toThrow(/data\.parity: nBits must be an integer in 1…20/);
    expect(() => data.parity(2.5)).toThrow(/data\.parity/);
    expect(() => data.parity(21)).toThrow(/data\.parity/);
  });

  it("iris: shapes, dtypes, names and class counts", () => {
    const ds = data.iris();
    expect(ds.x.shape).toEqual([150, 4]);
    expect(ds.x.dtype).toBe("float32");
    expect(ds.y.shape).toEqual([150]);
    expect(ds.y.dtype).toBe("int32");
    expect(counts(ds.y, 3)).toEqual([50, 50, 50]);
    expect(ds.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(ds.featureNames).toHaveLength(4);
    expect(ds.featureNames[0]).toMatch(/sepal length/);
  });

  it("iris: known rows", () => {
    const { x, y, classNames } = data.iris();
    const xs = rows(x);
    const ys = nums(y);
    const check = (i: number, row: number[], cls: string) => {
      xs[i]!.forEach((v, j) => expect(v).toBeCloseTo(row[j]!, 5));
      expect(classNames[ys[i]!]).toBe(cls);
    };
    check(0, [5.1, 3.5, 1.4, 0.2], "setosa");
    check(50, [7.0, 3.2, 4.7, 1.4], "versicolor");
    check(100, [6.3, 3.3, 6.0, 2.5], "virginica");
    check(149, [5.9, 3.0, 5.1, 1.8], "virginica");
  });

  it("iris: column means, per-class means and ranges match the published summary", () => {
    const { x, y } = data.iris();
    const colMeans = nums(np.mean(x, 0));
    [5.843, 3.057, 3.758, 1.199].forEach((m, j) => expect(colMeans[j]).toBeCloseTo(m, 3));
    const xs = rows(x);
    const ys = nums(y);
    const classMeans = [
      [5.006, 3.428, 1.462, 0.246],
      [5.936, 2.77, 4.26, 1.326],
      [6.588, 2.974, 5.552, 2.026],
    ];
    classMeans.forEach((expected, c) => {
      const r = xs.filter((_, i) => ys[i] === c);
      expected.forEach((m, j) => expect(r.reduce((a, b) => a + b[j]!, 0) / r.length).toBeCloseTo(m, 3));
    });
    expect(nums(np.min(x, 0)).map((v) => +v.toFixed(1))).toEqual([4.3, 2.0, 1.0, 0.1]);
    expect(nums(np.max(x, 0)).map((v) => +v.toFixed(1))).toEqual([7.9, 4.4, 6.9, 2.5]);
  });
});

describe("random datasets", () => {
  const makers: [string, (k: NDArray) => { x: NDArray; y: NDArray }, number, number][] = [
    ["blobs", (k) => data.blobs(k), 200, 2],
    ["moons", (k) => data.moons(k), 200, 2],
    ["circles", (k) => data.circles(k), 200, 2],
    ["spirals", (k) => data.spirals(k), 200, 2],
    ["regression1d", (k) => data.regression1d(k, (x) => np.sin(x)), 100, 1],
  ];

  it.each(makers)("%s: default shapes and dtypes", (_, make, n, dim) => {
    const { x, y } = make(k0);
    expect(x.shape).toEqual([n, dim]);
    expect(x.dtype).toBe("float32");
    if (_ === "regression1d") {
      expect(y.shape).toEqual([n, 1]);
      expect(y.dtype).toBe("float32");
    } else {
      expect(y.shape).toEqual([n]);
      expect(y.dtype).toBe("int32");
    }
    expect(nums(x).every(Number.isFinite)).toBe(true);
  });

  it.each(makers)("%s: same key, same data; different key, different data", (_, make) => {
    const a = make(k0);
    const b = make(random.key(0));
    const c = make(k1);
    expect(nums(a.x)).toEqual(nums(b.x));
    expect(nums(a.y)).toEqual(nums(b.y));
    expect(nums(a.x)).not.toEqual(nums(c.x));
  });

  it("blobs: class balance, custom n / centres / dim", () => {
    const { x, y } = data.blobs(k0, { n: 301, centers: 3 });
    expect(x.shape).toEqual([301, 2]);
    expect(counts(y, 3)).toEqual([101, 100, 100]);
    const d5 = data.blobs(k0, { n: 50, centers: 4, dim: 5 });
    expect(d5.x.shape).toEqual([50, 5]);
    const d1 = data.blobs(k0, { n: 20, dim: 1 });
    expect(d1.x.shape).toEqual([20, 1]);
    const custom = data.blobs(k0, { n: 400, centers: [[0, 0, 0], [6, 6, 6]], std: 0.5 });
    expect(custom.x.shape).toEqual([400, 3]);
    // Class means land near the centres.
    const xs = rows(custom.x);
    const ys = nums(custom.y);
    for (const [c, centre] of [[0, 0], [1, 6]] as const) {
      const r = xs.filter((_, i) => ys[i] === c);
      for (let j = 0; j < 3; j++) expect(Math.abs(r.reduce((a, b) => a + b[j]!, 0) / r.length - centre)).toBeLessThan(0.15);
    }
  });

  it("blobs: rows are shuffled (labels are not sorted)", () => {
    const ys = nums(data.blobs(k0).y);
    expect(ys).not.toEqual([...ys].sort((a, b) => a - b));
  });

  it("blobs: default centres are linearly separable (every pair split by its bisecting hyperplane)", () => {
    for (const [centers, dim, std] of [[2, 2, 1], [3, 2, 1], [5, 2, 0.3], [4, 3, 2], [3, 1, 1]] as const) {
      const { x, y } = data.blobs(random.key(centers * 10 + dim), { n: 500, centers, dim, std });
      const xs = rows(x);
      const ys = nums(y);
      const means = Array.from({ length: centers }, (_, c) => {
        const r = xs.filter((_, i) => ys[i] === c);
        return Array.from({ length: dim }, (_, j) => r.reduce((a, b) => a + b[j]!, 0) / r.length);
      });
      // Nearest-class-mean is a linear classifier (pairwise bisecting hyperplanes); it must be perfect.
      xs.forEach((p, i) => {
        const d = means.map((m) => m.reduce((a, v, j) => a + (v - p[j]!) ** 2, 0));
        expect(d.indexOf(Math.min(...d))).toBe(ys[i]);
      });
    }
  });

  it("moons: balance and structure (noise-free points lie on the two half circles)", () => {
    const { x, y } = data.moons(k0, { n: 201, noise: 0 });
    expect(counts(y, 2)).toEqual([101, 100]);
    const xs = rows(x);
    nums(y).forEach((c, i) => {
      const [a, b] = xs[i]!;
      const r = c === 0 ? Math.hypot(a!, b!) : Math.hypot(a! - 1, b! - 0.5);
      expect(r).toBeCloseTo(1, 5);
      if (c === 0) expect(b!).toBeGreaterThanOrEqual(-1e-6);
      else expect(b!).toBeLessThanOrEqual(0.5 + 1e-6);
    });
    // With noise, points stay near their moon.
    const noisy = data.moons(k1, { n: 400, noise: 0.1 });
    const ns = rows(noisy.x);
    const dev = nums(noisy.y).map((c, i) => {
      const [a, b] = ns[i]!;
      return Math.abs((c === 0 ? Math.hypot(a!, b!) : Math.hypot(a! - 1, b! - 0.5)) - 1);
    });
    expect(dev.reduce((s, v) => s + v, 0) / dev.length).toBeLessThan(0.15);
  });

  it("circles: balance and radii", () => {
    const { x, y } = data.circles(k0, { n: 300, noise: 0, factor: 0.3 });
    expect(counts(y, 2)).toEqual([150, 150]);
    const xs = rows(x);
    nums(y).forEach((c, i) => expect(Math.hypot(xs[i]![0]!, xs[i]![1]!)).toBeCloseTo(c === 0 ? 1 : 0.3, 5));
    const noisy = data.circles(k1, { n: 1000 });
    const radii = rows(noisy.x).map(([a, b]) => Math.hypot(a!, b!));
    const ys = nums(noisy.y);
    const meanR = (c: number) => radii.filter((_, i) => ys[i] === c).reduce((s, v) => s + v, 0) / 500;
    expect(meanR(0)).toBeCloseTo(1, 1);
    expect(meanR(1)).toBeCloseTo(0.5, 1);
    // Radius alone separates the default circles (noise 0.05).
    radii.forEach((r, i) => expect(r > 0.75 ? 0 : 1).toBe(ys[i]));
  });

  it("spirals: balance, radius ≤ 1 and the arm angle (noise-free)", () => {
    for (const [classes, turns] of [[2, 1], [3, 1.5], [5, 0.75]] as const) {
      const n = 300;
      const { x, y } = data.spirals(k0, { n, classes, noise: 0, turns });
      const c = counts(y, classes);
      expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
      expect(c.reduce((a, b) => a + b, 0)).toBe(n);
      const xs = rows(x);
      nums(y).forEach((k, i) => {
        const [a, b] = xs[i]!;
        const r = Math.hypot(a!, b!);
        expect(r).toBeGreaterThan(0);
        expect(r).toBeLessThanOrEqual(1 + 1e-6);
        const expected = 2 * Math.PI * (turns * r + k / classes);
        const diff = Math.atan2(b!, a!) - expected;
        const wrapped = Math.atan2(Math.sin(diff), Math.cos(diff));
        expect(Math.abs(wrapped)).toBeLessThan(1e-3 / Math.max(r, 0.01));
      });
    }
    const noisy = data.spirals(k1, { n: 200, classes: 4 });
    expect(counts(noisy.y, 4)).toEqual([50, 50, 50, 50]);
    expect(Math.max(...rows(noisy.x).map(([a, b]) => Math.hypot(a!, b!)))).toBeLessThan(1.6);
  });

  it("regression1d: x sorted in range, y = fn(x) + small noise", () => {
    const { x, y } = data.regression1d(k0, (v) => np.mul(v, 2), { n: 500, noise: 0.1, range: [2, 5] });
    const xs = nums(x);
    expect(x.shape).toEqual([500, 1]);
    expect(xs.every((v) => v >= 2 && v < 5)).toBe(true);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const res = nums(y).map((v, i) => v - 2 * xs[i]!);
    const m = res.reduce((a, b) => a + b, 0) / res.length;
    const sd = Math.sqrt(res.reduce((a, b) => a + (b - m) ** 2, 0) / res.length);
    expect(Math.abs(m)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.08);
    expect(sd).toBeLessThan(0.12);
    const exact = data.regression1d(k0, (v) => np.square(v), { noise: 0 });
    expect(np.allclose(exact.y, np.square(exact.x))).toBe(true);
  });

  it("errors name the function, the problem and the fix", () => {
    expect(() => data.blobs(np.zeros([3]))).toThrow(/data\.blobs: .*PRNG key.*random\.key\(0\)/);
    expect(() => data.moons(k0, { n: -1 })).toThrow(/data\.moons: n must be an integer/);
    expect(() => data.moons(k0, { noise: -0.1 })).toThrow(/data\.moons: noise must be/);
    expect(() => data.circles(k0, { factor: 1.5 })).toThrow(/data\.circles: factor .* must be in \(0, 1\)/);
    expect(() => data.spirals(k0, { turns: 0 })).toThrow(/data\.spirals: turns/);
    expect(() => data.blobs(k0, { centers: [[0, 0], [1]] })).toThrow(/data\.blobs: all centres must have the same length/);
    expect(() => data.blobs(k0, { centers: [[0, 0]], dim: 3 })).toThrow(/data\.blobs: dim 3 disagrees/);
    expect(() => data.regression1d(k0, (v) => np.sum(v))).toThrow(/data\.regression1d: fn must return an array with 100 rows/);
    expect(() => data.regression1d(k0, (v) => v, { range: [1, -1] })).toThrow(/data\.regression1d: range/);
  });
});

describe("batches", () => {
  const indexed = (n: number, features = 2) => ({
    x: np.reshape(np.arange(n * features), [n, features]).astype("float32"),
    y: np.arange(n),
  });

  it("every example exactly once per pass, in batches of batchSize (last may be smaller)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 1000 }), (n, bs, seed) => {
        const ds = indexed(n);
        const bs_ = [...data.batches(random.key(seed), ds, bs)];
        expect(bs_).toHaveLength(Math.ceil(n / bs));
        bs_.forEach((b, i) => {
          expect(b.x.shape).toEqual([i < bs_.length - 1 ? bs : n - bs * (bs_.length - 1), 2]);
          expect(b.y.shape[0]).toBe(b.x.shape[0]);
          expect(b.y.dtype).toBe("int32");
          // x and y stay paired: row of x is [2y, 2y + 1].
          const ys = nums(b.y);
          rows(b.x).forEach((r, j) => expect(r).toEqual([2 * ys[j]!, 2 * ys[j]! + 1]));
        });
        const all = bs_.flatMap((b) => nums(b.y)).sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
      { numRuns: 40 },
    );
  });

  it("dropRemainder: only full batches, each example at most once", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1000 }), (n, bs, seed) => {
        fc.pre(bs <= n);
        const out = [...data.batches(random.key(seed), indexed(n), bs, { dropRemainder: true })];
        expect(out).toHaveLength(Math.floor(n / bs));
        expect(out.every((b) => b.x.shape[0] === bs && b.y.shape[0] === bs)).toBe(true);
        const ids = out.flatMap((b) => nums(b.y));
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 40 },
    );
  });

  it("shuffles deterministically by key", () => {
    const ds = indexed(50);
    const order = (k: NDArray) => [...data.batches(k, ds, 7)].flatMap((b) => nums(b.y));
    expect(order(random.key(3))).toEqual(order(random.key(3)));
    expect(order(random.key(3))).not.toEqual(order(random.key(4)));
    expect(order(random.key(3))).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("works on real datasets with multi-dimensional y", () => {
    const reg = data.regression1d(k0, (x) => np.sin(x), { n: 33 });
    const out = [...data.batches(k1, reg, 10)];
    expect(out.map((b) => b.y.shape)).toEqual([[10, 1], [10, 1], [10, 1], [3, 1]]);
  });

  it("errors: bad batch size, mismatched x/y, not a dataset, dropRemainder with too-large batch", () => {
    const ds = indexed(10);
    expect(() => data.batches(k0, ds, 0)).toThrow(/data\.batches: batchSize must be a positive integer, got number 0/);
    expect(() => data.batches(k0, ds, 2.5)).toThrow(/data\.batches: batchSize/);
    expect(() => data.batches(k0, { x: ds.x, y: np.arange(9) }, 2)).toThrow(/data\.batches: x and y disagree on the number of examples.*\[10, 2\].*\[9\]/);
    expect(() => data.batches(k0, { x: ds.x } as never, 2)).toThrow(/data\.batches: expected a dataset/);
    expect(() => data.batches(k0, ds, 11, { dropRemainder: true })).toThrow(/data\.batches: batchSize 11 exceeds the 10 examples/);
    expect([...data.batches(k0, ds, 11)]).toHaveLength(1);
  });
});

describe("split", () => {
  it("sizes round(fraction · n), disjoint, covering, pairs preserved", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 80 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (n, f, seed) => {
        const nTrain = Math.round(f * n);
        fc.pre(nTrain > 0 && nTrain < n);
        const ds = { x: np.reshape(np.arange(n), [n, 1]).astype("float32"), y: np.arange(n) };
        const [tr, va] = data.split(random.key(seed), ds, f);
        expect(tr.x.shape).toEqual([nTrain, 1]);
        expect(va.x.shape).toEqual([n - nTrain, 1]);
        expect(tr.y.shape).toEqual([nTrain]);
        const a = nums(tr.y);
        const b = nums(va.y);
        expect(a.filter((v) => b.includes(v))).toEqual([]);
        expect([...a, ...b].sort((p, q) => p - q)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(nums(tr.x)).toEqual(a);
        expect(nums(va.x)).toEqual(b);
      }),
      { numRuns: 50 },
    );
  });

  it("iris 0.8 → 120 / 30, shuffled, deterministic", () => {
    const [tr, va] = data.split(k0, data.iris(), 0.8);
    expect(tr.x.shape).toEqual([120, 4]);
    expect(va.x.shape).toEqual([30, 4]);
    expect(counts(va.y, 3).every((c) => c > 0)).toBe(true); // shuffled: not all one class
    const [tr2] = data.split(random.key(0), data.iris(), 0.8);
    expect(nums(tr2.x)).toEqual(nums(tr.x));
  });

  it("errors: fraction outside (0, 1), empty part, mismatched shapes", () => {
    const ds = data.xor();
    expect(() => data.split(k0, ds, 0)).toThrow(/data\.split: fraction .* strictly between 0 and 1, got number 0.*0\.8/);
    expect(() => data.split(k0, ds, 1)).toThrow(/data\.split: fraction/);
    expect(() => data.split(k0, ds, 1.5)).toThrow(/data\.split: fraction/);
    expect(() => data.split(k0, ds, 0.1)).toThrow(/data\.split: fraction 0\.1 of 4 examples leaves the training set empty/);
    expect(() => data.split(k0, { x: ds.x, y: np.zeros([3]) }, 0.5)).toThrow(/data\.split: x and y disagree/);
  });
});

describe("standardize", () => {
  it("zero mean, unit std per feature; constant features stay finite; stats reusable", () => {
    const { x } = data.iris();
    const s = data.standardize(x);
    expect(s.x.shape).toEqual([150, 4]);
    expect(s.mean.shape).toEqual([4]);
    expect(np.allclose(np.mean(s.x, 0), np.zeros([4]), { atol: 1e-5 })).toBe(true);
    expect(np.allclose(np.std(s.x, 0), np.ones([4]), { atol: 1e-5 })).toBe(true);
    nums(s.mean).forEach((m, j) => expect(m).toBeCloseTo([5.843, 3.057, 3.758, 1.199][j]!, 3));

    const withConst = np.array([[1, 5], [2, 5], [3, 5]]);
    const c = data.standardize(withConst);
    expect(nums(c.x).every(Number.isFinite)).toBe(true);
    expect(nums(np.slice(c.x, null, 1))).toEqual([0, 0, 0]);

    const again = data.standardize(np.array([[2, 5]]), { mean: c.mean, std: c.std });
    expect(np.allclose(again.x, np.slice(c.x, [1, 2]))).toBe(true);
    expect(() => data.standardize(x, { mean: c.mean, std: c.std })).toThrow(/data\.standardize: stats\.mean has shape \[2\] but x has features of shape \[4\]/);
  });
});
