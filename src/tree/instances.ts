/**
 * fp-ts instances for pytrees: the pytree as a higher-kinded type `Tree<A>` (leaves of type
 * `A`), with `Functor`, `Foldable` and `Traversable` instances (leaf order = flatten order) and
 * leafwise `Semigroup`/`Monoid`s for summing same-shaped trees.
 *
 * `A` must be a leaf type at run time (not an array, plain object, `null`/`undefined` or
 * registered class), since those are nodes: the instances are lawful for such `A`. In particular
 * fp-ts's `Option`/`Either` values are plain objects, so `Traversable.sequence` cannot take a tree
 * *of* Options apart (it would walk into them); use `traverse(O.Applicative)(t, f)` instead.
 * Effects whose values are leaves (IO/Task thunks, class instances) sequence fine.
 *
 * @module
 */
import type { Applicative } from "fp-ts/lib/Applicative.js";
import type { Foldable1 } from "fp-ts/lib/Foldable.js";
import type { Functor1 } from "fp-ts/lib/Functor.js";
// fp-ts ships HKT as lib/HKT/ (a folder whose package.json points to HKT.d.ts) and has no
// lib/HKT.d.ts, so "fp-ts/lib/HKT.js" does not resolve; this type-only import (erased at run
// time) names the same declaration file that fp-ts's own instances augment.
import type { HKT } from "fp-ts/lib/HKT";
import type { Monoid } from "fp-ts/lib/Monoid.js";
import type { Semigroup } from "fp-ts/lib/Semigroup.js";
import type { Traversable1 } from "fp-ts/lib/Traversable.js";
import { ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { callUser } from "../errors/context.js";
import { flattenImpl, leaves } from "./flatten.js";
import { map } from "./map.js";
import { buildNode, shortString } from "./treedef.js";

/** The fp-ts URI of the pytree type constructor. */
export const URI = "jaxon/Tree";
/** The fp-ts URI of the pytree type constructor. */
export type URI = typeof URI;

/**
 * A pytree with leaves of type `A`: a leaf, an array of trees, an object of trees, or
 * `null`/`undefined` (registered classes are trees at run time but are not expressible here).
 *
 * @example
 * const t: Tree<number> = { a: 1, b: [2, 3], c: null };
 */
export type Tree<A> = A | readonly Tree<A>[] | { readonly [key: string]: Tree<A> } | null | undefined;

declare module "fp-ts/lib/HKT" {
  interface URItoKind<A> {
    readonly [URI]: Tree<A>;
  }
}

/** An immutable list built back to front while traversing (linear, unlike array spreads). */
interface Cons<B> {
  readonly head: B;
  readonly tail: Cons<B> | null;
}

const mapTree = <A, B>(fa: Tree<A>, f: (a: A) => B): Tree<B> => map(f, fa) as Tree<B>;

const reduceTree = <A, B>(fa: Tree<A>, b: B, f: (b: B, a: A) => B): B => {
  const ls = leaves(fa) as A[];
  let acc = b;
  for (let i = 0; i < ls.length; i++) acc = f(acc, ls[i] as A);
  return acc;
};

const reduceRightTree = <A, B>(fa: Tree<A>, b: B, f: (a: A, b: B) => B): B => {
  const ls = leaves(fa) as A[];
  let acc = b;
  for (let i = ls.length - 1; i >= 0; i--) acc = f(ls[i] as A, acc);
  return acc;
};

const foldMapTree =
  <M>(M: Monoid<M>) =>
  <A>(fa: Tree<A>, f: (a: A) => M): M =>
    reduceTree(fa, M.empty, (acc: M, a: A) => M.concat(acc, f(a)));

// Written against the untyped `Applicative<any>` (as fp-ts does for its own instances) so the
// one implementation satisfies every overload of `Traverse1`.
const traverseTree =
  (F: Applicative<any>) =>
  <A, B>(ta: Tree<A>, f: (a: A) => HKT<any, B>): HKT<any, Tree<B>> => {
    const [ls, def] = flattenImpl(ta, undefined, "tree.Traversable.traverse");
    let acc: HKT<any, Cons<B> | null> = F.of(null);
    for (let i = 0; i < ls.length; i++) {
      acc = F.ap(
        F.map(acc, (tail: Cons<B> | null) => (head: B): Cons<B> => ({ head, tail })),
        f(ls[i] as A),
      );
    }
    return F.map(acc, (list: Cons<B> | null): Tree<B> => {
      const out: B[] = new Array<B>(ls.length);
      let i = ls.length;
      for (let l = list; l !== null; l = l.tail) out[--i] = l.head;
      return buildNode(def.node, out, { i: 0 }) as Tree<B>;
    });
  };

const sequenceTree =
  (F: Applicative<any>) =>
  <A>(ta: Tree<HKT<any, A>>): HKT<any, Tree<A>> =>
    traverseTree(F)(ta, (fa: HKT<any, A>) => fa);

/**
 * `Functor` instance: `map` applies a function to every leaf.
 *
 * @example
 * tree.Functor.map({ a: 1, b: [2] }, (x) => x + 1); // { a: 2, b: [3] }
 */
export const Functor: Functor1<URI> = { URI, map: mapTree };

/**
 * `Foldable` instance: folds over leaves in flatten order.
 *
 * @example
 * import { MonoidSum } from "fp-ts/lib/number.js";
 * tree.Foldable.foldMap(MonoidSum)({ a: 1, b: [2, 3] }, (x) => x); // 6
 */
export const Foldable: Foldable1<URI> = { URI, reduce: reduceTree, foldMap: foldMapTree, reduceRight: reduceRightTree };

/**
 * `Traversable` instance: runs effects leaf by leaf in flatten order and rebuilds the tree.
 * `sequence` needs effect values that are leaves (see the module note: not `Option` values).
 *
 * @example
 * import * as O from "fp-ts/lib/Option.js";
 * tree.Traversable.traverse(O.Applicative)({ a: 1, b: [2] }, (x) => (x > 0 ? O.some(x) : O.none));
 * // O.some({ a: 1, b: [2] })
 * import * as IO from "fp-ts/lib/IO.js";
 * tree.Traversable.sequence(IO.Applicative)({ a: () => 1, b: [() => 2] })(); // { a: 1, b: [2] }
 */
export const Traversable: Traversable1<URI> = {
  URI,
  map: mapTree,
  reduce: reduceTree,
  foldMap: foldMapTree,
  reduceRight: reduceRightTree,
  traverse: traverseTree,
  sequence: sequenceTree,
};

/** Requires `x` to be an object with the function-valued `methods`. */
function requireMethods(op: string, what: string, x: unknown, methods: readonly string[]): void {
  if (x === null || typeof x !== "object") throw new ValueError(op, `${what} must be an object with ${methods.join(" and ")}, got ${describe(x)}.`);
  for (const m of methods) {
    if (typeof (x as Record<string, unknown>)[m] !== "function") {
      throw new ValueError(op, `${what} must have a function ${m}, got ${describe((x as Record<string, unknown>)[m])}.`);
    }
  }
}

/** Combine two trees of the same structure leafwise, or throw naming both structures. */
function zipExact(op: string, f: (x: any, y: any) => unknown, x: unknown, y: unknown): unknown {
  const [lx, dx] = flattenImpl(x, undefined, op);
  const [ly, dy] = flattenImpl(y, undefined, op);
  if (!dx.equals(dy)) {
    throw new ValueError(
      op,
      `cannot combine trees of different structures:\n  first:  ${shortString(dx)}\n  second: ${shortString(dy)}\n` +
        "Fix: combine only trees of the same structure (e.g. gradients of the same parameters).",
    );
  }
  const out: unknown[] = [];
  for (let i = 0; i < lx.length; i++) out.push(f(lx[i], ly[i]));
  return buildNode(dx.node, out, { i: 0 });
}

/**
 * Lift a leaf `Semigroup` to trees: `concat` combines two trees of the same structure leafwise
 * (and throws if their structures differ).
 *
 * @example
 * import { SemigroupSum } from "fp-ts/lib/number.js";
 * tree.getSemigroup(SemigroupSum).concat({ a: 1, b: [2] }, { a: 10, b: [20] }); // { a: 11, b: [22] }
 */
export function getSemigroup<L>(S: Semigroup<L>): Semigroup<Tree<L>> {
  requireMethods("tree.getSemigroup", "the leaf Semigroup", S, ["concat"]);
  return { concat: (x, y) => zipExact("tree.getSemigroup(...).concat", S.concat, x, y) as Tree<L> };
}

/**
 * Lift a leaf `Monoid` to trees shaped like `like`: `concat` is leafwise, `empty` is `like`
 * with every leaf replaced by the leaf monoid's `empty`. (A tree monoid needs a structure:
 * there is no identity tree for all structures at once.)
 *
 * @example
 * import { MonoidSum } from "fp-ts/lib/number.js";
 * import { concatAll } from "fp-ts/lib/Monoid.js";
 * concatAll(tree.getMonoid(MonoidSum, { a: 0, b: [0] }))([{ a: 1, b: [2] }, { a: 3, b: [4] }]); // { a: 4, b: [6] }
 */
export function getMonoid<L>(M: Monoid<L>, like: Tree<unknown>): Monoid<Tree<L>> {
  requireMethods("tree.getMonoid", "the leaf Monoid", M, ["concat"]);
  if (!("empty" in M)) throw new ValueError("tree.getMonoid", `the leaf Monoid must have an empty value, e.g. MonoidSum from fp-ts/lib/number.js.`);
  const empty = map(() => M.empty, like) as Tree<L>;
  return { concat: (x, y) => zipExact("tree.getMonoid(...).concat", M.concat, x, y) as Tree<L>, empty };
}

/**
 * Leaf operations for {@link getAdditiveMonoid}. The tree module does not depend on arrays, so
 * the array layer supplies them: `{ add: np.add, zerosLike: np.zerosLike }`.
 */
export interface AdditiveOps {
  /** Leafwise sum of two leaves at the same position. */
  readonly add: (x: any, y: any) => unknown;
  /** A zero leaf like `x` (same shape and dtype). */
  readonly zerosLike: (x: any) => unknown;
}

/**
 * The monoid that sums trees shaped like `like` leafwise (e.g. accumulating gradients):
 * `concat(x, y)` adds matching leaves with `ops.add`, `empty` is `tree.map(ops.zerosLike, like)`.
 * `concat` throws if the two trees' structures differ.
 *
 * @example
 * import { concatAll } from "fp-ts/lib/Monoid.js";
 * const M = tree.getAdditiveMonoid({ add: np.add, zerosLike: np.zerosLike }, params);
 * const total = concatAll(M)(perExampleGrads); // typed like params
 */
export function getAdditiveMonoid<T>(ops: AdditiveOps, like: T): Monoid<T> {
  requireMethods("tree.getAdditiveMonoid", "ops", ops, ["add", "zerosLike"]);
  const empty = map((x: unknown) => callUser(ops.zerosLike, [x]), like);
  return { concat: (x, y) => zipExact("tree.getAdditiveMonoid(...).concat", ops.add, x, y) as T, empty };
}
