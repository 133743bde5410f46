/**
 * The `like` option of `io.load` / `io.fromBytes`: a pytree the loaded one must match in
 * structure, shapes and dtypes. No Node imports.
 *
 * @internal
 * @module
 */
import { NDArray } from "../array/ndarray.js";
import { ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { MAX_DEPTH, fail, isObject, showPath, type Ctx } from "./spec.js";

const isPlain = (x: unknown): x is Record<string, unknown> =>
  isObject(x) && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);

/**
 * Checks that `like` is a tree a file can hold (before the file is read): arrays, numbers,
 * booleans, plain objects, JS arrays, null and undefined, finite and acyclic. A ValueError
 * naming the path otherwise.
 */
export function checkLikeArgument(like: unknown, op: string, path: string[] = [], open = new Set<object>()): void {
  if (like === null || like === undefined || typeof like === "number" || typeof like === "boolean" || like instanceof NDArray) return;
  const where = showPath(path.join("."));
  if (!Array.isArray(like) && !isPlain(like)) {
    throw new ValueError(op, `\`like\` has ${describe(like)} at ${where}; \`like\` may hold only NDArrays, numbers, booleans, plain objects, arrays, null and undefined.`);
  }
  if (path.length >= MAX_DEPTH) throw new ValueError(op, `\`like\` is nested deeper than ${MAX_DEPTH} levels (at ${where}).`);
  if (open.has(like)) throw new ValueError(op, `\`like\` contains a cycle: the node at ${where} contains itself.`);
  open.add(like);
  if (Array.isArray(like)) like.forEach((l, i) => checkLikeArgument(l, op, [...path, String(i)], open));
  else for (const k of Object.keys(like)) checkLikeArgument(like[k], op, [...path, k], open);
  open.delete(like);
}

function kindOf(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (x instanceof NDArray) return `an array of shape [${x.shape.join(", ")}] and dtype ${x.dtype}`;
  if (isObject(x)) return `an object with keys [${Object.keys(x).sort().join(", ")}]`;
  return `a ${typeof x}`;
}

/** Throws at the first path where `got` differs from `like` in structure, shape or dtype. */
export function checkLike(got: unknown, like: unknown, path: string[], ctx: Ctx): void {
  const mismatch = (): never =>
    fail(ctx, `the loaded tree does not match \`like\` at ${showPath(path.join("."))}: the file has ${kindOf(got)}, \`like\` has ${kindOf(like)}. Check that the file holds these parameters.`);
  if (like === null || like === undefined) {
    if (got !== like) mismatch();
    return;
  }
  if (like instanceof NDArray) {
    if (!(got instanceof NDArray) || got.dtype !== like.dtype || got.shape.length !== like.shape.length || got.shape.some((d, i) => d !== like.shape[i])) mismatch();
    return;
  }
  if (Array.isArray(like)) {
    if (!Array.isArray(got) || got.length !== like.length) mismatch();
    like.forEach((l, i) => checkLike((got as unknown[])[i], l, [...path, String(i)], ctx));
    return;
  }
  if (typeof like === "number" || typeof like === "boolean") {
    if (typeof got !== typeof like) mismatch();
    return;
  }
  // A plain object (checkLikeArgument has refused everything else).
  const l = like as Record<string, unknown>;
  if (!isObject(got) || got instanceof NDArray) return mismatch();
  const lk = Object.keys(l).sort();
  const gk = Object.keys(got).sort();
  if (lk.length !== gk.length || lk.some((k, i) => k !== gk[i])) mismatch();
  for (const k of lk) checkLike(got[k], l[k], [...path, k], ctx);
}
