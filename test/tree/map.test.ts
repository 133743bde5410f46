import { describe, expect, it } from "vitest";
import * as tree from "../../src/tree/index.js";

describe("tree.map", () => {
  it("maps every leaf and keeps the structure", () => {
    expect(tree.map((x: number) => x * 2, { a: 1, b: [2, 3], c: null })).toStrictEqual({ a: 2, b: [4, 6], c: null });
    expect(tree.map((x: number) => x + 1, 5)).toBe(6);
    expect(tree.map((x: number) => x + 1, null)).toBe(null);
  });

  it("zips several trees of the same structure", () => {
    const params = { w: [1, 2], b: 3 };
    const grads = { b: 30, w: [10, 20] };
    expect(tree.map((p: number, g: number) => p - 0.5 * g, params, grads)).toEqual({ w: [-4, -8], b: -12 });
    expect(tree.map((a: number, b: number, c: number) => a + b + c, [1, 2], [10, 20], [100, 200])).toEqual([111, 222]);
  });

  it("lets a leaf of the first tree match a whole subtree of the others (prefix)", () => {
    const out = tree.map((axis: number, sub: unknown) => [axis, tree.leaves(sub).length], { a: 0, b: 1 }, { a: [1, 2, 3], b: { x: 1 } });
    expect(out).toEqual({ a: [0, 3], b: [1, 1] });
  });

  it("calls f once per leaf in flatten order", () => {
    const seen: unknown[] = [];
    tree.map((x: unknown) => seen.push(x), { z: 1, a: [2, 3] });
    expect(seen).toEqual([2, 3, 1]);
  });

  it("reports mismatched structures with both structures and the fix", () => {
    const run = (): unknown => tree.map((a: number, b: number) => a + b, { a: 1, b: [1, 2] }, { a: 1, b: [1, 2, 3] });
    expect(run).toThrow(/^tree\.map: tree 2 does not match the structure of tree 1 at path "b": expected an array of length 2, got an array of length 3/);
    expect(run).toThrow(/tree 1: PyTreeDef\(\{a: \*, b: \[\*, \*\]\}\)/);
    expect(run).toThrow(/tree 2: PyTreeDef\(\{a: \*, b: \[\*, \*, \*\]\}\)/);
    expect(run).toThrow(/Fix: pass trees with the same structure/);
  });

  it("reports missing or extra keys, wrong node kinds and null mismatches", () => {
    const f = (a: unknown): unknown => a;
    expect(() => tree.map(f, { a: 1, b: 2 }, { a: 1, c: 2 })).toThrow(/at the root: expected an object with keys \[a, b\], got an object with keys \[a, c\]/);
    expect(() => tree.map(f, { a: 1 }, { a: 1, b: 2 })).toThrow(/expected an object with keys \[a\], got an object with keys \[a, b\]/);
    expect(() => tree.map(f, [1, [2]], [1, 2])).toThrow(/at path "1": expected an array of length 1, got a leaf \(number\)/);
    expect(() => tree.map(f, { a: null }, { a: 1 })).toThrow(/at path "a": expected null, got a leaf \(number\)/);
    expect(() => tree.map(f, { a: [1] }, { a: { 0: 1 } })).toThrow(/expected an array of length 1, got an object with keys \[0\]/);
    expect(() => tree.map(f, [1], [1], [1, 2])).toThrow(/tree 3 does not match the structure of tree 1/);
  });

  it("does not accept the first tree being the deeper one", () => {
    expect(() => tree.map((a: unknown) => a, { a: [1, 2] }, { a: 0 })).toThrow(/at path "a": expected an array of length 2, got a leaf \(number\)/);
  });
});

describe("tree.mapWithOptions", () => {
  it("applies isLeaf to the first tree", () => {
    const out = tree.mapWithOptions({ isLeaf: Array.isArray }, (xs: number[]) => xs.length, { a: [1, 2], b: [3] });
    expect(out).toEqual({ a: 2, b: 1 });
  });

  it("names itself in errors", () => {
    expect(() => tree.mapWithOptions({}, (a: unknown) => a, [1], [1, 2])).toThrow(/^tree\.mapWithOptions: tree 2/);
  });
});

describe("tree.mapWithPath", () => {
  it("passes the key path first", () => {
    const out = tree.mapWithPath((path, x: number) => `${tree.keyPathToString(path)}=${x}`, { layer: { w: 1, b: 2 }, xs: [3] });
    expect(out).toEqual({ layer: { b: "layer.b=2", w: "layer.w=1" }, xs: ["xs.0=3"] });
  });

  it("zips extra trees", () => {
    const out = tree.mapWithPath((path, a: number, b: number) => (path[0] === "b" ? a : a + b), { a: 1, b: 2 }, { a: 10, b: 20 });
    expect(out).toEqual({ a: 11, b: 2 });
  });
});

describe("tree.reduce", () => {
  it("folds leaves in flatten order", () => {
    expect(tree.reduce((acc: number, x: number) => acc + x, { a: 1, b: [2, 3] }, 0)).toBe(6);
    expect(tree.reduce((acc: string, x: string) => acc + x, { b: ["c", "d"], a: "a" }, ">")).toBe(">acd");
    expect(tree.reduce((acc: number) => acc + 1, null, 0)).toBe(0);
  });

  it("supports isLeaf", () => {
    expect(tree.reduce((acc: number, xs: number[]) => acc + xs.length, { a: [1, 2], b: [3] }, 0, { isLeaf: Array.isArray })).toBe(3);
  });
});

describe("tree.flattenUpTo / tree.broadcastPrefix", () => {
  it("returns the subtrees at the prefix's leaves", () => {
    const def = tree.structure({ a: 0, b: 0 });
    expect(tree.flattenUpTo(def, { a: [1, 2], b: 3 })).toEqual([[1, 2], 3]);
    expect(tree.flattenUpTo(tree.structure(0), { any: "thing" })).toEqual([{ any: "thing" }]);
  });

  it("reports a tree that does not extend the prefix", () => {
    expect(() => tree.flattenUpTo(tree.structure([0, 0]), [1])).toThrow(
      /^tree\.flattenUpTo: the tree does not match the structure of the prefix structure at the root: expected an array of length 2, got an array of length 1/,
    );
    expect(() => tree.flattenUpTo({} as tree.TreeDef, 1)).toThrow(/expected a TreeDef/);
  });

  it("broadcasts prefix leaves over the full tree", () => {
    expect(tree.broadcastPrefix({ a: 0, b: 1 }, { a: ["x", "y"], b: "z" })).toEqual([0, 0, 1]);
    expect(tree.broadcastPrefix(0, [1, [2, 3]])).toEqual([0, 0, 0]);
    expect(tree.broadcastPrefix([0, null], [[1, 2], { q: 3 }], { isLeaf: (x) => x === null })).toEqual([0, 0, null]);
    expect(() => tree.broadcastPrefix([0, 1], [1])).toThrow(/^tree\.broadcastPrefix: the full tree does not match the structure of the prefix tree/);
  });
});
