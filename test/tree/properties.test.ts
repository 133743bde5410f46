import { test as fcTest } from "@fast-check/vitest";
import fc from "fast-check";
import * as A from "fp-ts/lib/Array.js";
import * as C from "fp-ts/lib/Const.js";
import * as E from "fp-ts/lib/Either.js";
import * as I from "fp-ts/lib/Identity.js";
import * as IO from "fp-ts/lib/IO.js";
import * as O from "fp-ts/lib/Option.js";
import { describe, expect } from "vitest";
import * as tree from "../../src/tree/index.js";
import { Box, getPath, leafArb, num, Pair, sameTree, treeArb } from "./arbitraries.js";

type Leaf = number | Box;
const asTree = (t: unknown): tree.Tree<Leaf> => t as tree.Tree<Leaf>;
const show = (x: unknown): string => (x instanceof Box ? `Box(${x.v})` : String(x));

/** Leaf-valued functions (a function returning a node would change the structure). */
const leafFn = fc.func<[Leaf], Leaf>(leafArb);
const optionFn = fc.func<[Leaf], O.Option<Leaf>>(fc.oneof(fc.constant(O.none), leafArb.map(O.some)));
const eitherFn = fc.func<[Leaf], E.Either<string, Leaf>>(fc.oneof(fc.constantFrom("e1", "e2").map(E.left), leafArb.map(E.right)));

/** traverse against an applicative that is not one of fp-ts's registered URIs (composition law). */
type LooseApplicative = {
  readonly of: (a: unknown) => unknown;
  readonly map: (fa: any, f: (a: any) => unknown) => unknown;
  readonly ap: (fab: any, fa: any) => unknown;
};
const looseTraverse = tree.Traversable.traverse as unknown as (
  F: LooseApplicative & { readonly URI: string },
) => (ta: unknown, f: (a: any) => unknown) => unknown;

/** The Option ∘ Either applicative, by hand. */
const OptionEither: LooseApplicative & { readonly URI: string } = {
  URI: "OptionEither",
  of: (a) => O.some(E.right(a)),
  map: (fa: O.Option<E.Either<string, unknown>>, f) => O.map(E.map(f))(fa),
  ap: (fab: O.Option<E.Either<string, (a: unknown) => unknown>>, fa: O.Option<E.Either<string, unknown>>) =>
    O.isSome(fab) && O.isSome(fa) ? O.some(E.ap(fa.value)(fab.value)) : O.none,
};

describe("flatten / unflatten", () => {
  fcTest.prop([treeArb])("unflatten(flatten(t)) rebuilds t", (t) => {
    const [leaves, def] = tree.flatten(t);
    const rebuilt = tree.unflatten(def, leaves);
    expect(sameTree(rebuilt, t)).toBe(true);
    const [leaves2, def2] = tree.flatten(rebuilt);
    expect(def2.equals(def)).toBe(true);
    expect(leaves2).toHaveLength(leaves.length);
    leaves2.forEach((l, i) => expect(Object.is(l, leaves[i])).toBe(true));
  });

  fcTest.prop([treeArb])("numLeaves counts the leaves, which are never nodes", (t) => {
    const [leaves, def] = tree.flatten(t);
    expect(def.numLeaves).toBe(leaves.length);
    expect(tree.leaves(t)).toEqual(leaves);
    for (const l of leaves) expect(tree.isNode(l)).toBe(false);
  });

  fcTest.prop([treeArb])("leaves sit at their key paths", (t) => {
    const pairs = tree.leavesWithPaths(t);
    expect(pairs.map(([, l]) => l)).toEqual(tree.leaves(t));
    for (const [path, leaf] of pairs) expect(Object.is(getPath(t, path), leaf)).toBe(true);
  });

  fcTest.prop([treeArb])("flattenUpTo a prefix, then flattening the pieces, gives the leaves", (t) => {
    const prefix = tree.structure(t, { isLeaf: (x) => Array.isArray(x) || x instanceof Pair });
    const pieces = tree.flattenUpTo(prefix, t);
    expect(pieces.flatMap((p) => tree.leaves(p))).toEqual(tree.leaves(t));
    expect(tree.broadcastPrefix(tree.unflatten(prefix, pieces.map((_, i) => i)), t)).toHaveLength(tree.leaves(t).length);
  });
});

describe("structure", () => {
  fcTest.prop([treeArb, treeArb])("equals is reflexive, symmetric and agrees with toString", (t1, t2) => {
    const s1 = tree.structure(t1);
    const s2 = tree.structure(t2);
    expect(s1.equals(s1)).toBe(true);
    expect(s1.equals(tree.structure(t1))).toBe(true);
    expect(s1.equals(s2)).toBe(s2.equals(s1));
    expect(s1.equals(s2)).toBe(s1.toString() === s2.toString());
  });

  fcTest.prop([treeArb, leafFn])("map preserves structure", (t, f) => {
    expect(tree.structure(tree.map(f, t)).equals(tree.structure(t))).toBe(true);
  });
});

describe("map (functor laws)", () => {
  fcTest.prop([treeArb])("identity", (t) => {
    expect(sameTree(tree.map((x: unknown) => x, t), t)).toBe(true);
    expect(sameTree(tree.Functor.map(asTree(t), (x) => x), t)).toBe(true);
  });

  fcTest.prop([treeArb, leafFn, leafFn])("composition", (t, f, g) => {
    const once = tree.map((x: Leaf) => g(f(x)), t);
    const twice = tree.map(g, tree.map(f, t));
    expect(sameTree(once, twice)).toBe(true);
  });

  fcTest.prop([treeArb, leafFn])("map with a second tree sees matching leaves", (t, f) => {
    const u = tree.map(f, t);
    expect(sameTree(tree.map((_a: Leaf, b: Leaf) => b, t, u), u)).toBe(true);
    expect(sameTree(tree.map((a: Leaf, b: Leaf) => (Object.is(b, f(a)) || sameTree(b, f(a)) ? a : "bad"), t, u), t)).toBe(true);
  });
});

