/**
 * Matching a tree against a structure that is a *prefix* of it: every node of the structure
 * must appear in the tree, and each leaf position of the structure may hold a whole subtree.
 * This is what `tree.map` uses for its extra trees, and what `vmap`-style `inAxes` need.
 *
 * @module
 */
import { ValueError } from "../errors/classes.js";
import { flattenImpl, leaves, type TreeOptions } from "./flatten.js";
import { flattenCustom, lookupEntry, type KeyPath, type PathKey } from "./registry.js";
import { auxEquals, formatAux, isPlainObject, shortString, TreeDef, type NodeDef } from "./treedef.js";

/** Thrown internally at the first place a tree departs from a structure. */
class Mismatch {
  constructor(
    readonly path: KeyPath,
    readonly expected: string,
    readonly got: string,
  ) {}
}

/** A short description of a value's top-level node, for error messages. @internal */
export function describeNode(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x !== "object") return `a leaf (${typeof x})`;
  if (isPlainObject(x)) return `an object with keys [${Object.keys(x).sort().join(", ")}]`;
  const entry = lookupEntry(Object.getPrototypeOf(x) as object | null);
  if (entry !== undefined) return `a ${entry.name} node`;
  const ctor: unknown = (x as { constructor?: unknown }).constructor;
  const name = typeof ctor === "function" && ctor.name !== "" ? ctor.name : "object";
  return `a leaf (${name})`;
}

function expectedOf(node: NodeDef): string {
  switch (node.kind) {
    case "leaf":
      return "a leaf";
    case "none":
      return String(node.value);
    case "array":
      return `an array of length ${node.children.length}`;
    case "object":
      return `an object with keys [${node.keys.join(", ")}]`;
    case "custom":
      return `a ${node.entry.name} node with aux ${formatAux(node.aux)}`;
  }
}

function upTo(node: NodeDef, x: unknown, out: unknown[], path: PathKey[], op: string): void {
  switch (node.kind) {
    case "leaf":
      out.push(x);
      return;
    case "none":
      if (x !== node.value) throw new Mismatch(path.slice(), expectedOf(node), describeNode(x));
      return;
    case "array": {
      const n = node.children.length;
      if (!Array.isArray(x) || x.length !== n) throw new Mismatch(path.slice(), expectedOf(node), describeNode(x));
      for (let i = 0; i < n; i++) {
        path.push(i);
        upTo(node.children[i] as NodeDef, x[i], out, path, op);
        path.pop();
      }
      return;
    }
    case "object": {
      if (typeof x !== "object" || x === null || Array.isArray(x) || !isPlainObject(x)) {
        throw new Mismatch(path.slice(), expectedOf(node), describeNode(x));
      }
      const keys = Object.keys(x);
      const { keys: want, children } = node;
      if (keys.length !== want.length || want.some((k) => !Object.prototype.hasOwnProperty.call(x, k))) {
        throw new Mismatch(path.slice(), expectedOf(node), describeNode(x));
      }
      for (let i = 0; i < want.length; i++) {
        const k = want[i] as string;
        path.push(k);
        upTo(children[i] as NodeDef, x[k], out, path, op);
        path.pop();
      }
      return;
    }
    case "custom": {
      const entry = node.entry;
      if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== entry.proto) {
        throw new Mismatch(path.slice(), expectedOf(node), describeNode(x));
      }
      const [kids, aux] = flattenCustom(entry, x, op);
      if (kids.length !== node.children.length || !auxEquals(entry, node.aux, aux)) {
        throw new Mismatch(
          path.slice(),
          `${expectedOf(node)} and ${node.children.length} children`,
          `a ${entry.name} node with aux ${formatAux(aux)} and ${kids.length} children`,
        );
      }
      for (let i = 0; i < kids.length; i++) {
        path.push(i);
        upTo(node.children[i] as NodeDef, kids[i], out, path, op);
        path.pop();
      }
    }
  }
}

function where(path: KeyPath): string {
  return path.length === 0 ? "at the root" : `at path "${path.join(".")}"`;
}

function safeStructure(x: unknown): string {
  try {
    return shortString(flattenImpl(x, undefined, "tree.structure")[1]);
  } catch {
    return "<unflattenable>";
  }
}

/**
 * The subtrees of `t` at the leaf positions of `def`, in flatten order, or a formatted Error.
 * `what` names the offending argument in the message. @internal
 */
export function flattenUpToImpl(def: TreeDef, t: unknown, op: string, what: string, reference: string): unknown[] {
  const out: unknown[] = [];
  try {
    upTo(def.node, t, out, [], op);
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e;
    throw new ValueError(
      op,
      `${what} does not match the structure of ${reference} ${where(e.path)}: expected ${e.expected}, got ${e.got}.\n` +
        `  ${reference}: ${shortString(def)}\n` +
        `  ${what}: ${safeStructure(t)}\n` +
        `Fix: pass trees with the same structure (same object keys, array lengths, null/undefined positions and registered-class aux data). ` +
        `${reference[0]?.toUpperCase() ?? ""}${reference.slice(1)} may be a prefix of the others (one of its leaves may stand for a whole subtree), but not the reverse.`,
    );
  }
  return out;
}

/**
 * The subtrees of `t` found at the leaf positions of `def`, in flatten order. `def` must be a
 * prefix of `t`'s structure: every node of `def` appears in `t`, and a leaf of `def` may
 * match a whole subtree of `t`. Throws, naming the first differing path, otherwise.
 *
 * @example
 * const def = tree.structure({ a: 0, b: 0 });
 * tree.flattenUpTo(def, { a: [1, 2], b: 3 }); // [[1, 2], 3]
 */
export function flattenUpTo(def: TreeDef, t: unknown): unknown[] {
  if (!(def instanceof TreeDef)) {
    throw new ValueError("tree.flattenUpTo", "expected a TreeDef as the first argument. Fix: pass tree.structure(prefixTree).");
  }
  return flattenUpToImpl(def, t, "tree.flattenUpTo", "the tree", "the prefix structure");
}

/**
 * Broadcast the leaves of `prefix` over `full`: for each leaf of `prefix`, repeat it once per
 * leaf of the matching subtree of `full`. The result has one entry per leaf of `full`, in
 * flatten order (as used for `vmap`'s `inAxes`). Pass `{ isLeaf: (x) => x === null }` to let
 * `null` in the prefix stand for a whole subtree.
 *
 * @example
 * tree.broadcastPrefix({ a: 0, b: 1 }, { a: [x, y], b: z }); // [0, 0, 1]
 */
export function broadcastPrefix(prefix: unknown, full: unknown, options?: TreeOptions): unknown[] {
  const [prefixLeaves, def] = flattenImpl(prefix, options?.isLeaf, "tree.broadcastPrefix");
  const subtrees = flattenUpToImpl(def, full, "tree.broadcastPrefix", "the full tree", "the prefix tree");
  const out: unknown[] = [];
  for (let i = 0; i < subtrees.length; i++) {
    const n = leaves(subtrees[i]).length;
    for (let j = 0; j < n; j++) out.push(prefixLeaves[i]);
  }
  return out;
}

