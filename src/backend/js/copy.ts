/** Strided copy between views: the kernel behind pad, concatenate and scatter-free layout changes. */
import type { TypedArray } from "../../array/dtype.js";

/**
 * Copies `shape` elements from `src` (offset/strides) to `dst` (offset/strides). Both views must be
 * of the same rank; the innermost dimension is the tight loop.
 */
export function copyStrided(
  src: TypedArray,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: TypedArray,
  dstOffset: number,
  dstStrides: readonly number[],
  shape: readonly number[],
): void {
  const nd = shape.length;
  for (let d = 0; d < nd; d++) if (shape[d] === 0) return;
  if (nd === 0) {
    dst[dstOffset] = src[srcOffset]!;
    return;
  }
  const inner = shape[nd - 1]!;
  const si = srcStrides[nd - 1]!;
  const di = dstStrides[nd - 1]!;
  const idx = new Int32Array(nd);
  let ps = srcOffset;
  let pd = dstOffset;
  for (;;) {
    for (let j = 0, qs = ps, qd = pd; j < inner; j++, qs += si, qd += di) dst[qd] = src[qs]!;
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]!++;
      ps += srcStrides[d]!;
      pd += dstStrides[d]!;
      if (idx[d]! < shape[d]!) break;
      ps -= srcStrides[d]! * shape[d]!;
      pd -= dstStrides[d]! * shape[d]!;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
