/**
 * The core of `optim`: the `GradientTransformation` type, `chain`, `applyUpdates`, and the
 * argument checks shared by every transformation.
 *
 * @module
 */
import { NDArray } from "../array/ndarray.js";
import * as np from "../numpy/index.js";
import * as tree from "../tree/index.js";
import { shortString } from "../tree/treedef.js";

/**
 * A pure gradient transformation, as in Optax: `init` builds the state from the parameters,
 * `update` turns gradients (and the state, and optionally the parameters) into updates and the
 * next state. States are readonly pytrees of arrays, so they can be saved, jitted and vmapped.
 *
 * @example
 * const opt = optim.adam(1e-3);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(grad(loss)(params), state, params);
 * params = optim.applyUpdates(params, updates);
 */
export interface GradientTransformation<S = unknown> {
  /** The initial state for these parameters. */
  init<P>(params: P): S;
  /** Gradients (a pytree like the parameters) → updates of the same structure, and the new state. */
  update<G>(grads: G, state: S, params?: unknown): readonly [G, S];
}

/** The (readonly) state of a transformation that keeps none. */
export type EmptyState = Readonly<Record<string, never>>;

/** A step count: an int32 scalar array, so that it stays a value (not a constant) under `jit`. */
export type StepCount = NDArray;

/** A fresh step count, 0 (int32 scalar). @example optim.zeroCount().item() // 0 */
export function zeroCount(): StepCount {
  return np.zeros([], { dtype: "int32" });
}

/**
 * Composes transformations left to right: the updates of one are the gradients of the next. The
 * state is the array of the states, in order. (Optax's `chain`.)
 *
 * @example
 * const opt = optim.chain(optim.clipByGlobalNorm(1), optim.scaleByAdam(), optim.scaleByLearningRate(1e-3));
 * const state = opt.init({ w: np.zeros([3]) }); // [clipState, adamState, lrState]
 */
export function chain(...transforms: readonly GradientTransformation<any>[]): GradientTransformation<readonly unknown[]> {
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== "object" || typeof t.init !== "function" || typeof t.update !== "function") {
      throw new TypeError(`optim.chain: argument ${i} is not a gradient transformation (an object with init and update); pass e.g. optim.scaleByAdam() — note the call.`);
    }
  });
  return {
    init: (params) => transforms.map((t) => t.init(params) as unknown),
    update(grads, state, params) {
      if (!Array.isArray(state) || state.length !== transforms.length) {
        throw new TypeError(`optim.chain: the state should be an array of ${transforms.length} states (one per transformation), got ${Array.isArray(state) ? `an array of length ${state.length}` : typeof state}; build it with the same chain's init.`);
      }
      let updates = grads;
      const next: unknown[] = [];
      transforms.forEach((t, i) => {
        const [u, s] = t.update(updates, state[i], params);
        updates = u;
        next.push(s);
      });
      return [updates, next] as const;
    },
  };
}

/**
 * Applies updates to parameters leafwise: `params + updates` (the updates already carry the
 * sign, see `scaleByLearningRate`). Each result keeps its parameter's dtype.
 *
 * @example
 * optim.applyUpdates({ w: np.array([1, 2]) }, { w: np.array([-0.1, 0.1]) }); // { w: [0.9, 2.1] }
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  checkSameStructure("optim.applyUpdates", updates, "updates", params, "params");
  return tree.map((p: unknown, u: unknown) => {
    const sum = np.add(p as NDArray, u as NDArray);
    return p instanceof NDArray && sum.dtype !== p.dtype ? np.astype(sum, p.dtype) : sum;
  }, params, updates);
}

/** The Euclidean norm of all the leaves together, √(Σ‖leaf‖²) (a scalar array). @example optim.globalNorm([np.array([3]), np.array([4])]).item() // 5 */
export function globalNorm(t: unknown): NDArray {
  const squares = tree.leaves(t).map((x) => np.sum(np.square(x as NDArray)));
  if (squares.length === 0) return np.zeros([]);
  return np.sqrt(squares.reduce((a, b) => np.add(a, b)));
}

/** Throws an error naming `op` unless `a` and `b` have the same pytree structure. */
export function checkSameStructure(op: string, a: unknown, aName: string, b: unknown, bName: string): void {
  const sa = tree.structure(a);
  const sb = tree.structure(b);
  if (!sa.equals(sb)) {
    throw new TypeError(`${op}: the ${aName} have structure ${shortString(sa)} but the ${bName} have ${shortString(sb)}; they must match leaf for leaf — was the state built by init on these same parameters?`);
  }
}

/** Checks a hyperparameter is a finite number, within [min, max] and non-negative by default. */
export function checkNumber(op: string, name: string, value: unknown, opts: { min?: number; max?: number; exclusiveMin?: boolean; hint?: string } = {}): number {
  const { min = 0, max = Infinity, exclusiveMin = false } = opts;
  if (typeof value !== "number" || Number.isNaN(value) || (value === Infinity && max !== Infinity)) {
    throw new TypeError(`${op}: ${name} must be a number, got ${String(value)}.`);
  }
  if (value < min || (exclusiveMin && value === min) || value > max) {
    const range = `${exclusiveMin ? `> ${min}` : `>= ${min}`}${max === Infinity ? "" : ` and <= ${max}`}`;
    throw new RangeError(`${op}: ${name} must be ${range}, got ${value}${opts.hint === undefined ? "" : `; ${opts.hint}`}.`);
  }
  return value;
}

/** Casts a (float64) scalar to the dtype of the leaf it multiplies, so updates keep their dtype. */
export function like(s: NDArray, leaf: NDArray): NDArray {
  return s.dtype === leaf.dtype ? s : np.astype(s, leaf.dtype);
}
