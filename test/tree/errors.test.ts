/** The tree namespace's errors: ValueErrors naming the tree function, with both structures where trees disagree. */
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import { JaxonError, ShapeError, ValueError } from "../../src/errors/index.js";
import { publicOp } from "../../src/errors/context.js";
import * as np from "../../src/numpy/index.js";
import * as tree from "../../src/tree/index.js";

function caught(f: () => unknown): JaxonError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(JaxonError);
    return e as JaxonError;
  }
  throw new Error("expected an error");
}

describe("tree errors are ValueErrors naming the tree function", () => {
  it("tree.map with mismatched structures names both structures", () => {
    const e = caught(() => tree.map((a: number, b: number) => a + b, { a: 1, b: [2, 3] }, { a: 1, b: [2] }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.op).toBe("tree.map");
    expect(e.message).toMatch(/^tree\.map: tree 2 does not match the structure of tree 1 at path "b"/);
    expect(e.message).toMatch(/tree 1: PyTreeDef\(\{a: \*, b: \[\*, \*\]\}\)/);
    expect(e.message).toMatch(/tree 2: PyTreeDef\(\{a: \*, b: \[\*\]\}\)/);
  });
  it("non-functions, bad options and bad arguments", () => {
    expect(caught(() => tree.map(42 as never, [1])).message).toMatch(/^tree\.map: expected the function to apply to each leaf as a function, got number 42/);
    expect(caught(() => tree.mapWithPath("f" as never, [1])).message).toMatch(/^tree\.mapWithPath: expected the function/);
    expect(caught(() => tree.reduce(null as never, [1], 0)).message).toMatch(/^tree\.reduce: expected the reducer/);
    expect(caught(() => tree.mapWithOptions({ isleaf: () => true } as never, (x: unknown) => x, [1])).message).toMatch(/^tree\.mapWithOptions: unknown option "isleaf"; did you mean "isLeaf"\?/);
    expect(caught(() => tree.flatten([1], { isLeaf: 3 } as never)).message).toMatch(/^tree\.flatten: expected isLeaf as a function/);
    expect(caught(() => tree.leaves([1], 5 as never)).message).toMatch(/^tree\.leaves: options must be an object/);
    expect(caught(() => tree.keyPathToString(5 as never)).message).toMatch(/^tree\.keyPathToString: expected a key path/);
    expect(caught(() => tree.unflatten({} as tree.TreeDef, [])).message).toMatch(/^tree\.unflatten: expected a TreeDef/);
    expect(caught(() => tree.structure([1, 2]).unflatten([1])).message).toMatch(/^tree\.unflatten: PyTreeDef\(\[\*, \*\]\) has 2 leaves, but got 1 leaf/);
    expect(caught(() => tree.flattenUpTo(tree.structure([0, 0]), [1])).message).toMatch(/^tree\.flattenUpTo: the tree does not match/);
    expect(caught(() => tree.broadcastPrefix([0, 1], [1])).message).toMatch(/^tree\.broadcastPrefix: /);
    expect(caught(() => tree.getSemigroup({} as never)).message).toMatch(/^tree\.getSemigroup: the leaf Semigroup must have a function concat/);
    expect(caught(() => tree.getAdditiveMonoid(undefined as never, [1])).message).toMatch(/^tree\.getAdditiveMonoid: ops must be an object with add and zerosLike/);
    expect(tree.isRegistered(undefined as never)).toBe(false);
  });
  it("tree.register checks its class and spec", () => {
    class P {
      constructor(readonly x: number) {}
    }
    expect(caught(() => tree.register(42 as never, { flatten: () => [[], 0], unflatten: () => new P(0) })).message).toMatch(/^tree\.register: expected a class .* got number 42/);
    expect(caught(() => tree.register(P, { flatten: (p: P) => [[p.x], 0], unflatten: () => new P(0), flaten: 1 } as never)).message).toMatch(/^tree\.register: unknown option "flaten"; did you mean "flatten"\?/);
    expect(caught(() => tree.register(P, { flatten: (p: P) => [[p.x], 0], unflatten: () => new P(0), auxEquals: 1 } as never)).message).toMatch(/auxEquals for P must be a function/);
  });
});

describe("the user's functions run as user code", () => {
  it("an np error inside tree.map's function names the np function", () => {
    const e = caught(() => tree.map((x: NDArray) => np.add(x, np.ones([3])), { a: np.ones([2]) }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.op).toBe("np.add");
  });
  it("inside another public function, tree.map's callback keeps that function's name", () => {
    const outer = publicOp("my.op", () => tree.map((x: NDArray) => np.add(x, np.ones([3])), [np.ones([2])]));
    expect(caught(outer).op).toBe("my.op");
  });
});

describe("cyclic and absurdly deep trees are ValueErrors, not a stack overflow", () => {
  it("an object that contains itself (previously a raw RangeError: Maximum call stack size exceeded)", () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    const e = caught(() => tree.leaves(a));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^tree\.leaves: the pytree is nested more than 1000 levels deep; it probably contains a cycle/);
    expect(caught(() => tree.map((v: number) => v, a)).message).toMatch(/^tree\.map: the pytree is nested more than 1000 levels/);
  });
  it("deep but finite trees up to the limit still flatten", () => {
    const nest = (depth: number): unknown => {
      let t: unknown = 7;
      for (let i = 0; i < depth; i++) t = [t];
      return t;
    };
    expect(tree.leaves(nest(1000))).toEqual([7]);
    expect(caught(() => tree.leaves(nest(20000)))).toBeInstanceOf(ValueError);
  });
});
