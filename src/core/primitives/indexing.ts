/** Gathering along one axis (`take`) and its transpose, scatter-add. */
import { ConcreteArray, type NDArray } from "../../array/ndarray.js";
import { shapeSize, showShape } from "../../array/shape.js";
import { batchFirst, batchOffsets, moveAxis } from "../batch-rules.js";
import * as op from "../ops.js";
import { shaped, type PrimitiveDef, type ShapedArray } from "../primitive.js";
import { bind } from "../trace.js";
import { ShapeError, ValueError } from "../../errors/classes.js";
import { allocateFor, checkDTypeIn, describe, fromData } from "./common.js";
import { contiguous } from "./structural.js";

export interface TakeParams {
  readonly axis: number;
}
export interface ScatterAddParams {
  readonly axis: number;
  /** Length of the output along `axis`. */
  readonly size: number;
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/**
 * Per-example indices (batch axis first) turned into indices into the batch-flattened axis of
 * length size·n. An index outside its own example's [-n, n) must not land in a neighbouring
 * example's row: it becomes INT32_MIN, out of range of the flattened axis too, so take refuses it
 * and scatterAdd drops it, exactly as each would for the single example.
 */
function flatIndices(indices: NDArray, dim: number, n: number): NDArray {
  const ib = moveAxis(indices, dim, 0);
  const wrapped = op.select(op.less(ib, op.full(ib.shape, 0, "int32")), op.add(ib, op.full(ib.shape, n, "int32")), ib);
  const offsets = bind("broadcastInDim", [batchOffsets(ib.shape[0]!, n)], { shape: ib.shape, broadcastDimensions: [0] });
  const inRange = bind("logicalAnd", [bind("greaterEqual", [ib, op.full(ib.shape, -n, "int32")], {}), op.less(ib, op.full(ib.shape, n, "int32"))], {});
  return op.select(inRange, op.add(wrapped, offsets), op.full(ib.shape, -2147483648, "int32"));
}

/** Batched indices that are known (eager vmap) are range-checked per example, so the error names the user's index and size. */
function checkExampleIndices(indices: NDArray, axis: number, n: number, x: ShapedArray): void {
  if (!(indices instanceof ConcreteArray)) return;
  const values = indices.values();
  for (let i = 0; i < values.length; i++) {
    const j = values[i]!;
    if (j < -n || j >= n) {
      throw new ValueError("take", `index ${j} is out of bounds for axis ${axis} with size ${n} of each example (batched operand ${describe([x])}); use indices in [${-n}, ${n - 1}].`, {
        shapes: [x.shape, indices.shape],
      });
    }
  }
}

/** take(x, indices): out = x.shape[:axis] + indices.shape + x.shape[axis+1:]; negative indices count from the end. */
const take: PrimitiveDef<TakeParams> = {
  name: "take",
  // Linear in x; the indices carry no tangent.
  jvp: ([x, i], [t], params) => [bind("take", [x!, i!], params), t ? bind("take", [t, i!], params) : null],
  batch: ([x, idx], [dx, di], { axis }, size) => {
    if (di === null) return [bind("take", [moveAxis(x!, dx!, 0), idx!], { axis: axis + 1 }), 0];
    if (dx === null) return [bind("take", [x!, moveAxis(idx!, di!, 0)], { axis }), axis];
    // Both batched: gather from the batch-flattened operand with offset indices.
    const xt = moveAxis(moveAxis(x!, dx!, 0), axis + 1, 1); // [B, N, pre, post]
    const n = xt.shape[1]!;
    checkExampleIndices(idx!, axis, n, x!);
    const flat = bind("reshape", [xt], { shape: [size * n, ...xt.shape.slice(2)] });
    const gathered = bind("take", [flat, flatIndices(idx!, di!, n)], { axis: 0 }); // [B, I, pre, post]
    const nI = idx!.shape.length - 1;
    const nd = gathered.shape.length;
    const perm = [0, ...range(1 + nI, 1 + nI + axis), ...range(1, 1 + nI), ...range(1 + nI + axis, nd)];
    return [bind("transpose", [gathered], { perm }), 0];
  },
  transpose: (ct, [x, i], { axis }) => [bind("scatterAdd", [ct, i as NDArray], { axis, size: x!.shape[axis]! }), null],
  abstractEval([x, indices], { axis }) {
    checkDTypeIn("take (indices)", indices!, ["int32"]);
    if (!Number.isInteger(axis) || axis < 0 || axis >= x!.shape.length) {
      throw new ShapeError("take", `axis ${axis} out of range for ${describe([x!])}.`, { shapes: [x!.shape] });
    }
    return shaped([...x!.shape.slice(0, axis), ...indices!.shape, ...x!.shape.slice(axis + 1)], x!.dtype);
  },
  impl([x, indices], { axis }, out) {
    const src = contiguous(x!).storage.view();
    const idx = contiguous(indices!).storage.view();
    const outer = shapeSize(x!.shape.slice(0, axis));
    const size = x!.shape[axis]!;
    const inner = shapeSize(x!.shape.slice(axis + 1));
    const count = idx.length;
    const data = allocateFor(out);
    for (let i = 0; i < count; i++) {
      const j = idx[i]!;
      if (j < -size || j >= size) {
        const message =
          j === -2147483648
            ? `an index of a batched take (under vmap) is out of bounds for its example's axis; use indices within each example's axis size.`
            : `index ${j} is out of bounds for axis ${axis} with size ${size} of ${describe([x!])}; use indices in [${-size}, ${size - 1}].`;
        throw new ValueError("take", message, {
          shapes: [x!.shape, indices!.shape],
        });
      }
    }
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < count; i++) {
        const raw = idx[i]!;
        const j = raw < 0 ? raw + size : raw;
        const from = (o * size + j) * inner;
        const to = (o * count + i) * inner;
        for (let t = 0; t < inner; t++) data[to + t] = src[from + t]!;
      }
    }
    return fromData(out.shape, out.dtype, data);
  },
};

