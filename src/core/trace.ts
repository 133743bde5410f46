/**
 * The interpreter stack (after JAX's Autodidax). Every `np` function ends in `bind(name, args,
 * params)`. `bind` finds the innermost active transformation among the arguments (the trace of
 * highest level), lifts the other arguments into it, and lets that trace interpret the primitive.
 * With no transformation active, the evaluation trace runs the primitive's eager kernel.
 */
import type { ConcreteArray } from "../array/ndarray.js";
import { NDArray } from "../array/ndarray.js";
import type { PrimitiveDef, ShapedArray } from "./primitive.js";
import { checksValues, read } from "./config.js";
import { FloatingPointError } from "../errors/index.js";
import { primitives, type ParamsOf, type PrimitiveName } from "./registry.js";

/** One active transformation: its level in the stack, the kind of trace, and per-run data. */
export interface MainTrace {
  readonly level: number;
  readonly traceType: TraceConstructor;
  readonly globalData: unknown;
}

export type TraceConstructor = new (main: MainTrace) => Trace;

/** A transformation's interpreter. */
export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Wraps a value from outside every transformation (a concrete array). */
  abstract pure(x: ConcreteArray): Tracer;
  /** Wraps a tracer of a lower-level transformation. */
  abstract lift(x: Tracer): Tracer;
  abstract processPrimitive<P>(prim: PrimitiveDef<P>, args: readonly Tracer[], params: P): Tracer;
}

/** An array flowing through a transformation. Users see tracers only as NDArrays. */
export abstract class Tracer extends NDArray {
  abstract readonly trace: Trace;
  abstract readonly aval: ShapedArray;
  get shape(): readonly number[] {
    return this.aval.shape;
  }
  get dtype(): ShapedArray["dtype"] {
    return this.aval.dtype;
  }
  /** The tracer without this transformation, when that is all it wraps (JAX's full_lower). */
  fullLower(): NDArray {
    return this;
  }
  override toString(): string {
    return `Traced<${this.dtype}[${this.shape.join(",")}]>`;
  }
}

const stack: MainTrace[] = [];

/** The active transformations, innermost last (read-only view for interpreters and tests). */
export function traceStack(): readonly MainTrace[] {
  return stack;
}

/** Runs `body` with a new transformation pushed on the stack. */
export function withNewMainTrace<T>(traceType: TraceConstructor, globalData: unknown, body: (main: MainTrace) => T): T {
  const main: MainTrace = { level: stack.length, traceType, globalData };
  stack.push(main);
  try {
    return body(main);
  } finally {
    stack.pop();
  }
}

/**
 * Applies primitive `name` to `args`: the single entry point from `np` into the interpreters.
 * Operands must already agree in dtype and, for elementwise primitives, in shape (the `np` layer
 * inserts casts and broadcasts).
 */
export function bind<K extends PrimitiveName>(name: K, args: readonly NDArray[], params: ParamsOf<K>): NDArray {
  const prim = primitives[name] as unknown as PrimitiveDef<ParamsOf<K>>;
  let top: Trace | undefined;
  for (const a of args) {
    if (a instanceof Tracer && (top === undefined || a.trace.main.level > top.main.level)) top = a.trace;
  }
  if (top === undefined) return evalPrimitive(prim, args as readonly ConcreteArray[], params);
  if (stack[top.main.level] !== top.main && read("checkTracerLeaks")) throw leakedTracerError(name);
  const trace = top;
  const tracers = args.map((a) => fullRaise(trace, a));
  return trace.processPrimitive(prim, tracers, params).fullLower();
}

/** The evaluation interpreter: shape inference, then the eager kernel. */
export function evalPrimitive<P>(prim: PrimitiveDef<P>, args: readonly ConcreteArray[], params: P): ConcreteArray {
  const out = prim.impl(args, params, prim.abstractEval(args, params));
  if (checksValues()) checkValues(prim.name, args, out);
  return out;
}

/** Under config debugNans / debugInfs: throw naming the primitive that first produced NaN or ±Infinity. */
function checkValues(name: string, args: readonly ConcreteArray[], out: ConcreteArray): void {
  if (out.dtype !== "float32" && out.dtype !== "float64") return;
  const values = out.values();
  const nans = read("debugNans");
  const infs = read("debugInfs");
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if ((nans && v !== v) || (infs && (v === Infinity || v === -Infinity))) {
      const what = v !== v ? "NaN" : String(v);
      const inputs = args.map((a) => `${a.dtype}[${a.shape.join(", ")}]`).join(", ");
      throw new FloatingPointError(
        name,
        `${what === "NaN" ? "debugNans" : "debugInfs"}: primitive ${name} produced ${what} at flat index ${i} of its ${out.dtype}[${out.shape.join(", ")}] result (inputs ${inputs}). ` +
          `Check its inputs' domain (log/sqrt of negatives, 0/0, overflow of exp), or use the stable nn functions; turn the check off with config.update("${what === "NaN" ? "debugNans" : "debugInfs"}", false).`,
      );
    }
  }
}

export { FloatingPointError } from "../errors/index.js";

function leakedTracerError(op: string): Error {
  return new Error(
    `${op}: an array traced by a transformation (grad, jvp, vmap or jit) was used after that transformation returned — it escaped, e.g. stored in an outer variable or closure. ` +
      `Return values from the transformed function instead of storing them, or use stopGradient / the transformation's output.`,
  );
}

function fullRaise(trace: Trace, x: NDArray): Tracer {
  if (!(x instanceof Tracer)) return trace.pure(x as ConcreteArray);
  const level = trace.main.level;
  if (x.trace.main === trace.main) return x;
  if (stack[x.trace.main.level] !== x.trace.main && read("checkTracerLeaks")) throw leakedTracerError("jaxon");
  if (x.trace.main.level < level) return trace.lift(x);
  throw new Error(
    `jaxon: a value traced at level ${x.trace.main.level} reached a transformation at level ${level}; ` +
      `this is a tracer that escaped its transformation (e.g. stored in an outer variable) — return it from the transformed function instead.`,
  );
}
