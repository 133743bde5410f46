/**
 * The safetensors format, in and out of memory: `toBytes`, `fromBytes` and `readMetadata`.
 * This file has no Node imports, so it works in browsers too.
 *
 * Layout: an 8-byte little-endian unsigned header length N (at most 100 MB), N bytes of UTF-8
 * JSON header starting with `{`, then the raw little-endian tensor data. The header maps each
 * leaf key (the leaf's path joined by ".", e.g. `layer.w`, `b.0`) to `{ dtype, shape,
 * data_offsets }` and holds a `__metadata__` string map with the user's metadata and jaxon's
 * entries `jaxon.format`, `jaxon.version`, `jaxon.treedef` (the pytree structure, with each
 * tensor's dtype, shape and offsets), `jaxon.checksum` (CRC-32 of the data section) and
 * `jaxon.header_checksum` (CRC-32 of everything the header says; see spec.ts). What is verified
 * on reading is described in read.ts. The checksums catch corruption and accidental edits; they
 * are not a signature against deliberate forgery.
 *
 * @module
 */
import { ValueError } from "../errors/classes.js";
import { checkOptions, describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import { parse } from "./header.js";
import { checkLike, checkLikeArgument } from "./like.js";
import { nest, rebuild, verify } from "./read.js";
import type { Ctx } from "./spec.js";
import { encode, type SaveOptions } from "./write.js";

export { FORMAT, VERSION } from "./spec.js";
export type { SaveOptions } from "./write.js";

/** Options of `io.fromBytes` and `io.load`. */
export interface LoadOptions {
  /** A pytree the loaded one must match: same structure, shapes and dtypes (values are ignored). */
  readonly like?: unknown;
}

const LOAD_OPTIONS = ["like"] as const;

/** Validates the options of a load before anything is read. @internal */
export function checkLoadOptions(opts: unknown, op: string): void {
  checkOptions(op, opts, LOAD_OPTIONS);
  if (opts !== undefined) checkLikeArgument((opts as LoadOptions).like, op);
}

function checkBytes(bytes: unknown, op: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    const hint = bytes instanceof ArrayBuffer ? " Wrap it: new Uint8Array(buffer)." : "";
    throw new ValueError(op, `expected the file's bytes as a Uint8Array, got ${describe(bytes)}.${hint}`);
  }
}

/** Parses, verifies and rebuilds the pytree; errors name `ctx`. `opts` is already validated. @internal */
export function decode(bytes: Uint8Array, opts: LoadOptions | undefined, ctx: Ctx): unknown {
  const p = parse(bytes, ctx);
  const spec = verify(p, ctx);
  const result = spec === undefined ? nest(p, ctx) : rebuild(spec, [], p, ctx);
  if (opts?.like !== undefined) checkLike(result, opts.like, [], ctx);
  return result;
}

/**
 * Serialises a pytree of arrays (and number/boolean leaves) as a safetensors file in memory.
 * Works in browsers (no Node imports). Leaves are keyed by their path joined with "."; the
 * tree structure, a format version and CRC-32 checksums of the header and the data go into
 * `__metadata__`, so `fromBytes` returns the same pytree. JS number leaves are stored as F64
 * scalars and JS booleans as BOOL scalars, and come back as numbers and booleans. Throws a
 * ValueError for leaves of other kinds, registered pytree classes, cycles, ambiguous keys and
 * bad metadata, and a TracerError for tracers (values inside `jit` and other transformations).
 *
 * @example
 * const bytes = io.toBytes({ w: np.ones([2, 3]), b: [np.zeros([3])], step: 10 }, { metadata: { epoch: "3" } });
 * io.fromBytes(bytes); // { b: [zeros [3]], step: 10, w: ones [2, 3] }
 */
export const toBytes: (params: unknown, opts?: SaveOptions) => Uint8Array = publicOp("io.toBytes", function toBytes(params: unknown, opts?: SaveOptions): Uint8Array {
  return encode(params, opts, { op: "io.toBytes", file: "" });
});

/**
 * Parses a safetensors file from memory, validating everything (lengths, header JSON, dtypes,
 * shapes, offsets tiling the data exactly, byte lengths, format version, and for jaxon files the
 * header and data checksums). Works in browsers. Files written by jaxon come back as the saved
 * pytree. Files without jaxon metadata (written by another library, e.g. Python's safetensors)
 * come back as nested plain objects split on "." — `{"layer.0.w": ...}` gives
 * `{ layer: { "0": { w: ... } } }`: integer segments stay object keys, they do not become JS
 * arrays. Dtypes other than F32, F64, I32 and BOOL (F16, BF16, I64, ...) are rejected naming the
 * tensor. With `like`, the result must have the same structure, shapes and dtypes as `like`.
 * A bad file is a SerializationError, a bad argument a ValueError; messages start with
 * `io.fromBytes:`.
 *
 * @example
 * const params = io.fromBytes(bytes, { like: { w: np.zeros([2, 3]), b: [np.zeros([3])], step: 0 } });
 */
export const fromBytes: (bytes: Uint8Array, opts?: LoadOptions) => unknown = publicOp("io.fromBytes", function fromBytes(bytes: Uint8Array, opts?: LoadOptions): unknown {
  const op = "io.fromBytes";
  checkBytes(bytes, op);
  checkLoadOptions(opts, op);
  return decode(bytes, opts, { op, file: "" });
});

/**
 * The `__metadata__` of a safetensors file in memory (the user's entries and jaxon's own
 * `jaxon.*` entries), after validating the file as `fromBytes` does (a jaxon file's checksums
 * included, so corrupted metadata is never returned); `{}` if it has none.
 *
 * @example
 * io.readMetadata(io.toBytes({ w: np.ones([2]) }, { metadata: { epoch: "3" } }))["epoch"]; // "3"
 */
export const readMetadata: (bytes: Uint8Array) => Record<string, string> = publicOp("io.readMetadata", function readMetadata(bytes: Uint8Array): Record<string, string> {
  const op = "io.readMetadata";
  checkBytes(bytes, op);
  const ctx = { op, file: "" };
  const p = parse(bytes, ctx);
  verify(p, ctx);
  return { ...(p.metadata ?? {}) };
});
