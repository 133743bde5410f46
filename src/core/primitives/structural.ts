/**
 * Structural primitives: broadcastInDim, reshape, transpose, slice, rev, pad, concatenate.
 * Most are zero-copy views over the operand's storage (arrays are immutable, so sharing is safe).
 */
import type { ConcreteArray, NDArray } from "../../array/ndarray.js";
import { contiguousStrides, isPermutation, shapeSize, showShape, type Shape } from "../../array/shape.js";
import { copyStrided } from "../../backend/js/copy.js";
import { batchFirst, shiftedAxesBatch } from "../batch-rules.js";
import type { JvpRule } from "../jvp.js";
import * as op from "../ops.js";
import type { PrimitiveName } from "../params.js";
import { LinearArg, shaped, type PrimitiveDef } from "../primitive.js";
import { bind } from "../trace.js";
import { ShapeError } from "../../errors/classes.js";
import { allocateFor, describe, fromData, view } from "./common.js";

/** A linear primitive's tangent is the primitive applied to the tangents (zeros filled in). */
export function linearJvp<P>(name: PrimitiveName): JvpRule<P> {
  return (args, tangents, params) => [
    bind(name, args, params as never),
    tangents.every((t) => t === null) ? null : bind(name, tangents.map((t, i) => op.instantiate(t, args[i]!)), params as never),
  ];
}

export interface BroadcastInDimParams {
  /** The output shape. */
  readonly shape: Shape;
  /** For each operand axis, the output axis it maps to (increasing). */
  readonly broadcastDimensions: readonly number[];
}
export interface ReshapeParams {
  readonly shape: Shape;
}
export interface TransposeParams {
  readonly perm: readonly number[];
}
export interface SliceParams {
  readonly start: readonly number[];
  readonly limit: readonly number[];
  readonly strides: readonly number[];
}
export interface RevParams {
  readonly axes: readonly number[];
}
export interface PadParams {
  readonly low: readonly number[];
  readonly high: readonly number[];
}
export interface ConcatenateParams {
  readonly axis: number;
}

const broadcastInDim: PrimitiveDef<BroadcastInDimParams> = {
  name: "broadcastInDim",
  jvp: linearJvp("broadcastInDim"),
  batch: shiftedAxesBatch("broadcastInDim", ({ shape, broadcastDimensions }, size) => ({
    shape: [size, ...shape],
    broadcastDimensions: [0, ...broadcastDimensions.map((d) => d + 1)],
  })),
  // Sum the cotangent over the axes the broadcast created or stretched.
  transpose: (ct, [x], { shape, broadcastDimensions: dims }) => {
    const summed = shape.map((_, i) => i).filter((i) => !dims.includes(i) || x!.shape[dims.indexOf(i)] !== shape[i]);
    return [bind("reshape", [op.reduceSum(ct, summed)], { shape: x!.shape })];
  },
  abstractEval([x], { shape, broadcastDimensions: dims }) {
    const ok =
      dims.length === x!.shape.length &&
      dims.every((d, i) => d >= 0 && d < shape.length && (i === 0 || d > dims[i - 1]!) && (x!.shape[i] === 1 || x!.shape[i] === shape[d]));
    if (!ok) {
      throw new ShapeError(
        "broadcastInDim",
        `cannot broadcast ${describe([x!])} to ${showShape(shape)} with broadcastDimensions ${showShape(dims)}; ` +
          `each operand axis must map, in increasing order, to an output axis of equal size, or have size 1.`,
      );
    }
    return shaped(shape, x!.dtype);
  },
  impl([x], { shape, broadcastDimensions: dims }) {
    const strides = new Array<number>(shape.length).fill(0);
    dims.forEach((d, i) => {
      if (x!.shape[i] === shape[d]) strides[d] = x!.strides[i]!;
    });
    return view(x!, shape, strides, x!.offset);
  },
};

const reshape: PrimitiveDef<ReshapeParams> = {
  name: "reshape",
  jvp: linearJvp("reshape"),
  batch: shiftedAxesBatch("reshape", ({ shape }, size) => ({ shape: [size, ...shape] })),
  transpose: (ct, [x]) => [bind("reshape", [ct], { shape: x!.shape })],
  abstractEval([x], { shape }) {
    if (shapeSize(shape) !== shapeSize(x!.shape)) {
      throw new ShapeError(
        "reshape",
        `cannot reshape ${describe([x!])} (${shapeSize(x!.shape)} elements) to ${showShape(shape)} (${shapeSize(shape)} elements); the sizes must match.`,
      );
    }
    return shaped(shape, x!.dtype);
  },
  impl([x], { shape }) {
    if (x!.isContiguous) return view(x!, shape, contiguousStrides(shape), 0);
    return fromData(shape, x!.dtype, x!.values());
  },
};

