/** Errors are part of the API: each names the operation, the shapes or dtypes, and the fix. */
import { describe, expect, it } from "vitest";
import * as np from "../../src/numpy/index.js";
import type { DType } from "../../src/array/dtype.js";
import { DTypeError, ShapeError, ValueError } from "../../src/errors/index.js";

const VALID_DTYPES = /"bool", "int32", "float32", "float64"/;

describe("broadcast mismatch", () => {
  it("binary ops name the op, both shapes, the axis and the fix", () => {
    const f = (): unknown => np.add(np.ones([2, 3]), np.ones([4]));
    expect(f).toThrow(ShapeError);
    expect(f).toThrow(/^np\.add: shapes \[2, 3\] and \[4\] cannot be broadcast together/);
    expect(f).toThrow(/axis -1 has sizes 3 and 4/);
    expect(f).toThrow(/reshape or expandDims/);
    expect(() => np.mul(np.ones([3, 1]), np.ones([2, 4]))).toThrow(/^np\.mul: shapes \[3, 1\] and \[2, 4\]/);
    expect(() => np.less(np.ones([2]), np.ones([3]))).toThrow(/^np\.less: shapes \[2\] and \[3\]/);
    expect(() => np.ones([2]).sub(np.ones([3]))).toThrow(/^np\.sub: shapes \[2\] and \[3\]/);
  });

  it("where names all three shapes", () => {
    expect(() => np.where(np.ones([2]), np.ones([3]), 0)).toThrow(/^np\.where: shapes \[2\] and \[3\] and \[\] cannot be broadcast/);
  });

  it("broadcastTo explains that the target must be at least as large", () => {
    expect(() => np.broadcastTo(np.ones([3]), [2])).toThrow(/^np\.broadcastTo: .*\[3\].*\[2\]/);
    expect(() => np.broadcastTo(np.ones([2, 3]), [3])).toThrow(/^np\.broadcastTo: cannot broadcast shape \[2, 3\] to \[3\]; the target must be at least as large/);
  });
});

describe("matmul and dot mismatch", () => {
  it("names both shapes, the mismatched sizes, and suggests a transpose", () => {
    const f = (): unknown => np.matmul(np.ones([2, 3]), np.ones([4, 5]));
    expect(f).toThrow(ShapeError);
    expect(f).toThrow(/^np\.matmul: shapes \[2, 3\] and \[4, 5\] are not aligned/);
    expect(f).toThrow(/\(3\).*\(4\)/);
    expect(f).toThrow(/transpose one operand/);
    expect(() => np.ones([2, 3]).matmul(np.ones([2, 3]))).toThrow(/^np\.matmul: shapes \[2, 3\] and \[2, 3\] are not aligned.*x\.T/);
    expect(() => np.matmul(np.ones([3]), np.ones([4]))).toThrow(/^np\.matmul: shapes \[3\] and \[4\] are not aligned/);
  });

  it("batch axes that do not broadcast: both full shapes are named", () => {
    expect(() => np.matmul(np.ones([2, 2, 3]), np.ones([3, 3, 4]))).toThrow(
      /^np\.matmul: the batch axes \[2\] and \[3\] of shapes \[2, 2, 3\] and \[3, 3, 4\] cannot be broadcast together.*reshape or expandDims/,
    );
  });

  it("scalars are refused, pointing to np.mul", () => {
    expect(() => np.matmul(np.ones([]), np.ones([3]))).toThrow(/^np\.matmul: operands must have at least one dimension, got shapes \[\] and \[3\]; use np.mul/);
  });

  it("dot names both shapes and suggests a fix", () => {
    expect(() => np.dot(np.ones([2, 3]), np.ones([2]))).toThrow(/^np\.dot: shapes \[2, 3\] and \[2\] are not aligned.*transpose one operand/);
  });
});

