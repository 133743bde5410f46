/** Products: matmul (numpy semantics, batched with broadcasting), dot, outer. */
import type { ArrayLike, NDArray } from "../array/ndarray.js";
import { broadcastShapes, showShape } from "../array/shape.js";
import { bind } from "../core/trace.js";
import { ShapeError } from "../errors/classes.js";
import { broadcastTo, castAll, resultDType, toArrays } from "./broadcast.js";
import { mul, notEqual } from "./elementwise.js";
import { ravel, reshape } from "./shape.js";

/** Promoted operands; products of two bools are computed in int32 and read back as bool (any nonzero term), as numpy's. */
function operands(op: string, x: ArrayLike, y: ArrayLike): [NDArray, NDArray, boolean] {
  const values = toArrays([x, y], op);
  const dtype = resultDType(values);
  const [a, b] = castAll(values, dtype === "bool" ? "int32" : dtype, op);
  return [a!, b!, dtype === "bool"];
}

const asBool = (out: NDArray, isBool: boolean): NDArray => (isBool ? notEqual(out, 0) : out);

/**
 * Matrix product with numpy's rules: 1-D operands are vectors, leading axes are batch axes that
 * broadcast. @example np.matmul(np.ones([2, 3]), np.ones([3, 4])).shape // [2, 4]
 */
export function matmul(x: ArrayLike, y: ArrayLike): NDArray {
  const [a0, b0, isBool] = operands("matmul", x, y);
  return asBool(matmulOf(a0, b0), isBool);
}

function matmulOf(a0: NDArray, b0: NDArray): NDArray {
  if (a0.ndim === 0 || b0.ndim === 0) {
    throw new ShapeError("matmul", `operands must have at least one dimension, got shapes ${showShape(a0.shape)} and ${showShape(b0.shape)}; use np.mul for scalars.`, {
      shapes: [a0.shape, b0.shape],
    });
  }
  const a = a0.ndim === 1 ? reshape(a0, [1, a0.shape[0]!]) : a0;
  const b = b0.ndim === 1 ? reshape(b0, [b0.shape[0]!, 1]) : b0;
  const k = a.shape[a.ndim - 1]!;
  if (b.shape[b.ndim - 2] !== k) {
    throw new ShapeError(
      "matmul",
      `shapes ${showShape(a0.shape)} and ${showShape(b0.shape)} are not aligned: the last axis of the first (${k}) must equal the ${b0.ndim === 1 ? "only" : "second-to-last"} axis of the second (${b.shape[b.ndim - 2]}); transpose one operand (x.T) or fix the layer sizes.`,
      { shapes: [a0.shape, b0.shape] },
    );
  }
  let out: NDArray;
  if (b.ndim === 2) {
    // No batch on the right: contract directly, keeping every leading axis of the left operand.
    out = bind("dotGeneral", [a, b], { contracting: [[a.ndim - 1], [0]], batch: [[], []] });
  } else {
    const batchA = a.shape.slice(0, -2);
    const batchB = b.shape.slice(0, -2);
    let batch: number[];
    try {
      batch = broadcastShapes("matmul", batchA, batchB);
    } catch {
      // Name the operands' full shapes, not only their batch parts.
      throw new ShapeError(
        "matmul",
        `the batch axes ${showShape(batchA)} and ${showShape(batchB)} of shapes ${showShape(a0.shape)} and ${showShape(b0.shape)} cannot be broadcast together; leading axes must be equal or 1 when aligned from the right — reshape or expandDims one operand.`,
        { shapes: [a0.shape, b0.shape] },
      );
    }
    const ab = broadcastTo(a, [...batch, ...a.shape.slice(-2)], "matmul");
    const bb = broadcastTo(b, [...batch, ...b.shape.slice(-2)], "matmul");
    const nb = batch.length;
    const batchAxes = batch.map((_, i) => i);
    out = bind("dotGeneral", [ab, bb], { contracting: [[nb + 1], [nb]], batch: [batchAxes, batchAxes] });
  }
  if (a0.ndim === 1 && b0.ndim === 1) return reshape(out, []);
  if (a0.ndim === 1) return reshape(out, [...out.shape.slice(0, -2), out.shape[out.ndim - 1]!]);
  if (b0.ndim === 1) return reshape(out, out.shape.slice(0, -1));
  return out;
}

/**
 * numpy's dot: products with scalars, inner product of vectors, and otherwise a sum over the last
 * axis of x and the second-to-last of y (the last when y is 1-D). @example np.dot([1, 2], [3, 4]) // 11
 */
export function dot(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b, isBool] = operands("dot", x, y);
  return asBool(dotOf(a, b), isBool);
}

function dotOf(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) return mul(a, b);
  const bAxis = b.ndim === 1 ? 0 : b.ndim - 2;
  if (a.shape[a.ndim - 1] !== b.shape[bAxis]) {
    throw new ShapeError(
      "dot",
      `shapes ${showShape(a.shape)} and ${showShape(b.shape)} are not aligned: ${a.shape[a.ndim - 1]} (last axis of the first) != ${b.shape[bAxis]} (axis ${bAxis} of the second); transpose one operand (x.T) or fix the sizes.`,
      { shapes: [a.shape, b.shape] },
    );
  }
  return bind("dotGeneral", [a, b], { contracting: [[a.ndim - 1], [bAxis]], batch: [[], []] });
}

/** Outer product of the flattened inputs. @example np.outer([1, 2], [1, 10, 100]).shape // [2, 3] */
export function outer(x: ArrayLike, y: ArrayLike): NDArray {
  const [a, b, isBool] = operands("outer", x, y);
  const u = ravel(a);
  const v = ravel(b);
  return asBool(mul(reshape(u, [u.size, 1]), reshape(v, [1, v.size])), isBool);
}