const transpose: PrimitiveDef<TransposeParams> = {
  name: "transpose",
  jvp: linearJvp("transpose"),
  batch: shiftedAxesBatch("transpose", ({ perm }) => ({ perm: [0, ...perm.map((p) => p + 1)] })),
  transpose: (ct, _args, { perm }) => {
    const inverse = perm.slice();
    perm.forEach((p, i) => (inverse[p] = i));
    return [bind("transpose", [ct], { perm: inverse })];
  },
  abstractEval([x], { perm }) {
    if (!isPermutation(perm, x!.shape.length)) {
      throw new ShapeError("transpose", `axes ${showShape(perm)} are not a permutation of the ${x!.shape.length} axes of ${describe([x!])}.`);
    }
    return shaped(
      perm.map((p) => x!.shape[p]!),
      x!.dtype,
    );
  },
  impl([x], { perm }, out) {
    return view(
      x!,
      out.shape,
      perm.map((p) => x!.strides[p]!),
      x!.offset,
    );
  },
};

const slice: PrimitiveDef<SliceParams> = {
  name: "slice",
  jvp: linearJvp("slice"),
  batch: shiftedAxesBatch("slice", ({ start, limit, strides }, size) => ({ start: [0, ...start], limit: [size, ...limit], strides: [1, ...strides] })),
  transpose: (ct, [x], { start, limit, strides }) => [unslice(ct, x!.shape, start, limit, strides)],
  abstractEval([x], { start, limit, strides }) {
    const nd = x!.shape.length;
    const ok =
      start.length === nd &&
      limit.length === nd &&
      strides.length === nd &&
      start.every((s, i) => s >= 0 && s <= limit[i]! && limit[i]! <= x!.shape[i]! && strides[i]! >= 1);
    if (!ok) {
      throw new ShapeError(
        "slice",
        `start ${showShape(start)}, limit ${showShape(limit)}, strides ${showShape(strides)} do not fit ${describe([x!])}; need 0 <= start <= limit <= size and strides >= 1 on every axis.`,
      );
    }
    return shaped(
      start.map((s, i) => Math.ceil((limit[i]! - s) / strides[i]!)),
      x!.dtype,
    );
  },
  impl([x], { start, strides }, out) {
    let offset = x!.offset;
    start.forEach((s, i) => (offset += s * x!.strides[i]!));
    return view(
      x!,
      out.shape,
      strides.map((s, i) => s * x!.strides[i]!),
      offset,
    );
  },
};

const rev: PrimitiveDef<RevParams> = {
  name: "rev",
  jvp: linearJvp("rev"),
  batch: shiftedAxesBatch("rev", ({ axes }) => ({ axes: axes.map((a) => a + 1) })),
  transpose: (ct, _args, params) => [bind("rev", [ct], params)],
  abstractEval([x], { axes }) {
    if (!axes.every((a) => Number.isInteger(a) && a >= 0 && a < x!.shape.length)) {
      throw new ShapeError("rev", `axes ${showShape(axes)} out of range for ${describe([x!])}.`);
    }
    return shaped(x!.shape, x!.dtype);
  },
  impl([x], { axes }) {
    const strides = x!.strides.slice();
    let offset = x!.offset;
    for (const a of axes) {
      if (x!.shape[a] === 0) continue;
      offset += (x!.shape[a]! - 1) * strides[a]!;
      strides[a] = -strides[a]!;
    }
    return view(x!, x!.shape, strides, offset);
  },
};

