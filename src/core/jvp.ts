/**
 * Forward mode: the JVP interpreter. A JVPTracer carries a primal and a tangent (null is a
 * symbolic zero, so untouched inputs cost nothing). Each primitive's `jvp` rule computes the
 * output tangent with `bind`, so rules are themselves differentiable and JVPs nest to any order.
 */
import type { ConcreteArray, NDArray } from "../array/ndarray.js";
import type { PrimitiveDef } from "./primitive.js";
import type { PrimitiveName } from "./registry.js";
import { bind, Trace, Tracer, type MainTrace } from "./trace.js";

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
    return this.primal.concrete(op);
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
    return new JVPTracer(this, primal, tangent);
  }
}
