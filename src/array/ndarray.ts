/**
 * NDArray: the immutable n-dimensional array value users hold.
 *
 * `NDArray` is abstract: a concrete array (`ConcreteArray`, elements in storage) and the tracers of
 * the transformations (core/trace.ts) are both NDArrays, so user code written against NDArray
 * runs unchanged under grad, vmap and jit. Arrays are never mutated and never freed by hand: the
 * garbage collector reclaims them.
 */
import type { DType, TypedArray } from "./dtype.js";
import { allocate } from "./dtype.js";
import { JaxonError, ShapeError } from "../errors/classes.js";
import { EDGE, formatArray, THRESHOLD } from "./format.js";
import { contiguousStrides, shapeSize, type Shape } from "./shape.js";
import type { Storage } from "./storage.js";

/** Every typed array an `np` function reads (integer kinds become int32; BigInt kinds when their values fit). */
export type InputTypedArray = TypedArray | Int8Array | Int16Array | Uint8ClampedArray | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array;
/** Anything an `np` function accepts as an array: arrays, JS numbers/booleans (weakly typed), nested JS arrays, typed arrays. */
export type ArrayLike = NDArray | number | boolean | NestedArray | InputTypedArray;
export type NestedArray = readonly (number | boolean | NDArray | NestedArray)[];
/** What `toArray()` returns. */
export type NestedValue = number | boolean | NestedValue[];

/** Reduction options: an axis, a list of axes, or `{ axis, keepdims }`. */
export type AxisArg = number | readonly number[] | null | undefined | { axis?: number | readonly number[] | null; keepdims?: boolean };

/** The methods of NDArray, implemented by the `np` layer (installed at load time to avoid an import cycle). */
export interface ArrayMethods {
  add(x: NDArray, y: ArrayLike): NDArray;
  sub(x: NDArray, y: ArrayLike): NDArray;
  mul(x: NDArray, y: ArrayLike): NDArray;
  div(x: NDArray, y: ArrayLike): NDArray;
  pow(x: NDArray, y: ArrayLike): NDArray;
  neg(x: NDArray): NDArray;
  matmul(x: NDArray, y: ArrayLike): NDArray;
  sum(x: NDArray, axis?: AxisArg): NDArray;
  mean(x: NDArray, axis?: AxisArg): NDArray;
  max(x: NDArray, axis?: AxisArg): NDArray;
  min(x: NDArray, axis?: AxisArg): NDArray;
  reshape(x: NDArray, shape: readonly number[]): NDArray;
  transpose(x: NDArray, axes?: readonly number[]): NDArray;
  astype(x: NDArray, dtype: DType): NDArray;
}

let methods: ArrayMethods | undefined;

/** Called once by the np layer. */
export function installArrayMethods(m: ArrayMethods): void {
  methods = m;
}

function m(): ArrayMethods {
  if (methods === undefined) throw new JaxonError("NDArray", "array methods used before the np layer was loaded; import from 'jaxon'.");
  return methods;
}

export abstract class NDArray {
  abstract readonly shape: Shape;
  abstract readonly dtype: DType;

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of elements. */
  get size(): number {
    return shapeSize(this.shape);
  }

  /**
   * The concrete value behind this array, for reading elements. Tracers of eager transformations
   * (jvp, grad) answer with their primal; abstract tracers (jit) throw, naming `op`.
   * @internal
   */
  abstract concrete(op: string): ConcreteArray;

  /** The elements as nested JS arrays (a number or boolean for rank 0). */
  toArray(): NestedValue {
    return this.concrete("toArray").toArray();
  }
  /** A fresh typed-array copy of the elements in row-major order (Uint8Array for bool). */
  data(): TypedArray {
    return this.concrete("data").data();
  }
  /** The single element of a size-1 array, as a JS number (or boolean for bool arrays). */
  item(): number | boolean {
    return this.concrete("item").item();
  }

  /**
   * JS comparisons and arithmetic on a size-1 array use its value (`if (loss.sum() > 0)`); under
   * jit or vmap this throws an error that says what to do instead.
   */
  [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string") return this.toString();
    const v = this.concrete("a JS comparison or arithmetic on an array").item();
    return typeof v === "boolean" ? Number(v) : v;
  }

  add(y: ArrayLike): NDArray {
    return m().add(this, y);
  }
  sub(y: ArrayLike): NDArray {
    return m().sub(this, y);
  }
  mul(y: ArrayLike): NDArray {
    return m().mul(this, y);
  }
  div(y: ArrayLike): NDArray {
    return m().div(this, y);
  }
  pow(y: ArrayLike): NDArray {
    return m().pow(this, y);
  }
  neg(): NDArray {
    return m().neg(this);
  }
  matmul(y: ArrayLike): NDArray {
    return m().matmul(this, y);
  }
  sum(axis?: AxisArg): NDArray {
    return m().sum(this, axis);
  }
  mean(axis?: AxisArg): NDArray {
    return m().mean(this, axis);
  }
  max(axis?: AxisArg): NDArray {
    return m().max(this, axis);
  }
  min(axis?: AxisArg): NDArray {
    return m().min(this, axis);
  }
  reshape(...shape: number[] | [readonly number[]]): NDArray {
    // No argument at all is refused by np.reshape (undefined is not a shape), as numpy refuses it.
    const dims = (Array.isArray(shape[0]) ? shape[0] : shape.length === 0 ? undefined : shape) as readonly number[];
    return m().reshape(this, dims);
  }
  transpose(axes?: readonly number[]): NDArray {
    return m().transpose(this, axes);
  }
  /** The transpose (axes reversed). */
  get T(): NDArray {
    return m().transpose(this);
  }
  astype(dtype: DType): NDArray {
    return m().astype(this, dtype);
  }
}

