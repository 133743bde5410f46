/**
 * `TreeDef`: the immutable description of a pytree's shape (its nodes, object keys, array
 * lengths, registered classes and their auxiliary data) with the leaves left out.
 *
 * @module
 */
import { ValueError } from "../errors/classes.js";
import { callUser } from "../errors/context.js";
import { customKeys, type KeyPath, type PathKey, type RegistryEntry } from "./registry.js";

interface NodeBase {
  readonly numLeaves: number;
  readonly numNodes: number;
}
/** A leaf position. @internal */
export interface LeafNode extends NodeBase {
  readonly kind: "leaf";
}
/** `null` or `undefined`: a node with no children and no leaves. @internal */
export interface NoneNode extends NodeBase {
  readonly kind: "none";
  readonly value: null | undefined;
}
/** A JS array. @internal */
export interface ArrayNode extends NodeBase {
  readonly kind: "array";
  readonly children: readonly NodeDef[];
}
/** A plain object; `keys` are sorted and parallel to `children`. @internal */
export interface ObjectNode extends NodeBase {
  readonly kind: "object";
  readonly keys: readonly string[];
  readonly children: readonly NodeDef[];
}
/** An instance of a registered class. @internal */
export interface CustomNode extends NodeBase {
  readonly kind: "custom";
  readonly entry: RegistryEntry;
  readonly aux: unknown;
  readonly children: readonly NodeDef[];
}
/** One node of a tree definition. @internal */
export type NodeDef = LeafNode | NoneNode | ArrayNode | ObjectNode | CustomNode;

/** The shared leaf node. @internal */
export const LEAF: LeafNode = Object.freeze({ kind: "leaf", numLeaves: 1, numNodes: 1 });
/** The shared `null` node. @internal */
export const NULL_NODE: NoneNode = Object.freeze({ kind: "none", value: null, numLeaves: 0, numNodes: 1 });
/** The shared `undefined` node. @internal */
export const UNDEFINED_NODE: NoneNode = Object.freeze({ kind: "none", value: undefined, numLeaves: 0, numNodes: 1 });

// Node definitions are not frozen (freezing every node costs more than the rest of flatten);
// they are immutable by type (`readonly`) and never handed out: `TreeDef` (frozen) wraps them.

/** @internal */
export function arrayNode(children: readonly NodeDef[]): ArrayNode {
  let numLeaves = 0;
  let numNodes = 1;
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as NodeDef;
    numLeaves += c.numLeaves;
    numNodes += c.numNodes;
  }
  return { kind: "array", children, numLeaves, numNodes };
}

/** @internal */
export function objectNode(keys: readonly string[], children: readonly NodeDef[]): ObjectNode {
  let numLeaves = 0;
  let numNodes = 1;
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as NodeDef;
    numLeaves += c.numLeaves;
    numNodes += c.numNodes;
  }
  return { kind: "object", keys, children, numLeaves, numNodes };
}

/** @internal */
export function customNode(entry: RegistryEntry, aux: unknown, children: readonly NodeDef[]): CustomNode {
  let numLeaves = 0;
  let numNodes = 1;
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as NodeDef;
    numLeaves += c.numLeaves;
    numNodes += c.numNodes;
  }
  return { kind: "custom", entry, aux, children, numLeaves, numNodes };
}

/** Whether a value is a plain object (prototype `Object.prototype` or `null`). @internal */
export function isPlainObject(x: object): x is Readonly<Record<string, unknown>> {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Default equality for auxiliary data: deep equality of JSON-like values (primitives with
 * `NaN` equal to itself, arrays, plain objects compared by sorted keys), `TreeDef`s by
 * `equals`, and any other object by identity. Registered classes use it unless they pass
 * their own `auxEquals`.
 *
 * @example
 * tree.defaultAuxEquals({ act: "relu", sizes: [2, 3] }, { sizes: [2, 3], act: "relu" }); // true
 */
export function defaultAuxEquals(a: unknown, b: unknown): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof TreeDef) return b instanceof TreeDef && a.equals(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!defaultAuxEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (k !== kb[i] || !defaultAuxEquals(a[k], b[k])) return false;
  }
  return true;
}

