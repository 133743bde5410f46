/** Reductions (sum, prod, max, min over axes; argmax/argmin over one axis) and cumulative sum. */
import type { DType } from "../../array/dtype.js";
import type { ConcreteArray, NDArray } from "../../array/ndarray.js";
import { shapeSize, showShape } from "../../array/shape.js";
import { argReduce, cumulativeSum, reduce, type ReduceOp } from "../../backend/js/reduce.js";
import { shiftedAxesBatch } from "../batch-rules.js";
import type { JvpRule } from "../jvp.js";
import * as op from "../ops.js";
import { shaped, type PrimitiveDef, type ShapedArray } from "../primitive.js";
import { bind } from "../trace.js";
import { ShapeError, ValueError } from "../../errors/classes.js";
import { linearJvp } from "./structural.js";
import { allocateFor, checkDTypeIn, describe, fromData, view } from "./common.js";

export interface ReduceParams {
  /** Sorted, distinct axes to reduce; they are removed from the shape. */
  readonly axes: readonly number[];
}
export interface AxisParams {
  readonly axis: number;
}
export interface CumsumParams {
  readonly axis: number;
  readonly reverse: boolean;
}

const NUMERIC: readonly DType[] = ["int32", "float32", "float64"];

function checkAxes(op: string, x: ShapedArray, axes: readonly number[]): void {
  const ok = axes.every((a, i) => Number.isInteger(a) && a >= 0 && a < x.shape.length && (i === 0 || a > axes[i - 1]!));
  if (!ok) throw new ShapeError(op, `${op} axes ${showShape(axes)} must be sorted, distinct and within the rank of ${describe([x])}.`, { shapes: [x.shape] });
}

/**
 * Views x as [outer, reduced, inner] over row-major storage: directly when the reduced axes are
 * adjacent, otherwise after moving them last.
 */
