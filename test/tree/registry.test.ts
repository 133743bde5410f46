import { describe, expect, it } from "vitest";
import * as tree from "../../src/tree/index.js";

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
tree.register(Point, {
  flatten: (p) => [[p.x, p.y], undefined],
  unflatten: (_aux, [x, y]) => new Point(x as number, y as number),
});

class Linear {
  constructor(
    readonly w: unknown,
    readonly b: unknown,
    readonly act: string,
  ) {}
}
tree.register(Linear, {
  flatten: (l) => [[l.w, l.b], l.act],
  unflatten: (act, [w, b]) => new Linear(w, b, act),
  keys: ["w", "b"],
});

/** A record-like node whose field names live in the aux data. */
class Fields {
  constructor(readonly values: Readonly<Record<string, unknown>>) {}
}
tree.register(Fields, {
  flatten: (f) => {
    const names = Object.keys(f.values).sort();
    return [names.map((n) => f.values[n]), { names }];
  },
  unflatten: ({ names }, children) => new Fields(Object.fromEntries(names.map((n, i) => [n, children[i]]))),
  keys: ({ names }) => names,
});

/** Aux compared by a custom equality (tolerance). */
class Scaled {
  constructor(
    readonly v: unknown,
    readonly scale: number,
  ) {}
}
tree.register(Scaled, {
  flatten: (s) => [[s.v], s.scale],
  unflatten: (scale, [v]) => new Scaled(v, scale),
  auxEquals: (a, b) => Math.abs(a - b) < 1e-9,
});

class SubPoint extends Point {}

describe("tree.register", () => {
  it("makes instances nodes whose children are flattened", () => {
    const [leaves, def] = tree.flatten({ p: new Point(1, 2), q: [new Point(3, 4)] });
    expect(leaves).toEqual([1, 2, 3, 4]);
    expect(def.toString()).toBe("PyTreeDef({p: CustomNode(Point[undefined], [*, *]), q: [CustomNode(Point[undefined], [*, *])]})");
    const out = tree.unflatten(def, [10, 20, 30, 40]) as { p: Point; q: Point[] };
    expect(out.p).toBeInstanceOf(Point);
    expect(out.p).toEqual(new Point(10, 20));
    expect(out.q[0]).toEqual(new Point(30, 40));
  });

  it("keeps hyperparameters in aux data, not leaves", () => {
    const layer = new Linear(1, 2, "relu");
    expect(tree.leaves(layer)).toEqual([1, 2]);
    const doubled = tree.map((x: number) => x * 2, layer);
    expect(doubled).toBeInstanceOf(Linear);
    expect(doubled).toEqual(new Linear(2, 4, "relu"));
    expect(String(tree.structure(layer))).toBe('PyTreeDef(CustomNode(Linear["relu"], [*, *]))');
  });

  it("lets children be subtrees", () => {
    const layer = new Linear([1, 2], { s: 3 }, "tanh");
    expect(tree.leaves(layer)).toEqual([1, 2, 3]);
    expect(tree.map((x: number) => -x, layer)).toEqual(new Linear([-1, -2], { s: -3 }, "tanh"));
  });

  it("compares class identity and aux data in structure equality", () => {
    const s = (x: unknown): tree.TreeDef => tree.structure(x);
    expect(s(new Linear(1, 2, "relu")).equals(s(new Linear(5, 6, "relu")))).toBe(true);
    expect(s(new Linear(1, 2, "relu")).equals(s(new Linear(1, 2, "tanh")))).toBe(false);
    expect(s(new Point(1, 2)).equals(s(new Linear(1, 2, "relu")))).toBe(false);
    expect(s(new Point(1, 2)).equals(s([1, 2]))).toBe(false);
    expect(s(new Fields({ a: 1, b: 2 })).equals(s(new Fields({ b: 0, a: 0 })))).toBe(true);
    expect(s(new Fields({ a: 1, b: 2 })).equals(s(new Fields({ a: 1, c: 2 })))).toBe(false);
    expect(s(new Scaled(1, 0.1 + 0.2)).equals(s(new Scaled(2, 0.3)))).toBe(true);
    expect(s(new Scaled(1, 0.1)).equals(s(new Scaled(2, 0.3)))).toBe(false);
  });

  it("matches registered nodes in map, checking aux", () => {
    expect(tree.map((a: number, b: number) => a + b, new Linear(1, 2, "relu"), new Linear(10, 20, "relu"))).toEqual(new Linear(11, 22, "relu"));
    expect(() => tree.map((a: number) => a, new Linear(1, 2, "relu"), new Linear(1, 2, "tanh"))).toThrow(
      /tree\.map: tree 2 does not match the structure of tree 1 at the root: expected a Linear node with aux "relu" and 2 children, got a Linear node with aux "tanh" and 2 children/,
    );
    expect(() => tree.map((a: number) => a, { l: new Linear(1, 2, "relu") }, { l: new Point(1, 2) })).toThrow(
      /at path "l": expected a Linear node with aux "relu", got a Point node/,
    );
  });

  it("does not apply to subclasses (exact class match, like JAX)", () => {
    expect(tree.structure(new SubPoint(1, 2)).toString()).toBe("PyTreeDef(*)");
    expect(tree.isNode(new SubPoint(1, 2))).toBe(false);
    expect(tree.isNode(new Point(1, 2))).toBe(true);
  });

  it("uses registered keys for paths", () => {
    const model = { layers: [new Linear(1, 2, "relu")], f: new Fields({ gain: 3 }), p: new Point(4, 5) };
    expect(tree.leavesWithPaths(model).map(([p, v]) => [tree.keyPathToString(p), v])).toEqual([
      ["f.gain", 3],
      ["layers.0.w", 1],
      ["layers.0.b", 2],
      ["p.0", 4],
      ["p.1", 5],
    ]);
  });

  it("reports whether a class is registered", () => {
    expect(tree.isRegistered(Point)).toBe(true);
    expect(tree.isRegistered(SubPoint)).toBe(false);
  });
});

