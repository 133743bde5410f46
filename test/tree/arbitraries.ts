/** Shared fast-check generators and helpers for the pytree tests. */
import fc from "fast-check";
import * as tree from "../../src/tree/index.js";

/** A small unregistered class: its instances are leaves. */
export class Box {
  constructor(readonly v: number) {}
}

/** A registered node class with two children and a string tag as aux data. */
export class Pair {
  constructor(
    readonly left: unknown,
    readonly right: unknown,
    readonly tag: string,
  ) {}
}

tree.register(Pair, {
  flatten: (p) => [[p.left, p.right], p.tag],
  unflatten: (tag, [left, right]) => new Pair(left, right, tag),
  keys: ["left", "right"],
});

/** Numbers that are exact in binary (i / 8), avoiding NaN/-0 noise. */
export const num: fc.Arbitrary<number> = fc.integer({ min: -1000, max: 1000 }).map((i) => i / 8);

/** A leaf: a number or a `Box`. */
export const leafArb: fc.Arbitrary<number | Box> = fc.oneof(num, num.map((v) => new Box(v)));

/** Random pytrees: leaves, arrays, objects with random keys, null/undefined, registered `Pair`s. */
export const treeArb: fc.Arbitrary<unknown> = fc.letrec<{
  tree: unknown;
  leaf: number | Box;
  none: null | undefined;
  array: unknown[];
  object: Record<string, unknown>;
  pair: Pair;
}>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("none"), tie("array"), tie("object"), tie("pair")),
  leaf: leafArb,
  none: fc.constantFrom(null, undefined),
  array: fc.array(tie("tree"), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 3 }), tie("tree"), { maxKeys: 4 }),
  pair: fc
    .record({ l: tie("tree"), r: tie("tree"), tag: fc.constantFrom("x", "y") })
    .map(({ l, r, tag }) => new Pair(l, r, tag)),
})).tree;

/**
 * Strict tree equality: same node kinds, the same own keys (undefined-valued keys count),
 * the same `Pair` tags, and leaves equal by `Object.is` (Boxes by value).
 */
export function sameTree(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i]));
  if (a instanceof Pair) return b instanceof Pair && a.tag === b.tag && sameTree(a.left, b.left) && sameTree(a.right, b.right);
  if (a instanceof Box) return b instanceof Box && Object.is(a.v, b.v);
  if (typeof a === "object" && !Array.isArray(b) && typeof b === "object") {
    const proto = Object.getPrototypeOf(a) as unknown;
    if (proto !== Object.prototype && proto !== null) return a === b;
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const ka = Object.keys(ra).sort();
    const kb = Object.keys(rb).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameTree(ra[k], rb[k]));
  }
  return Object.is(a, b);
}

/** Follow a key path from the root (object keys, array indices, `Pair` field names). */
export function getPath(t: unknown, path: tree.KeyPath): unknown {
  let cur = t;
  for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
  return cur;
}
