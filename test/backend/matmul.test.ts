import { describe, expect, it } from "vitest";
import { DTypeError, ShapeError } from "../../src/errors/index.js";
import fc from "fast-check";
import { matmulBatched, type NumericArray } from "../../src/backend/js/matmul.js";

type FloatCtor = Float32ArrayConstructor | Float64ArrayConstructor;

/** Naive reference, accumulated in float64 and rounded once on store. */
function naiveFloat(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  out: Float32Array | Float64Array,
  batch: number,
  m: number,
  k: number,
  n: number,
): void {
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a[p * m * k + i * k + q]! * b[p * k * n + q * n + j]!;
        out[p * m * n + i * n + j] = s;
      }
    }
  }
}

/** Int32 reference through BigInt, wrapped to 32 bits at the end. */
function naiveInt32(a: Int32Array, b: Int32Array, batch: number, m: number, k: number, n: number): Int32Array {
  const out = new Int32Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0n;
        for (let q = 0; q < k; q++) {
          s += BigInt(a[p * m * k + i * k + q]!) * BigInt(b[p * k * n + q * n + j]!);
        }
        out[p * m * n + i * n + j] = Number(BigInt.asIntN(32, s));
      }
    }
  }
  return out;
}

const dims = fc.record({
  batch: fc.integer({ min: 0, max: 3 }),
  m: fc.integer({ min: 0, max: 13 }),
  k: fc.integer({ min: 0, max: 13 }),
  n: fc.integer({ min: 0, max: 13 }),
});

/** Dyadic values i/64: every product and every sum of ≤13 products is exact in float32 and float64. */
const dyadic = fc.integer({ min: -1000, max: 1000 }).map((i) => i / 64);

function caseWith<T>(value: fc.Arbitrary<T>) {
  return dims.chain((d) =>
    fc.record({
      d: fc.constant(d),
      a: fc.array(value, { minLength: d.batch * d.m * d.k, maxLength: d.batch * d.m * d.k }),
      b: fc.array(value, { minLength: d.batch * d.k * d.n, maxLength: d.batch * d.k * d.n }),
    }),
  );
}

