/**
 * Reading: verifying a jaxon file's metadata and checksums, and rebuilding the pytree (or, for
 * files from other libraries, nesting the dotted keys into objects). No Node imports.
 *
 * Which files are jaxon files: every file whose `__metadata__` has a key starting with "jaxon."
 * (the writer reserves that prefix). Such a file is verified completely; a missing `jaxon.format`,
 * `jaxon.version`, `jaxon.treedef` or checksum is an error, so deleting or misspelling some of
 * jaxon's entries cannot turn a jaxon file into a "foreign" one that loads differently. A file
 * whose `jaxon.*` entries were ALL removed is not detected: what remains is a well-formed
 * safetensors file of the same layout the safetensors library writes (compact JSON, space
 * padding to 8 bytes, the same entry fields), so no test could tell it from a genuine foreign
 * file without rejecting those. It loads as nested objects; pass `like` to pin the structure.
 *
 * Version 2 (this jaxon): `jaxon.header_checksum` covers everything the header says and
 * `jaxon.checksum` the data, so any edit or corruption is rejected, and `jaxon.treedef` records
 * each tensor's dtype, shape and offsets so that an edited entry is named. Version 1 (jaxon 0.1)
 * files are still read: their data checksum and tree structure are verified, but their header
 * has no checksum, so an edited shape or dtype in such a file cannot be detected. Re-save
 * version-1 files to upgrade them.
 *
 * @internal
 * @module
 */
import type { TypedArray } from "../array/dtype.js";
import { ConcreteArray, NDArray } from "../array/ndarray.js";
import { wrapStorage } from "../array/storage.js";
import { checksumString } from "./checksum.js";
import type { Parsed } from "./header.js";
import {
  FORMAT,
  FROM_ST,
  ITEMSIZE,
  K_CHECKSUM,
  K_FORMAT,
  K_HEADER_CHECKSUM,
  K_TREEDEF,
  K_VERSION,
  LITTLE_ENDIAN,
  MAX_DEPTH,
  TO_ST,
  VERSION,
  defineKey,
  fail,
  headerChecksum,
  isObject,
  showPath,
  type Ctx,
  type Entry,
  type LeafRecord,
  type StDType,
  type TreeSpec,
} from "./spec.js";
import { swapBytes } from "./write.js";

const READABLE = ["1", VERSION];
const REEDIT = "the header was edited or corrupted after saving. Re-save or re-download the file.";

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

const isDims = (x: unknown): x is number[] => Array.isArray(x) && x.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0);

/** Validates the parsed `jaxon.treedef`; version 2 leaves must carry their tensor's record. */
function checkSpec(x: unknown, version: string, depth: number, ctx: Ctx): TreeSpec {
  const bad = (why: string): never => fail(ctx, `the file's jaxon.treedef is malformed (${why}); the file is corrupted. Re-save it.`);
  if (depth > MAX_DEPTH) bad(`nested deeper than ${MAX_DEPTH} levels`);
  if (!isObject(x)) return bad("a node is not an object");
  switch (x["t"]) {
    case "array":
    case "number":
    case "boolean": {
      if (version === "1") {
        if ("dtype" in x || "shape" in x || "data_offsets" in x) bad("a version-1 leaf carries a version-2 record");
        return x as TreeSpec;
      }
      const { dtype, shape, data_offsets: offs } = x;
      if (typeof dtype !== "string" || !Object.prototype.hasOwnProperty.call(ITEMSIZE, dtype) || !isDims(shape) || !isDims(offs) || offs.length !== 2) {
        bad("a leaf lacks its dtype, shape or data_offsets");
      }
      return x as TreeSpec;
    }
    case "null":
    case "undefined":
      return x as TreeSpec;
    case "list":
      if (!Array.isArray(x["c"])) bad("a list has no children");
      for (const c of x["c"] as unknown[]) checkSpec(c, version, depth + 1, ctx);
      return x as TreeSpec;
    case "dict": {
      const k = x["k"];
      const c = x["c"];
      if (!Array.isArray(k) || !Array.isArray(c) || k.length !== c.length || !k.every((s) => typeof s === "string")) bad("a dict's keys and children do not match");
      if (new Set(k as string[]).size !== (k as string[]).length) bad("a dict has a repeated key");
      for (const ch of c as unknown[]) checkSpec(ch, version, depth + 1, ctx);
      return x as TreeSpec;
    }
    default:
      return bad(`unknown node kind ${JSON.stringify(x["t"])}`);
  }
}

