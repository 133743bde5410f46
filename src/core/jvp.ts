/**
 * Forward mode: the JVP interpreter. A JVPTracer carries a primal and a tangent (null is a
 * symbolic zero, so untouched inputs cost nothing). Each primitive's `jvp` rule computes the
 * output tangent with `bind`, so rules are themselves differentiable and JVPs nest to any order.
 */
import type { TypedArray } from "../array/dtype.js";
import type { ConcreteArray, NDArray, NestedValue } from "../array/ndarray.js";
import type { PrimitiveDef } from "./primitive.js";
import type { PrimitiveName } from "./registry.js";
import { TracerError } from "../errors/index.js";
import { bind, checkNotLeaked, checkRuleResult, Trace, Tracer, typeOf, type MainTrace } from "./trace.js";

/** A forward-mode rule: output primal and tangent from input primals and tangents (null = zero). */
export type JvpRule<P> = (primals: readonly NDArray[], tangents: readonly (NDArray | null)[], params: P) => readonly [NDArray, NDArray | null];

export class JVPTracer extends Tracer {
  constructor(
    readonly trace: JVPTrace,
    readonly primal: NDArray,
    readonly tangent: NDArray | null,
  ) {
    super();
  }
  get aval(): { shape: readonly number[]; dtype: NDArray["dtype"] } {
    return this.primal;
  }
  override get shape(): readonly number[] {
    return this.primal.shape;
  }
  override get dtype(): NDArray["dtype"] {
    return this.primal.dtype;
  }
  /** Eager forward mode knows the primal, so JS control flow on values works (`x.item() > 0`). */
  override concrete(op: string): ConcreteArray {
    checkNotLeaked(this, op);
    return this.primal.concrete(op);
  }
  /**
   * JS arithmetic would turn the array into a plain number and drop its derivative without a
   * trace (`grad((v) => v * v)` would silently be 0), so it is refused while the array carries a
   * derivative; `item()` still reads the primal for control flow. Without a tangent (a value that
   * does not depend on the differentiated inputs) the primal's own conversion applies.
   */
  /**
   * Reading all the elements out as JS values would drop the derivative just as silently (JAX
   * refuses converting such a tracer to a NumPy array), so toArray()/data() are refused while the
   * array carries a derivative; item() stays, for control flow.
   */
  override toArray(): NestedValue {
    this.refuseConversion("toArray");
    return super.toArray();
  }
  override data(): TypedArray {
    this.refuseConversion("data");
    return super.data();
  }
  private refuseConversion(what: string): void {
    checkNotLeaked(this, what);
    if (this.tangent === null) return;
    const name = this.trace.main.name;
    throw new TracerError(
      name,
      `${what}() was called on a ${typeOf(this)} array that ${name} is differentiating; the JS values it returns carry no derivative, so anything computed from them would silently get a zero gradient. ` +
        `Compute with np functions on the array itself; use x.item() to read a size-1 value for control flow, or stopGradient(x) first if dropping the derivative is what you mean.`,
      { shapes: [this.shape], dtypes: [this.dtype] },
    );
  }
  protected override primitiveValue(hint: string): number | string {
    checkNotLeaked(this, "a JS comparison or arithmetic on an array");
    if (this.tangent === null) return this.primal[Symbol.toPrimitive](hint);
    const name = this.trace.main.name;
    throw new TracerError(
      name,
      `JS arithmetic or a JS comparison (x * y, x + 1, x > 0, Number(x)) was used on a ${typeOf(this)} array that ${name} is differentiating; ` +
        `it would turn the array into a plain JS number and silently drop its derivative. ` +
        `Use np functions or array methods for arithmetic (np.mul(x, y) or x.mul(y) instead of x * y, np.greater(x, 0) instead of x > 0), ` +
        `and x.item() to read its value for control flow (if (x.item() > 0) ...).`,
      { shapes: [this.shape], dtypes: [this.dtype] },
    );
  }
}

export class JVPTrace extends Trace {
  constructor(main: MainTrace) {
    super(main);
  }
  pure(x: ConcreteArray): Tracer {
    return new JVPTracer(this, x, null);
  }
  lift(x: Tracer): Tracer {
    return new JVPTracer(this, x, null);
  }
  processPrimitive<P>(prim: PrimitiveDef<P>, args: readonly Tracer[], params: P): Tracer {
    const primals = args.map((t) => (t as JVPTracer).primal);
    const tangents = args.map((t) => (t as JVPTracer).tangent);
    if (tangents.every((t) => t === null)) {
      return new JVPTracer(this, bind(prim.name as PrimitiveName, primals, params as never), null);
    }
    const [primal, tangent] = prim.jvp(primals, tangents, params);
    checkRuleResult(this.main, prim.name, params, primal);
    checkRuleResult(this.main, prim.name, params, tangent);
    return new JVPTracer(this, primal, tangent);
  }
}