/** Deterministic pseudo-random generator (mulberry32), for the large fixed cases. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each([
  ["float32", Float32Array],
  ["float64", Float64Array],
] as [string, FloatCtor][])("matmulBatched %s", (_name, Ctor) => {
  it("matches the naive reference exactly on small dyadic inputs (m,k,n in 0..13, batch 0..3)", () => {
    fc.assert(
      fc.property(caseWith(dyadic), ({ d, a, b }) => {
        const { batch, m, k, n } = d;
        const A = Ctor.from(a);
        const B = Ctor.from(b);
        // Pre-fill with garbage (plus one guard element) to check `out` is overwritten, and only it.
        const out = new Ctor(batch * m * n + 1).fill(Number.NaN);
        const ref = new Ctor(batch * m * n + 1).fill(Number.NaN);
        matmulBatched(A, B, out, batch, m, k, n);
        naiveFloat(A, B, ref, batch, m, k, n);
        expect(Array.from(out)).toEqual(Array.from(ref));
      }),
      { numRuns: 300 },
    );
  });

  it("writes zeros when k = 0", () => {
    const out = new Ctor(2 * 3 * 5).fill(7);
    matmulBatched(new Ctor(0), new Ctor(0), out, 2, 3, 0, 5);
    expect(Array.from(out)).toEqual(new Array(30).fill(0));
  });

  it("does nothing when batch, m or n is 0", () => {
    const out = new Ctor(4).fill(7);
    matmulBatched(new Ctor(0), new Ctor(0), out, 0, 2, 3, 2);
    matmulBatched(new Ctor(0), new Ctor(12), out, 2, 0, 3, 2);
    matmulBatched(new Ctor(12), new Ctor(0), out, 2, 2, 3, 0);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });

  it("crosses the cache-block boundaries (m > 64, k > 256, n > 512) with ragged edges", () => {
    const batch = 2;
    const m = 67;
    const k = 301;
    const n = 517;
    const r = rng(42);
    const A = new Ctor(batch * m * k).map(() => r() * 2 - 1);
    const B = new Ctor(batch * k * n).map(() => r() * 2 - 1);
    const out = new Ctor(batch * m * n).fill(Number.NaN);
    const ref = new Ctor(batch * m * n);
    matmulBatched(A, B, out, batch, m, k, n);
    naiveFloat(A, B, ref, batch, m, k, n);
    // Both accumulate in float64; allow for a different summation order.
    const tol = Ctor === Float32Array ? 1e-5 : 1e-12;
    let maxErr = 0;
    for (let i = 0; i < ref.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(out[i]! - ref[i]!) / (1 + Math.abs(ref[i]!)));
    }
    expect(maxErr).toBeLessThan(tol);
  });

  it("computes a known product", () => {
    // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
    const out = new Ctor(4);
    matmulBatched(Ctor.of(1, 2, 3, 4, 5, 6), Ctor.of(7, 8, 9, 10, 11, 12), out, 1, 2, 3, 2);
    expect(Array.from(out)).toEqual([58, 64, 139, 154]);
  });
});

describe("matmulBatched float32 tolerance", () => {
  it("agrees with a float64 reference within float32 rounding on arbitrary floats", () => {
    fc.assert(
      fc.property(caseWith(fc.double({ min: -10, max: 10, noNaN: true })), ({ d, a, b }) => {
        const { batch, m, k, n } = d;
        const A = Float32Array.from(a);
        const B = Float32Array.from(b);
        const out = new Float32Array(batch * m * n);
        const ref = new Float64Array(batch * m * n);
        matmulBatched(A, B, out, batch, m, k, n);
        naiveFloat(A, B, ref, batch, m, k, n);
        for (let i = 0; i < ref.length; i++) {
          // |sum| ≤ 13·100, so a few float32 ulps at that magnitude bound the error.
          expect(Math.abs(out[i]! - ref[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ref[i]!)) * 4);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("matmulBatched int32", () => {
  it("matches a BigInt reference with 32-bit wrap-around", () => {
    const int32 = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.constantFrom(70000, -70000, 65536, 2147483647, -2147483648),
      fc.integer({ min: -2147483648, max: 2147483647 }),
    );
    fc.assert(
      fc.property(caseWith(int32), ({ d, a, b }) => {
        const { batch, m, k, n } = d;
        const A = Int32Array.from(a);
        const B = Int32Array.from(b);
        const out = new Int32Array(batch * m * n).fill(123);
        matmulBatched(A, B, out, batch, m, k, n);
        expect(Array.from(out)).toEqual(Array.from(naiveInt32(A, B, batch, m, k, n)));
      }),
      { numRuns: 300 },
    );
  });

  it("wraps 70000 * 70000 like int32", () => {
    const out = new Int32Array(1);
    matmulBatched(Int32Array.of(70000), Int32Array.of(70000), out, 1, 1, 1, 1);
    // 70000² = 4_900_000_000 ≡ 605_032_704 (mod 2³²)
    expect(out[0]).toBe(605032704);
    matmulBatched(Int32Array.of(70000, 70000), Int32Array.of(70000, 70000), out, 1, 1, 2, 1);
    // 2·70000² = 9_800_000_000 ≡ 1_210_065_408 (mod 2³²)
    expect(out[0]).toBe(1210065408);
  });

  it("writes zeros when k = 0", () => {
    const out = new Int32Array(6).fill(9);
    matmulBatched(new Int32Array(0), new Int32Array(0), out, 1, 2, 0, 3);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("matmulBatched argument checks", () => {
  it("rejects mixed typed-array kinds", () => {
    const mixed: NumericArray = new Float32Array(4);
    expect(() => matmulBatched(new Float64Array(4), mixed, new Float64Array(4), 1, 2, 2, 2)).toThrow(DTypeError);
  });

  it("rejects buffers that are too small", () => {
    expect(() => matmulBatched(new Float64Array(3), new Float64Array(4), new Float64Array(4), 1, 2, 2, 2)).toThrow(
      ShapeError,
    );
  });
});