const pad: PrimitiveDef<PadParams> = {
  name: "pad",
  jvp: linearJvp("pad"),
  batch: shiftedAxesBatch("pad", ({ low, high }) => ({ low: [0, ...low], high: [0, ...high] })),
  transpose: (ct, [x], { low }) => [
    bind("slice", [ct], { start: low, limit: low.map((l, i) => l + x!.shape[i]!), strides: low.map(() => 1) }),
  ],
  abstractEval([x], { low, high }) {
    const nd = x!.shape.length;
    if (low.length !== nd || high.length !== nd || !low.every((l) => Number.isInteger(l) && l >= 0) || !high.every((h) => Number.isInteger(h) && h >= 0)) {
      throw new ShapeError("pad", `low ${showShape(low)} and high ${showShape(high)} must list one non-negative integer per axis of ${describe([x!])}.`);
    }
    return shaped(
      x!.shape.map((d, i) => d + low[i]! + high[i]!),
      x!.dtype,
    );
  },
  impl([x], { low }, out) {
    const data = allocateFor(out);
    const outStrides = contiguousStrides(out.shape);
    let offset = 0;
    low.forEach((l, i) => (offset += l * outStrides[i]!));
    copyStrided(x!.storage.view(), x!.offset, x!.strides, data, offset, outStrides, x!.shape);
    return fromData(out.shape, out.dtype, data);
  },
};

const concatenate: PrimitiveDef<ConcatenateParams> = {
  name: "concatenate",
  jvp: linearJvp("concatenate"),
  batch: (args, dims, { axis }, size) => [bind("concatenate", args.map((x, i) => batchFirst(x, dims[i]!, size)), { axis: axis + 1 }), 0],
  transpose: (ct, args, { axis }) => {
    let offset = 0;
    return args.map((x) => {
      const lo = offset;
      offset += x.shape[axis]!;
      if (!(x instanceof LinearArg)) return null;
      return bind("slice", [ct], {
        start: ct.shape.map((_, i) => (i === axis ? lo : 0)),
        limit: ct.shape.map((d, i) => (i === axis ? lo + x.shape[axis]! : d)),
        strides: ct.shape.map(() => 1),
      });
    });
  },
  abstractEval(avals, { axis }) {
    const first = avals[0];
    const ok =
      first !== undefined &&
      axis >= 0 &&
      axis < first.shape.length &&
      avals.every((a) => a.dtype === first.dtype && a.shape.length === first.shape.length && a.shape.every((d, i) => i === axis || d === first.shape[i]));
    if (!ok) {
      throw new ShapeError(
        "concatenate",
        `operands ${describe(avals)} must share dtype, rank and every size except along axis ${axis}; cast or reshape them first.`,
      );
    }
    const shape = first.shape.slice();
    shape[axis] = avals.reduce((n, a) => n + a.shape[axis]!, 0);
    return shaped(shape, first.dtype);
  },
  impl(args, { axis }, out) {
    const data = allocateFor(out);
    const outStrides = contiguousStrides(out.shape);
    let offset = 0;
    for (const x of args) {
      copyStrided(x.storage.view(), x.offset, x.strides, data, offset, outStrides, x.shape);
      offset += x.shape[axis]! * outStrides[axis]!;
    }
    return fromData(out.shape, out.dtype, data);
  },
};

/**
 * The transpose of slice: put the cotangent back where the slice came from, zeros elsewhere. A
 * stride s is undone per axis by interleaving s − 1 zeros (pad a new trailing axis, then merge).
 */
function unslice(ct: NDArray, shape: Shape, start: readonly number[], limit: readonly number[], strides: readonly number[]): NDArray {
  let out = ct;
  strides.forEach((s, axis) => {
    if (s === 1 || out.shape[axis] === 0) return;
    const n = out.shape[axis]!;
    const expanded = bind("reshape", [out], { shape: [...out.shape.slice(0, axis + 1), 1, ...out.shape.slice(axis + 1)] });
    const padded = bind("pad", [expanded], {
      low: expanded.shape.map(() => 0),
      high: expanded.shape.map((_, i) => (i === axis + 1 ? s - 1 : 0)),
    });
    const merged = bind("reshape", [padded], { shape: out.shape.map((d, i) => (i === axis ? n * s : d)) });
    const span = limit[axis]! - start[axis]!;
    out = bind("slice", [merged], {
      start: merged.shape.map(() => 0),
      limit: merged.shape.map((d, i) => (i === axis ? span : d)),
      strides: merged.shape.map(() => 1),
    });
  });
  return bind("pad", [out], {
    low: start,
    high: shape.map((d, i) => d - start[i]! - out.shape[i]!),
  });
}

export const structuralPrimitives = { broadcastInDim, reshape, transpose, slice, rev, pad, concatenate };

/** Row-major copy of any view (for kernels that need contiguous input). */
export function contiguous(x: ConcreteArray): ConcreteArray {
  return x.isContiguous ? x : fromData(x.shape, x.dtype, x.values());
}