/** Aux equality for a registered node (the class's own `auxEquals`, else the default). @internal */
export function auxEquals(entry: RegistryEntry, a: unknown, b: unknown): boolean {
  return a === b || (entry.auxEquals !== undefined ? callUser(entry.auxEquals, [a, b]) : defaultAuxEquals(a, b));
}

function sameChildren(a: readonly NodeDef[], b: readonly NodeDef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!nodeEquals(a[i] as NodeDef, b[i] as NodeDef)) return false;
  return true;
}

/** Structural equality of two node definitions. @internal */
export function nodeEquals(a: NodeDef, b: NodeDef): boolean {
  if (a === b) return true;
  if (a.numLeaves !== b.numLeaves || a.numNodes !== b.numNodes) return false;
  switch (a.kind) {
    case "leaf":
      return b.kind === "leaf";
    case "none":
      return b.kind === "none" && a.value === b.value;
    case "array":
      return b.kind === "array" && sameChildren(a.children, b.children);
    case "object":
      return (
        b.kind === "object" &&
        a.keys.length === b.keys.length &&
        a.keys.every((k, i) => k === b.keys[i]) &&
        sameChildren(a.children, b.children)
      );
    case "custom":
      return b.kind === "custom" && a.entry === b.entry && auxEquals(a.entry, a.aux, b.aux) && sameChildren(a.children, b.children);
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Aux data for display: JSON when possible, else `String`. @internal */
export function formatAux(aux: unknown): string {
  if (aux instanceof TreeDef) return aux.toString();
  try {
    const s = JSON.stringify(aux);
    if (s !== undefined) return s;
  } catch {
    // cycles or BigInt: fall through
  }
  return String(aux);
}

/** The body of a node's `toString` (without the `PyTreeDef(...)` wrapper). @internal */
export function nodeToString(node: NodeDef): string {
  switch (node.kind) {
    case "leaf":
      return "*";
    case "none":
      return String(node.value);
    case "array":
      return `[${node.children.map(nodeToString).join(", ")}]`;
    case "object":
      return `{${node.keys
        .map((k, i) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${nodeToString(node.children[i] as NodeDef)}`)
        .join(", ")}}`;
    case "custom":
      return `CustomNode(${node.entry.name}[${formatAux(node.aux)}], [${node.children.map(nodeToString).join(", ")}])`;
  }
}

/** Cursor into a flat list of leaves during unflattening. */
interface Cursor {
  i: number;
}

function defineKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Rebuild a tree from a node definition, consuming leaves from the cursor. @internal */
export function buildNode(node: NodeDef, leaves: readonly unknown[], cur: Cursor): unknown {
  switch (node.kind) {
    case "leaf":
      return leaves[cur.i++];
    case "none":
      return node.value;
    case "array": {
      const out: unknown[] = [];
      for (const c of node.children) out.push(buildNode(c, leaves, cur));
      return out;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const { keys, children } = node;
      for (let j = 0; j < keys.length; j++) defineKey(out, keys[j] as string, buildNode(children[j] as NodeDef, leaves, cur));
      return out;
    }
    case "custom": {
      const children: unknown[] = [];
      for (const c of node.children) children.push(buildNode(c, leaves, cur));
      return callUser(node.entry.unflatten, [node.aux, children]);
    }
  }
}

function collectPaths(node: NodeDef, prefix: PathKey[], out: KeyPath[]): void {
  switch (node.kind) {
    case "leaf":
      out.push(Object.freeze(prefix.slice()));
      return;
    case "none":
      return;
    case "array":
    case "object":
    case "custom": {
      const keys: readonly PathKey[] =
        node.kind === "object" ? node.keys : node.kind === "custom" ? customKeys(node.entry, node.aux, node.children.length) : [];
      node.children.forEach((child, i) => {
        prefix.push(node.kind === "array" ? i : (keys[i] as PathKey));
        collectPaths(child, prefix, out);
        prefix.pop();
      });
    }
  }
}

/**
 * The structure of a pytree without its leaves: an immutable value with `numLeaves`,
 * `equals` and a readable `toString`. Get one from `tree.structure(t)` or `tree.flatten(t)`.
 *
 * @example
 * const def = tree.structure({ a: x, b: [y, z] });
 * def.numLeaves;  // 3
 * def.toString(); // "PyTreeDef({a: *, b: [*, *]})"
 * def.equals(tree.structure({ b: [1, 2], a: 0 })); // true
 */
export class TreeDef {
  /** The number of leaves a tree of this structure has. */
  readonly numLeaves: number;
  /** The number of nodes (leaves, `null`/`undefined` and containers) in the structure. */
  readonly numNodes: number;
  /** The root node definition. @internal */
  readonly node: NodeDef;
  #string: string | undefined;
  #paths: readonly KeyPath[] | undefined;

  /** @internal Use `tree.structure` or `tree.flatten` to obtain a `TreeDef`. */
  constructor(node: NodeDef) {
    this.node = node;
    this.numLeaves = node.numLeaves;
    this.numNodes = node.numNodes;
    this.#string = undefined;
    this.#paths = undefined;
    Object.freeze(this);
  }

  /**
   * Whether `other` describes the same structure (same node kinds, object keys, array lengths,
   * registered classes and equal auxiliary data).
   *
   * @example
   * tree.structure([1, { a: 2 }]).equals(tree.structure([x, { a: y }])); // true
   */
  equals(other: TreeDef): boolean {
    return other instanceof TreeDef && nodeEquals(this.node, other.node);
  }

  /**
   * A readable description, leaves as `*`: `PyTreeDef({a: *, b: [*, null]})`.
   *
   * @example
   * String(tree.structure([x, { w: y }])); // "PyTreeDef([*, {w: *}])"
   */
  toString(): string {
    if (this.#string === undefined) this.#string = `PyTreeDef(${nodeToString(this.node)})`;
    return this.#string;
  }

  /**
   * The structures of the root's children (empty for a leaf or `null`/`undefined`).
   *
   * @example
   * tree.structure({ a: 1, b: [2, 3] }).children().map(String); // ["PyTreeDef(*)", "PyTreeDef([*, *])"]
   */
  children(): TreeDef[] {
    const node = this.node;
    return node.kind === "leaf" || node.kind === "none" ? [] : node.children.map((c) => new TreeDef(c));
  }

  /**
   * The key path of each leaf, in flatten order (object keys as strings, array indices as
   * numbers, registered classes' `keys`).
   *
   * @example
   * tree.structure({ layer: { w: 1 }, b: [2] }).paths(); // [["b", 0], ["layer", "w"]]
   */
  paths(): readonly KeyPath[] {
    if (this.#paths === undefined) {
      const out: KeyPath[] = [];
      collectPaths(this.node, [], out);
      this.#paths = Object.freeze(out);
    }
    return this.#paths;
  }

  /**
   * Rebuild a tree of this structure from its leaves (same as `tree.unflatten(def, leaves)`).
   *
   * @example
   * tree.structure({ a: 0, b: [0, 0] }).unflatten([1, 2, 3]); // { a: 1, b: [2, 3] }
   */
  unflatten(leaves: readonly unknown[]): unknown {
    if (!Array.isArray(leaves) || leaves.length !== this.numLeaves) {
      const got = Array.isArray(leaves)
        ? `${leaves.length} ${leaves.length === 1 ? "leaf" : "leaves"}`
        : `a ${typeof leaves} instead of an array`;
      throw new ValueError(
        "tree.unflatten",
        `${shortString(this)} has ${this.numLeaves} ${this.numLeaves === 1 ? "leaf" : "leaves"}, but got ${got}. ` +
          "Fix: pass exactly numLeaves leaves, in flatten order (e.g. the output of tree.leaves on a tree of this structure).",
      );
    }
    return buildNode(this.node, leaves, { i: 0 });
  }

  /** Shown by Node's `console.log` / `util.inspect`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** `def.toString()`, cut to `max` characters for error messages. @internal */
export function shortString(def: TreeDef, max = 300): string {
  const s = def.toString();
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
