import * as A from "fp-ts/lib/Array.js";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import type { Kind } from "fp-ts/lib/HKT";
import * as IO from "fp-ts/lib/IO.js";
import { concatAll } from "fp-ts/lib/Monoid.js";
import { MonoidSum, SemigroupSum } from "fp-ts/lib/number.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as tree from "../../src/tree/index.js";
import type { Tree } from "../../src/tree/index.js";

describe("fp-ts instances", () => {
  const t: Tree<number> = { b: [2, 3], a: 1, n: null };

  it("registers the URI so Kind<URI, A> is Tree<A>", () => {
    expect(tree.URI).toBe("jaxon/Tree");
    expectTypeOf<Kind<tree.URI, number>>().toEqualTypeOf<Tree<number>>();
  });

  it("Functor.map maps leaves", () => {
    expect(tree.Functor.map(t, (x) => x * 10)).toEqual({ a: 10, b: [20, 30], n: null });
    expect(tree.Traversable.map(t, String)).toEqual({ a: "1", b: ["2", "3"], n: null });
  });

  it("Foldable folds in flatten order", () => {
    expect(tree.Foldable.reduce(t, "", (acc, x) => acc + String(x))).toBe("123");
    expect(tree.Foldable.reduceRight(t, "", (x, acc) => acc + String(x))).toBe("321");
    expect(tree.Foldable.foldMap(MonoidSum)(t, (x) => x)).toBe(6);
    expect(tree.Foldable.foldMap(A.getMonoid<number>())(t, (x) => [x])).toEqual([1, 2, 3]);
  });

  it("Traversable.traverse with Option", () => {
    const positive = (x: number): O.Option<number> => (x > 0 ? O.some(x) : O.none);
    expect(tree.Traversable.traverse(O.Applicative)(t, positive)).toEqual(O.some({ a: 1, b: [2, 3], n: null }));
    expect(tree.Traversable.traverse(O.Applicative)({ a: 1, b: [-2] }, positive)).toEqual(O.none);
    expect(tree.Traversable.traverse(O.Applicative)(null, positive)).toEqual(O.some(null));
  });

  it("Traversable.traverse runs effects left to right (Either reports the first failure)", () => {
    const check = (x: number): E.Either<string, number> => (x % 2 === 0 ? E.left(`odd? no: ${x}`) : E.right(x));
    expect(tree.Traversable.traverse(E.Applicative)({ z: 4, a: [1, 2] }, check)).toEqual(E.left("odd? no: 2"));
  });

  it("Traversable.traverse with the Array applicative enumerates combinations", () => {
    const out = tree.Traversable.traverse(A.Applicative)({ a: 1, b: [2] }, (x: number) => [x, -x]);
    expect(out).toEqual([
      { a: 1, b: [2] },
      { a: 1, b: [-2] },
      { a: -1, b: [2] },
      { a: -1, b: [-2] },
    ]);
  });

  it("Traversable.sequence runs effects whose values are leaves (IO thunks)", () => {
    const order: number[] = [];
    const io = (x: number): IO.IO<number> => () => (order.push(x), x * 2);
    const program = tree.Traversable.sequence(IO.Applicative)({ b: [io(2), io(3)], a: io(1) });
    expect(order).toEqual([]);
    expect(program()).toEqual({ a: 2, b: [4, 6] });
    expect(order).toEqual([1, 2, 3]);
  });

  it("Traversable.sequence walks into effects that are plain objects (documented caveat: use traverse)", () => {
    // Option values are plain objects, so at run time they are pytree nodes, not leaves.
    expect(tree.leaves({ a: O.some(1) })).toEqual(["Some", 1]);
    expect(tree.Traversable.traverse(O.Applicative)({ a: 1, b: [2] }, O.some)).toEqual(O.some({ a: 1, b: [2] }));
  });

  it("composes with pipe", () => {
    const out = pipe(t, (x) => tree.Functor.map(x, (v) => v + 1), (x) => tree.Foldable.foldMap(MonoidSum)(x, (v) => v));
    expect(out).toBe(9);
  });
});

describe("tree semigroups and monoids", () => {
  it("getSemigroup combines leafwise", () => {
    expect(tree.getSemigroup(SemigroupSum).concat({ a: 1, b: [2] }, { a: 10, b: [20] })).toEqual({ a: 11, b: [22] });
  });

  it("getMonoid has a structure-shaped identity", () => {
    const M = tree.getMonoid(MonoidSum, { a: 0, b: [0] });
    expect(M.empty).toEqual({ a: 0, b: [0] });
    expect(concatAll(M)([{ a: 1, b: [2] }, { a: 3, b: [4] }])).toEqual({ a: 4, b: [6] });
    expect(concatAll(M)([])).toEqual({ a: 0, b: [0] });
  });

  it("getAdditiveMonoid sums trees with supplied add and zerosLike", () => {
    // Stand-ins for np.add / np.zerosLike: leaves are number[] "arrays" wrapped in a class.
    class Vec {
      constructor(readonly data: readonly number[]) {}
    }
    const add = (x: Vec, y: Vec): Vec => new Vec(x.data.map((v, i) => v + (y.data[i] ?? 0)));
    const zerosLike = (x: Vec): Vec => new Vec(x.data.map(() => 0));
    const params = { w: new Vec([1, 2]), b: new Vec([3]) };
    const M = tree.getAdditiveMonoid({ add, zerosLike }, params);
    expectTypeOf(M.empty).toEqualTypeOf<typeof params>();
    expect(M.empty).toEqual({ w: new Vec([0, 0]), b: new Vec([0]) });
    const total = concatAll(M)([params, params, params]);
    expect(total).toEqual({ w: new Vec([3, 6]), b: new Vec([9]) });
    expect(M.concat(M.empty, params)).toEqual(params);
  });

  it("concat rejects different structures with both structures", () => {
    const S = tree.getSemigroup(SemigroupSum);
    expect(() => S.concat({ a: 1 }, { a: 1, b: 2 })).toThrow(
      /tree\.getSemigroup\(\.\.\.\)\.concat: cannot combine trees of different structures:\n {2}first: {2}PyTreeDef\(\{a: \*\}\)\n {2}second: PyTreeDef\(\{a: \*, b: \*\}\)\nFix:/,
    );
    const M = tree.getAdditiveMonoid({ add: (x: number, y: number) => x + y, zerosLike: () => 0 }, [0]);
    expect(() => M.concat([1], [1, 2])).toThrow(/tree\.getAdditiveMonoid\(\.\.\.\)\.concat: cannot combine/);
  });
});
