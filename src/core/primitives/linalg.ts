/**
 * dotGeneral: the one contraction primitive (matmul, dot, batched matmul, outer products), as in
 * XLA. Output axes are: batch axes, then lhs free axes, then rhs free axes.
 */
import { shapeSize, showShape } from "../../array/shape.js";
import { matmulBatched, type NumericArray } from "../../backend/js/matmul.js";
import type { ConcreteArray, NDArray } from "../../array/ndarray.js";
import { moveAxis } from "../batch-rules.js";
import * as op from "../ops.js";
import { LinearArg, shaped, type PrimitiveDef } from "../primitive.js";
import { bind } from "../trace.js";
import { DTypeError, ShapeError } from "../../errors/classes.js";
import { allocateFor, checkDTypeIn, describe, fromData, view } from "./common.js";

export interface DotGeneralParams {
  /** Contracted axes of lhs and rhs, paired in order. */
  readonly contracting: readonly [readonly number[], readonly number[]];
  /** Batch axes of lhs and rhs, paired in order. */
  readonly batch: readonly [readonly number[], readonly number[]];
}

function freeAxes(ndim: number, used: readonly number[]): number[] {
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => !used.includes(i));
}

/** Moves axes into `order` and copies to row-major when the view is not already so. */
function arrange(x: ConcreteArray, order: readonly number[]): NumericArray {
  const moved = view(
    x,
    order.map((p) => x.shape[p]!),
    order.map((p) => x.strides[p]!),
    x.offset,
  );
  return moved.values() as NumericArray;
}

const dotGeneral: PrimitiveDef<DotGeneralParams> = {
  name: "dotGeneral",
  // Bilinear: d(a·b) = da·b + a·db.
  jvp: ([a, b], [ta, tb], params) => [
    bind("dotGeneral", [a!, b!], params),
    op.addTangents(ta ? bind("dotGeneral", [ta, b!], params) : null, tb ? bind("dotGeneral", [a!, tb], params) : null),
  ],
  batch: ([a, b], [da, db], { contracting: [lc, rc], batch: [lb, rb] }) => {
    const up = (axes: readonly number[]) => axes.map((x) => x + 1);
    if (da !== null && db !== null) {
      // Both batched: one more batch axis pair, in front.
      const out = bind("dotGeneral", [moveAxis(a!, da!, 0), moveAxis(b!, db!, 0)], { contracting: [up(lc), up(rc)], batch: [[0, ...up(lb)], [0, ...up(rb)]] });
      return [out, 0];
    }
    if (da !== null) {
      // The batch axis of the left operand is its first free axis: it lands right after the batch axes.
      const out = bind("dotGeneral", [moveAxis(a!, da!, 0), b!], { contracting: [up(lc), rc], batch: [up(lb), rb] });
      return [out, lb.length];
    }
    const out = bind("dotGeneral", [a!, moveAxis(b!, db!, 0)], { contracting: [lc, up(rc)], batch: [lb, up(rb)] });
    return [out, lb.length + freeAxes(a!.shape.length, [...lc, ...lb]).length];
  },
  transpose: (ct, [a, b], params) => [
    a instanceof LinearArg ? transposeLhs(ct, a, b as NDArray, params) : null,
    b instanceof LinearArg ? transposeRhs(ct, a as NDArray, b, params) : null,
  ],
  abstractEval([lhs, rhs], { contracting: [lc, rc], batch: [lb, rb] }) {
    const a = lhs!;
    const b = rhs!;
    checkDTypeIn("dotGeneral", a, ["int32", "float32", "float64"]);
    const axesOk = (axes: readonly number[], nd: number): boolean => axes.every((x) => Number.isInteger(x) && x >= 0 && x < nd);
    const ok =
      a.dtype === b.dtype &&
      lc.length === rc.length &&
      lb.length === rb.length &&
      axesOk([...lc, ...lb], a.shape.length) &&
      axesOk([...rc, ...rb], b.shape.length) &&
      new Set([...lc, ...lb]).size === lc.length + lb.length &&
      new Set([...rc, ...rb]).size === rc.length + rb.length &&
      lc.every((x, i) => a.shape[x] === b.shape[rc[i]!]) &&
      lb.every((x, i) => a.shape[x] === b.shape[rb[i]!]);
    if (!ok) {
      throw new (a.dtype === b.dtype ? ShapeError : DTypeError)(
        "dotGeneral",
        `cannot contract ${describe([a, b])} over axes ${showShape(lc)} with ${showShape(rc)} (batch ${showShape(lb)} with ${showShape(rb)}); ` +
          `paired axes must exist and have equal sizes, and both operands one dtype.`,
        { shapes: [a.shape, b.shape], dtypes: [a.dtype, b.dtype] },
      );
    }
    const shape = [
      ...lb.map((x) => a.shape[x]!),
      ...freeAxes(a.shape.length, [...lc, ...lb]).map((x) => a.shape[x]!),
      ...freeAxes(b.shape.length, [...rc, ...rb]).map((x) => b.shape[x]!),
    ];
    return shaped(shape, a.dtype);
  },
  impl([lhs, rhs], { contracting: [lc, rc], batch: [lb, rb] }, out) {
    const a = lhs!;
    const b = rhs!;
    const lf = freeAxes(a.shape.length, [...lc, ...lb]);
    const rf = freeAxes(b.shape.length, [...rc, ...rb]);
    const batch = shapeSize(lb.map((x) => a.shape[x]!));
    const m = shapeSize(lf.map((x) => a.shape[x]!));
    const k = shapeSize(lc.map((x) => a.shape[x]!));
    const n = shapeSize(rf.map((x) => b.shape[x]!));
    const data = allocateFor(out) as NumericArray;
    if (data.length > 0) matmulBatched(arrange(a, [...lb, ...lf, ...lc]), arrange(b, [...rb, ...rc, ...rf]), data, batch, m, k, n);
    return fromData(out.shape, out.dtype, data);
  },
};

