/**
 * Sound cache keys for jit: an injective string encoding of a call's signature (tree structure,
 * shapes and dtypes of array leaves, and the values of static arguments), and a small LRU map.
 *
 * Statics are keyed by value where values are plain data — numbers with Object.is semantics
 * (0 ≠ −0, NaN = NaN, ±Infinity distinct), strings, booleans, bigints, null/undefined, and arrays
 * and plain objects structurally (a snapshot: mutating the object later cannot revive an old
 * entry) — and by identity otherwise: functions (two closures with the same source differ),
 * Maps, Sets, class instances, NDArrays. This is how JAX hashes static arguments (by `__hash__`/
 * `__eq__`, which is identity for functions and most objects).
 * @internal
 */
import { isPlainObject, type NodeDef, type TreeDef } from "../tree/treedef.js";

let nextId = 0;
const objectIds = new WeakMap<object, number>();
// Symbols cannot all be WeakMap keys (registered ones are not); they are rare as jit arguments.
const symbolIds = new Map<symbol, number>();

/** A number unique to this object for as long as it lives (ids are never reused). */
function identity(x: object): number {
  let id = objectIds.get(x);
  if (id === undefined) {
    id = nextId++;
    objectIds.set(x, id);
  }
  return id;
}

function symbolId(s: symbol): number {
  let id = symbolIds.get(s);
  if (id === undefined) {
    id = nextId++;
    symbolIds.set(s, id);
  }
  return id;
}

/** The injective encoding of a static value (see the module comment). @internal */
export function staticKey(value: unknown, seen: Set<object> = new Set()): string {
  switch (typeof value) {
    case "number":
      return Object.is(value, -0) ? "n-0" : `n${String(value)}`; // String is exact for doubles, and NaN/Infinity are distinct words
    case "string":
      return `s${JSON.stringify(value)}`;
    case "boolean":
      return value ? "T" : "F";
    case "bigint":
      return `b${value.toString()}`;
    case "undefined":
      return "u";
    case "symbol":
      return `y${symbolId(value)}`;
    case "function":
      return `f${identity(value)}`;
  }
  if (value === null) return "z";
  const obj = value as object;
  // A cycle cannot be a value key, nor can a value nested too deep to walk: fall back to identity.
  if (seen.has(obj) || seen.size > 1000) return `o${identity(obj)}`;
  if (Array.isArray(obj)) {
    seen.add(obj);
    const parts = obj.map((v) => staticKey(v, seen));
    seen.delete(obj);
    return `[${parts.join(",")}]`;
  }
  if (isPlainObject(obj)) {
    seen.add(obj);
    const keys = Object.keys(obj).sort();
    const parts = keys.map((k) => `${JSON.stringify(k)}:${staticKey((obj as Record<string, unknown>)[k], seen)}`);
    seen.delete(obj);
    return `{${parts.join(",")}}`;
  }
  return `o${identity(obj)}`;
}

function nodeKey(node: NodeDef): string {
  switch (node.kind) {
    case "leaf":
      return "*";
    case "none":
      return node.value === null ? "N" : "U";
    case "array":
      return `[${node.children.map(nodeKey).join(",")}]`;
    case "object":
      return `{${node.keys.map((k, i) => `${JSON.stringify(k)}:${nodeKey(node.children[i]!)}`).join(",")}}`;
    case "custom":
      // The registered class by identity, its aux data as a static value.
      return `C${identity(node.entry)}(${staticKey(node.aux)})[${node.children.map(nodeKey).join(",")}]`;
  }
}

/** The injective encoding of a tree structure (registered classes' aux data encoded as statics). @internal */
export function treedefKey(def: TreeDef): string {
  return nodeKey(def.node);
}

/** A map that keeps at most `limit` entries, dropping the least recently used. @internal */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(readonly limit: number) {}
  get size(): number {
    return this.entries.size;
  }
  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      // Re-insert: Map iteration order is insertion order, so the oldest entry comes first.
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
