/**
 * The registry of user classes that act as pytree nodes (modelled on JAX's
 * `register_pytree_node`). Instances of a registered class are flattened into children
 * (which may themselves be trees) plus auxiliary data (hyperparameters, names, static
 * configuration) that is part of the tree's *structure* rather than its leaves.
 *
 * @module
 */

import { ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import { callUser } from "../errors/context.js";

/** One step of a key path: an object key, an array index, or a key a registered class names. */
export type PathKey = string | number;

/** The path from a tree's root to one of its leaves, e.g. `["layer", "w"]` or `["b", 0]`. */
export type KeyPath = readonly PathKey[];

/**
 * How to take apart and rebuild instances of a registered class.
 *
 * @typeParam T - the class's instance type.
 * @typeParam Aux - the auxiliary data: static, hashable-ish information (hyperparameters,
 *   field names) that is compared for structure equality and never mapped over.
 */
export interface NodeSpec<T, Aux = unknown> {
  /** Split an instance into its children (subtrees, in a fixed order) and its auxiliary data. */
  readonly flatten: (node: T) => readonly [children: readonly unknown[], aux: Aux];
  /** Rebuild an instance from the auxiliary data and (possibly transformed) children. */
  readonly unflatten: (aux: Aux, children: unknown[]) => T;
  /**
   * Names of the children for key paths (`flattenWithPath`), e.g. `["w", "b"]`, or a function of
   * the auxiliary data returning them. Defaults to the child indices `0, 1, ...`.
   */
  readonly keys?: readonly PathKey[] | ((aux: Aux) => readonly PathKey[]);
  /**
   * Equality of auxiliary data, used by `TreeDef.equals`. Defaults to deep equality of
   * JSON-like values (primitives, arrays, plain objects; `NaN` equals `NaN`; other objects by
   * identity).
   */
  readonly auxEquals?: (a: Aux, b: Aux) => boolean;
}

/** A registered class as stored in the registry. @internal */
export interface RegistryEntry {
  readonly cls: abstract new (...args: any[]) => unknown;
  readonly proto: object;
  readonly name: string;
  readonly flatten: (node: unknown) => readonly [readonly unknown[], unknown];
  readonly unflatten: (aux: unknown, children: unknown[]) => unknown;
  readonly keys: readonly PathKey[] | ((aux: unknown) => readonly PathKey[]) | undefined;
  readonly auxEquals: ((a: unknown, b: unknown) => boolean) | undefined;
}

/** Keyed by `cls.prototype`, so lookup is one `getPrototypeOf` and one map probe. */
const registry = new Map<object, RegistryEntry>();

/** The registry entry for an object whose prototype is `proto`, if any. @internal */
export function lookupEntry(proto: object | null): RegistryEntry | undefined {
  return proto === null || registry.size === 0 ? undefined : registry.get(proto);
}

function className(cls: Function): string {
  return cls.name !== "" ? cls.name : "<anonymous class>";
}

/**
 * Register a class so that its instances are pytree nodes rather than leaves. Only exact
 * instances count (like JAX, subclasses must be registered themselves). Register each class
 * once, at module load.
 *
 * @example
 * class Linear { constructor(readonly w: NDArray, readonly b: NDArray, readonly act: string) {} }
 * tree.register(Linear, {
 *   flatten: (l) => [[l.w, l.b], l.act],           // children, aux (hyperparameters)
 *   unflatten: (act, [w, b]) => new Linear(w as NDArray, b as NDArray, act),
 *   keys: ["w", "b"],                              // paths "w" and "b" for save/load
 * });
 * tree.leaves(new Linear(w, b, "relu")); // [w, b]
 */
export function register<T extends object, Aux = unknown>(
  cls: abstract new (...args: any[]) => T,
  spec: NodeSpec<T, Aux>,
): void {
  if (typeof cls !== "function" || typeof cls.prototype !== "object" || cls.prototype === null) {
    throw new ValueError(
      "tree.register",
      `expected a class (a constructor function), got ${describe(cls)}. ` +
        "Fix: pass the class itself, e.g. tree.register(Point, { flatten, unflatten }).",
    );
  }
  const proto: object = cls.prototype as object;
  const name = className(cls);
  if (proto === Object.prototype || proto === Array.prototype) {
    throw new ValueError(
      "tree.register",
      `${name} is a built-in pytree node type and cannot be re-registered. ` +
        "Fix: wrap the value in a class of your own and register that class.",
    );
  }
  if (typeof spec !== "object" || spec === null || typeof spec.flatten !== "function" || typeof spec.unflatten !== "function") {
    throw new ValueError(
      "tree.register",
      `the spec for ${name} must have flatten and unflatten functions. ` +
        `Fix: tree.register(${name}, { flatten: (x) => [children, aux], unflatten: (aux, children) => new ${name}(...) }).`,
    );
  }
  checkOptions("tree.register", spec, ["flatten", "unflatten", "keys", "auxEquals"]);
  if (spec.auxEquals !== undefined && typeof spec.auxEquals !== "function") {
    throw new ValueError("tree.register", `auxEquals for ${name} must be a function (a, b) => boolean, got ${describe(spec.auxEquals)}.`);
  }
  if (registry.has(proto)) {
    throw new ValueError(
      "tree.register",
      `class ${name} is already registered as a pytree node. ` +
        "Fix: register each class once, at module load (not inside a function that runs repeatedly).",
    );
  }
  const keys = spec.keys;
  if (keys !== undefined && typeof keys !== "function" && !Array.isArray(keys)) {
    throw new ValueError(
      "tree.register",
      `keys for ${name} must be an array of child names or a function of the aux data. ` +
        `Fix: e.g. keys: ["w", "b"].`,
    );
  }
  // The spec is generic in T and Aux; the registry stores it type-erased (flatten is only ever
  // called on exact instances of cls, and unflatten only with aux data that flatten produced).
  const entry: RegistryEntry = Object.freeze({
    cls,
    proto,
    name,
    flatten: spec.flatten as (node: unknown) => readonly [readonly unknown[], unknown],
    unflatten: spec.unflatten as (aux: unknown, children: unknown[]) => unknown,
    keys: keys as RegistryEntry["keys"],
    auxEquals: spec.auxEquals as RegistryEntry["auxEquals"],
  });
  registry.set(proto, entry);
}

/**
 * Whether `cls` has been registered with {@link register}.
 *
 * @example
 * tree.isRegistered(Linear); // true after tree.register(Linear, ...)
 */
export function isRegistered(cls: abstract new (...args: any[]) => unknown): boolean {
  // Anything that is not a class is simply not registered.
  if (typeof cls !== "function") return false;
  const proto: unknown = (cls as { prototype?: unknown }).prototype;
  return typeof proto === "object" && proto !== null && registry.has(proto);
}

/**
 * Call a registered class's flatten function and check that it kept the contract.
 * @internal
 */
export function flattenCustom(entry: RegistryEntry, node: unknown, op: string): readonly [readonly unknown[], unknown] {
  // The registered functions are the user's code: errors inside them name what they call.
  const out = callUser(entry.flatten, [node]);
  if (!Array.isArray(out) || out.length !== 2 || !Array.isArray(out[0])) {
    throw new ValueError(
      op,
      `the flatten function registered for ${entry.name} returned ${String(out)}; ` +
        "it must return a pair [children, aux] where children is an array. " +
        `Fix: e.g. flatten: (x) => [[x.w, x.b], x.config].`,
    );
  }
  return out as readonly [readonly unknown[], unknown];
}

/**
 * The child names of a registered node with auxiliary data `aux` and `n` children.
 * @internal
 */
export function customKeys(entry: RegistryEntry, aux: unknown, n: number): readonly PathKey[] {
  const spec = entry.keys;
  if (spec === undefined) return Array.from({ length: n }, (_, i) => i);
  const keys = typeof spec === "function" ? callUser(spec, [aux]) : spec;
  if (!Array.isArray(keys) || keys.length !== n) {
    throw new ValueError(
      "tree.flattenWithPath",
      `the keys registered for ${entry.name} give ${Array.isArray(keys) ? keys.length : String(keys)} ` +
        `names, but its flatten function returned ${n} children. Fix: list one key per child, in the order flatten returns them.`,
    );
  }
  return keys;
}
