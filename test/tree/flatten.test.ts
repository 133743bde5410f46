import { describe, expect, it } from "vitest";
import * as tree from "../../src/tree/index.js";

class Leafy {
  constructor(readonly data: number[]) {}
}

describe("tree.flatten / tree.leaves", () => {
  it("orders leaves by array index and sorted object key", () => {
    const [leaves, def] = tree.flatten({ b: [1, 2], a: 3, c: { z: 4, y: 5 } });
    expect(leaves).toEqual([3, 1, 2, 5, 4]);
    expect(def.numLeaves).toBe(5);
    expect(def.toString()).toBe("PyTreeDef({a: *, b: [*, *], c: {y: *, z: *}})");
    expect(tree.leaves({ b: [1, 2], a: 3, c: { z: 4, y: 5 } })).toEqual([3, 1, 2, 5, 4]);
  });

  it("treats null and undefined as empty nodes", () => {
    const [leaves, def] = tree.flatten([null, 1, undefined, { a: null }]);
    expect(leaves).toEqual([1]);
    expect(def.toString()).toBe("PyTreeDef([null, *, undefined, {a: null}])");
    expect(def.numNodes).toBe(6);
    expect(tree.leaves(null)).toEqual([]);
    expect(tree.leaves(undefined)).toEqual([]);
  });

  it("treats non-node values as leaves and does not walk into them", () => {
    const inst = new Leafy([1, 2, 3]);
    const typed = new Float32Array([1, 2]);
    const fn = (): number => 1;
    const date = new Date(0);
    const leaves = tree.leaves([inst, typed, fn, date, "s", true, 7n, Symbol.for("x")]);
    expect(leaves).toHaveLength(8);
    expect(leaves[0]).toBe(inst);
    expect(leaves[1]).toBe(typed);
    expect(leaves[2]).toBe(fn);
    expect(tree.structure(inst).toString()).toBe("PyTreeDef(*)");
  });

  it("treats null-prototype objects as plain objects", () => {
    const o = Object.create(null) as Record<string, number>;
    o["b"] = 2;
    o["a"] = 1;
    expect(tree.leaves(o)).toEqual([1, 2]);
    expect(tree.structure(o).equals(tree.structure({ a: 0, b: 0 }))).toBe(true);
  });

  it("sorts numeric-looking keys as strings", () => {
    expect(tree.leaves({ 10: "ten", 2: "two", a: "a" })).toEqual(["ten", "two", "a"]);
  });

  it("supports an isLeaf option", () => {
    const t = { a: [1, 2], b: { c: [3] } };
    const isLeaf = (x: unknown): boolean => Array.isArray(x);
    expect(tree.leaves(t, { isLeaf })).toEqual([[1, 2], [3]]);
    const [leaves, def] = tree.flatten(t, { isLeaf });
    expect(leaves).toEqual([[1, 2], [3]]);
    expect(def.toString()).toBe("PyTreeDef({a: *, b: {c: *}})");
    expect(tree.structure([null, 1], { isLeaf: (x) => x === null }).numLeaves).toBe(2);
  });

  it("flattens a root leaf to one leaf", () => {
    const [leaves, def] = tree.flatten(42);
    expect(leaves).toEqual([42]);
    expect(def.toString()).toBe("PyTreeDef(*)");
    expect(tree.unflatten(def, [7])).toBe(7);
  });
});

describe("tree.unflatten", () => {
  it("rebuilds arrays and objects with keys in sorted order", () => {
    const [leaves, def] = tree.flatten({ b: [1, 2], a: 3, n: null, u: undefined });
    const out = tree.unflatten(def, leaves.map((x) => (x as number) * 10)) as Record<string, unknown>;
    expect(out).toStrictEqual({ a: 30, b: [10, 20], n: null, u: undefined });
    expect(Object.keys(out)).toEqual(["a", "b", "n", "u"]);
    expect("u" in out).toBe(true);
  });

  it("builds fresh containers", () => {
    const t = { a: [1] };
    const [leaves, def] = tree.flatten(t);
    const out = tree.unflatten(def, leaves) as typeof t;
    expect(out).not.toBe(t);
    expect(out.a).not.toBe(t.a);
  });

  it("keeps a __proto__ key as an own property", () => {
    const t = JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>;
    const [leaves, def] = tree.flatten(t);
    expect(leaves).toEqual([1, 2]);
    const out = tree.unflatten(def, [5, 6]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "a"]);
    expect(out["a"]).toBe(6);
  });

  it("rejects the wrong number of leaves, naming both counts", () => {
    const def = tree.structure({ a: 1, b: [2, 3] });
    expect(() => tree.unflatten(def, [1])).toThrow(/tree\.unflatten: PyTreeDef\(\{a: \*, b: \[\*, \*\]\}\) has 3 leaves, but got 1 leaf/);
    expect(() => tree.unflatten(def, [1, 2, 3, 4])).toThrow(/got 4 leaves.*Fix: pass exactly numLeaves leaves/);
    expect(() => tree.unflatten(def, "abc" as unknown as unknown[])).toThrow(/instead of an array/);
  });

  it("rejects a non-TreeDef", () => {
    expect(() => tree.unflatten({} as tree.TreeDef, [])).toThrow(/tree\.unflatten: expected a TreeDef/);
  });
});

