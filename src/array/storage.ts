/**
 * Storage: where an array's elements live. The eager JS backend keeps them in a typed array; a
 * WebAssembly backend implements the same interface over its linear memory (views there must be
 * re-taken after memory grows, hence `view()` rather than a field).
 */
import { allocate, type DType, type TypedArray } from "./dtype.js";

export interface Storage {
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** A typed-array view of the elements. Kernels read it and write only storage they allocated. */
  view(): TypedArray;
}

/** Storage in a JS typed array. */
export class HeapStorage implements Storage {
  constructor(
    readonly dtype: DType,
    private readonly array: TypedArray,
  ) {}
  get size(): number {
    return this.array.length;
  }
  view(): TypedArray {
    return this.array;
  }
}

/** Fresh zeroed storage. */
export function newStorage(dtype: DType, size: number): Storage {
  return new HeapStorage(dtype, allocate(dtype, size));
}

/** Wraps an existing typed array (taken over, not copied). */
export function wrapStorage(dtype: DType, array: TypedArray): Storage {
  return new HeapStorage(dtype, array);
}
