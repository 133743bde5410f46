/**
 * Reduction kernels over a row-major operand viewed as [outer, reduced, inner]: every output
 * element out[o * inner + i] combines x[(o * reduced + r) * inner + i] over r. Sums and products
 * accumulate in float64 whatever the storage, so float32 sums of many terms stay accurate.
 */
import type { TypedArray } from "../../array/dtype.js";

export type ReduceOp = "sum" | "prod" | "max" | "min";

const INIT: Record<ReduceOp, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity };
// `v !== v` keeps NaN, as numpy does.
const COMBINE: Record<ReduceOp, string> = {
  sum: "acc + v",
  prod: "acc * v",
  max: "(v > acc || v !== v || acc !== acc) ? (acc !== acc ? acc : v) : acc",
  min: "(v < acc || v !== v || acc !== acc) ? (acc !== acc ? acc : v) : acc",
};

type Kernel = (x: TypedArray, out: TypedArray, outer: number, reduced: number, inner: number, acc: Float64Array) => void;
const cache = new Map<string, Kernel>();

export function reduce(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, reduced: number, inner: number): void {
  const key = `${op}|${x.constructor.name}|${out.constructor.name}`;
  let kernel = cache.get(key);
  if (kernel === undefined) {
    // int32 sums and products wrap exactly (as numpy's and XLA's); a float64 accumulator would lose low bits past 2**53.
    const combine = x instanceof Int32Array && op === "prod" ? "Math.imul(acc, v)" : x instanceof Int32Array && op === "sum" ? "(acc + v) | 0" : COMBINE[op];
    kernel = compile(combine, INIT[op]);
    cache.set(key, kernel);
  }
  kernel(x, out, outer, reduced, inner, new Float64Array(inner));
}

function compile(combine: string, initial: number): Kernel {
  const init = String(initial);
  const body = `
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        let acc = ${init};
        const base = o * reduced;
        for (let r = 0; r < reduced; r++) { const v = x[base + r]; acc = ${combine}; }
        out[o] = acc;
      }
      return;
    }
    for (let o = 0; o < outer; o++) {
      accs.fill(${init});
      for (let r = 0; r < reduced; r++) {
        const base = (o * reduced + r) * inner;
        for (let i = 0; i < inner; i++) { const acc = accs[i]; const v = x[base + i]; accs[i] = ${combine}; }
      }
      const ob = o * inner;
      for (let i = 0; i < inner; i++) out[ob + i] = accs[i];
    }`;
  return new Function("x", "out", "outer", "reduced", "inner", "accs", body) as Kernel;
}

/** Index of the first maximum (or minimum) along the middle axis; the first NaN wins, as numpy. */
export function argReduce(which: "max" | "min", x: TypedArray, out: Int32Array, outer: number, reduced: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bestValue = x[o * reduced * inner + i]!;
      if (bestValue === bestValue) {
        for (let r = 1; r < reduced; r++) {
          const v = x[(o * reduced + r) * inner + i]!;
          if (v !== v) {
            best = r;
            break;
          }
          if (which === "max" ? v > bestValue : v < bestValue) {
            best = r;
            bestValue = v;
          }
        }
      }
      out[o * inner + i] = best;
    }
  }
}

/** Running sum along the middle axis (from the end when `reverse`), accumulated in float64 (int32: wrapping exactly). */
export function cumulativeSum(x: TypedArray, out: TypedArray, outer: number, reduced: number, inner: number, reverse: boolean): void {
  const acc = x instanceof Int32Array ? new Int32Array(inner) : new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let k = 0; k < reduced; k++) {
      const r = reverse ? reduced - 1 - k : k;
      const base = (o * reduced + r) * inner;
      for (let i = 0; i < inner; i++) {
        acc[i]! += x[base + i]!;
        out[base + i] = acc[i]!;
      }
    }
  }
}
