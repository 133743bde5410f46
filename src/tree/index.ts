/**
 * Pytrees: nested containers of leaves (the `tree` namespace of jaxon).
 *
 * Leaves are NDArrays, JS numbers and any other value that is not a node; nodes are arrays,
 * plain objects (keys in sorted order), `null`/`undefined` (empty) and classes registered
 * with `tree.register`. This module does not depend on the array layer.
 *
 * @example
 * import { tree } from "jaxon";
 * const [leaves, def] = tree.flatten({ w: [1, 2], b: 3 });   // [[3, 1, 2], PyTreeDef({b: *, w: [*, *]})]
 * tree.unflatten(def, leaves.map((x) => (x as number) + 1)); // { b: 4, w: [2, 3] }
 *
 * @module
 */
export { register, isRegistered, type NodeSpec, type PathKey, type KeyPath } from "./registry.js";
export { TreeDef, defaultAuxEquals } from "./treedef.js";
export {
  flatten,
  leaves,
  structure,
  unflatten,
  flattenWithPath,
  leavesWithPaths,
  keyPathToString,
  isNode,
  type TreeOptions,
} from "./flatten.js";
export { map, mapWithOptions, mapWithPath, reduce, type LeafFn, type LeafWithPathFn } from "./map.js";
export { flattenUpTo, broadcastPrefix } from "./prefix.js";
export {
  URI,
  type Tree,
  Functor,
  Foldable,
  Traversable,
  getSemigroup,
  getMonoid,
  getAdditiveMonoid,
  type AdditiveOps,
} from "./instances.js";
