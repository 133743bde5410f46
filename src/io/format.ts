/**
 * The safetensors format, in and out of memory: `toBytes`, `fromBytes` and `readMetadata`.
 * This file has no Node imports, so it works in browsers too.
 *
 * Layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON header, then
 * the raw little-endian tensor data. The header maps each leaf key (the leaf's path joined by
 * ".", e.g. `layer.w`, `b.0`) to `{ dtype, shape, data_offsets }` and holds a `__metadata__`
 * string map with the user's metadata and jaxon's entries `jaxon.format`, `jaxon.version`,
 * `jaxon.treedef` (the pytree structure) and `jaxon.checksum` (CRC-32 of the data section).
 *
 * @module
 */
import type { DType, TypedArray } from "../array/dtype.js";
import { ConcreteArray, NDArray } from "../array/ndarray.js";
import { wrapStorage } from "../array/storage.js";
import { flatten, keyPathToString } from "../tree/index.js";
import type { KeyPath } from "../tree/registry.js";
import type { NodeDef } from "../tree/treedef.js";
import { checksumString } from "./checksum.js";

/** Options of `io.toBytes` and `io.save`. */
export interface SaveOptions {
  /** String→string metadata stored in the header's `__metadata__` (keys starting with `jaxon.` are reserved). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Options of `io.fromBytes` and `io.load`. */
export interface LoadOptions {
  /** A pytree the loaded one must match: same structure, shapes and dtypes (values are ignored). */
  readonly like?: unknown;
}

/** The value of `jaxon.format`. */
export const FORMAT = "jaxon-pytree";
/** The format version this jaxon writes and reads (`jaxon.version`). */
export const VERSION = "1";

type StDType = "F32" | "F64" | "I32" | "BOOL";

const TO_ST: Record<DType, StDType> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };
const FROM_ST: Record<StDType, DType> = { F32: "float32", F64: "float64", I32: "int32", BOOL: "bool" };
const ITEMSIZE: Record<StDType, number> = { F32: 4, F64: 8, I32: 4, BOOL: 1 };
const VALID = "F32, F64, I32, BOOL";
/** safetensors dtypes jaxon knows of but cannot hold. */
const UNSUPPORTED = new Set(["F16", "BF16", "I64", "I16", "I8", "U8", "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "E8M0", "C64"]);

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The stored description of the pytree structure (`jaxon.treedef`). */
type TreeSpec =
  | { readonly t: "array" }
  | { readonly t: "number" }
  | { readonly t: "boolean" }
  | { readonly t: "null" }
  | { readonly t: "undefined" }
  | { readonly t: "list"; readonly c: readonly TreeSpec[] }
  | { readonly t: "dict"; readonly k: readonly string[]; readonly c: readonly TreeSpec[] };

interface Tensor {
  readonly key: string;
  readonly dtype: StDType;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

function describe(x: unknown): string {
  if (typeof x === "function") return "a function";
  if (typeof x === "object" && x !== null) {
    const name = (Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name ? `an instance of ${name}` : "an object";
  }
  return `a ${typeof x} (${String(x)})`;
}

function showPath(path: KeyPath | string): string {
  const s = typeof path === "string" ? path : keyPathToString(path);
  return s === "" ? "the root" : `'${s}'`;
}

/** Copies a typed array's bytes in little-endian order. */
function leBytes(a: TypedArray): Uint8Array {
  const out = new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  if (!LITTLE_ENDIAN) swapBytes(out, a.BYTES_PER_ELEMENT);
  return out;
}

function swapBytes(b: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let i = 0; i < b.length; i += size) b.subarray(i, i + size).reverse();
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Walks the tree definition, producing the stored structure and checking every node is saveable. */
function specOf(node: NodeDef, leaves: readonly unknown[], cursor: { i: number }, path: (string | number)[], op: string): TreeSpec {
  switch (node.kind) {
    case "leaf": {
      const leaf = leaves[cursor.i++];
      if (leaf instanceof NDArray) return { t: "array" };
      if (typeof leaf === "number") return { t: "number" };
      if (typeof leaf === "boolean") return { t: "boolean" };
      throw new TypeError(
        `${op}: the leaf at ${showPath(path)} is ${describe(leaf)}; only NDArrays, numbers and booleans can be saved. Remove it from the tree or convert it to an array.`,
      );
    }
    case "none":
      return { t: node.value === null ? "null" : "undefined" };
    case "array":
      return { t: "list", c: node.children.map((ch, i) => specOf(ch, leaves, cursor, [...path, i], op)) };
    case "object":
      return { t: "dict", k: node.keys, c: node.children.map((ch, i) => specOf(ch, leaves, cursor, [...path, node.keys[i]!], op)) };
    case "custom":
      throw new TypeError(
        `${op}: the node at ${showPath(path)} is an instance of a registered pytree class; only plain objects, arrays, null and undefined can be saved. Convert it to a plain object first.`,
      );
  }
}

function tensorOf(key: string, leaf: unknown, op: string): Tensor {
  if (typeof leaf === "number") return { key, dtype: "F64", shape: [], bytes: leBytes(new Float64Array([leaf])) };
  if (typeof leaf === "boolean") return { key, dtype: "BOOL", shape: [], bytes: new Uint8Array([leaf ? 1 : 0]) };
  if (!(leaf instanceof ConcreteArray)) {
    throw new TypeError(
      `${op}: the leaf at ${showPath(key)} is a tracer (an abstract value inside jit, grad, vmap or another transformation); only concrete arrays can be saved. Save the parameters outside the transformed function.`,
    );
  }
  return { key, dtype: TO_ST[leaf.dtype], shape: [...leaf.shape], bytes: leBytes(leaf.data()) };
}

/** Serialises with error messages naming `op`. @internal */
export function encode(params: unknown, opts: SaveOptions, op: string): Uint8Array {
  const userMeta = opts.metadata ?? {};
  if (typeof userMeta !== "object" || userMeta === null) throw new TypeError(`${op}: metadata must be an object of strings.`);
  for (const [k, v] of Object.entries(userMeta)) {
    if (typeof v !== "string") throw new TypeError(`${op}: metadata['${k}'] is ${describe(v)}; metadata values must be strings (use JSON.stringify for others).`);
    if (k.startsWith("jaxon.")) throw new Error(`${op}: metadata key '${k}' is reserved (keys starting with 'jaxon.' are jaxon's own); rename it.`);
  }
  const [leaves, def] = flatten(params);
  const spec = specOf(def.node, leaves, { i: 0 }, [], op);
  const paths = def.paths();
  const seen = new Map<string, KeyPath>();
  const tensors: Tensor[] = [];
  for (let i = 0; i < leaves.length; i++) {
    const path = paths[i]!;
    const key = keyPathToString(path);
    if (key === "__metadata__") throw new Error(`${op}: the leaf path '__metadata__' is reserved by the safetensors format; rename that key.`);
    const prev = seen.get(key);
    if (prev !== undefined) {
      throw new Error(
        `${op}: the leaf paths ${JSON.stringify(prev)} and ${JSON.stringify(path)} both join to the key '${key}'; keys containing "." make saved keys ambiguous, rename them.`,
      );
    }
    seen.set(key, path);
    tensors.push(tensorOf(key, leaves[i], op));
  }
  let size = 0;
  for (const t of tensors) size += t.bytes.length;
  const data = new Uint8Array(size);
  const header: Record<string, unknown> = {};
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(userMeta)) meta[k] = v;
  let offset = 0;
  for (const t of tensors) {
    data.set(t.bytes, offset);
    defineKey(header, t.key, { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] });
    offset += t.bytes.length;
  }
  meta["jaxon.format"] = FORMAT;
  meta["jaxon.version"] = VERSION;
  meta["jaxon.treedef"] = JSON.stringify(spec);
  meta["jaxon.checksum"] = checksumString(data);
  defineKey(header, "__metadata__", meta);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil((8 + json.length) / 8) * 8 - 8; // data starts at a multiple of 8
  const out = new Uint8Array(8 + headerLen + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  out.set(data, 8 + headerLen);
  return out;
}

/**
 * Serialises a pytree of arrays (and number/boolean leaves) as a safetensors file in memory.
 * Works in browsers (no Node imports). Leaves are keyed by their path joined with "."; the
 * tree structure, a format version and a CRC-32 of the data go into `__metadata__`, so
 * `fromBytes` returns the same pytree. JS number leaves are stored as F64 scalars and JS
 * booleans as BOOL scalars, and come back as numbers and booleans. Throws for leaves of other
 * kinds, registered pytree classes, and tracers (values inside `jit` and other transformations).
 *
 * @example
 * const bytes = io.toBytes({ w: np.ones([2, 3]), b: [np.zeros([3])], step: 10 }, { metadata: { epoch: "3" } });
 * io.fromBytes(bytes); // { b: [zeros [3]], step: 10, w: ones [2, 3] }
 */
export function toBytes(params: unknown, opts: SaveOptions = {}): Uint8Array {
  return encode(params, opts, "io.toBytes");
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Entry {
  readonly key: string;
  readonly dtype: StDType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

interface Parsed {
  readonly entries: Map<string, Entry>;
  readonly metadata: Record<string, string> | undefined;
  readonly data: Uint8Array;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Sets an own enumerable property (safe for keys like "__proto__"). */
function defineKey(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Parses and validates the header and the layout of the data section. @internal */
export function parse(bytes: Uint8Array, op: string): Parsed {
  const fail = (msg: string): never => {
    throw new Error(`${op}: ${msg}`);
  };
  if (!(bytes instanceof Uint8Array)) fail(`expected the file's bytes as a Uint8Array, got ${describe(bytes)}.`);
  if (bytes.length < 8) fail(`the file is truncated: it has ${bytes.length} bytes, but a safetensors file starts with an 8-byte header length. Re-save or re-download it.`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) {
    fail(`the header length ${n} is larger than the ${bytes.length - 8} bytes that follow it: the file is truncated or not a safetensors file. Re-save or re-download it.`);
  }
  if (n < 2n) fail(`the header length is ${n}; a safetensors header is a JSON object of at least 2 bytes. The file is not a safetensors file.`);
  const headerLen = Number(n);
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    fail(`the header is not valid UTF-8: the file is corrupted or not a safetensors file.`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message}): the file is corrupted or not a safetensors file.`);
  }
  if (!isObject(header)) {
    fail(`the header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}, but it is ${Array.isArray(header) ? "an array" : JSON.stringify(header)}. The file is not a safetensors file.`);
  }
  const data = bytes.subarray(8 + headerLen);
  const entries = new Map<string, Entry>();
  let metadata: Record<string, string> | undefined;
  for (const [key, raw] of Object.entries(header as Record<string, unknown>)) {
    if (key === "__metadata__") {
      if (!isObject(raw)) fail(`"__metadata__" must be an object of strings, but it is ${JSON.stringify(raw)}.`);
      for (const [mk, mv] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof mv !== "string") fail(`"__metadata__" entry '${mk}' is ${JSON.stringify(mv)}; safetensors metadata values must be strings.`);
      }
      metadata = raw as Record<string, string>;
      continue;
    }
    const where = `tensor '${key}'`;
    if (!isObject(raw)) fail(`${where}: its header entry must be an object {dtype, shape, data_offsets}, but it is ${JSON.stringify(raw)}.`);
    const e = raw as Record<string, unknown>;
    const dtype = e["dtype"];
    if (typeof dtype !== "string" || !(dtype in ITEMSIZE)) {
      if (typeof dtype === "string" && UNSUPPORTED.has(dtype)) {
        fail(`${where} has dtype ${dtype}, which jaxon does not support; jaxon reads ${VALID}. Convert the tensor (e.g. to float32) before saving it.`);
      }
      fail(`${where} has unknown dtype ${JSON.stringify(dtype)}; the valid dtypes are ${VALID}.`);
    }
    const shape = e["shape"];
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
      fail(`${where} has shape ${JSON.stringify(shape)}; a shape must be an array of non-negative integers.`);
    }
    const offs = e["data_offsets"];
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => typeof o === "number" && Number.isSafeInteger(o) && o >= 0)) {
      fail(`${where} has data_offsets ${JSON.stringify(offs)}; they must be [begin, end], two non-negative integers.`);
    }
    const [begin, end] = offs as [number, number];
    if (begin > end) fail(`${where} has data_offsets [${begin}, ${end}] with begin > end; the file is corrupted.`);
    if (end > data.length) {
      fail(`${where} has data_offsets [${begin}, ${end}] outside the data section, which has ${data.length} bytes: the file is truncated or corrupted.`);
    }
    const st = dtype as StDType;
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    const expected = size * ITEMSIZE[st];
    if (!Number.isSafeInteger(expected) || expected !== end - begin) {
      fail(`${where} has shape [${(shape as number[]).join(", ")}] and dtype ${st}, which need ${expected} bytes, but its data_offsets [${begin}, ${end}] hold ${end - begin} bytes; the file is corrupted.`);
    }
    entries.set(key, { key, dtype: st, shape: shape as number[], begin, end });
  }
  // The tensors must tile the data section exactly: no overlaps, no holes (safetensors' rule).
  const sorted = [...entries.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < pos) {
      fail(`tensors '${prev!.key}' [${prev!.begin}, ${prev!.end}] and '${e.key}' [${e.begin}, ${e.end}] have overlapping data_offsets; the file is corrupted.`);
    }
    if (e.begin > pos) {
      fail(`the data section has a hole: bytes [${pos}, ${e.begin}) belong to no tensor (before '${e.key}'); safetensors files must have none. The file is corrupted.`);
    }
    pos = e.end;
    prev = e;
  }
  if (pos !== data.length) {
    fail(`the data section has ${data.length - pos} bytes after the last tensor (which ends at ${pos}); safetensors files must have none. The file is corrupted or was written incorrectly.`);
  }
  return { entries, metadata, data };
}

function decodeTensor(p: Parsed, e: Entry): NDArray {
  const bytes = p.data.slice(e.begin, e.end); // a fresh, aligned copy
  if (!LITTLE_ENDIAN) swapBytes(bytes, ITEMSIZE[e.dtype]);
  const buf = bytes.buffer;
  let arr: TypedArray;
  switch (e.dtype) {
    case "F32":
      arr = new Float32Array(buf);
      break;
    case "F64":
      arr = new Float64Array(buf);
      break;
    case "I32":
      arr = new Int32Array(buf);
      break;
    case "BOOL":
      arr = bytes;
      for (let i = 0; i < arr.length; i++) arr[i] = arr[i] ? 1 : 0;
      break;
  }
  const dtype = FROM_ST[e.dtype];
  return new ConcreteArray([...e.shape], dtype, wrapStorage(dtype, arr));
}

function checkSpec(x: unknown, op: string): TreeSpec {
  const bad = (): never => {
    throw new Error(`${op}: the file's jaxon.treedef is malformed; the file is corrupted. Re-save it.`);
  };
  if (!isObject(x)) return bad();
  switch (x["t"]) {
    case "array":
    case "number":
    case "boolean":
    case "null":
    case "undefined":
      return x as TreeSpec;
    case "list":
      if (!Array.isArray(x["c"])) bad();
      (x["c"] as unknown[]).forEach((c) => checkSpec(c, op));
      return x as TreeSpec;
    case "dict": {
      const k = x["k"];
      const c = x["c"];
      if (!Array.isArray(k) || !Array.isArray(c) || k.length !== c.length || !k.every((s) => typeof s === "string")) bad();
      (c as unknown[]).forEach((ch) => checkSpec(ch, op));
      return x as TreeSpec;
    }
    default:
      return bad();
  }
}

function rebuild(spec: TreeSpec, path: (string | number)[], p: Parsed, used: Set<string>, op: string): unknown {
  switch (spec.t) {
    case "null":
      return null;
    case "undefined":
      return undefined;
    case "list":
      return spec.c.map((c, i) => rebuild(c, [...path, i], p, used, op));
    case "dict": {
      const out: Record<string, unknown> = {};
      spec.c.forEach((c, i) => defineKey(out, spec.k[i]!, rebuild(c, [...path, spec.k[i]!], p, used, op)));
      return out;
    }
    default: {
      const key = keyPathToString(path);
      const e = p.entries.get(key);
      if (e === undefined) throw new Error(`${op}: the tree structure has a leaf at ${showPath(key)} but the file has no tensor '${key}'; the file is corrupted. Re-save it.`);
      used.add(key);
      const arr = decodeTensor(p, e);
      if (spec.t === "array") return arr;
      const want: StDType = spec.t === "number" ? "F64" : "BOOL";
      if (e.dtype !== want || e.shape.length !== 0) {
        throw new Error(`${op}: tensor '${key}' is recorded as a JS ${spec.t} but is stored as ${e.dtype} of shape [${e.shape.join(", ")}] (expected a ${want} scalar); the file is corrupted.`);
      }
      return arr.item();
    }
  }
}

/** Nests "a.b.c" keys into objects, for files written by other libraries. */
function nest(p: Parsed, op: string): unknown {
  const root: Record<string, unknown> = {};
  for (const e of [...p.entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const parts = e.key.split(".");
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const next = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
      if (next === undefined) {
        const child: Record<string, unknown> = {};
        defineKey(node, part, child);
        node = child;
      } else if (next instanceof NDArray) {
        throw new Error(`${op}: tensor '${parts.slice(0, i + 1).join(".")}' is also a prefix of tensor '${e.key}', so the keys cannot be nested into objects. Load it with another tool and rename the tensors.`);
      } else {
        node = next as Record<string, unknown>;
      }
    }
    const last = parts[parts.length - 1]!;
    if (Object.prototype.hasOwnProperty.call(node, last)) {
      throw new Error(`${op}: tensor '${e.key}' is also a prefix of other tensors' keys, so the keys cannot be nested into objects. Load it with another tool and rename the tensors.`);
    }
    const arr = decodeTensor(p, e);
    defineKey(node, last, arr);
  }
  return root;
}

function verifyChecksum(p: Parsed, op: string): void {
  const stored = p.metadata?.["jaxon.checksum"];
  if (stored === undefined) return;
  if (!stored.startsWith("crc32:")) {
    throw new Error(`${op}: the file's checksum ${JSON.stringify(stored)} uses an unknown algorithm (this jaxon knows crc32); upgrade jaxon or re-save the file.`);
  }
  const actual = checksumString(p.data);
  if (actual !== stored.toLowerCase()) {
    throw new Error(`${op}: checksum mismatch (stored ${stored}, computed ${actual}): the file is corrupted. Re-save or re-download it.`);
  }
}

/** Parses, validates and rebuilds the pytree, with error messages naming `op`. @internal */
export function decode(bytes: Uint8Array, opts: LoadOptions, op: string): unknown {
  const p = parse(bytes, op);
  verifyChecksum(p, op);
  const meta = p.metadata;
  let result: unknown;
  if (meta?.["jaxon.format"] === undefined) {
    result = nest(p, op);
  } else {
    if (meta["jaxon.format"] !== FORMAT) {
      throw new Error(`${op}: jaxon.format is ${JSON.stringify(meta["jaxon.format"])}, expected "${FORMAT}"; the file was not written by io.save/io.toBytes or is corrupted.`);
    }
    const version = meta["jaxon.version"];
    if (version !== VERSION) {
      throw new Error(`${op}: unsupported jaxon file version ${JSON.stringify(version)}; this jaxon reads version ${VERSION}. Upgrade jaxon (or re-save the file with this version).`);
    }
    const treedef = meta["jaxon.treedef"];
    let specJson: unknown;
    try {
      specJson = JSON.parse(treedef ?? "");
    } catch {
      throw new Error(`${op}: the file's jaxon.treedef is missing or not valid JSON; the file is corrupted. Re-save it.`);
    }
    const used = new Set<string>();
    result = rebuild(checkSpec(specJson, op), [], p, used, op);
    for (const key of p.entries.keys()) {
      if (!used.has(key)) throw new Error(`${op}: tensor '${key}' is not part of the recorded tree structure; the file is corrupted. Re-save it.`);
    }
  }
  if (opts.like !== undefined) checkLike(result, opts.like, [], op);
  return result;
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
function checkLike(got: unknown, like: unknown, path: (string | number)[], op: string): void {
  const mismatch = (): never => {
    throw new Error(`${op}: the loaded tree does not match \`like\` at ${showPath(path)}: the file has ${kindOf(got)}, \`like\` has ${kindOf(like)}. Check that the file holds these parameters.`);
  };
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
    like.forEach((l, i) => checkLike((got as unknown[])[i], l, [...path, i], op));
    return;
  }
  if (isObject(like) && (Object.getPrototypeOf(like) === Object.prototype || Object.getPrototypeOf(like) === null)) {
    if (!isObject(got) || got instanceof NDArray) return mismatch();
    const lk = Object.keys(like).sort();
    const gk = Object.keys(got).sort();
    if (lk.length !== gk.length || lk.some((k, i) => k !== gk[i])) mismatch();
    for (const k of lk) checkLike(got[k], like[k], [...path, k], op);
    return;
  }
  if (typeof like === "number" || typeof like === "boolean") {
    if (typeof got !== typeof like) mismatch();
    return;
  }
  throw new TypeError(`${op}: \`like\` has ${describe(like)} at ${showPath(path)}; \`like\` may hold only arrays, numbers, booleans, plain objects, arrays, null and undefined.`);
}

/**
 * Parses a safetensors file from memory, validating everything (lengths, header JSON, dtypes,
 * shapes, offsets tiling the data exactly, byte lengths, checksum, format version). Works in
 * browsers. Files written by jaxon come back as the saved pytree. Files without jaxon metadata
 * (written by another library, e.g. Python's safetensors) come back as nested plain objects split
 * on "." — `{"layer.0.w": ...}` gives `{ layer: { "0": { w: ... } } }`: integer segments stay
 * object keys, they do not become JS arrays. Dtypes other than F32, F64, I32 and BOOL (F16,
 * BF16, I64, ...) are rejected with an error naming the tensor. With `like`, the result must
 * have the same structure, shapes and dtypes as `like`. Every error message starts with
 * `io.fromBytes:`.
 *
 * @example
 * const params = io.fromBytes(bytes, { like: { w: np.zeros([2, 3]), b: [np.zeros([3])], step: 0 } });
 */
export function fromBytes(bytes: Uint8Array, opts: LoadOptions = {}): unknown {
  return decode(bytes, opts, "io.fromBytes");
}

/**
 * The `__metadata__` of a safetensors file in memory (the user's entries and jaxon's own
 * `jaxon.*` entries), after validating the file's header and layout; `{}` if it has none.
 *
 * @example
 * io.readMetadata(io.toBytes({ w: np.ones([2]) }, { metadata: { epoch: "3" } }))["epoch"]; // "3"
 */
export function readMetadata(bytes: Uint8Array): Record<string, string> {
  return { ...(parse(bytes, "io.readMetadata").metadata ?? {}) };
}
