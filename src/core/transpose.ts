/**
 * Reverse mode's second half: transposing a linear jaxpr (the one `linearize` records). Walks the
 * equations backwards, asking each linear primitive's `transpose` rule for its operands'
 * cotangents and summing them per variable. Rules use `bind`, so the backward pass is itself
 * differentiable (grad of grad) and batchable.
 */
import type { NDArray } from "../array/ndarray.js";
import { evalJaxpr, type Jaxpr, type Var } from "./jaxpr.js";
import * as op from "./ops.js";
import type { ParamsOf } from "./params.js";
import { LinearArg, type PrimitiveDef } from "./primitive.js";
import { primitives } from "./registry.js";
import { bind } from "./trace.js";

/** Cotangents of the jaxpr's inputs given cotangents of its outputs (null where no path exists). */
export function backwardPass(jaxpr: Jaxpr, cotangents: readonly NDArray[]): (NDArray | null)[] {
  const linear = new Set<Var>(jaxpr.invars);
  const values = new Map<Var, NDArray>();
  jaxpr.constvars.forEach((v, i) => values.set(v, jaxpr.consts[i]!));
  const linearEqns = [];
  for (const e of jaxpr.eqns) {
    if (e.inputs.some((v) => linear.has(v))) {
      linear.add(e.out);
      linearEqns.push(e);
    } else {
      // Not on the tangent path: evaluate forward, it is a constant of the linear map.
      values.set(e.out, bind(e.prim, e.inputs.map((v) => values.get(v)!), e.params as ParamsOf<typeof e.prim>));
    }
  }
  const cts = new Map<Var, NDArray>();
  const accumulate = (v: Var, ct: NDArray): void => {
    const prev = cts.get(v);
    cts.set(v, prev === undefined ? ct : op.add(prev, ct));
  };
  jaxpr.outs.forEach((v, i) => {
    if (linear.has(v)) accumulate(v, cotangents[i]!);
  });
  for (let i = linearEqns.length - 1; i >= 0; i--) {
    const e = linearEqns[i]!;
    const ct = cts.get(e.out);
    if (ct === undefined) continue;
    const prim = primitives[e.prim] as PrimitiveDef<unknown>;
    if (prim.transpose === undefined) {
      throw new Error(`internal error: ${e.prim} appears on a linear path but has no transpose rule.`);
    }
    const args = e.inputs.map((v) => (linear.has(v) ? new LinearArg(v.aval) : values.get(v)!));
    const inCts = prim.transpose(ct, args, e.params);
    e.inputs.forEach((v, k) => {
      const c = inCts[k];
      if (linear.has(v) && c !== null && c !== undefined) accumulate(v, c);
    });
  }
  return jaxpr.invars.map((v) => cts.get(v) ?? null);
}

export { evalJaxpr };
