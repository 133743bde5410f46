/**
 * Pytrees: nested containers of leaves (the `tree` namespace of jaxon).
 *
 * Leaves are NDArrays, JS numbers and any other value that is not a node; nodes are arrays,
 * plain objects (keys in sorted order), `null`/`undefined` (empty) and classes registered
 * with `tree.register`. This module does not depend on the array layer.
 *
 * Every function is a public operation: errors name it (`tree.map: ...`), and are `ValueError`s
 * for bad arguments and mismatched structures. The functions the user passes (`tree.map`'s `f`,
 * `isLeaf`, a registered class's `flatten`) run as user code, so errors inside them name what
 * they call.
 *
 * @example
 * import { tree } from "jaxon";
 * const [leaves, def] = tree.flatten({ w: [1, 2], b: 3 });   // [[3, 1, 2], PyTreeDef({b: *, w: [*, *]})]
 * tree.unflatten(def, leaves.map((x) => (x as number) + 1)); // { b: 4, w: [2, 3] }
 *
 * @module
 */
import { publicOps } from "../errors/context.js";
import * as flattenApi from "./flatten.js";
import * as instancesApi from "./instances.js";
import * as mapApi from "./map.js";
import * as prefixApi from "./prefix.js";
import * as registryApi from "./registry.js";
import * as treedefApi from "./treedef.js";

export type { NodeSpec, PathKey, KeyPath } from "./registry.js";
export { TreeDef } from "./treedef.js";
export type { TreeOptions } from "./flatten.js";
export type { LeafFn, LeafWithPathFn } from "./map.js";
export { URI, type Tree, Functor, Foldable, Traversable, type AdditiveOps } from "./instances.js";

export const { register, isRegistered } = publicOps("tree", { register: registryApi.register, isRegistered: registryApi.isRegistered });
export const { defaultAuxEquals } = publicOps("tree", { defaultAuxEquals: treedefApi.defaultAuxEquals });
export const { flatten, leaves, structure, unflatten, flattenWithPath, leavesWithPaths, keyPathToString, isNode } = publicOps("tree", {
  flatten: flattenApi.flatten,
  leaves: flattenApi.leaves,
  structure: flattenApi.structure,
  unflatten: flattenApi.unflatten,
  flattenWithPath: flattenApi.flattenWithPath,
  leavesWithPaths: flattenApi.leavesWithPaths,
  keyPathToString: flattenApi.keyPathToString,
  isNode: flattenApi.isNode,
});
export const { map, mapWithOptions, mapWithPath, reduce } = publicOps("tree", {
  map: mapApi.map,
  mapWithOptions: mapApi.mapWithOptions,
  mapWithPath: mapApi.mapWithPath,
  reduce: mapApi.reduce,
});
export const { flattenUpTo, broadcastPrefix } = publicOps("tree", { flattenUpTo: prefixApi.flattenUpTo, broadcastPrefix: prefixApi.broadcastPrefix });
export const { getSemigroup, getMonoid, getAdditiveMonoid } = publicOps("tree", {
  getSemigroup: instancesApi.getSemigroup,
  getMonoid: instancesApi.getMonoid,
  getAdditiveMonoid: instancesApi.getAdditiveMonoid,
});