/** Position of each of `axes` once sorted (the order dotGeneral leaves contracted-away axes in). */
function sortedRank(axes: readonly number[]): number[] {
  const sorted = axes.slice().sort((x, y) => x - y);
  return axes.map((x) => sorted.indexOf(x));
}

/**
 * Cotangent of the left operand: contract the output cotangent's rhs-free axes with the right
 * operand's free axes (batching over batch axes), then put the axes back in the left operand's order.
 */
function transposeLhs(ct: NDArray, a: { shape: readonly number[] }, b: NDArray, { contracting: [lc, rc], batch: [lb, rb] }: DotGeneralParams): NDArray {
  const nb = lb.length;
  const lf = freeAxes(a.shape.length, [...lc, ...lb]);
  const rf = freeAxes(b.shape.length, [...rc, ...rb]);
  const ctRhsFree = rf.map((_, j) => nb + lf.length + j);
  const product = bind("dotGeneral", [ct, b], { contracting: [ctRhsFree, rf], batch: [lb.map((_, i) => i), rb] });
  // product axes: batch, lhs free, then the rhs contracting axes in sorted order.
  const position = new Array<number>(a.shape.length);
  lb.forEach((x, i) => (position[x] = i));
  lf.forEach((x, j) => (position[x] = nb + j));
  const ranks = sortedRank(rc);
  lc.forEach((x, k) => (position[x] = nb + lf.length + ranks[k]!));
  return position.every((p, i) => p === i) ? product : bind("transpose", [product], { perm: position });
}

/** Cotangent of the right operand (mirror of transposeLhs). */
function transposeRhs(ct: NDArray, a: NDArray, b: { shape: readonly number[] }, { contracting: [lc, rc], batch: [lb, rb] }: DotGeneralParams): NDArray {
  const nb = lb.length;
  const lf = freeAxes(a.shape.length, [...lc, ...lb]);
  const rf = freeAxes(b.shape.length, [...rc, ...rb]);
  const ctLhsFree = lf.map((_, j) => nb + j);
  const product = bind("dotGeneral", [a, ct], { contracting: [lf, ctLhsFree], batch: [lb, rb.map((_, i) => i)] });
  // product axes: batch, the lhs contracting axes in sorted order, then rhs free.
  const position = new Array<number>(b.shape.length);
  rb.forEach((x, i) => (position[x] = i));
  const ranks = sortedRank(lc);
  rc.forEach((x, k) => (position[x] = nb + ranks[k]!));
  rf.forEach((x, j) => (position[x] = nb + lc.length + j));
  return position.every((p, i) => p === i) ? product : bind("transpose", [product], { perm: position });
}

export const linalgPrimitives = { dotGeneral };
