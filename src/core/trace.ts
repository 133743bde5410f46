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
import { FloatingPointError, TracerError } from "../errors/index.js";
import { primitives, type ParamsOf, type PrimitiveName } from "./registry.js";

/** One active transformation: its level in the stack, the kind of trace, per-run data, and the public name it runs for. */
export interface MainTrace {
  readonly level: number;
  readonly traceType: TraceConstructor;
  readonly globalData: unknown;
  /** The transformation the user called ("grad", "jit", "vmap", ...), for error messages. */
  readonly name: string;
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
  /**
   * JS arithmetic and comparisons (`x * y`, `x > 0`, `Number(x)`) on a traced array: each tracer
   * class decides (JVP tracers that carry a derivative, batched and abstract tracers refuse, since
   * the JS number would silently drop the derivative or stand for many values). String hints
   * (template literals) print the tracer.
   */
  override [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string") return this.toString();
    return this.primitiveValue(hint);
  }
  /** The JS number for a non-string hint, or a TracerError (see each subclass). @internal */
  protected abstract primitiveValue(hint: string): number | string;
}

/** The readable type of an array for messages: `float32[2, 3]`. @internal */
export function typeOf(x: { readonly dtype: string; readonly shape: readonly number[] }): string {
  return `${x.dtype}[${x.shape.join(", ")}]`;
}

const stack: MainTrace[] = [];

/** The active transformations, innermost last (read-only view for interpreters and tests). */
export function traceStack(): readonly MainTrace[] {
  return stack;
}

/** Runs `body` with a new transformation pushed on the stack; `name` is the public transformation it serves (for messages). */
export function withNewMainTrace<T>(traceType: TraceConstructor, globalData: unknown, body: (main: MainTrace) => T, name = "a transformation"): T {
  const main: MainTrace = { level: stack.length, traceType, globalData, name };
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
  if (name === "customJvpCall" || name === "customVjpCall") checkClosure(params as object, top === undefined ? -1 : top.main.level);
  if (top === undefined) return evalPrimitive(prim, args as readonly ConcreteArray[], params);
  if (stack[top.main.level] !== top.main && read("checkTracerLeaks")) throw leakedTracerError(name);
  const trace = top;
  const tracers = args.map((a) => fullRaise(trace, a));
  return trace.processPrimitive(prim, tracers, params).fullLower();
}

/** Tracers that a custom function's params close over (its function and rules use them without taking them as arguments). */
const closures = new WeakMap<object, { readonly op: string; readonly label: string; readonly tracers: readonly Tracer[] }>();

/**
 * Records that the custom call with these params closes over `tracers` (arrays of enclosing
 * transformations that its function uses without taking them as arguments). `bind` then refuses
 * to apply it where that would be wrong. @internal
 */
export function closesOver(params: object, op: string, label: string, tracers: readonly Tracer[]): void {
  if (tracers.length > 0) closures.set(params, { op, label, tracers });
}

/**
 * A custom call is interpreted by the transformation of its operands (at `level`; -1: none).
 * Values it closes over are invisible to that choice: one of a transformation at that level or
 * above would be treated as a constant of the wrong transformation (its derivative dropped, or
 * mixed up with the operands' — perturbation confusion — or one value used for a whole batch),
 * so that is an error. Closed-over values of transformations below `level` are ordinary
 * constants there and are fine.
 */
function checkClosure(params: object, level: number): void {
  const closure = closures.get(params);
  if (closure === undefined) return;
  for (const c of closure.tracers) {
    if (!isLive(c)) {
      if (read("checkTracerLeaks")) throw leakedTracerError(closure.op);
      continue;
    }
    if (c.trace.main.level >= level) {
      throw new TracerError(
        closure.op,
        `${closure.label} uses a ${typeOf(c)} array traced by an enclosing ${c.trace.main.name} without taking it as an argument (it is captured by closure), ` +
          `so its custom rule cannot account for it: its derivative or batch axis would be silently dropped. ` +
          `Pass that array to the custom function as an explicit argument instead (e.g. customJvp((x, w) => ..., rule)(x, w)).`,
        { shapes: [c.shape], dtypes: [c.dtype] },
      );
    }
  }
}

/**
 * A transformation rule's result must belong to the levels below the transformation applying it
 * (`main`): a value of `main` itself or above can only come from an array captured by closure
 * (a custom rule using a traced value it does not take as an argument), and wrapping it again
 * would mix up the two (perturbation confusion), so it is an error. @internal
 */
export function checkRuleResult(main: MainTrace, prim: string, params: unknown, x: NDArray | null): void {
  if (!(x instanceof Tracer) || x.trace.main.level < main.level) return;
  const op = prim === "customJvpCall" ? "customJvp" : prim === "customVjpCall" ? "customVjp" : undefined;
  const custom = op === undefined ? undefined : `${op}(${(params as { name: string }).name})`;
  throw new TracerError(
    op ?? main.name,
    `${custom ?? `the ${main.name} rule of primitive ${prim}`} returned an array traced by the enclosing ${x.trace.main.name} that is applying it: it uses an array of that transformation without taking it as an argument (captured by closure), ` +
      `so the result would be silently wrong. Pass that array to the custom function as an explicit argument instead.`,
    { shapes: [x.shape], dtypes: [x.dtype] },
  );
}