describe("TreeDef", () => {
  it("compares structures, not leaves", () => {
    const a = tree.structure({ a: 1, b: [2, 3] });
    expect(a.equals(tree.structure({ b: ["x", "y"], a: new Leafy([]) }))).toBe(true);
    expect(a.equals(tree.structure({ a: 1, b: [2] }))).toBe(false);
    expect(a.equals(tree.structure({ a: 1, c: [2, 3] }))).toBe(false);
    expect(a.equals(tree.structure({ a: [1], b: [2, 3] }))).toBe(false);
    expect(tree.structure([null]).equals(tree.structure([undefined]))).toBe(false);
    expect(tree.structure([[]]).equals(tree.structure([{}]))).toBe(false);
    expect(tree.structure([]).equals(tree.structure(null))).toBe(false);
  });

  it("is immutable", () => {
    const def = tree.structure([1, 2]);
    expect(Object.isFrozen(def)).toBe(true);
    expect(() => {
      (def as { numLeaves: number }).numLeaves = 5;
    }).toThrow(TypeError);
  });

  it("quotes non-identifier keys in toString", () => {
    expect(tree.structure({ "a b": 1, c: 2 }).toString()).toBe('PyTreeDef({"a b": *, c: *})');
    expect(String(tree.structure([]))).toBe("PyTreeDef([])");
    expect(String(tree.structure({}))).toBe("PyTreeDef({})");
  });

  it("lists its children", () => {
    const def = tree.structure({ a: 1, b: [2, 3] });
    expect(def.children().map(String)).toEqual(["PyTreeDef(*)", "PyTreeDef([*, *])"]);
    expect(tree.structure(1).children()).toEqual([]);
  });

  it("unflattens through its own method", () => {
    expect(tree.structure({ a: 0, b: [0, 0] }).unflatten([1, 2, 3])).toEqual({ a: 1, b: [2, 3] });
  });

  it("gives leaf paths", () => {
    expect(tree.structure({ layer: { w: 1 }, b: [2, null, 3] }).paths()).toEqual([
      ["b", 0],
      ["b", 2],
      ["layer", "w"],
    ]);
    expect(tree.structure(5).paths()).toEqual([[]]);
  });
});

describe("paths", () => {
  it("pairs each leaf with its key path", () => {
    const t = { layer: { w: "W" }, b: ["B0", "B1"] };
    const [pairs, def] = tree.flattenWithPath(t);
    expect(pairs).toEqual([
      [["b", 0], "B0"],
      [["b", 1], "B1"],
      [["layer", "w"], "W"],
    ]);
    expect(def.equals(tree.structure(t))).toBe(true);
    expect(tree.leavesWithPaths(t).map(([p]) => tree.keyPathToString(p))).toEqual(["b.0", "b.1", "layer.w"]);
  });

  it("respects isLeaf", () => {
    expect(tree.leavesWithPaths({ a: [1, 2] }, { isLeaf: Array.isArray })).toEqual([[["a"], [1, 2]]]);
  });

  it("joins paths with dots", () => {
    expect(tree.keyPathToString(["layers", 0, "w"])).toBe("layers.0.w");
    expect(tree.keyPathToString([])).toBe("");
  });
});

describe("tree.isNode", () => {
  it("classifies values", () => {
    expect(tree.isNode([])).toBe(true);
    expect(tree.isNode({})).toBe(true);
    expect(tree.isNode(null)).toBe(true);
    expect(tree.isNode(undefined)).toBe(true);
    expect(tree.isNode(1)).toBe(false);
    expect(tree.isNode("s")).toBe(false);
    expect(tree.isNode(new Leafy([]))).toBe(false);
    expect(tree.isNode(new Float64Array(2))).toBe(false);
  });
});
