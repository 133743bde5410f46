/**
 * Serialising a pytree as a jaxon safetensors file (format version 2). No Node imports.
 *
 * @internal
 * @module
 */
import type { TypedArray } from "../array/dtype.js";
import { ConcreteArray, NDArray } from "../array/ndarray.js";
import { TracerError, ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import { isNode } from "../tree/index.js";
import { checksumString } from "./checksum.js";
import {
  FORMAT,
  K_CHECKSUM,
  K_FORMAT,
  K_HEADER_CHECKSUM,
  K_TREEDEF,
  K_VERSION,
  LITTLE_ENDIAN,
  MAX_DEPTH,
  MAX_HEADER_BYTES,
  TO_ST,
  VERSION,
  defineKey,
  fail,
  headerChecksum,
  showPath,
  type Ctx,
  type Entry,
  type StDType,
  type TreeSpec,
} from "./spec.js";

/** Options of `io.toBytes` and `io.save`. */
export interface SaveOptions {
  /** String→string metadata stored in the header's `__metadata__` (keys starting with `jaxon.` are reserved). */
  readonly metadata?: Readonly<Record<string, string>>;
}

export const SAVE_OPTIONS = ["metadata"] as const;

/** Copies a typed array's bytes in little-endian order. */
function leBytes(a: TypedArray): Uint8Array {
  const out = new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  if (!LITTLE_ENDIAN) swapBytes(out, a.BYTES_PER_ELEMENT);
  return out;
}

/** Reverses each `size`-byte group (big-endian hosts). */
export function swapBytes(b: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i < b.length; i += size) b.subarray(i, i + size).reverse();
}

interface Tensor extends Entry {
  readonly bytes: Uint8Array;
}

/**
 * Walks the tree the way `tree.flatten` does (arrays by index, plain objects by sorted key),
 * collecting the tensors and the stored structure. Its own walk rather than `tree.flatten` so that
 * a cycle or an absurd depth is a ValueError naming the path instead of a stack overflow.
 */
class Walker {
  readonly tensors: Tensor[] = [];
  private readonly keys = new Map<string, string>();
  private readonly open = new Set<object>();
  private offset = 0;

  constructor(private readonly op: string) {}

  walk(x: unknown, path: readonly (string | number)[]): TreeSpec {
    const where = showPath(path.join("."));
    if (x === null) return { t: "null" };
    if (x === undefined) return { t: "undefined" };
    if (typeof x === "number" || typeof x === "boolean" || x instanceof NDArray) return this.leaf(x, path);
    if (typeof x !== "object") {
      throw new ValueError(this.op, `the leaf at ${where} is ${describe(x)}; only NDArrays, numbers and booleans can be saved. Remove it from the tree or convert it to an array.`);
    }
    if (path.length >= MAX_DEPTH) throw new ValueError(this.op, `the tree is nested deeper than ${MAX_DEPTH} levels (at ${where}); flatten it before saving.`);
    if (this.open.has(x)) throw new ValueError(this.op, `the tree contains a cycle: the node at ${where} contains itself; a saved tree must be finite.`);
    const proto = Object.getPrototypeOf(x) as object | null;
    const plain = Array.isArray(x) || proto === Object.prototype || proto === null;
    if (!plain) {
      if (isNode(x)) {
        throw new ValueError(this.op, `the node at ${where} is an instance of a registered pytree class; only plain objects, arrays, null and undefined can be saved. Convert it to a plain object first.`);
      }
      throw new ValueError(this.op, `the leaf at ${where} is ${describe(x)}; only NDArrays, numbers and booleans can be saved. Remove it from the tree or convert it to an array.`);
    }
    this.open.add(x);
    try {
      if (Array.isArray(x)) {
        const c: TreeSpec[] = [];
        for (let i = 0; i < x.length; i++) c.push(this.walk(x[i], [...path, i]));
        return { t: "list", c };
      }
      const obj = x as Record<string, unknown>;
      const k = Object.keys(obj).sort();
      return { t: "dict", k, c: k.map((key) => this.walk(obj[key], [...path, key])) };
    } finally {
      this.open.delete(x);
    }
  }