describe("reduce and Foldable", () => {
  fcTest.prop([treeArb, fc.string({ maxLength: 3 })])("reduce = leaves().reduce", (t, init) => {
    const f = (acc: string, x: unknown): string => `${acc}|${show(x)}`;
    expect(tree.reduce(f, t, init)).toBe(tree.leaves(t).reduce(f, init));
    expect(tree.Foldable.reduce(asTree(t), init, f)).toBe(tree.leaves(t).reduce(f, init));
    expect(tree.Foldable.reduceRight(asTree(t), init, (x, acc) => f(acc, x))).toBe(tree.leaves(t).reduceRight(f, init));
  });

  fcTest.prop([treeArb])("foldMap agrees with traverse over Const", (t) => {
    const M = A.getMonoid<string>();
    const viaFoldMap = tree.Foldable.foldMap(M)(asTree(t), (x) => [show(x)]);
    const viaTraverse = tree.Traversable.traverse(C.getApplicative(M))(asTree(t), (x) => C.make([show(x)]));
    expect(viaFoldMap).toEqual(tree.leaves(t).map(show));
    expect(viaTraverse).toEqual(viaFoldMap);
  });
});

describe("Traversable laws", () => {
  fcTest.prop([treeArb])("identity: traverse(Identity)(t, of) = t", (t) => {
    expect(sameTree(tree.Traversable.traverse(I.Applicative)(asTree(t), I.of), t)).toBe(true);
  });

  fcTest.prop([treeArb, optionFn])("naturality: Option -> Array", (t, f) => {
    const eta = <X>(o: O.Option<X>): X[] => (O.isSome(o) ? [o.value] : []);
    const lhs = eta(tree.Traversable.traverse(O.Applicative)(asTree(t), f));
    const rhs = tree.Traversable.traverse(A.Applicative)(asTree(t), (x) => eta(f(x)));
    expect(lhs).toHaveLength(rhs.length);
    lhs.forEach((l, i) => expect(sameTree(l, rhs[i])).toBe(true));
  });

  fcTest.prop([treeArb, optionFn, eitherFn])("composition: Option then Either", (t, f, g) => {
    const lhs = looseTraverse(OptionEither)(t, (x: Leaf) => O.map(g)(f(x))) as O.Option<E.Either<string, unknown>>;
    const rhs = O.map((u: tree.Tree<Leaf>) => tree.Traversable.traverse(E.Applicative)(u, g))(
      tree.Traversable.traverse(O.Applicative)(asTree(t), f),
    );
    expect(O.isSome(lhs)).toBe(O.isSome(rhs));
    if (O.isSome(lhs) && O.isSome(rhs)) {
      expect(E.isRight(lhs.value)).toBe(E.isRight(rhs.value));
      if (E.isRight(lhs.value) && E.isRight(rhs.value)) expect(sameTree(lhs.value.right, rhs.value.right)).toBe(true);
      if (E.isLeft(lhs.value) && E.isLeft(rhs.value)) expect(lhs.value.left).toBe(rhs.value.left);
    }
  });

  fcTest.prop([treeArb, leafFn])("traverse = sequence . map (IO: effects that are leaves)", (t, f) => {
    const log: string[] = [];
    const eff = (x: Leaf): IO.IO<Leaf> => () => {
      log.push(show(x));
      return f(x);
    };
    const viaTraverse = tree.Traversable.traverse(IO.Applicative)(asTree(t), eff)();
    const traverseLog = log.splice(0);
    const viaSequence = tree.Traversable.sequence(IO.Applicative)(tree.Functor.map(asTree(t), eff))();
    expect(sameTree(viaTraverse, viaSequence)).toBe(true);
    expect(sameTree(viaTraverse, tree.map(f, t))).toBe(true);
    expect(log).toEqual(traverseLog);
    expect(traverseLog).toEqual(tree.leaves(t).map(show));
  });

  fcTest.prop([treeArb])("traverse with all-some Option gives some(t)", (t) => {
    const allSome = tree.Traversable.traverse(O.Applicative)(asTree(t), (x) => O.some(x));
    expect(O.isSome(allSome) && sameTree(allSome.value, t)).toBe(true);
  });
});

describe("monoids", () => {
  fcTest.prop([treeArb, fc.array(num, { maxLength: 3 })])("getAdditiveMonoid: identity and leafwise sums", (t, shifts) => {
    const toNum = (x: Leaf): number => (x instanceof Box ? x.v : x);
    const numeric = tree.map(toNum, t);
    const M = tree.getAdditiveMonoid({ add: (x: number, y: number) => x + y, zerosLike: () => 0 }, numeric);
    expect(sameTree(M.concat(M.empty, numeric), numeric)).toBe(true);
    expect(sameTree(M.concat(numeric, M.empty), numeric)).toBe(true);
    const shifted = shifts.map((s) => tree.map((x: number) => x + s, numeric));
    const total = shifted.reduce((acc, u) => M.concat(acc, u), M.empty);
    const expected = tree.map((x: number) => shifts.reduce((acc, s) => acc + x + s, 0), numeric);
    expect(sameTree(total, expected)).toBe(true);
  });
});
