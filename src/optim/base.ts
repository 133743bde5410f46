/**
 * The core of `optim`: the `GradientTransformation` type, `chain`, `applyUpdates`, and the
 * argument checks shared by every transformation.
 *
 * @module
 */
import { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { DTypeError, ShapeError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { callUser, publicNameOf, publicOp } from "../errors/context.js";
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
 * Makes a transformation's functions public operations named `<name>.init` and `<name>.update`
 * (errors in them name e.g. "optim.adam.update"). @internal
 */
export function named<S>(name: string, t: GradientTransformation<S>): GradientTransformation<S> {
  return { init: publicOp(`${name}.init`, t.init.bind(t)), update: publicOp(`${name}.update`, t.update.bind(t)) };
}

/** Whether `t` looks like a gradient transformation (an object with init and update functions). */
function isTransformation(t: unknown): t is GradientTransformation<unknown> {
  return t !== null && typeof t === "object" && typeof (t as GradientTransformation).init === "function" && typeof (t as GradientTransformation).update === "function";
}

/**
 * Calls a component's function: jaxon's own run as library code (errors name the outer public
 * operation), a user's through callUser (errors name what the user called there).
 */
function callPart<R>(fn: (...args: never[]) => R, args: readonly unknown[], self: unknown): R {
  return publicNameOf(fn) === undefined ? callUser(fn, args, self) : (fn as unknown as (...a: unknown[]) => R).apply(self, args as unknown[]);
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
  return named("optim.chain", chainOf(transforms, false));
}

/**
 * `chain` without the public names (the optimisers wrap it under their own). With `internal`,
 * the parts are the library's own and run as library code; otherwise a part that is not a
 * public operation is the user's and runs through callUser. @internal
 */
export function chainOf(transforms: readonly GradientTransformation<any>[], internal = true): GradientTransformation<readonly unknown[]> {
  const call = internal ? <R>(fn: (...args: never[]) => R, args: readonly unknown[], self: unknown): R => (fn as unknown as (...a: unknown[]) => R).apply(self, args as unknown[]) : callPart;
  transforms.forEach((t, i) => {
    if (!isTransformation(t)) {
      throw new ValueError("optim.chain", `argument ${i} is not a gradient transformation (an object with init and update), got ${describe(t)}; pass e.g. optim.scaleByAdam() — note the call.`);
    }
  });
  return {
    init: (params) => transforms.map((t) => call(t.init, [params], t) as unknown),
    update(grads, state, params) {
      if (!Array.isArray(state) || state.length !== transforms.length) {
        throw new ValueError("optim.chain", `the state should be an array of ${transforms.length} states (one per transformation), got ${Array.isArray(state) ? `an array of length ${state.length}` : describe(state)}; build it with the same chain's init.`);
      }
      let updates = grads;
      const next: unknown[] = [];
      transforms.forEach((t, i) => {
        const out: unknown = call(t.update, [updates, state[i], params], t);
        if (!Array.isArray(out) || out.length !== 2) {
          throw new ValueError("optim.chain", `transformation ${i}'s update must return [updates, state], got ${describe(out)}.`);
        }
        updates = out[0] as typeof grads;
        next.push(out[1]);
      });
      return [updates, next] as const;
    },
  };
}

/**
 * Applies updates to parameters leafwise: `params + updates` (the updates already carry the
 * sign, see `scaleByLearningRate`). Each result keeps its parameter's dtype; a float update of an
 * int32/bool parameter is refused (it would be truncated).
 *
 * @example
 * optim.applyUpdates({ w: np.array([1, 2]) }, { w: np.array([-0.1, 0.1]) }); // { w: [0.9, 2.1] }
 */
export function applyUpdates<P>(params: P, updates: unknown): P {
  const op = "optim.applyUpdates";
  checkSameStructure(op, updates, "updates", params, "params");
  checkArrayLeaves(op, params, "params");
  checkArrayLeaves(op, updates, "updates");
  const us = tree.leaves(updates);
  tree.leavesWithPaths(params).forEach(([path, p], i) => {
    const u = us[i];
    // Casting a float update back to an int32/bool parameter would truncate it (Optax does so
    // silently): −0.1 added to 1 stays 1, and training never moves.
    if (p instanceof NDArray && (p.dtype === "int32" || p.dtype === "bool") && u instanceof NDArray && (u.dtype === "float32" || u.dtype === "float64")) {
      const where = path.length === 0 ? "the parameter" : `parameter ${tree.keyPathToString(path)}`;
      throw new DTypeError(op, `${where} is ${p.dtype} but its update is ${u.dtype}; adding it would truncate the update to an integer. Train float parameters: cast with np.astype(p, "float32") (np.array(values) is float32 by default).`, { dtypes: [p.dtype, u.dtype] });
    }
  });
  return tree.map((p: unknown, u: unknown) => {
    const sum = np.add(p as NDArray, u as NDArray);
    return p instanceof NDArray && sum.dtype !== p.dtype ? np.astype(sum, p.dtype) : sum;
  }, params, updates);
}

/** The Euclidean norm of all the leaves together, √(Σ‖leaf‖²) (a scalar array). @example optim.globalNorm([np.array([3]), np.array([4])]).item() // 5 */
export function globalNorm(t: unknown): NDArray {
  checkArrayLeaves("optim.globalNorm", t, "the tree");
  const squares = tree.leaves(t).map((x) => np.sum(np.square(x as NDArray)));
  if (squares.length === 0) return np.zeros([]);
  return np.sqrt(squares.reduce((a, b) => np.add(a, b)));
}

/**
 * Throws an error naming `op` unless `a` and `b` have the same pytree structure and, leaf for
 * leaf, the same shape (a [1] gradient would otherwise broadcast silently against a [3] state).
 */
export function checkSameStructure(op: string, a: unknown, aName: string, b: unknown, bName: string): void {
  const sa = tree.structure(a);
  const sb = tree.structure(b);
  if (!sa.equals(sb)) {
    throw new ValueError(op, `the ${aName} have structure ${shortString(sa)} but the ${bName} have ${shortString(sb)}; they must match leaf for leaf — was the state built by init on these same parameters?`);
  }
  const la = tree.leavesWithPaths(a);
  const lb = tree.leaves(b);
  la.forEach(([path, x], i) => {
    const y = lb[i];
    if (x instanceof NDArray && y instanceof NDArray && (x.ndim !== y.ndim || x.shape.some((d, j) => d !== y.shape[j]))) {
      const where = path.length === 0 ? "the leaf" : `leaf ${tree.keyPathToString(path)}`;
      throw new ShapeError(op, `${where} has shape ${showShape(x.shape)} in the ${aName} but ${showShape(y.shape)} in the ${bName}; they must match leaf for leaf — was the state built by init on these same parameters?`, { shapes: [x.shape, y.shape] });
    }
  });
}

/** Requires every leaf of `t` to be an array or a number (not a string, a function, ...). */
export function checkArrayLeaves(op: string, t: unknown, what: string): void {
  for (const [path, leaf] of tree.leavesWithPaths(t)) {
    if (!(leaf instanceof NDArray) && typeof leaf !== "number") {
      throw new ValueError(op, `${what} must be a pytree of arrays, but ${path.length === 0 ? "it is" : `leaf ${tree.keyPathToString(path)} is`} ${describe(leaf)}.`);
    }
  }
}

/** Checks a hyperparameter is a finite number, within [min, max] and non-negative by default. */
export function checkNumber(op: string, name: string, value: unknown, opts: { min?: number; max?: number; exclusiveMin?: boolean; hint?: string } = {}): number {
  const { min = 0, max = Infinity, exclusiveMin = false } = opts;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValueError(op, `${name} must be a finite number, got ${describe(value)}${opts.hint === undefined ? "" : `; ${opts.hint}`}.`);
  }
  if (value < min || (exclusiveMin && value === min) || value > max) {
    const range = `${exclusiveMin ? `> ${min}` : `>= ${min}`}${max === Infinity ? "" : ` and <= ${max}`}`;
    throw new ValueError(op, `${name} must be ${range}, got ${value}${opts.hint === undefined ? "" : `; ${opts.hint}`}.`);
  }
  return value;
}

/** Requires a boolean option (undefined: the default). */
export function checkBoolean(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ValueError(op, `${name} must be true or false, got ${describe(value)}.`);
  return value;
}

/** Casts a (float64) scalar to the dtype of the leaf it multiplies, so updates keep their dtype. */
export function like(s: NDArray, leaf: NDArray): NDArray {
  return s.dtype === leaf.dtype ? s : np.astype(s, leaf.dtype);
}