function asThreeAxes(x: ConcreteArray, axes: readonly number[]): { data: ConcreteArray; outer: number; reduced: number; inner: number } {
  const nd = x.shape.length;
  const reduced = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const adjacent = axes.length === 0 || axes[axes.length - 1]! - axes[0]! === axes.length - 1;
  if (adjacent && x.isContiguous) {
    const first = axes[0] ?? nd;
    const last = axes[axes.length - 1] ?? nd - 1;
    return { data: x, outer: shapeSize(x.shape.slice(0, first)), reduced, inner: shapeSize(x.shape.slice(last + 1)) };
  }
  const kept = Array.from({ length: nd }, (_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const moved = view(
    x,
    perm.map((p) => x.shape[p]!),
    perm.map((p) => x.strides[p]!),
    x.offset,
  );
  return { data: fromData(moved.shape, x.dtype, moved.values()), outer: shapeSize(kept.map((k) => x.shape[k]!)), reduced, inner: 1 };
}

function reduction(name: "reduceSum" | "reduceProd" | "reduceMax" | "reduceMin", kind: ReduceOp, jvp: JvpRule<ReduceParams>): PrimitiveDef<ReduceParams> {
  return {
    name,
    jvp,
    batch: shiftedAxesBatch(name, ({ axes }) => ({ axes: axes.map((a) => a + 1) })),
    abstractEval([x], { axes }) {
      checkDTypeIn(name, x!, NUMERIC);
      checkAxes(name, x!, axes);
      return shaped(
        x!.shape.filter((_, i) => !axes.includes(i)),
        x!.dtype,
      );
    },
    impl([x], { axes }, out) {
      const data = allocateFor(out);
      const { data: src, outer, reduced, inner } = asThreeAxes(x!, axes);
      if (data.length > 0) reduce(kind, src.storage.view(), data, outer, reduced, inner);
      return fromData(out.shape, out.dtype, data);
    },
  };
}

function argReduction(name: "argmax" | "argmin", which: "max" | "min"): PrimitiveDef<AxisParams> {
  return {
    name,
    jvp: (args, _t, params) => [bind(name, args, params), null],
    batch: shiftedAxesBatch(name, ({ axis }) => ({ axis: axis + 1 })),
    abstractEval([x], { axis }) {
      checkDTypeIn(name, x!, NUMERIC);
      checkAxes(name, x!, [axis]);
      if (x!.shape[axis] === 0) {
        throw new ValueError(name, `attempt to get ${name} of an empty sequence: axis ${axis} of ${describe([x!])} is empty; an empty axis has no ${which}.`, { shapes: [x!.shape] });
      }
      return shaped(
        x!.shape.filter((_, i) => i !== axis),
        "int32",
      );
    },
    impl([x], { axis }, out) {
      const data = allocateFor(out) as Int32Array;
      const { data: src, outer, reduced, inner } = asThreeAxes(x!, [axis]);
      argReduce(which, src.storage.view(), data, outer, reduced, inner);
      return fromData(out.shape, out.dtype, data);
    },
  };
}

const cumsum: PrimitiveDef<CumsumParams> = {
  name: "cumsum",
  jvp: linearJvp("cumsum"),
  batch: shiftedAxesBatch("cumsum", ({ axis, reverse }) => ({ axis: axis + 1, reverse })),
  transpose: (ct, _args, { axis, reverse }) => [bind("cumsum", [ct], { axis, reverse: !reverse })],
  abstractEval([x], { axis }) {
    checkDTypeIn("cumsum", x!, NUMERIC);
    checkAxes("cumsum", x!, [axis]);
    return shaped(x!.shape, x!.dtype);
  },
  impl([x], { axis, reverse }, out) {
    const data = allocateFor(out);
    const src = x!.isContiguous ? x! : fromData(x!.shape, x!.dtype, x!.values());
    const outer = shapeSize(x!.shape.slice(0, axis));
    const inner = shapeSize(x!.shape.slice(axis + 1));
    cumulativeSum(src.storage.view(), data, outer, x!.shape[axis]!, inner, reverse);
    return fromData(out.shape, out.dtype, data);
  },
};

/** max/min: the tangent at the winning positions, averaged over ties (as JAX does). */
function extremumJvp(name: "reduceMax" | "reduceMin"): JvpRule<ReduceParams> {
  return ([x], [t], params) => {
    const y = bind(name, [x!], params);
    const mask = op.convert(op.equal(x!, op.unreduce(y, x!.shape, params.axes)), x!.dtype);
    const tangent = op.div(op.reduceSum(op.mul(t!, mask), params.axes), op.reduceSum(mask, params.axes));
    return [y, tangent];
  };
}

/**
 * prod: each element's tangent times the product of the *other* elements. That product is built
 * from prefix and suffix products (a log-depth scan of multiplications), never by dividing the
 * total by the element: it is exact with zeros, and — being a polynomial of the inputs made of
 * differentiable primitives — its own derivatives are right too, so Hessians of prod are correct
 * where one or more elements are zero (a zero-masking formula has zero derivative there).
 */
const prodJvp: JvpRule<ReduceParams> = ([x], [t], params) => {
  const y = bind("reduceProd", [x!], params);
  return [y, op.reduceSum(op.mul(t!, productOfOthers(x!, params.axes)), params.axes)];
};

/** For each element, the product of the other elements of its slice over `axes` (same shape as `a`). */
function productOfOthers(a: NDArray, axes: readonly number[]): NDArray {
  const kept = a.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const moved = bind("transpose", [a], { perm });
  const keptShape = kept.map((i) => a.shape[i]!);
  const n = shapeSize(axes.map((i) => a.shape[i]!));
  if (n === 0) return a;
  const flat = bind("reshape", [moved], { shape: [...keptShape, n] });
  const last = keptShape.length;
  const rev = (v: NDArray) => bind("rev", [v], { axes: [last] });
  const others = op.mul(exclusiveCumprod(flat, last, n), rev(exclusiveCumprod(rev(flat), last, n)));
  const back = bind("reshape", [others], { shape: moved.shape });
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return bind("transpose", [back], { perm: inverse });
}

/** out[i] = x[0]·…·x[i−1] along `axis` (1 at i = 0), by Hillis–Steele doubling: ⌈log₂ n⌉ multiplications. */
function exclusiveCumprod(x: NDArray, axis: number, n: number): NDArray {
  let y = shiftInOnes(x, axis, n, 1);
  for (let d = 1; d < n; d *= 2) y = op.mul(y, shiftInOnes(y, axis, n, d));
  return y;
}

/** x shifted by `d` along `axis`: ones enter at the start, the last d elements drop off. */
function shiftInOnes(x: NDArray, axis: number, n: number, d: number): NDArray {
  const shape = x.shape;
  const ones = op.full(shape.map((s, i) => (i === axis ? Math.min(d, n) : s)), 1, x.dtype);
  if (d >= n) return ones;
  const kept = bind("slice", [x], { start: shape.map(() => 0), limit: shape.map((s, i) => (i === axis ? n - d : s)), strides: shape.map(() => 1) });
  return bind("concatenate", [ones, kept], { axis });
}

export const reductionPrimitives = {
  reduceSum: {
    ...reduction("reduceSum", "sum", linearJvp("reduceSum")),
    transpose: (ct: NDArray, [x]: readonly { shape: readonly number[] }[], { axes }: ReduceParams) => [op.unreduce(ct, x!.shape, axes)],
  },
  reduceProd: reduction("reduceProd", "prod", prodJvp),
  reduceMax: reduction("reduceMax", "max", extremumJvp("reduceMax")),
  reduceMin: reduction("reduceMin", "min", extremumJvp("reduceMin")),
  argmax: argReduction("argmax", "max"),
  argmin: argReduction("argmin", "min"),
  cumsum,
};