describe("bad reshape", () => {
  it("sizes that differ: both shapes and element counts, and the -1 hint", () => {
    const f = (): unknown => np.reshape(np.ones([2, 3]), [4, 2]);
    expect(f).toThrow(ShapeError);
    expect(f).toThrow(/^np\.reshape: cannot reshape shape \[2, 3\] \(6 elements\) to \[4, 2\] \(8 elements\).*use -1/);
    expect(() => np.ones([6]).reshape(4, 2)).toThrow(/^np\.reshape: cannot reshape shape \[6\]/);
  });

  it("an inferred dimension that does not divide", () => {
    expect(() => np.reshape(np.ones([2, 3]), [4, -1])).toThrow(/^np\.reshape: cannot reshape shape \[2, 3\] \(6 elements\) to \[4, -1\]; 6 is not divisible by 4/);
  });

  it("more than one -1, or other negative dimensions", () => {
    expect(() => np.reshape(np.ones([6]), [-1, -1])).toThrow(/^np\.reshape: shape \[-1, -1\] has more than one -1/);
    expect(() => np.reshape(np.ones([6]), [-2, -3])).toThrow(/^np\.reshape: shape .*-2.* non-negative integer/);
  });

  it("np.array's shape option", () => {
    expect(() => np.array([1, 2, 3], { shape: [2, 2] })).toThrow(/^np\.array: 3 values cannot fill shape \[2, 2\] \(4 elements\)/);
  });
});

describe("ragged and invalid nested input", () => {
  it("rows of different lengths: the index, the expected shape and the fix", () => {
    const f = (): unknown => np.array([[1, 2], [3]]);
    expect(f).toThrow(ValueError);
    expect(f).toThrow(/^np\.array: ragged nested array: at index \[1\] expected length 2 but found length 1; every row must have the same length \(shape \[2, 2\]\)/);
  });

  it("mixed depths, both ways round", () => {
    expect(() => np.array([1, [2]] as never)).toThrow(/^np\.array: ragged nested array: at index \[1\] expected a number but found an array of length 1/);
    expect(() => np.array([[1], 2] as never)).toThrow(/^np\.array: ragged nested array: at index \[1\] expected length 1 but found number 2/);
    expect(() => np.array([[[1, 2], [3, 4]], [[5, 6], [7]]])).toThrow(/at index \[1\]\[1\] expected length 2 but found length 1/);
  });

  it("non-numeric elements", () => {
    expect(() => np.array(["a"] as never)).toThrow(/^np\.array: nested arrays may hold only numbers and booleans, found string a/);
    expect(() => np.array([1, "a"] as never)).toThrow(/^np\.array: .*expected a number but found string a/);
    expect(() => np.array({} as never)).toThrow(/^np\.array: cannot make an array from an object.*pass a number, a boolean, a \(nested\) JS array or a typed array/);
  });
});

describe("unknown dtype", () => {
  it("lists the valid dtypes and names the function", () => {
    const bad = "float16" as DType;
    expect(() => np.array([1], { dtype: bad })).toThrow(DTypeError);
    expect(() => np.array([1], { dtype: bad })).toThrow(/^np\.array: unknown dtype "float16"; use one of "bool", "int32", "float32", "float64"/);
    expect(() => np.zeros([2], { dtype: bad })).toThrow(/^np\.zeros: unknown dtype "float16"/);
    expect(() => np.ones([2], { dtype: bad })).toThrow(/^np\.ones: unknown dtype/);
    expect(() => np.full([2], 1, { dtype: bad })).toThrow(/^np\.full: unknown dtype/);
    expect(() => np.zerosLike(np.ones([2]), { dtype: bad })).toThrow(/^np\.zerosLike: unknown dtype/);
    expect(() => np.arange(3, undefined, 1, { dtype: bad })).toThrow(/^np\.arange: unknown dtype/);
    expect(() => np.linspace(0, 1, 3, { dtype: bad })).toThrow(/^np\.linspace: unknown dtype/);
    expect(() => np.eye(2, { dtype: bad })).toThrow(/^np\.eye: unknown dtype/);
    expect(() => np.ones([2]).astype("int64" as DType)).toThrow(/^np\.astype: unknown dtype "int64"/);
    for (const f of [() => np.array([1], { dtype: bad }), () => np.ones([2]).astype(bad)]) expect(f).toThrow(VALID_DTYPES);
  });
});