/** The evaluation interpreter: shape inference, then the eager kernel. */
export function evalPrimitive<P>(prim: PrimitiveDef<P>, args: readonly ConcreteArray[], params: P): ConcreteArray {
  const out = prim.impl(args, params, prim.abstractEval(args, params));
  if (checksValues()) checkValues(prim.name, args, out);
  return out;
}

/**
 * Under config debugNans / debugInfs: throw naming the primitive whose result holds NaN or ±Infinity.
 *
 * NaN follows JAX (every primitive's result is checked): jaxon's own functions never pass NaN
 * around, so a NaN anywhere is worth stopping at; when an input already held NaN (your data or a
 * constant) the message says so instead of blaming the primitive. Infinities differ: the stable
 * functions use them on clean input (softmax/logsumexp mask with −∞, np.isfinite compares with
 * +∞), so debugInfs blames only a primitive that *produced* an infinity from inputs holding none
 * (exp overflow, log(0), 1/0); an infinity that enters from outside is not reported.
 */
function checkValues(name: string, args: readonly ConcreteArray[], out: ConcreteArray): void {
  if (out.dtype !== "float32" && out.dtype !== "float64") return;
  const nans = read("debugNans");
  const infs = read("debugInfs");
  const values = out.values();
  let nanAt = -1;
  let infAt = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) {
      if (nanAt < 0) nanAt = i;
      if (!infs || infAt >= 0) break;
    } else if (v === Infinity || v === -Infinity) {
      if (infAt < 0) infAt = i;
      if (!nans || nanAt >= 0) break;
    }
  }
  const where = (i: number) => `at flat index ${i} of its ${typeOf(out)} result (inputs ${args.map(typeOf).join(", ")})`;
  if (nans && nanAt >= 0) {
    const received = args.some((a) => holds(a, (v) => v !== v));
    throw new FloatingPointError(
      name,
      received
        ? `debugNans: primitive ${name} received NaN from its inputs (an input already held NaN: your data, an array made outside the transformed code, or a constant) and returned NaN ${where(nanAt)}. ` +
            `Clean the input (np.where(np.isnan(x), 0, x)) or turn the check off with config.update("debugNans", false).`
        : `debugNans: primitive ${name} produced NaN ${where(nanAt)}. ` +
            `Check its inputs' domain (log/sqrt of negatives, 0/0, ∞ − ∞), or use the stable nn functions; turn the check off with config.update("debugNans", false).`,
      { shapes: [out.shape, ...args.map((a) => a.shape)], dtypes: [out.dtype, ...args.map((a) => a.dtype)] },
    );
  }
  if (infs && infAt >= 0 && !args.some((a) => holds(a, (v) => v === Infinity || v === -Infinity))) {
    throw new FloatingPointError(
      name,
      `debugInfs: primitive ${name} produced ${String(values[infAt])} ${where(infAt)} from finite inputs. ` +
        `Check for overflow (exp of large values), log(0) or division by 0, or use the stable nn functions; turn the check off with config.update("debugInfs", false).`,
      { shapes: [out.shape, ...args.map((a) => a.shape)], dtypes: [out.dtype, ...args.map((a) => a.dtype)] },
    );
  }
}

/** Whether a float array holds an element satisfying `test` (false for int and bool arrays). */
function holds(a: ConcreteArray, test: (v: number) => boolean): boolean {
  if (a.dtype !== "float32" && a.dtype !== "float64") return false;
  const vs = a.values();
  for (let i = 0; i < vs.length; i++) if (test(vs[i]!)) return true;
  return false;
}

export { FloatingPointError } from "../errors/index.js";

/** Whether the transformation that made tracer `x` is still running (its main trace is on the stack). @internal */
export function isLive(x: Tracer): boolean {
  return stack[x.trace.main.level] === x.trace.main;
}

/**
 * Throws a TracerError naming `op` when `x` is a tracer whose transformation has already
 * returned (an escaped tracer) and config checkTracerLeaks is on. Transformations call it on
 * their inputs and outputs and before reading a tracer's value, so an escaped tracer is never
 * silently returned, baked into a program or read as a number. @internal
 */
export function checkNotLeaked(x: unknown, op: string): void {
  if (x instanceof Tracer && !isLive(x) && read("checkTracerLeaks")) throw leakedTracerError(op);
}

function leakedTracerError(op: string): TracerError {
  return new TracerError(
    op,
    `an array traced by a transformation (grad, jvp, vmap or jit) was used after that transformation returned: it escaped, e.g. stored in an outer variable or closure. ` +
      `Return values from the transformed function instead of storing them, or use stopGradient / the transformation's output.`,
  );
}

function fullRaise(trace: Trace, x: NDArray): Tracer {
  if (!(x instanceof Tracer)) return trace.pure(x as ConcreteArray);
  const level = trace.main.level;
  if (x.trace.main === trace.main) return x;
  if (stack[x.trace.main.level] !== x.trace.main && read("checkTracerLeaks")) throw leakedTracerError(trace.main.name);
  if (x.trace.main.level < level) return trace.lift(x);
  throw new TracerError(
    trace.main.name,
    `a value traced at level ${x.trace.main.level} reached a transformation at level ${level}: a tracer escaped its transformation (e.g. stored in an outer variable). ` +
      `Return it from the transformed function instead.`,
  );
}
