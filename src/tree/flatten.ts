/**
 * Flattening a pytree into its leaves and a `TreeDef`, and rebuilding it.
 *
 * Nodes are JS arrays, plain objects (prototype `Object.prototype` or `null`; flattened in
 * sorted key order), `null` and `undefined` (empty nodes, no leaves) and instances of classes
 * registered with `tree.register`. Everything else (NDArrays, numbers, strings, other class
 * instances, typed arrays, functions) is a leaf, and is never walked into.
 *
 * @module
 */
import { ValueError } from "../errors/classes.js";
import { checkFunction, checkOptions, describe } from "../errors/checks.js";
import { callUser, currentOp } from "../errors/context.js";
import { flattenCustom, lookupEntry, type KeyPath } from "./registry.js";
import {
  arrayNode,
  customNode,
  LEAF,
  NULL_NODE,
  objectNode,
  TreeDef,
  UNDEFINED_NODE,
  type NodeDef,
} from "./treedef.js";

/** Options shared by the flattening functions. */
export interface TreeOptions {
  /**
   * Treat any subtree for which this returns `true` as a leaf (checked before the built-in
   * rules, so it can also make `null`, arrays or objects leaves).
   */
  readonly isLeaf?: (x: unknown) => boolean;
}

type IsLeaf = ((x: unknown) => boolean) | undefined;

/**
 * `f` made to run as user code when the user called the tree function `op` directly (its errors
 * then name what it calls); internal callers (grad, optim, ...) keep their own name. @internal
 */
export function asUser<F extends (...args: any[]) => any>(op: string, f: F): F {
  return currentOp() === op ? (((...args: unknown[]) => callUser(f, args)) as F) : f;
}

/** The validated `isLeaf` of a TreeOptions argument. @internal */
export function isLeafOption(op: string, options: unknown): IsLeaf {
  if (options === undefined) return undefined;
  checkOptions(op, options, ["isLeaf"]);
  const isLeaf = (options as TreeOptions).isLeaf;
  if (isLeaf === undefined) return undefined;
  checkFunction(op, isLeaf, "isLeaf");
  return asUser(op, isLeaf);
}

/**
 * How deep a pytree may nest. Real trees are a few levels deep; a deeper one is almost always a
 * cycle (an object that contains itself), which would otherwise recurse until the JS stack
 * overflows with a raw RangeError.
 */
export const MAX_TREE_DEPTH = 1000;

function tooDeep(op: string): ValueError {
  return new ValueError(
    op,
    `the pytree is nested more than ${MAX_TREE_DEPTH} levels deep; it probably contains a cycle (an object or array that contains itself, e.g. a.self = a). ` +
      `Pytrees must be finite trees: break the cycle, or hide the back-reference inside a leaf (e.g. a class instance or a Map).`,
  );
}

/** Recursive worker: pushes leaves, returns the node definition. No per-leaf closures. */
function flattenInto(x: unknown, leaves: unknown[], isLeaf: IsLeaf, op: string, depth = 0): NodeDef {
  if (depth > MAX_TREE_DEPTH) throw tooDeep(op);
  if (isLeaf !== undefined && isLeaf(x)) {
    leaves.push(x);
    return LEAF;
  }
  if (x === null) return NULL_NODE;
  if (x === undefined) return UNDEFINED_NODE;
  if (typeof x !== "object") {
    leaves.push(x);
    return LEAF;
  }
  if (Array.isArray(x)) {
    const children: NodeDef[] = [];
    for (let i = 0; i < x.length; i++) children.push(flattenInto(x[i], leaves, isLeaf, op, depth + 1));
    return arrayNode(children);
  }
  const proto: object | null = Object.getPrototypeOf(x) as object | null;
  if (proto === Object.prototype || proto === null) {
    const obj = x as Readonly<Record<string, unknown>>;
    const keys = Object.keys(obj).sort();
    const children: NodeDef[] = [];
    for (const k of keys) children.push(flattenInto(obj[k], leaves, isLeaf, op, depth + 1));
    return objectNode(keys, children);
  }
  const entry = lookupEntry(proto);
  if (entry !== undefined) {
    const [kids, aux] = flattenCustom(entry, x, op);
    const children: NodeDef[] = [];
    for (const k of kids) children.push(flattenInto(k, leaves, isLeaf, op, depth + 1));
    return customNode(entry, aux, children);
  }
  leaves.push(x);
  return LEAF;
}

/** Flatten with an operation name for error messages. @internal */
export function flattenImpl(t: unknown, isLeaf: IsLeaf, op: string): [unknown[], TreeDef] {
  const leaves: unknown[] = [];
  const node = flattenInto(t, leaves, isLeaf, op);
  return [leaves, new TreeDef(node)];
}

