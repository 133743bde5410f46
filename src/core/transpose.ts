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
import { JaxonError, ValueError } from "../errors/index.js";

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
    const linearAt = e.inputs.map((v) => linear.has(v));
    checkLinear(e.prim, prim, linearAt);
    const args = e.inputs.map((v, k) => (linearAt[k] ? new LinearArg(v.aval) : values.get(v)!));
    let inCts: readonly (NDArray | null)[];
    try {
      inCts = prim.transpose!(ct, args, e.params);
    } catch (err) {
      if (err instanceof JaxonError) throw err;
      throw notLinear(e.prim, `its transpose rule failed (${err instanceof Error ? err.message : String(err)})`, err);
    }
    e.inputs.forEach((v, k) => {
      const c = inCts[k];
      if (linear.has(v) && c !== null && c !== undefined) accumulate(v, c);
    });
  }
  return jaxpr.invars.map((v) => cts.get(v) ?? null);
}

/**
 * Operands of primitives that are linear in only some of them: a product is linear in one factor
 * at a time, a quotient in its numerator. jaxon's own derivative rules always respect this; a
 * customJvp rule whose tangent is not linear in the tangents (t * t, exp(t), 1 / t) does not.
 */
const LINEAR_OPERANDS: Partial<Record<string, { readonly positions?: readonly number[]; readonly atMostOne?: boolean }>> = {
  mul: { atMostOne: true },
  dotGeneral: { atMostOne: true },
  div: { positions: [0] },
};

function checkLinear(name: string, prim: PrimitiveDef<unknown>, linearAt: readonly boolean[]): void {
  if (prim.transpose === undefined) throw notLinear(name, "it is not a linear primitive");
  const rule = LINEAR_OPERANDS[name];
  if (rule === undefined) return;
  const count = linearAt.filter(Boolean).length;
  if (rule.atMostOne === true && count > 1) throw notLinear(name, "both of its operands depend on the tangents");
  if (rule.positions !== undefined && linearAt.some((l, k) => l && !rule.positions!.includes(k))) throw notLinear(name, "its denominator depends on the tangents");
}

function notLinear(name: string, why: string, cause?: unknown): ValueError {
  return new ValueError(
    "grad",
    `reverse-mode differentiation must transpose a tangent computation that is linear in the tangents, but primitive ${name} is applied to tangents where ${why}. ` +
      `This comes from a customJvp rule whose tangent output is not linear in the tangents (e.g. np.mul(t, t), np.exp(t) or np.div(1, t)); make the rule linear in them (multiply tangents only by primal values).`,
    cause === undefined ? {} : { cause },
  );
}

export { evalJaxpr };
