/**
 * Eager batched matrix multiplication on typed arrays.
 *
 * Float kernels follow the GotoBLAS/BLIS layout in scalar JavaScript:
 *
 *   for each k-block (KC)             ─ B block packed into 4-column panels
 *     for each m-block (MC)           ─ A block packed into 4-row panels
 *       for each 4-column B panel
 *         for each 4-row A panel      ─ 4×4 micro-kernel, 16 accumulators in locals
 *
 * Packing converts to a Float64Array scratch (module-level, grown on demand), so
 * the micro-kernel and the loops around it only ever see Float64Array and stay
 * monomorphic for both float kinds. Panels are zero-padded to multiples of 4, so
 * the micro-kernel always runs a full 4×4 tile and only the write-back handles
 * ragged edges. Float64 results are accumulated straight into `out`; float32
 * results are accumulated in a float64 scratch and rounded once at the end
 * (more accurate than float32 accumulation, and never less accurate than
 * rounding after each k-block).
 *
 * Int32 uses a plain i-k-j loop with Math.imul and `| 0`, so results wrap
 * exactly like 32-bit integer arithmetic.
 */

import { DTypeError, ShapeError } from "../../errors/classes.js";

export type NumericArray = Float32Array | Float64Array | Int32Array;

/** Micro-tile size (rows and columns). The kernel is unrolled for 4×4. */
const MR = 4;
const NR = 4;
/** k-block: one packed B panel is KC·NR·8 bytes = 8 KiB (L1); one A panel likewise. */
const KC = 256;
/** m-block: packed A block is MC·KC·8 bytes = 128 KiB (L2). */
const MC = 64;
/** n-block: packed B block is KC·NC·8 bytes = 1 MiB at most (L2/L3). */
const NC = 512;

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);
let cScratch = new Float64Array(0);

function roundUp4(x: number): number {
  return (x + 3) & ~3;
}

/**
 * out[p] = a[p] · b[p] for p < batch; a: contiguous row-major [batch, m, k],
 * b: [batch, k, n], out: [batch, m, n] (overwritten). All three of the same
 * typed-array kind.
 */
export function matmulBatched(
  a: NumericArray,
  b: NumericArray,
  out: NumericArray,
  batch: number,
  m: number,
  k: number,
  n: number,
): void {
  if (batch <= 0 || m <= 0 || n <= 0) return;
  const sizeA = m * k;
  const sizeB = k * n;
  const sizeC = m * n;
  if (a.length < batch * sizeA || b.length < batch * sizeB || out.length < batch * sizeC) {
    throw new ShapeError("matmulBatched", `buffers too small for [${batch}, ${m}, ${k}] · [${batch}, ${k}, ${n}]`);
  }
  if (k === 0) {
    out.fill(0, 0, batch * sizeC);
    return;
  }
  if (out instanceof Float64Array) {
    if (!(a instanceof Float64Array) || !(b instanceof Float64Array)) throw kindMismatch();
    for (let p = 0; p < batch; p++) {
      gemmF64(a, p * sizeA, b, p * sizeB, out, p * sizeC, m, k, n);
    }
  } else if (out instanceof Float32Array) {
    if (!(a instanceof Float32Array) || !(b instanceof Float32Array)) throw kindMismatch();
    if (cScratch.length < sizeC) cScratch = new Float64Array(sizeC);
    const c = cScratch;
    for (let p = 0; p < batch; p++) {
      gemmF32(a, p * sizeA, b, p * sizeB, c, m, k, n);
      const base = p * sizeC;
      for (let i = 0; i < sizeC; i++) out[base + i] = c[i]!;
    }
  } else {
    if (!(a instanceof Int32Array) || !(b instanceof Int32Array)) throw kindMismatch();
    for (let p = 0; p < batch; p++) {
      gemmI32(a, p * sizeA, b, p * sizeB, out, p * sizeC, m, k, n);
    }
  }
}

function kindMismatch(): DTypeError {
  return new DTypeError("matmulBatched", "a, b and out must be typed arrays of the same kind");
}

function ensureScratch(nc: number): void {
  const needB = KC * roundUp4(nc);
  if (packB.length < needB) packB = new Float64Array(needB);
}

// ---------------------------------------------------------------------------
// Float64 driver. `c` is `out` itself; offsets select the batch element.
// ---------------------------------------------------------------------------

function gemmF64(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  m: number,
  k: number,
  n: number,
): void {
  const ncMax = n < NC ? n : NC;
  ensureScratch(ncMax);
  const pa = packA;
  const pb = packB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = n - jc < NC ? n - jc : NC;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = k - pc < KC ? k - pc : KC;
      packB64(b, bOff, n, pc, kc, jc, nc, pb);
      const first = pc === 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = m - ic < MC ? m - ic : MC;
        packA64(a, aOff, k, ic, mc, pc, kc, pa);
        macroKernel(pa, pb, c, cOff + ic * n + jc, n, mc, nc, kc, first);
      }
    }
  }
}