describe("negative or fractional dimensions", () => {
  it("name the function, the shape and the bad dimension, and suggest rounding", () => {
    expect(() => np.zeros([-1, 2])).toThrow(ShapeError);
    expect(() => np.zeros([-1, 2])).toThrow(/^np\.zeros: shape \[-1,2\] has dimension -1; every dimension must be a non-negative integer/);
    expect(() => np.ones([2.5])).toThrow(/^np\.ones: shape \[2.5\] has dimension 2.5; .*Math.round or Math.floor/);
    expect(() => np.full([-3], 1)).toThrow(/^np\.full: .*dimension -3/);
    expect(() => np.zeros(-2)).toThrow(/^np\.zeros: .*dimension -2/);
    expect(() => np.eye(-1)).toThrow(/^np\.eye: .*dimension -1/);
    expect(() => np.eye(2.5)).toThrow(/^np\.eye: .*dimension 2.5/);
    expect(() => np.array([1], { shape: [0.5, 2] })).toThrow(/^np\.array: .*dimension 0.5/);
    expect(() => np.broadcastTo(np.ones([1]), [-1])).toThrow(/^np\.broadcastTo: shape \[-1\] has dimension -1/);
    expect(() => np.broadcastTo(np.ones([1]), [2.5])).toThrow(/^np\.broadcastTo: shape \[2.5\] has dimension 2.5/);
  });

  it("arange and linspace check their counts", () => {
    expect(() => np.arange(0, 1, 0)).toThrow(/^np\.arange: .*step nonzero/);
    expect(() => np.arange(0, Infinity)).toThrow(/^np\.arange: .*finite/);
    expect(() => np.linspace(0, 1, -1)).toThrow(/^np\.linspace: num must be a non-negative integer, got -1/);
    expect(() => np.linspace(0, 1, 2.5)).toThrow(/^np\.linspace: num must be a non-negative integer/);
  });
});

describe("out-of-range axis", () => {
  const x = np.ones([2, 3]);
  it("reductions name the op, the axis, the rank and the valid range", () => {
    expect(() => np.sum(x, 2)).toThrow(ShapeError);
    expect(() => np.sum(x, 2)).toThrow(/^np\.sum: axis 2 is out of range for an array of rank 2; use an integer in \[-2, 1\]/);
    expect(() => np.max(x, -3)).toThrow(/^np\.max: axis -3 is out of range for an array of rank 2/);
    expect(() => np.mean(x, { axis: [0, 5] })).toThrow(/^np\.mean: axis 5/);
    expect(() => x.min({ axis: 7 })).toThrow(/^np\.min: axis 7/);
    expect(() => np.prod(x, 0.5)).toThrow(/^np\.prod: axis 0.5/);
    expect(() => np.argmax(x, 2)).toThrow(/^np\.argmax: axis 2 is out of range/);
    expect(() => np.cumsum(x, 2)).toThrow(/^np\.cumsum: axis 2 is out of range/);
    expect(() => np.var(x, 3)).toThrow(/^np\.var: axis 3/);
    expect(() => np.std(x, { axis: -3 })).toThrow(/^np\.std: axis -3/);
  });

  it("repeated axes are refused", () => {
    expect(() => np.sum(x, [0, -2])).toThrow(/^np\.sum: repeated axis in \[0,-2\]; list each axis once/);
  });

  it("rank-0 arrays have no axes", () => {
    expect(() => np.sum(np.ones([]), 0)).toThrow(/^np\.sum: axis 0 is out of range: an array of rank 0 has no axes/);
  });

  it("shape ops name themselves", () => {
    expect(() => np.concatenate([np.ones([2])], 1)).toThrow(/^np\.concatenate: axis 1 is out of range for an array of rank 1/);
    expect(() => np.expandDims(np.ones([2]), 3)).toThrow(/^np\.expandDims: axis 3 is out of range for an array of rank 2/);
    expect(() => np.squeeze(np.ones([2, 1]), 5)).toThrow(/^np\.squeeze: axis 5 is out of range/);
    expect(() => np.take(np.ones([2]), [0], 1)).toThrow(/^np\.take: axis 1 is out of range/);
    expect(() => np.split(np.ones([2]), 2, 1)).toThrow(/^np\.split: axis 1 is out of range/);
    expect(() => np.stack([np.ones([2])], 2)).toThrow(/^np\.stack: axis 2 is out of range for an array of rank 2/);
    expect(() => np.swapaxes(np.ones([2]), 0, 1)).toThrow(/^np\.swapaxes: axis 1/);
    expect(() => np.transpose(np.ones([2, 3]), [0, 0])).toThrow(/^np\.transpose: axes \[0, 0\] are not a permutation of the 2 axes of shape \[2, 3\]; list each axis exactly once/);
    expect(() => np.transpose(np.ones([2, 3]), [0, 1, 2])).toThrow(/^np\.transpose: .*not a permutation/);
  });
});