/** scatterAdd(updates, indices): zeros of the operand's shape with updates summed in at the indices (repeats add up). */
const scatterAdd: PrimitiveDef<ScatterAddParams> = {
  name: "scatterAdd",
  jvp: ([u, i], [t], params) => [bind("scatterAdd", [u!, i!], params), t ? bind("scatterAdd", [t, i!], params) : null],
  batch: ([u, idx], [du, di], { axis, size: n }, size) => {
    if (di === null) return [bind("scatterAdd", [moveAxis(u!, du!, 0), idx!], { axis: axis + 1, size: n }), 0];
    // Indices batched: scatter into the batch-flattened output with offset indices.
    const nI = idx!.shape.length - 1;
    const ub = batchFirst(u!, du ?? null, size); // [B, pre, I, post]
    const nd = ub.shape.length;
    const ut = bind("transpose", [ub], { perm: [0, ...range(1 + axis, 1 + axis + nI), ...range(1, 1 + axis), ...range(1 + axis + nI, nd)] }); // [B, I, pre, post]
    const scattered = bind("scatterAdd", [ut, flatIndices(idx!, di!, n)], { axis: 0, size: size * n }); // [B·n, pre, post]
    const split = bind("reshape", [scattered], { shape: [size, n, ...scattered.shape.slice(1)] });
    return [moveAxis(split, 1, 1 + axis), 0];
  },
  transpose: (ct, [, i], { axis }) => [bind("take", [ct, i as NDArray], { axis }), null],
  abstractEval([updates, indices], { axis, size }) {
    checkDTypeIn("scatterAdd (indices)", indices!, ["int32"]);
    const u = updates!.shape;
    const k = indices!.shape.length;
    const ok = Number.isInteger(axis) && axis >= 0 && axis + k <= u.length && indices!.shape.every((d, i) => u[axis + i] === d);
    if (!ok) {
      throw new ShapeError(
        "scatterAdd",
        `updates ${describe([updates!])} must contain the indices' shape ${showShape(indices!.shape)} at axis ${axis}.`,
      );
    }
    return shaped([...u.slice(0, axis), size, ...u.slice(axis + k)], updates!.dtype);
  },
  impl([updates, indices], { axis, size }, out) {
    const src = contiguous(updates!).storage.view();
    const idx = contiguous(indices!).storage.view();
    const outer = shapeSize(out.shape.slice(0, axis));
    const inner = shapeSize(out.shape.slice(axis + 1));
    const count = idx.length;
    const acc = new Float64Array(shapeSize(out.shape));
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < count; i++) {
        const raw = idx[i]!;
        if (raw < -size || raw >= size) continue; // out-of-range updates are dropped (as XLA does)
        const j = raw < 0 ? raw + size : raw;
        const from = (o * count + i) * inner;
        const to = (o * size + j) * inner;
        for (let t = 0; t < inner; t++) acc[to + t]! += src[from + t]!;
      }
    }
    const data = allocateFor(out);
    for (let i = 0; i < acc.length; i++) data[i] = acc[i]!;
    return fromData(out.shape, out.dtype, data);
  },
};

export const indexingPrimitives = { take, scatterAdd };