/** Pack rows [ic, ic+mc) × cols [pc, pc+kc) of A into 4-row panels: dst[(panel·kc + p)·4 + r]. */
function packA64(
  a: Float64Array,
  aOff: number,
  lda: number,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
  dst: Float64Array,
): void {
  let d = 0;
  for (let i = 0; i < mc; i += MR) {
    const rows = mc - i;
    const r0 = aOff + (ic + i) * lda + pc;
    if (rows >= 4) {
      const r1 = r0 + lda;
      const r2 = r1 + lda;
      const r3 = r2 + lda;
      for (let p = 0; p < kc; p++) {
        dst[d] = a[r0 + p]!;
        dst[d + 1] = a[r1 + p]!;
        dst[d + 2] = a[r2 + p]!;
        dst[d + 3] = a[r3 + p]!;
        d += 4;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < 4; r++) dst[d + r] = r < rows ? a[r0 + r * lda + p]! : 0;
        d += 4;
      }
    }
  }
}

/** Pack rows [pc, pc+kc) × cols [jc, jc+nc) of B into 4-column panels: dst[(panel·kc + p)·4 + c]. */
function packB64(
  b: Float64Array,
  bOff: number,
  ldb: number,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  dst: Float64Array,
): void {
  let d = 0;
  for (let j = 0; j < nc; j += NR) {
    const cols = nc - j;
    let s = bOff + pc * ldb + jc + j;
    if (cols >= 4) {
      for (let p = 0; p < kc; p++) {
        dst[d] = b[s]!;
        dst[d + 1] = b[s + 1]!;
        dst[d + 2] = b[s + 2]!;
        dst[d + 3] = b[s + 3]!;
        d += 4;
        s += ldb;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let q = 0; q < 4; q++) dst[d + q] = q < cols ? b[s + q]! : 0;
        d += 4;
        s += ldb;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Float32 driver: same blocking, packs from Float32Array, accumulates into a
// float64 scratch `c` (ldc = n, offset 0) that the caller rounds into `out`.
// ---------------------------------------------------------------------------

function gemmF32(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  c: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  const ncMax = n < NC ? n : NC;
  ensureScratch(ncMax);
  const pa = packA;
  const pb = packB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = n - jc < NC ? n - jc : NC;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = k - pc < KC ? k - pc : KC;
      packB32(b, bOff, n, pc, kc, jc, nc, pb);
      const first = pc === 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = m - ic < MC ? m - ic : MC;
        packA32(a, aOff, k, ic, mc, pc, kc, pa);
        macroKernel(pa, pb, c, ic * n + jc, n, mc, nc, kc, first);
      }
    }
  }
}

function packA32(
  a: Float32Array,
  aOff: number,
  lda: number,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
  dst: Float64Array,
): void {
  let d = 0;
  for (let i = 0; i < mc; i += MR) {
    const rows = mc - i;
    const r0 = aOff + (ic + i) * lda + pc;
    if (rows >= 4) {
      const r1 = r0 + lda;
      const r2 = r1 + lda;
      const r3 = r2 + lda;
      for (let p = 0; p < kc; p++) {
        dst[d] = a[r0 + p]!;
        dst[d + 1] = a[r1 + p]!;
        dst[d + 2] = a[r2 + p]!;
        dst[d + 3] = a[r3 + p]!;
        d += 4;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < 4; r++) dst[d + r] = r < rows ? a[r0 + r * lda + p]! : 0;
        d += 4;
      }
    }
  }
}