describe("take index out of bounds", () => {
  it("names the index, the axis, its size and the valid range", () => {
    const x = np.array([1, 2, 3]);
    expect(() => np.take(x, [3])).toThrow(ValueError);
    expect(() => np.take(x, [3])).toThrow(/^np\.take: index 3 is out of bounds for axis 0 with size 3.*use indices in \[-3, 2\]/);
    expect(() => np.take(x, [-4])).toThrow(/^np\.take: index -4 is out of bounds/);
    expect(() => np.take(np.ones([2, 3]), [0, 3], 1)).toThrow(/^np\.take: index 3 is out of bounds for axis 1 with size 3/);
  });

  it("fractional JS indices are refused, not truncated", () => {
    expect(() => np.take(np.array([1, 2]), [0, 1.5])).toThrow(/^np\.take: index 1.5 is not an integer \(indices of shape \[2\]\); round the indices/);
    expect(np.take(np.array([1, 2]), new Float64Array([1])).toArray()).toEqual([2]);
  });

  it("float indices are refused with the conversion to use", () => {
    expect(() => np.take(np.array([1, 2]), np.array([1]))).toThrow(/^np\.take: indices must be int32, got float32 with shape \[1\]; convert with indices.astype\("int32"\)/);
  });
});

describe("other misuse", () => {
  it("a JS integer too large for the int32 operand is refused, not wrapped", () => {
    const i = np.array([1], { dtype: "int32" });
    expect(() => i.add(2 ** 31)).toThrow(/^np\.add: the JS number 2147483648 does not fit in int32.*astype\("float64"\)/);
    expect(() => np.less(i, -(2 ** 31) - 1)).toThrow(/^np\.less: the JS number -2147483649 does not fit in int32/);
    expect(i.add(2 ** 31 - 1).toArray()).toEqual([-2147483648]);
    expect(i.add(2 ** 31 + 0.5).dtype).toBe("float32");
  });

  it("concatenate and stack with mismatched shapes", () => {
    expect(() => np.concatenate([np.ones([2, 3]), np.ones([2, 4])])).toThrow(/^np\.concatenate: array 1 has shape \[2, 4\] but array 0 has \[2, 3\]; all sizes except along axis 0 must match/);
    expect(() => np.concatenate([])).toThrow(/^np\.concatenate: needs at least one array/);
    expect(() => np.concatenate([np.ones([])])).toThrow(/^np\.concatenate: zero-dimensional arrays cannot be concatenated; use np.stack/);
    expect(() => np.stack([np.ones([2]), np.ones([3])])).toThrow(/^np\.stack: array 1 has shape \[3\] but array 0 has \[2\]/);
  });

  it("split into unequal sections", () => {
    expect(() => np.split(np.ones([5]), 2)).toThrow(/^np\.split: axis 0 of shape \[5\] \(size 5\) cannot be split into 2 equal sections; give a divisor of 5/);
  });

  it("squeeze of an axis that is not size 1", () => {
    expect(() => np.squeeze(np.ones([2, 1]), 0)).toThrow(/^np\.squeeze: axis 0 of shape \[2, 1\] has size 2, not 1/);
  });

  it("slice: index out of bounds, too many specs, zero step", () => {
    expect(() => np.slice(np.ones([3]), 3)).toThrow(/^np\.slice: index 3 is out of bounds for axis 0 with size 3 \(shape \[3\]\); use an integer in \[-3, 2\]/);
    expect(() => np.slice(np.ones([3]), 0, 0)).toThrow(/^np\.slice: 2 index specs for an array of rank 1 \(shape \[3\]\)/);
    expect(() => np.slice(np.ones([3]), [0, 3, 0])).toThrow(/^np\.slice: step 0 on axis 0 must be a nonzero integer/);
  });

  it("item of an array with more than one element", () => {
    expect(() => np.ones([2]).item()).toThrow(/^item: only size-1 arrays convert to a JS value, but this array has shape \[2\].*use toArray\(\)/);
  });

  it("max, min, argmax of empty arrays", () => {
    expect(() => np.max(np.zeros([0]))).toThrow(/^np\.max: cannot reduce the empty axis of shape \[0\]/);
    expect(() => np.min(np.zeros([2, 0]), 1)).toThrow(/^np\.min: cannot reduce the empty axis of shape \[2, 0\]/);
    expect(() => np.argmax(np.zeros([0]))).toThrow(/^np\.argmax: .*empty/);
  });
});