/** The leaves of a spec with their keys (the path joined by "."), in order. */
function specLeaves(spec: TreeSpec, path: string[], out: [string, TreeSpec][]): [string, TreeSpec][] {
  if (spec.t === "list") spec.c.forEach((c, i) => specLeaves(c, [...path, String(i)], out));
  else if (spec.t === "dict") spec.c.forEach((c, i) => specLeaves(c, [...path, spec.k[i]!], out));
  else if (spec.t !== "null" && spec.t !== "undefined") out.push([path.join("."), spec]);
  return out;
}

const dims = (s: readonly number[]): string => `[${s.join(", ")}]`;

/** The first way the header's tensors differ from what the tree structure says was saved. */
function firstDifference(p: Parsed, spec: TreeSpec): string | undefined {
  const leaves = specLeaves(spec, [], []);
  const keys = new Set<string>();
  for (const [key, leaf] of leaves) {
    if (keys.has(key)) return `two leaves of the saved tree structure (jaxon.treedef) join to the key '${key}'`;
    keys.add(key);
    const e = p.entries.get(key);
    if (e === undefined) return `the header has no tensor '${key}', but the saved tree has a leaf there (recorded in jaxon.treedef)`;
    const rec = leaf as Partial<LeafRecord>;
    if (rec.dtype === undefined || rec.shape === undefined || rec.data_offsets === undefined) continue;
    if (rec.dtype !== e.dtype) return `tensor '${key}' has dtype ${e.dtype} in the header, but it was saved as ${rec.dtype}`;
    if (dims(rec.shape) !== dims(e.shape)) return `tensor '${key}' has shape ${dims(e.shape)} in the header, but it was saved with shape ${dims(rec.shape)}`;
    if (dims(rec.data_offsets) !== dims([e.begin, e.end])) return `tensor '${key}' has data_offsets ${dims([e.begin, e.end])} in the header, but it was saved at ${dims(rec.data_offsets)}`;
  }
  for (const key of p.entries.keys()) {
    if (!keys.has(key)) return `tensor '${key}' is in the header but not in the saved tree structure (jaxon.treedef)`;
  }
  return undefined;
}

function parseSpec(meta: Readonly<Record<string, string>>, version: string, ctx: Ctx): TreeSpec {
  let json: unknown;
  try {
    json = JSON.parse(meta[K_TREEDEF] ?? "");
  } catch {
    fail(ctx, `the file's jaxon.treedef is not valid JSON; the file is corrupted. Re-save it.`);
  }
  return checkSpec(json, version, 0, ctx);
}

function checkChecksum(stored: string, actual: string, what: string, ctx: Ctx): boolean {
  if (!stored.startsWith("crc32:")) {
    fail(ctx, `the file's ${what} ${JSON.stringify(stored)} uses an unknown algorithm (this jaxon knows crc32); upgrade jaxon or re-save the file.`);
  }
  return stored === actual;
}

/**
 * Verifies a jaxon file completely (see the module comment) and returns its tree structure, or
 * `undefined` for a file without jaxon metadata.
 */
