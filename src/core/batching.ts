/**
 * Vectorisation: the batching interpreter behind `vmap`. A BatchTracer carries a value and the
 * axis of it that is the batch axis (null when the value is the same for every batch member).
 * Each primitive's `batch` rule maps a batched application to one primitive application on the
 * whole batch; rules call `bind`, so vmap nests and composes with grad and jit.
 */
import type { ConcreteArray, NDArray } from "../array/ndarray.js";
import type { PrimitiveDef, ShapedArray } from "./primitive.js";
import type { PrimitiveName } from "./params.js";
import { TracerError } from "../errors/index.js";
import { bind, checkNotLeaked, checkRuleResult, Trace, Tracer, typeOf, type MainTrace } from "./trace.js";

export { batchFirst, batchOffsets, moveAxis } from "./batch-rules.js";

/** A batching rule: the output and its batch axis, from operands and their batch axes (null = unbatched). */
export type BatchRule<P> = (args: readonly NDArray[], dims: readonly (number | null)[], params: P, size: number) => readonly [NDArray, number | null];

export class BatchTracer extends Tracer {
  constructor(
    readonly trace: BatchTrace,
    readonly value: NDArray,
    readonly batchDim: number | null,
  ) {
    super();
  }
  get aval(): ShapedArray {
    if (this.batchDim === null) return this.value;
    const shape = this.value.shape.filter((_, i) => i !== this.batchDim);
    return { shape, dtype: this.value.dtype };
  }
  override get shape(): readonly number[] {
    return this.aval.shape;
  }
  override get dtype(): NDArray["dtype"] {
    return this.value.dtype;
  }
  override concrete(op: string): ConcreteArray {
    checkNotLeaked(this, op);
    if (this.batchDim === null) return this.value.concrete(op);
    throw new TracerError(
      op,
      `this ${typeOf(this)} array is batched by vmap (it stands for ${this.trace.size} different values), so it has no single value to read. ` +
        `Use np.where instead of if/else on array values, or read values outside vmap.`,
      { shapes: [this.shape], dtypes: [this.dtype] },
    );
  }
  /** An unbatched value converts as its value does; a batched one stands for many numbers and refuses. */
  protected override primitiveValue(hint: string): number | string {
    checkNotLeaked(this, "a JS comparison or arithmetic on an array");
    if (this.batchDim === null) return this.value[Symbol.toPrimitive](hint);
    throw new TracerError(
      this.trace.main.name,
      `JS arithmetic or a JS comparison (x * y, x > 0, Number(x)) was used on a ${typeOf(this)} array batched by vmap: it stands for ${this.trace.size} different values, not one JS number. ` +
        `Use np functions or array methods (np.mul(x, y) or x.mul(y), np.greater(x, 0)) and np.where instead of if/else on values.`,
      { shapes: [this.shape], dtypes: [this.dtype] },
    );
  }
  override fullLower(): NDArray {
    return this.batchDim === null ? this.value : this;
  }
}

export class BatchTrace extends Trace {
  readonly size: number;
  constructor(main: MainTrace) {
    super(main);
    this.size = (main.globalData as { size: number }).size;
  }
  pure(x: ConcreteArray): Tracer {
    return new BatchTracer(this, x, null);
  }
  lift(x: Tracer): Tracer {
    return new BatchTracer(this, x, null);
  }
  processPrimitive<P>(prim: PrimitiveDef<P>, args: readonly Tracer[], params: P): Tracer {
    const values = args.map((t) => (t as BatchTracer).value);
    const dims = args.map((t) => (t as BatchTracer).batchDim);
    if (dims.every((d) => d === null)) return new BatchTracer(this, bind(prim.name as PrimitiveName, values, params as never), null);
    const [out, dim] = prim.batch(values, dims, params, this.size);
    checkRuleResult(this.main, prim.name, params, out);
    return new BatchTracer(this, out, dim);
  }
}

