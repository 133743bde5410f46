/**
 * `map` and `reduce` over pytree leaves.
 *
 * @module
 */
import { checkFunction } from "../errors/checks.js";
import { asUser, flattenImpl, isLeafOption, type TreeOptions } from "./flatten.js";
import { flattenUpToImpl } from "./prefix.js";
import type { KeyPath } from "./registry.js";
import { buildNode } from "./treedef.js";

/**
 * A function applied leafwise: one leaf of the first tree, then the matching leaf (or subtree)
 * of each further tree. Parameters are `any` so callers can annotate them (`(x: NDArray) => ...`).
 */
export type LeafFn = (leaf: any, ...rest: any[]) => unknown;

/** A leafwise function that also receives the leaf's key path. */
export type LeafWithPathFn = (path: KeyPath, leaf: any, ...rest: any[]) => unknown;

function mapImpl(
  op: string,
  userF: (...args: any[]) => unknown,
  withPath: boolean,
  isLeaf: ((x: unknown) => boolean) | undefined,
  t: unknown,
  rest: readonly unknown[],
): unknown {
  checkFunction(op, userF, "the function to apply to each leaf");
  const f = asUser(op, userF);
  const [ls, def] = flattenImpl(t, isLeaf, op);
  const n = ls.length;
  const out: unknown[] = [];
  const paths = withPath ? def.paths() : undefined;
  if (rest.length === 0) {
    if (paths === undefined) for (let i = 0; i < n; i++) out.push(f(ls[i]));
    else for (let i = 0; i < n; i++) out.push(f(paths[i], ls[i]));
  } else {
    const cols = rest.map((r, k) => flattenUpToImpl(def, r, op, `tree ${k + 2}`, "tree 1"));
    if (rest.length === 1 && paths === undefined) {
      const col = cols[0] as unknown[];
      for (let i = 0; i < n; i++) out.push(f(ls[i], col[i]));
    } else {
      for (let i = 0; i < n; i++) {
        const args: unknown[] = paths === undefined ? [ls[i]] : [paths[i], ls[i]];
        for (const col of cols) args.push(col[i]);
        out.push(f(...args));
      }
    }
  }
  return buildNode(def.node, out, { i: 0 });
}

/**
 * Apply `f` to every leaf, rebuilding the same structure. With extra trees, `f` gets the
 * leaves at the same position in each; the first tree's structure must be a prefix of each
 * other tree's (usually they are identical; a leaf of the first may match a whole subtree).
 *
 * The result is typed as the first tree's type `T` (the usual case: leaves map to leaves of the
 * same kind). When `f` changes the leaf type, annotate the result, or use the typed
 * `tree.Functor.map` on a `Tree<A>`.
 *
 * @example
 * tree.map((x: number) => x * 2, { a: 1, b: [2, 3] });                      // { a: 2, b: [4, 6] }
 * tree.map((p: NDArray, g: NDArray) => p.sub(g.mul(0.1)), params, grads);   // SGD step
 */
export function map<T>(f: LeafFn, t: T, ...rest: readonly unknown[]): T {
  return mapImpl("tree.map", f, false, undefined, t, rest) as T;
}

/**
 * `map` with options (`isLeaf`, applied to the first tree), since `map`'s trailing arguments
 * are trees.
 *
 * @example
 * tree.mapWithOptions({ isLeaf: (x) => Array.isArray(x) }, (xs: number[]) => xs.length, { a: [1, 2], b: [3] });
 * // { a: 2, b: 1 }
 */
export function mapWithOptions<T>(options: TreeOptions, f: LeafFn, t: T, ...rest: readonly unknown[]): T {
  return mapImpl("tree.mapWithOptions", f, false, isLeafOption("tree.mapWithOptions", options), t, rest) as T;
}

/**
 * Like `map`, but `f` first receives the leaf's key path (see `tree.keyPathToString`).
 *
 * @example
 * // weight decay on everything except biases
 * tree.mapWithPath((path, p: NDArray) => (path.at(-1) === "b" ? p : p.mul(0.99)), params);
 */
export function mapWithPath<T>(f: LeafWithPathFn, t: T, ...rest: readonly unknown[]): T {
  return mapImpl("tree.mapWithPath", f, true, undefined, t, rest) as T;
}

/**
 * Fold `f` over the leaves in flatten order, starting from `init` (same as
 * `tree.leaves(t).reduce(f, init)`).
 *
 * @example
 * tree.reduce((acc, x: number) => acc + x, { a: 1, b: [2, 3] }, 0); // 6
 */
export function reduce<A>(f: (acc: A, leaf: any) => A, t: unknown, init: A, options?: TreeOptions): A {
  checkFunction("tree.reduce", f, "the reducer (acc, leaf) => acc");
  const step = asUser("tree.reduce", f);
  const [ls] = flattenImpl(t, isLeafOption("tree.reduce", options), "tree.reduce");
  let acc = init;
  for (let i = 0; i < ls.length; i++) acc = step(acc, ls[i]);
  return acc;
}