/**
 * An array whose elements are in storage: `shape`, `strides` (in elements, possibly 0 for
 * broadcast axes or negative for reversed ones) and `offset` into the storage. Reshapes,
 * transposes, broadcasts, reversals and strided slices are views; kernels that need row-major
 * input call `contiguous()`.
 */
export class ConcreteArray extends NDArray {
  readonly strides: readonly number[];
  readonly isContiguous: boolean;
  constructor(
    readonly shape: Shape,
    readonly dtype: DType,
    readonly storage: Storage,
    strides?: readonly number[],
    readonly offset = 0,
  ) {
    super();
    const rowMajor = contiguousStrides(shape);
    this.strides = strides ?? rowMajor;
    this.isContiguous = offset === 0 && storage.size === shapeSize(shape) && stridesMatch(shape, this.strides, rowMajor);
  }

  override concrete(): ConcreteArray {
    return this;
  }

  /** The row-major element view; copies when this array is a non-contiguous view. @internal */
  values(): TypedArray {
    if (this.isContiguous) return this.storage.view();
    return this.copyOut();
  }

  override data(): TypedArray {
    return this.isContiguous ? this.storage.view().slice() : this.copyOut();
  }

  override item(): number | boolean {
    if (this.size !== 1) {
      throw new ShapeError(
        "item",
        `only size-1 arrays convert to a JS value, but this array has shape [${this.shape.join(", ")}] (${this.size} elements); use toArray() or index first.`,
        { shapes: [this.shape] },
      );
    }
    const v = this.storage.view()[this.offset]!;
    return this.dtype === "bool" ? v !== 0 : v;
  }

  override toArray(): NestedValue {
    const flat = this.values();
    const isBool = this.dtype === "bool";
    const shape = this.shape;
    if (shape.length === 0) return isBool ? flat[0] !== 0 : flat[0]!;
    let pos = 0;
    const build = (dim: number): NestedValue[] => {
      const n = shape[dim]!;
      const out = new Array<NestedValue>(n);
      if (dim === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = isBool ? flat[pos++] !== 0 : flat[pos++]!;
      } else {
        for (let i = 0; i < n; i++) out[i] = build(dim + 1);
      }
      return out;
    };
    return build(0);
  }

  override toString(): string {
    if (this.size <= THRESHOLD) return formatArray(this.values(), this.shape, this.dtype);
    // Summarised, numpy prints EDGE elements at each end of every long axis: gather only those, plus
    // one placeholder per long axis where "..." goes (never printed), so that a huge broadcast view
    // prints without being materialised.
    const picks = this.shape.map((n) => (n > 2 * EDGE ? [...range(0, EDGE + 1), ...range(n - EDGE, n)] : range(0, n)));
    const compactShape = picks.map((p) => p.length);
    const out = allocate(this.dtype, shapeSize(compactShape));
    const src = this.storage.view();
    const idx = new Array<number>(picks.length).fill(0);
    for (let o = 0; o < out.length; o++) {
      let at = this.offset;
      for (let d = 0; d < picks.length; d++) at += picks[d]![idx[d]!]! * this.strides[d]!;
      out[o] = src[at]!;
      for (let d = picks.length - 1; d >= 0 && ++idx[d]! === compactShape[d]; d--) idx[d] = 0;
    }
    return formatArray(out, compactShape, this.dtype, true);
  }

  /** Gathers a strided view into fresh row-major storage. */
  private copyOut(): TypedArray {
    const n = this.size;
    const src = this.storage.view();
    const out = allocate(this.dtype, n);
    const shape = this.shape;
    const strides = this.strides;
    const nd = shape.length;
    if (n === 0) return out;
    if (nd === 0) {
      out[0] = src[this.offset]!;
      return out;
    }
    const inner = shape[nd - 1]!;
    const innerStride = strides[nd - 1]!;
    const idx = new Array<number>(nd).fill(0);
    let base = this.offset;
    let o = 0;
    for (;;) {
      for (let j = 0, p = base; j < inner; j++, p += innerStride) out[o++] = src[p]!;
      // Advance the multi-index over the outer dimensions.
      let d = nd - 2;
      for (; d >= 0; d--) {
        idx[d]!++;
        base += strides[d]!;
        if (idx[d]! < shape[d]!) break;
        base -= strides[d]! * shape[d]!;
        idx[d] = 0;
      }
      if (d < 0) return out;
    }
  }
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}

function stridesMatch(shape: Shape, strides: readonly number[], rowMajor: readonly number[]): boolean {
  if (strides.length !== shape.length) return false;
  for (let i = 0; i < shape.length; i++) {
    // Strides of length-1 axes never matter.
    if (shape[i]! !== 1 && strides[i] !== rowMajor[i]) return false;
  }
  return true;
}
