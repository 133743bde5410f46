/**
 * Jaxprs: the recorded program of a traced function (JAX's IR). A JaxprTrace records each
 * primitive applied to its tracers as an equation; constants and values from outer
 * transformations become `constvars`. `evalJaxpr` replays a jaxpr through `bind`, so a recorded
 * program runs under whatever transformations are active when it is evaluated.
 */
import type { DType } from "../array/dtype.js";
import type { ConcreteArray, NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import type { ParamsOf, PrimitiveName } from "./params.js";
import type { PrimitiveDef, ShapedArray } from "./primitive.js";
import { TracerError } from "../errors/index.js";
import { bind, Trace, Tracer, type MainTrace } from "./trace.js";

export class Var {
  private static counter = 0;
  readonly id = Var.counter++;
  constructor(readonly aval: ShapedArray) {}
}

export interface Eqn {
  readonly prim: PrimitiveName;
  readonly inputs: readonly Var[];
  readonly params: unknown;
  readonly out: Var;
}

export class Jaxpr {
  constructor(
    readonly invars: readonly Var[],
    readonly constvars: readonly Var[],
    readonly consts: readonly NDArray[],
    readonly eqns: readonly Eqn[],
    readonly outs: readonly Var[],
  ) {}

  /** A readable listing: `{ lambda c:f32[3] ; a:f32[3]. let b:f32[3] = mul a c in ( b ) }`. */
  toString(): string {
    const names = new Map<Var, string>();
    const name = (v: Var): string => {
      let n = names.get(v);
      if (n === undefined) {
        n = varName(names.size);
        names.set(v, n);
      }
      return n;
    };
    const typed = (v: Var): string => `${name(v)}:${shortDType(v.aval.dtype)}${showShape(v.aval.shape)}`;
    const consts = this.constvars.map(typed).join(" ");
    const ins = this.invars.map(typed).join(" ");
    const lines = this.eqns.map((e) => `    ${typed(e.out)} = ${e.prim}${showParams(e.params)} ${e.inputs.map(name).join(" ")}`);
    return `{ lambda ${consts}${consts ? " " : ""}; ${ins}. let\n${lines.join("\n")}\n  in ( ${this.outs.map(name).join(", ")} ) }`;
  }
}

function varName(i: number): string {
  let s = "";
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

function shortDType(dtype: DType): string {
  return { float32: "f32", float64: "f64", int32: "i32", bool: "bool" }[dtype];
}

function showParams(params: unknown): string {
  const entries = Object.entries(params as object);
  if (entries.length === 0) return "";
  const show = (v: unknown): string => (typeof v === "function" ? "<function>" : (JSON.stringify(v, (_k, x: unknown) => (typeof x === "function" ? "<function>" : x)) ?? String(v)));
  return `[${entries.map(([k, v]) => `${k}=${show(v)}`).join(" ")}]`;
}

/** Evaluates a jaxpr on inputs (and its consts) by binding each equation. */
export function evalJaxpr(jaxpr: Jaxpr, args: readonly NDArray[]): NDArray[] {
  const env = new Map<Var, NDArray>();
  jaxpr.constvars.forEach((v, i) => env.set(v, jaxpr.consts[i]!));
  jaxpr.invars.forEach((v, i) => env.set(v, args[i]!));
  for (const e of jaxpr.eqns) {
    env.set(e.out, bind(e.prim, e.inputs.map((v) => env.get(v)!), e.params as ParamsOf<typeof e.prim>));
  }
  return jaxpr.outs.map((v) => env.get(v)!);
}

/** What a JaxprTrace accumulates. */
export class JaxprBuilder {
  readonly eqns: Eqn[] = [];
  readonly constvars: Var[] = [];
  readonly consts: NDArray[] = [];
  private readonly constVar = new Map<NDArray, Var>();

  /** The var for a constant (one per distinct array object). */
  constant(x: NDArray): Var {
    let v = this.constVar.get(x);
    if (v === undefined) {
      v = new Var({ shape: x.shape, dtype: x.dtype });
      this.constVar.set(x, v);
      this.constvars.push(v);
      this.consts.push(x);
    }
    return v;
  }

  /** Drops equations that no output depends on, and unused consts. */
  build(invars: readonly Var[], outs: readonly Var[]): Jaxpr {
    const live = new Set<Var>(outs);
    const eqns: Eqn[] = [];
    for (let i = this.eqns.length - 1; i >= 0; i--) {
      const e = this.eqns[i]!;
      if (!live.has(e.out)) continue;
      eqns.push(e);
      for (const v of e.inputs) live.add(v);
    }
    eqns.reverse();
    const used = this.constvars.map((v, i) => [v, this.consts[i]!] as const).filter(([v]) => live.has(v));
    return new Jaxpr(
      invars,
      used.map(([v]) => v),
      used.map(([, c]) => c),
      eqns,
      outs,
    );
  }
}

/** A value being recorded into a jaxpr: an abstract array with no elements. */
export class JaxprTracer extends Tracer {
  constructor(
    readonly trace: JaxprTrace,
    readonly variable: Var,
  ) {
    super();
  }
  get aval(): ShapedArray {
    return this.variable.aval;
  }
  override concrete(op: string): ConcreteArray {
    throw new TracerError(
      op,
      `this array is an abstract ${this.dtype}${showShape(this.shape)} value traced by jit or makeJaxpr, so its elements are not known while tracing. ` +
        `Use np.where instead of if/else on array values, keep the value as an NDArray, or mark the argument static with jit(f, { staticArgnums: [...] }).`,
      { shapes: [this.shape], dtypes: [this.dtype] },
    );
  }
  /** An abstract value has no number to give JS arithmetic. */
  protected override primitiveValue(): number | string {
    throw new TracerError(
      this.trace.main.name,
      `JS arithmetic or a JS comparison (x * y, x > 0, Number(x)) was used on an abstract ${this.dtype}${showShape(this.shape)} value traced by jit or makeJaxpr, whose elements are not known while tracing. ` +
        `Use np functions or array methods (np.mul(x, y) or x.mul(y), np.greater(x, 0)) and np.where instead of if/else on values, or mark the argument static with jit(f, { staticArgnums: [...] }).`,
      { shapes: [this.shape], dtypes: [this.dtype] },
    );
  }
}

export class JaxprTrace extends Trace {
  readonly builder: JaxprBuilder;
  constructor(main: MainTrace) {
    super(main);
    this.builder = main.globalData as JaxprBuilder;
  }
  /** A fresh input of the jaxpr. */
  newArg(aval: ShapedArray): JaxprTracer {
    return new JaxprTracer(this, new Var(aval));
  }
  pure(x: ConcreteArray): Tracer {
    return new JaxprTracer(this, this.builder.constant(x));
  }
  lift(x: Tracer): Tracer {
    return new JaxprTracer(this, this.builder.constant(x));
  }
  processPrimitive<P>(prim: PrimitiveDef<P>, args: readonly Tracer[], params: P): Tracer {
    const out = new Var(prim.abstractEval(args, params));
    this.builder.eqns.push({ prim: prim.name as PrimitiveName, inputs: args.map((a) => (a as JaxprTracer).variable), params, out });
    return new JaxprTracer(this, out);
  }
}
