/**
 * What the reader and the writer of jaxon's safetensors files share: the format constants, the
 * dtype tables, the stored tree structure, the canonical form of a header the header checksum
 * covers, and the error helper. No Node imports (browser safe).
 *
 * @internal
 * @module
 */
import type { DType } from "../array/dtype.js";
import { SerializationError } from "../errors/classes.js";
import { checksumString } from "./checksum.js";

/** The value of `jaxon.format`. */
export const FORMAT = "jaxon-pytree";
/**
 * The format version this jaxon writes (`jaxon.version`). Version 2 added
 * `jaxon.header_checksum` and a record of every tensor's dtype, shape and offsets in
 * `jaxon.treedef`; version 1 files (jaxon 0.1) are still read, see read.ts.
 */
export const VERSION = "2";

/** The metadata keys jaxon writes. Every key starting with "jaxon." is reserved. */
export const K_FORMAT = "jaxon.format";
export const K_VERSION = "jaxon.version";
export const K_TREEDEF = "jaxon.treedef";
/** CRC-32 of the data section. */
export const K_CHECKSUM = "jaxon.checksum";
/** CRC-32 of the canonical header (see `headerChecksum`); version 2 on. */
export const K_HEADER_CHECKSUM = "jaxon.header_checksum";

/** The safetensors library refuses headers longer than this (its MAX_HEADER_SIZE); so do we. */
export const MAX_HEADER_BYTES = 100_000_000;
/**
 * The deepest tree jaxon writes or reads. The tree walks recurse; a bound keeps a hostile or
 * corrupted `jaxon.treedef` (or a cyclic-looking deep input) from overflowing the JS stack.
 */
export const MAX_DEPTH = 1000;

export type StDType = "F32" | "F64" | "I32" | "BOOL";

export const TO_ST: Record<DType, StDType> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };
export const FROM_ST: Record<StDType, DType> = { F32: "float32", F64: "float64", I32: "int32", BOOL: "bool" };
export const ITEMSIZE: Record<StDType, number> = { F32: 4, F64: 8, I32: 4, BOOL: 1 };
export const VALID = "F32, F64, I32, BOOL";
/** safetensors dtypes jaxon knows of but cannot hold. */
export const UNSUPPORTED = new Set(["F16", "BF16", "I64", "I16", "I8", "U8", "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "E8M0", "C64"]);

export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * What a version-2 file records about each leaf's tensor, so that an edited header entry can be
 * named precisely ("tensor 'w' has shape [3, 2] in the header, but it was saved with [2, 3]").
 * Version 1 leaves have none of these fields.
 */
export interface LeafRecord {
  readonly dtype: StDType;
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

/** The stored description of the pytree structure (`jaxon.treedef`). */
export type TreeSpec =
  | ({ readonly t: "array" | "number" | "boolean" } & Partial<LeafRecord>)
  | { readonly t: "null" }
  | { readonly t: "undefined" }
  | { readonly t: "list"; readonly c: readonly TreeSpec[] }
  | { readonly t: "dict"; readonly k: readonly string[]; readonly c: readonly TreeSpec[] };

/** One tensor's header entry, validated. */
export interface Entry {
  readonly key: string;
  readonly dtype: StDType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Who is reading or writing: `op` names the public function (needed after an `await`, where no
 * public operation is on the stack any more) and `file` prefixes messages about a file on disk
 * (`"'params.safetensors': "`, or `""` for bytes in memory).
 */
export interface Ctx {
  readonly op: string;
  readonly file: string;
}

/** Throws a SerializationError about the file or bytes of `ctx`. */
export function fail(ctx: Ctx, message: string, cause?: unknown): never {
  throw new SerializationError(ctx.op, `${ctx.file}${message}`, cause === undefined ? {} : { cause });
}

export function showPath(key: string): string {
  return key === "" ? "the root" : `'${key}'`;
}

export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Sets an own enumerable property (safe for keys like "__proto__"). */
export function defineKey(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The header checksum: CRC-32 of a canonical JSON form of everything the header says (each
 * tensor's name, dtype, shape and offsets, and every metadata entry but this checksum itself),
 * in sorted order. Canonical rather than the raw bytes, so that it does not depend on JSON
 * formatting or key order, which change nothing a reader sees; any change to what the header
 * means changes it.
 */
export function headerChecksum(entries: Iterable<Entry>, metadata: Readonly<Record<string, string>>): string {
  const tensors = [...entries].sort((a, b) => byCodeUnits(a.key, b.key)).map((e) => [e.key, e.dtype, e.shape, e.begin, e.end]);
  const meta = Object.keys(metadata)
    .filter((k) => k !== K_HEADER_CHECKSUM)
    .sort(byCodeUnits)
    .map((k) => [k, metadata[k]]);
  return checksumString(new TextEncoder().encode(JSON.stringify([tensors, meta])));
}