function packB32(
  b: Float32Array,
  bOff: number,
  ldb: number,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  dst: Float64Array,
): void {
  let d = 0;
  for (let j = 0; j < nc; j += NR) {
    const cols = nc - j;
    let s = bOff + pc * ldb + jc + j;
    if (cols >= 4) {
      for (let p = 0; p < kc; p++) {
        dst[d] = b[s]!;
        dst[d + 1] = b[s + 1]!;
        dst[d + 2] = b[s + 2]!;
        dst[d + 3] = b[s + 3]!;
        d += 4;
        s += ldb;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let q = 0; q < 4; q++) dst[d + q] = q < cols ? b[s + q]! : 0;
        d += 4;
        s += ldb;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Shared float64 macro- and micro-kernel (only ever sees Float64Array).
// ---------------------------------------------------------------------------

/**
 * C[0:mc, 0:nc] (=|+=) Ap · Bp, where C starts at c[cOff] with row stride ldc,
 * Ap is mc×kc packed in 4-row panels and Bp is kc×nc packed in 4-column panels.
 */
function macroKernel(
  pa: Float64Array,
  pb: Float64Array,
  c: Float64Array,
  cOff: number,
  ldc: number,
  mc: number,
  nc: number,
  kc: number,
  first: boolean,
): void {
  const panel = kc * 4;
  for (let j = 0; j < nc; j += NR) {
    const nr = nc - j < NR ? nc - j : NR;
    const bo = (j >> 2) * panel;
    for (let i = 0; i < mc; i += MR) {
      const mr = mc - i < MR ? mc - i : MR;
      microKernel(pa, (i >> 2) * panel, pb, bo, kc, c, cOff + i * ldc + j, ldc, mr, nr, first);
    }
  }
}

function microKernel(
  pa: Float64Array,
  ao: number,
  pb: Float64Array,
  bo: number,
  kc: number,
  c: Float64Array,
  co: number,
  ldc: number,
  mr: number,
  nr: number,
  first: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const end = ao + kc * 4;
  for (; ao < end; ao += 4, bo += 4) {
    // Load the B row once, then stream A one element at a time: 16
    // accumulators + 4 b + 1 a live values keeps register spills low.
    const b0 = pb[bo]!;
    const b1 = pb[bo + 1]!;
    const b2 = pb[bo + 2]!;
    const b3 = pb[bo + 3]!;
    let av = pa[ao]!;
    c00 += av * b0; c01 += av * b1; c02 += av * b2; c03 += av * b3;
    av = pa[ao + 1]!;
    c10 += av * b0; c11 += av * b1; c12 += av * b2; c13 += av * b3;
    av = pa[ao + 2]!;
    c20 += av * b0; c21 += av * b1; c22 += av * b2; c23 += av * b3;
    av = pa[ao + 3]!;
    c30 += av * b0; c31 += av * b1; c32 += av * b2; c33 += av * b3;
  }
  if (mr === 4 && nr === 4) {
    const r0 = co;
    const r1 = co + ldc;
    const r2 = r1 + ldc;
    const r3 = r2 + ldc;
    if (first) {
      c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
      c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
      c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
      c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    } else {
      c[r0] = c[r0]! + c00; c[r0 + 1] = c[r0 + 1]! + c01; c[r0 + 2] = c[r0 + 2]! + c02; c[r0 + 3] = c[r0 + 3]! + c03;
      c[r1] = c[r1]! + c10; c[r1 + 1] = c[r1 + 1]! + c11; c[r1 + 2] = c[r1 + 2]! + c12; c[r1 + 3] = c[r1 + 3]! + c13;
      c[r2] = c[r2]! + c20; c[r2 + 1] = c[r2 + 1]! + c21; c[r2 + 2] = c[r2 + 2]! + c22; c[r2 + 3] = c[r2 + 3]! + c23;
      c[r3] = c[r3]! + c30; c[r3 + 1] = c[r3 + 1]! + c31; c[r3 + 2] = c[r3 + 2]! + c32; c[r3 + 3] = c[r3 + 3]! + c33;
    }
    return;
  }
  // Ragged edge: write only the valid mr×nr corner of the tile.
  writeRow(c, co, nr, first, c00, c01, c02, c03);
  if (mr > 1) writeRow(c, co + ldc, nr, first, c10, c11, c12, c13);
  if (mr > 2) writeRow(c, co + 2 * ldc, nr, first, c20, c21, c22, c23);
  if (mr > 3) writeRow(c, co + 3 * ldc, nr, first, c30, c31, c32, c33);
}

function writeRow(
  c: Float64Array,
  o: number,
  nr: number,
  first: boolean,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  if (first) {
    c[o] = v0;
    if (nr > 1) c[o + 1] = v1;
    if (nr > 2) c[o + 2] = v2;
    if (nr > 3) c[o + 3] = v3;
  } else {
    c[o] = c[o]! + v0;
    if (nr > 1) c[o + 1] = c[o + 1]! + v1;
    if (nr > 2) c[o + 2] = c[o + 2]! + v2;
    if (nr > 3) c[o + 3] = c[o + 3]! + v3;
  }
}

// ---------------------------------------------------------------------------
// Int32: wrap-around arithmetic, i-k-j order so the inner loop is sequential.
// ---------------------------------------------------------------------------

function gemmI32(
  a: Int32Array,
  aOff: number,
  b: Int32Array,
  bOff: number,
  c: Int32Array,
  cOff: number,
  m: number,
  k: number,
  n: number,
): void {
  c.fill(0, cOff, cOff + m * n);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p]!;
      if (av === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) {
        c[ci + j] = (c[ci + j]! + Math.imul(av, b[bp + j]!)) | 0;
      }
    }
  }
}
