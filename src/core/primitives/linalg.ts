/**
 * dotGeneral: the one contraction primitive (matmul, dot, batched matmul, outer products), as in
 * XLA. Output axes are: batch axes, then lhs free axes, then rhs free axes.
 */
import { shapeSize, showShape } from "../../array/shape.js";
import { matmulBatched, type NumericArray } from "../../backend/js/matmul.js";
import type { ConcreteArray } from "../../array/ndarray.js";
import * as op from "../ops.js";
import { shaped, type PrimitiveDef } from "../primitive.js";
import { bind } from "../trace.js";
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
      throw new RangeError(
        `dotGeneral: cannot contract ${describe([a, b])} over axes ${showShape(lc)} with ${showShape(rc)} (batch ${showShape(lb)} with ${showShape(rb)}); ` +
          `paired axes must exist and have equal sizes, and both operands one dtype.`,
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

export const linalgPrimitives = { dotGeneral };
