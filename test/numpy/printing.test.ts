/**
 * toString: numpy's repr, adapted to jaxon's default dtype (the dtype is shown unless it is float32,
 * the default, or bool, as numpy omits its own default float64).
 */
import { describe, expect, it } from "vitest";
import * as np from "../../src/numpy/index.js";

describe("toString, numpy-like", () => {
  it("1-D float32: trailing dots, no dtype", () => {
    expect(np.array([1, 2, 3]).toString()).toBe("array([1., 2., 3.])");
    expect(String(np.array([1, 2, 3]))).toBe("array([1., 2., 3.])");
    expect(`${np.array([0.5])}`).toBe("array([0.5])");
  });

  it("fractions are padded to a common width, numbers right-aligned", () => {
    expect(np.array([0.5, 1.25]).toString()).toBe("array([0.5 , 1.25])");
    expect(np.array([-1, 2.5]).toString()).toBe("array([-1. ,  2.5])");
    expect(np.array([1.5, 100]).toString()).toBe("array([  1.5, 100. ])");
  });

  it("at most 8 significant digits; float32 shows its shortest digits", () => {
    expect(np.array([1 / 3], { dtype: "float64" }).toString()).toBe("array([0.33333333], dtype=float64)");
    expect(np.array([1 / 3]).toString()).toBe("array([0.33333334])");
    expect(np.array([0.1]).toString()).toBe("array([0.1])");
  });

  it("2-D rows align under the first, after 'array(['", () => {
    expect(np.array([[1, 2], [3, 4]]).toString()).toBe("array([[1., 2.],\n       [3., 4.]])");
  });

  it("3-D blocks are separated by a blank line", () => {
    expect(np.arange(8).reshape(2, 2, 2).toString()).toBe("array([[[0, 1],\n        [2, 3]],\n\n       [[4, 5],\n        [6, 7]]], dtype=int32)");
  });

  it("int32 shows its dtype and right-aligns", () => {
    expect(np.arange(6).reshape(2, 3).toString()).toBe("array([[0, 1, 2],\n       [3, 4, 5]], dtype=int32)");
    expect(np.array([-5, 10, 200], { dtype: "int32" }).toString()).toBe("array([ -5,  10, 200], dtype=int32)");
  });

  it("float64 shows its dtype", () => {
    expect(np.array([0.1, 0.25], { dtype: "float64" }).toString()).toBe("array([0.1 , 0.25], dtype=float64)");
  });

  it("bool prints True/False padded to equal width", () => {
    expect(np.array([true, false]).toString()).toBe("array([ True, False])");
    expect(np.array([[true], [false]]).toString()).toBe("array([[ True],\n       [False]])");
  });

  it("rank 0", () => {
    expect(np.array(3.5).toString()).toBe("array(3.5)");
    expect(np.array(3).toString()).toBe("array(3.)");
    expect(np.array(-0.5).toString()).toBe("array(-0.5)");
    expect(np.array(2, { dtype: "int32" }).toString()).toBe("array(2, dtype=int32)");
  });

  it("large and tiny magnitudes switch to scientific notation", () => {
    expect(np.array([1e8, 1], { dtype: "float64" }).toString()).toBe("array([1.e+08, 1.e+00], dtype=float64)");
    expect(np.array([1e-5, 1], { dtype: "float64" }).toString()).toBe("array([1.e-05, 1.e+00], dtype=float64)");
    expect(np.array([1.5e-5, 1], { dtype: "float64" }).toString()).toBe("array([1.5e-05, 1.0e+00], dtype=float64)");
    expect(np.array([0.001, 1], { dtype: "float64" }).toString()).toBe("array([0.001, 1.   ], dtype=float64)");
  });

  it("more than 1000 elements are summarised with the three edge items of every axis", () => {
    expect(np.arange(2000).toString()).toBe("array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)");
    expect(np.arange(2000).reshape(40, 50).toString()).toBe(
      [
        "array([[   0,    1,    2, ...,   47,   48,   49],",
        "       [  50,   51,   52, ...,   97,   98,   99],",
        "       [ 100,  101,  102, ...,  147,  148,  149],",
        "       ...,",
        "       [1850, 1851, 1852, ..., 1897, 1898, 1899],",
        "       [1900, 1901, 1902, ..., 1947, 1948, 1949],",
        "       [1950, 1951, 1952, ..., 1997, 1998, 1999]], dtype=int32)",
      ].join("\n"),
    );
  });

  it("empty 1-D arrays", () => {
    expect(np.array([]).toString()).toBe("array([])");
    expect(np.array([], { dtype: "int32" }).toString()).toBe("array([], dtype=int32)");
  });

  it("views print in their own order", () => {
    const x = np.arange(6).reshape(2, 3);
    expect(x.T.toString()).toBe("array([[0, 3],\n       [1, 4],\n       [2, 5]], dtype=int32)");
    expect(np.slice(x, null, [null, null, -1]).toString()).toBe("array([[2, 1, 0],\n       [5, 4, 3]], dtype=int32)");
    expect(np.broadcastTo(np.array([1, 2]), [2, 2]).toString()).toBe("array([[1., 2.],\n       [1., 2.]])");
  });

  // numpy's finer printing rules.
  describe("numpy's finer printing rules", () => {
    it("nan and inf share the column width of the numbers", () => {
      expect(np.array([NaN, 1]).toString()).toBe("array([nan,  1.])");
      expect(np.array([Infinity, -Infinity, 1.5]).toString()).toBe("array([ inf, -inf,  1.5])");
    });

    it("rank-0 bool is not padded", () => {
      expect(np.array(true).toString()).toBe("array(True)");
    });

    it("long rows wrap at numpy's line width of 75", () => {
      expect(np.arange(30).astype("float32").toString()).toBe(
        "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n" +
          "       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n" +
          "       26., 27., 28., 29.])",
      );
    });

    it("float32 in scientific notation shows float32's shortest digits", () => {
      expect(np.array([1e-5, 1]).toString()).toBe("array([1.e-05, 1.e+00])");
    });

    it("scientific notation also when max/min of the nonzero magnitudes exceeds 1000", () => {
      expect(np.array([1e-4, 1], { dtype: "float64" }).toString()).toBe("array([1.e-04, 1.e+00], dtype=float64)");
    });

    it("negative zero keeps its sign", () => {
      expect(np.array([0, -0]).toString()).toBe("array([ 0., -0.])");
    });
  });
});