export function verify(p: Parsed, ctx: Ctx): TreeSpec | undefined {
  const meta = p.metadata ?? {};
  const own = Object.keys(meta).filter((k) => k.startsWith("jaxon."));
  if (own.length === 0) return undefined;
  const need = (key: string): string => {
    const v = meta[key];
    if (v !== undefined) return v;
    return fail(ctx, `the file has jaxon metadata (${own.join(", ")}) but no ${key}: jaxon's metadata was partly deleted or edited after saving. Re-save or re-download the file.`);
  };
  const format = need(K_FORMAT);
  if (format !== FORMAT) {
    fail(ctx, `jaxon.format is ${JSON.stringify(format)}, expected "${FORMAT}"; the file was not written by io.save/io.toBytes or is corrupted.`);
  }
  const version = need(K_VERSION);
  if (!READABLE.includes(version)) {
    fail(ctx, `unsupported jaxon file version ${JSON.stringify(version)}; this jaxon reads versions ${READABLE.join(" and ")}. Upgrade jaxon (or re-save the file with this version).`);
  }
  need(K_TREEDEF);
  const dataSum = need(K_CHECKSUM);
  if (version === "1") {
    // A version-1 file has no header checksum; one that has it had its version edited.
    if (meta[K_HEADER_CHECKSUM] !== undefined) fail(ctx, `the file says it is version 1 but has a ${K_HEADER_CHECKSUM}, which version-1 files lack: ${REEDIT}`);
  } else {
    const actual = headerChecksum(p.entries.values(), meta);
    const stored = need(K_HEADER_CHECKSUM);
    if (!checkChecksum(stored, actual, K_HEADER_CHECKSUM, ctx)) {
      let diff: string | undefined;
      try {
        diff = firstDifference(p, parseSpec(meta, version, ctx));
      } catch {
        diff = undefined; // the structure itself was damaged: report the checksum
      }
      const sums = `(stored ${stored}, computed ${actual})`;
      fail(ctx, diff === undefined ? `the header's checksum does not match ${sums}: its tensor names, shapes, dtypes, data_offsets, metadata or tree structure changed; ${REEDIT}` : `${diff}: ${REEDIT} The header's checksum does not match ${sums}.`);
    }
  }
  const actualData = checksumString(p.data);
  if (!checkChecksum(dataSum, actualData, K_CHECKSUM, ctx)) {
    fail(ctx, `checksum mismatch (stored ${dataSum}, computed ${actualData}): the file is corrupted, its tensor data changed after saving. Re-save or re-download it.`);
  }
  const spec = parseSpec(meta, version, ctx);
  // With matching checksums this holds unless the writer was not jaxon; checked all the same.
  const diff = firstDifference(p, spec);
  if (diff !== undefined) fail(ctx, `${diff}; the file is corrupted. Re-save it.`);
  return spec;
}

/** Rebuilds the saved pytree; `verify` has checked that every leaf has its tensor. */
export function rebuild(spec: TreeSpec, path: string[], p: Parsed, ctx: Ctx): unknown {
  switch (spec.t) {
    case "null":
      return null;
    case "undefined":
      return undefined;
    case "list":
      return spec.c.map((c, i) => rebuild(c, [...path, String(i)], p, ctx));
    case "dict": {
      const out: Record<string, unknown> = {};
      spec.c.forEach((c, i) => defineKey(out, spec.k[i]!, rebuild(c, [...path, spec.k[i]!], p, ctx)));
      return out;
    }
    default: {
      const key = path.join(".");
      const e = p.entries.get(key);
      if (e === undefined) return fail(ctx, `the tree structure has a leaf at ${showPath(key)} but the file has no tensor '${key}'; the file is corrupted. Re-save it.`);
      const arr = decodeTensor(p, e);
      if (spec.t === "array") return arr;
      const want: StDType = spec.t === "number" ? TO_ST.float64 : TO_ST.bool;
      if (e.dtype !== want || e.shape.length !== 0) {
        fail(ctx, `tensor '${key}' is recorded as a JS ${spec.t} but is stored as ${e.dtype} of shape ${dims(e.shape)} (expected a ${want} scalar); the file is corrupted.`);
      }
      return arr.item();
    }
  }
}

/** Nests "a.b.c" keys into objects, for files written by other libraries. */
export function nest(p: Parsed, ctx: Ctx): unknown {
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
        fail(ctx, `tensor '${parts.slice(0, i + 1).join(".")}' is also a prefix of tensor '${e.key}', so the keys cannot be nested into objects. Load it with another tool and rename the tensors.`);
      } else {
        node = next as Record<string, unknown>;
      }
    }
    const last = parts[parts.length - 1]!;
    if (Object.prototype.hasOwnProperty.call(node, last)) {
      fail(ctx, `tensor '${e.key}' is also a prefix of other tensors' keys, so the keys cannot be nested into objects. Load it with another tool and rename the tensors.`);
    }
    defineKey(node, last, decodeTensor(p, e));
  }
  return root;
}
