/**
 * Parsing and validating a safetensors header and the layout of its data section, with the
 * safetensors format's rules: an 8-byte little-endian header length of at most 100 MB, a UTF-8
 * JSON object starting with `{` (no leading whitespace), known dtypes, shapes and offsets that
 * agree, and tensors that tile the data section exactly. No Node imports.
 *
 * @internal
 * @module
 */
import { ITEMSIZE, MAX_HEADER_BYTES, UNSUPPORTED, VALID, fail, isObject, type Ctx, type Entry, type StDType } from "./spec.js";

/** A parsed file: its tensor entries, `__metadata__` (if any) and data section. */
export interface Parsed {
  readonly entries: Map<string, Entry>;
  readonly metadata: Readonly<Record<string, string>> | undefined;
  readonly data: Uint8Array;
}

const json = (x: unknown): string => {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

function readHeaderText(bytes: Uint8Array, ctx: Ctx): { text: string; headerLen: number } {
  if (bytes.length < 8) fail(ctx, `the file is truncated: it has ${bytes.length} bytes, but a safetensors file starts with an 8-byte header length. Re-save or re-download it.`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    fail(ctx, `the header length ${n} is over the ${MAX_HEADER_BYTES}-byte limit of safetensors headers: the file is corrupted or not a safetensors file.`);
  }
  if (n > BigInt(bytes.length - 8)) {
    fail(ctx, `the header length ${n} is larger than the ${bytes.length - 8} bytes that follow it: the file is truncated or not a safetensors file. Re-save or re-download it.`);
  }
  if (n < 2n) fail(ctx, `the header length is ${n}; a safetensors header is a JSON object of at least 2 bytes. The file is not a safetensors file.`);
  const headerLen = Number(n);
  const first = bytes[8]!;
  if (first !== 0x7b) {
    // The safetensors format spec: "The header data MUST begin with a { character (0x7B)", so
    // no leading whitespace or byte-order mark. (The reference library states the rule; as of
    // 0.8 its reader does not enforce it yet, but writers never produce such files.)
    const shown = first >= 0x20 && first < 0x7f ? ` ('${String.fromCharCode(first)}')` : "";
    fail(ctx, `the header starts with byte 0x${first.toString(16).padStart(2, "0")}${shown}, not '{': safetensors headers start with the JSON object itself, with no leading whitespace. The file is corrupted or not a safetensors file.`);
  }
  let text = "";
  try {
    // ignoreBOM keeps a byte-order mark as text, so it cannot be skipped silently.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    fail(ctx, `the header is not valid UTF-8: the file is corrupted or not a safetensors file.`);
  }
  return { text, headerLen };
}

function parseEntry(key: string, raw: unknown, dataLength: number, ctx: Ctx): Entry {
  const where = `tensor '${key}'`;
  if (!isObject(raw)) fail(ctx, `${where}: its header entry must be an object {dtype, shape, data_offsets}, but it is ${json(raw)}.`);
  const dtype = raw["dtype"];
  if (typeof dtype !== "string" || !Object.prototype.hasOwnProperty.call(ITEMSIZE, dtype)) {
    if (typeof dtype === "string" && UNSUPPORTED.has(dtype)) {
      fail(ctx, `${where} has dtype ${dtype}, which jaxon does not support; jaxon reads ${VALID}. Convert the tensor (e.g. to float32) before saving it.`);
    }
    fail(ctx, `${where} has unknown dtype ${json(dtype)}; the valid dtypes are ${VALID}.`);
  }
  const shape = raw["shape"];
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)) {
    fail(ctx, `${where} has shape ${json(shape)}; a shape must be an array of non-negative integers.`);
  }
  const offs = raw["data_offsets"];
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => typeof o === "number" && Number.isSafeInteger(o) && o >= 0)) {
    fail(ctx, `${where} has data_offsets ${json(offs)}; they must be [begin, end], two non-negative integers.`);
  }
  const [begin, end] = offs as [number, number];
  if (begin > end) fail(ctx, `${where} has data_offsets [${begin}, ${end}] with begin > end; the file is corrupted.`);
  if (end > dataLength) {
    fail(ctx, `${where} has data_offsets [${begin}, ${end}] outside the data section, which has ${dataLength} bytes: the file is truncated or corrupted.`);
  }
  const st = dtype as StDType;
  const dims = shape as number[];
  const expected = dims.reduce((a, b) => a * b, 1) * ITEMSIZE[st];
  if (!Number.isSafeInteger(expected) || expected !== end - begin) {
    fail(ctx, `${where} has shape [${dims.join(", ")}] and dtype ${st}, which need ${expected} bytes, but its data_offsets [${begin}, ${end}] hold ${end - begin} bytes; the file is corrupted.`);
  }
  return { key, dtype: st, shape: dims, begin, end };
}

/** The tensors must tile the data section exactly: no overlaps, no holes (safetensors' rule). */
function checkTiling(entries: Map<string, Entry>, dataLength: number, ctx: Ctx): void {
  const sorted = [...entries.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < pos && prev !== undefined) {
      fail(ctx, `tensors '${prev.key}' [${prev.begin}, ${prev.end}] and '${e.key}' [${e.begin}, ${e.end}] have overlapping data_offsets; the file is corrupted.`);
    }
    if (e.begin > pos) {
      fail(ctx, `the data section has a hole: bytes [${pos}, ${e.begin}) belong to no tensor (before '${e.key}'); safetensors files must have none. The file is corrupted.`);
    }
    pos = e.end;
    prev = e;
  }
  if (pos !== dataLength) {
    fail(ctx, `the data section has ${dataLength - pos} bytes after the last tensor (which ends at ${pos}); safetensors files must have none. The file is corrupted or was written incorrectly.`);
  }
}

/** Parses and validates the header and the layout of the data section. */
export function parse(bytes: Uint8Array, ctx: Ctx): Parsed {
  const { text, headerLen } = readHeaderText(bytes, ctx);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(ctx, `the header is not valid JSON (${(e as Error).message}): the file is corrupted or not a safetensors file.`);
  }
  if (!isObject(header)) {
    fail(ctx, `the header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}, but it is ${Array.isArray(header) ? "an array" : json(header)}. The file is not a safetensors file.`);
  }
  const data = bytes.subarray(8 + headerLen);
  const entries = new Map<string, Entry>();
  let metadata: Record<string, string> | undefined;
  for (const [key, raw] of Object.entries(header)) {
    if (key === "__metadata__") {
      if (!isObject(raw)) fail(ctx, `"__metadata__" must be an object of strings, but it is ${json(raw)}.`);
      for (const [mk, mv] of Object.entries(raw)) {
        if (typeof mv !== "string") fail(ctx, `"__metadata__" entry '${mk}' is ${json(mv)}; safetensors metadata values must be strings.`);
      }
      metadata = raw as Record<string, string>;
      continue;
    }
    entries.set(key, parseEntry(key, raw, data.length, ctx));
  }
  checkTiling(entries, data.length, ctx);
  return { entries, metadata, data };
}