/**
 * Flatten a pytree into its leaves (in order: arrays by index, objects by sorted key) and its
 * structure.
 *
 * @example
 * const [leaves, def] = tree.flatten({ b: [x, y], a: z });
 * leaves;          // [z, x, y]
 * String(def);     // "PyTreeDef({a: *, b: [*, *]})"
 */
export function flatten(t: unknown, options?: TreeOptions): [leaves: unknown[], treedef: TreeDef] {
  return flattenImpl(t, isLeafOption("tree.flatten", options), "tree.flatten");
}

/**
 * The leaves of a pytree, in flatten order.
 *
 * @example
 * tree.leaves({ w: [1, 2], b: null }); // [1, 2]
 */
export function leaves(t: unknown, options?: TreeOptions): unknown[] {
  const out: unknown[] = [];
  flattenInto(t, out, isLeafOption("tree.leaves", options), "tree.leaves");
  return out;
}

/**
 * The structure (`TreeDef`) of a pytree.
 *
 * @example
 * tree.structure([x, { a: y }]).toString(); // "PyTreeDef([*, {a: *}])"
 */
export function structure(t: unknown, options?: TreeOptions): TreeDef {
  return flattenImpl(t, isLeafOption("tree.structure", options), "tree.structure")[1];
}

/**
 * Rebuild a pytree from a structure and leaves in flatten order. Objects are rebuilt as plain
 * objects with keys in sorted order; registered classes through their `unflatten`.
 *
 * @example
 * const [leaves, def] = tree.flatten({ a: 1, b: [2, 3] });
 * tree.unflatten(def, leaves.map((v) => (v as number) * 10)); // { a: 10, b: [20, 30] }
 */
export function unflatten(treedef: TreeDef, leaves: readonly unknown[]): unknown {
  if (!(treedef instanceof TreeDef)) {
    throw new ValueError(
      "tree.unflatten",
      `expected a TreeDef as the first argument, got ${describe(treedef)}. ` +
        "Fix: call tree.unflatten(def, leaves) with def from tree.flatten or tree.structure.",
    );
  }
  return treedef.unflatten(leaves);
}

/**
 * Like `flatten`, but each leaf comes with its key path (object keys as strings, array indices
 * as numbers, registered classes' `keys`).
 *
 * @example
 * const [pairs] = tree.flattenWithPath({ layer: { w: x }, b: [y] });
 * pairs; // [[["b", 0], y], [["layer", "w"], x]]
 */
export function flattenWithPath(
  t: unknown,
  options?: TreeOptions,
): [pairs: (readonly [KeyPath, unknown])[], treedef: TreeDef] {
  return flattenWithPathImpl(t, options, "tree.flattenWithPath");
}

function flattenWithPathImpl(t: unknown, options: TreeOptions | undefined, op: string): [pairs: (readonly [KeyPath, unknown])[], treedef: TreeDef] {
  const [ls, def] = flattenImpl(t, isLeafOption(op, options), op);
  const paths = def.paths();
  return [ls.map((leaf, i) => [paths[i] as KeyPath, leaf] as const), def];
}

/**
 * The `[path, leaf]` pairs of a pytree, in flatten order.
 *
 * @example
 * tree.leavesWithPaths({ layer: { w: x }, b: [y] }).map(([p]) => tree.keyPathToString(p)); // ["b.0", "layer.w"]
 */
export function leavesWithPaths(t: unknown, options?: TreeOptions): (readonly [KeyPath, unknown])[] {
  return flattenWithPathImpl(t, options, "tree.leavesWithPaths")[0];
}

/**
 * Join a key path with dots, the form save/load files use: `["layer", "w"]` → `"layer.w"`,
 * `["b", 0]` → `"b.0"`, `[]` (a root leaf) → `""`. Keys are not escaped, so keys that contain
 * `"."` make the dotted form ambiguous; avoid them in saved trees.
 *
 * @example
 * tree.keyPathToString(["layers", 0, "w"]); // "layers.0.w"
 */
export function keyPathToString(path: KeyPath): string {
  if (!Array.isArray(path) || path.some((k) => typeof k !== "string" && typeof k !== "number")) {
    throw new ValueError("tree.keyPathToString", `expected a key path (an array of strings and numbers, e.g. ["layer", 0, "w"]), got ${describe(path)}.`);
  }
  return path.join(".");
}

/**
 * Whether a value is a pytree node (array, plain object, `null`/`undefined` or an instance of
 * a registered class) rather than a leaf.
 *
 * @example
 * tree.isNode([1, 2]); // true
 * tree.isNode(np.ones([2])); // false: NDArrays are leaves
 */
export function isNode(x: unknown): boolean {
  if (x === null || x === undefined) return true;
  if (typeof x !== "object") return false;
  if (Array.isArray(x)) return true;
  const proto: object | null = Object.getPrototypeOf(x) as object | null;
  return proto === Object.prototype || proto === null || lookupEntry(proto) !== undefined;
}
