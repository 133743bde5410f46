/**
 * Odd and wrong arguments for the bad-input fuzz: arrays of every rank 0–5 (zero-size dims
 * included) and dtype, special numbers, strings, ragged nested arrays, typed arrays of every
 * kind, option objects with right and misspelt keys, shapes that are negative, fractional or
 * huge, functions, keys and trees. Sizes stay small unless they are absurd (then the call must
 * refuse at once), so that no legitimate call runs long.
 */
import fc from "fast-check";
import { np, random, type NDArray } from "../../src/index.js";
import type { DType } from "../../src/array/dtype.js";

/** Numbers that break naive code. */
export const specialNumbers = [0, -0, 1, -1, 2, 3, 0.5, -2.5, 1.5, NaN, Infinity, -Infinity, 5e-324, 1e-40, 3.4e38, 1e300, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 3e9, 2 ** 53, 7];

const dtypes: readonly DType[] = ["float32", "float64", "int32", "bool"];

const elementValue = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(...specialNumbers) },
);

/** A small shape of rank 0–5, sometimes with a zero-size dimension. */
export const smallShape: fc.Arbitrary<number[]> = fc.array(fc.constantFrom<number>(0, 1, 1, 2, 2, 3), { maxLength: 5 }).filter((s) => s.reduce((a, b) => a * b, 1) <= 64);

/** An NDArray of any dtype, rank 0–5, with special values. */
export const anyArray: fc.Arbitrary<NDArray> = fc
  .tuple(smallShape, fc.constantFrom(...dtypes), fc.array(elementValue, { minLength: 64, maxLength: 64 }), fc.boolean())
  .map(([shape, dtype, values, transposed]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const a = np.array(values.slice(0, n), { dtype: "float64" }).reshape(shape).astype(dtype);
    // A strided view now and then: kernels must not assume contiguous input.
    return transposed && shape.length >= 2 ? np.transpose(a) : a;
  });

/** A well-formed float32 array, the kind most functions expect. */
export const floatArray: fc.Arbitrary<NDArray> = fc
  .tuple(smallShape, fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 64, maxLength: 64 }))
  .map(([shape, values]) => np.array(values.slice(0, shape.reduce((a, b) => a * b, 1))).reshape(shape));

const typedArrays = fc.constantFrom(
  () => new Float32Array([1, 2, 3]),
  () => new Float64Array([1, NaN]),
  () => new Int8Array([-1, 2]),
  () => new Int16Array([3]),
  () => new Int32Array([4, 5]),
  () => new Uint8Array([255]),
  () => new Uint16Array([65535]),
  () => new Uint32Array([4294967295]),
  () => new Uint8ClampedArray([7]),
  () => new BigInt64Array([1n]),
  () => new BigUint64Array([2n]),
  () => new DataView(new ArrayBuffer(4)),
);

/** Shapes, good and bad. */
export const shapeLike = fc.oneof(
  smallShape,
  fc.constantFrom<unknown[]>([-1], [2, -1], [1.5], [NaN], [Infinity], [1e10], [3e9], [1e6, 1e6], [2 ** 31], ["2"], [null], [[2]], []),
);

const optionKeys = ["axis", "axes", "keepdims", "keepDims", "dtype", "dtpye", "shape", "k", "num", "endpoint", "inAxes", "outAxes", "argnums", "staticArgnums", "hasAux", "ddof", "rtol", "atol", "epochs", "batchSize", "learningRate", "seed", "extra"];
const optionValue = fc.oneof(
  fc.constantFrom<unknown>(0, 1, -1, 2, 0.5, NaN, 3e9, true, false, null, undefined, "int32", "float32", "nope", [0], [0, 0], [], {}),
  fc.constantFrom(...dtypes),
);

/** Options objects: right names, misspelt names, wrong value types. */
export const options = fc.dictionary(fc.constantFrom(...optionKeys), optionValue, { maxKeys: 3 });

/** Functions a user might pass, well- and ill-behaved. */
export const userFunctions = fc.constantFrom<(...args: any[]) => unknown>(
  (x: NDArray) => x,
  (x: NDArray) => np.sum(x),
  (x: NDArray) => np.sum(np.mul(x, x)),
  (x: NDArray) => np.tanh(x),
  (x: NDArray, y: NDArray) => np.add(x, y),
  () => 42,
  () => "a string",
  () => ({ a: np.ones([]) }),
  () => [np.ones([2]), np.zeros([])],
  (x: unknown) => [x, x],
);

const nested = fc.constantFrom<unknown>(
  [1, 2, 3],
  [[1, 2], [3, 4]],
  [[1, 2], [3]],
  [[1], 2],
  [1, "a"],
  [[[]]],
  [[], []],
  [true, false],
  [1, true],
  [np.ones([2]), np.ones([2])],
  [np.ones([2]), np.ones([3])],
  [undefined],
  [null, 1],
  [[1, 2], [3, 4], [5, 6]],
);

/** Any argument at all. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: anyArray },
  { weight: 4, arbitrary: floatArray },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...specialNumbers) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("a", "0", "", "float32", "int32", "sum", true, false, null, undefined, 1n, Symbol("s")) },
  { weight: 2, arbitrary: nested },
  { weight: 1, arbitrary: typedArrays.map((make) => make()) },
  { weight: 2, arbitrary: shapeLike },
  { weight: 2, arbitrary: options },
  { weight: 1, arbitrary: userFunctions },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(new Map([["a", 1]]), new Date(0), { a: np.ones([2]), b: [np.zeros([]), 1] }, { w: np.ones([2, 2]), b: np.zeros([2]) }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((s) => random.key(s)) },
);

/** Argument lists of 0–4 values. */
export const argumentLists = fc.array(anyValue, { maxLength: 4 });