describe("tree.register errors", () => {
  it("rejects duplicate registration", () => {
    expect(() => tree.register(Point, { flatten: (p) => [[p.x], 0], unflatten: () => new Point(0, 0) })).toThrow(
      /tree\.register: class Point is already registered.*Fix: register each class once/,
    );
  });

  it("rejects non-classes and built-in node types", () => {
    expect(() => tree.register(42 as unknown as typeof Point, { flatten: () => [[], 0], unflatten: () => new Point(0, 0) })).toThrow(
      /tree\.register: expected a class/,
    );
    expect(() => tree.register(Object, { flatten: () => [[], 0], unflatten: () => ({}) })).toThrow(/built-in pytree node type/);
    expect(() => tree.register(Array, { flatten: () => [[], 0], unflatten: () => [] })).toThrow(/built-in pytree node type/);
  });

  it("rejects a spec without flatten/unflatten", () => {
    class Q {}
    expect(() => tree.register(Q, {} as tree.NodeSpec<Q>)).toThrow(/must have flatten and unflatten functions/);
    expect(() => tree.register(Q, { flatten: () => [[], 0], unflatten: () => new Q(), keys: "ab" as unknown as string[] })).toThrow(
      /keys for Q must be an array/,
    );
    expect(tree.isRegistered(Q)).toBe(false);
  });

  it("reports a flatten function that breaks the contract", () => {
    class Bad {}
    tree.register(Bad, { flatten: () => 5 as unknown as [unknown[], unknown], unflatten: () => new Bad() });
    expect(() => tree.leaves([new Bad()])).toThrow(/tree\.leaves: the flatten function registered for Bad returned 5; it must return a pair \[children, aux\]/);
  });

  it("reports keys that do not match the children", () => {
    class TwoKids {}
    tree.register(TwoKids, { flatten: () => [[1, 2], null], unflatten: () => new TwoKids(), keys: ["only"] });
    expect(() => tree.flattenWithPath(new TwoKids())).toThrow(/keys registered for TwoKids give 1 names, but its flatten function returned 2 children/);
  });
});

describe("defaultAuxEquals", () => {
  it("is deep equality on JSON-like data", () => {
    expect(tree.defaultAuxEquals({ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] })).toBe(true);
    expect(tree.defaultAuxEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(tree.defaultAuxEquals({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(tree.defaultAuxEquals([1, 2], [1, 2, 3])).toBe(false);
    expect(tree.defaultAuxEquals([1], { 0: 1 })).toBe(false);
    expect(tree.defaultAuxEquals(NaN, NaN)).toBe(true);
    expect(tree.defaultAuxEquals(null, undefined)).toBe(false);
    expect(tree.defaultAuxEquals(tree.structure([1]), tree.structure([2]))).toBe(true);
    expect(tree.defaultAuxEquals(new Point(1, 2), new Point(1, 2))).toBe(false);
  });
});
