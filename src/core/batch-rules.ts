/**
 * Helpers for writing batching rules (kept apart from the BatchTrace classes so that primitive
 * files can import them without an import cycle through the trace classes).
 */
import { ConcreteArray, type NDArray } from "../array/ndarray.js";
import { wrapStorage } from "../array/storage.js";
import type { BatchRule } from "./batching.js";
import type { PrimitiveName } from "./params.js";
import { bind } from "./trace.js";

/** Moves axis `from` of x to position `to` (a transpose; no-op when equal). */
export function moveAxis(x: NDArray, from: number, to: number): NDArray {
  if (from === to) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  perm.splice(to, 0, from);
  return bind("transpose", [x], { perm });
}

/** x with its batch axis first; an unbatched x is broadcast along a new leading axis of `size`. */
export function batchFirst(x: NDArray, dim: number | null, size: number): NDArray {
  if (dim !== null) return moveAxis(x, dim, 0);
  return bind("broadcastInDim", [x], { shape: [size, ...x.shape], broadcastDimensions: x.shape.map((_, i) => i + 1) });
}

/** Rule for primitives applied independently per element (same-shape operands): batch everything at axis 0. */
export function elementwiseBatch<P>(name: PrimitiveName): BatchRule<P> {
  return (args, dims, params, size) => {
    // Fast path: every operand batched on the same axis needs no movement.
    const first = dims[0];
    if (first !== null && first !== undefined && dims.every((d) => d === first)) return [bind(name, args, params as never), first];
    return [bind(name, args.map((x, i) => batchFirst(x, dims[i]!, size)), params as never), 0];
  };
}

/** Rule for single-operand primitives whose params name axes: batch at 0 and shift the axes by one. */
export function shiftedAxesBatch<P>(name: PrimitiveName, shift: (params: P, size: number, x: NDArray) => P): BatchRule<P> {
  return ([x], [d], params, size) => {
    const moved = moveAxis(x!, d!, 0);
    return [bind(name, [moved], shift(params, size, moved) as never), 0];
  };
}

/** The int32 vector [0, stride, 2·stride, …] of length `size` (offsets that flatten a batch axis into indices). */
export function batchOffsets(size: number, stride: number): NDArray {
  const data = new Int32Array(size);
  for (let i = 0; i < size; i++) data[i] = i * stride;
  return new ConcreteArray([size], "int32", wrapStorage("int32", data));
}