  private leaf(x: number | boolean | NDArray, path: readonly (string | number)[]): TreeSpec {
    const key = path.join(".");
    if (key === "__metadata__") throw new ValueError(this.op, `the leaf path '__metadata__' is reserved by the safetensors format; rename that key.`);
    const prev = this.keys.get(key);
    if (prev !== undefined) {
      throw new ValueError(this.op, `the leaf paths ${prev} and ${JSON.stringify(path)} both join to the key '${key}'; keys containing "." make saved keys ambiguous, rename them.`);
    }
    this.keys.set(key, JSON.stringify(path));
    let dtype: StDType;
    let shape: number[];
    let bytes: Uint8Array;
    if (typeof x === "number") [dtype, shape, bytes] = ["F64", [], leBytes(new Float64Array([x]))];
    else if (typeof x === "boolean") [dtype, shape, bytes] = ["BOOL", [], new Uint8Array([x ? 1 : 0])];
    else if (x instanceof ConcreteArray) [dtype, shape, bytes] = [TO_ST[x.dtype], [...x.shape], leBytes(x.data())];
    else {
      throw new TracerError(this.op, `the leaf at ${showPath(key)} is a tracer (an abstract value inside jit, grad, vmap or another transformation); only concrete arrays can be saved. Save the parameters outside the transformed function.`);
    }
    const begin = this.offset;
    this.offset += bytes.length;
    this.tensors.push({ key, dtype, shape, begin, end: this.offset, bytes });
    const t = typeof x === "number" ? "number" : typeof x === "boolean" ? "boolean" : "array";
    return { t, dtype, shape, data_offsets: [begin, this.offset] };
  }
}

function checkMetadata(meta: unknown, op: string): Readonly<Record<string, string>> {
  if (meta === undefined) return {};
  const proto = typeof meta === "object" && meta !== null ? (Object.getPrototypeOf(meta) as unknown) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new ValueError(op, `metadata must be a plain object of strings, got ${describe(meta)}.`);
  }
  const m = meta as Record<string, unknown>;
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (typeof v !== "string") throw new ValueError(op, `metadata['${k}'] is ${describe(v)}; metadata values must be strings (use JSON.stringify for others).`);
    if (k.startsWith("jaxon.")) throw new ValueError(op, `metadata key '${k}' is reserved (keys starting with 'jaxon.' are jaxon's own); rename it.`);
  }
  return m as Record<string, string>;
}

/** Serialises `params`, with errors naming `ctx.op`. */
export function encode(params: unknown, opts: SaveOptions | undefined, ctx: Ctx): Uint8Array {
  checkOptions(ctx.op, opts, SAVE_OPTIONS);
  const userMeta = checkMetadata(opts?.metadata, ctx.op);
  const walker = new Walker(ctx.op);
  const spec = walker.walk(params, []);
  const tensors = walker.tensors;
  const size = tensors.length === 0 ? 0 : tensors[tensors.length - 1]!.end;
  let data: Uint8Array;
  try {
    data = new Uint8Array(size);
  } catch (e) {
    return fail(ctx, `the tree's data (${size} bytes) is too large to serialise in memory; save it in parts.`, e);
  }
  const header: Record<string, unknown> = {};
  for (const t of tensors) {
    data.set(t.bytes, t.begin);
    defineKey(header, t.key, { dtype: t.dtype, shape: t.shape, data_offsets: [t.begin, t.end] });
  }
  const meta: Record<string, string> = {};
  for (const k of Object.keys(userMeta)) defineKey(meta, k, userMeta[k]);
  meta[K_FORMAT] = FORMAT;
  meta[K_VERSION] = VERSION;
  meta[K_TREEDEF] = JSON.stringify(spec);
  meta[K_CHECKSUM] = checksumString(data);
  // Last: it covers every other entry, the data checksum included.
  meta[K_HEADER_CHECKSUM] = headerChecksum(tensors, meta);
  defineKey(header, "__metadata__", meta);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil((8 + json.length) / 8) * 8 - 8; // data starts at a multiple of 8
  if (headerLen > MAX_HEADER_BYTES) {
    fail(ctx, `the header would be ${headerLen} bytes, over the ${MAX_HEADER_BYTES}-byte limit of safetensors headers (too many tensors or too much metadata); save the tree in parts or shorten the metadata.`);
  }
  const out = new Uint8Array(8 + headerLen + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  out.set(data, 8 + headerLen);
  return out;
}
