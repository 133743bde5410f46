import { expect } from "vitest";
import { NDArray } from "../../src/index.js";
import { checksumString } from "../../src/io/checksum.js";
import { headerChecksum, type StDType } from "../../src/io/spec.js";

/** Exact equality of pytrees: same structure, NDArrays with equal shape, dtype and bits. */
export function expectTreeIdentical(a: unknown, b: unknown, path = "root"): void {
  if (a instanceof NDArray || b instanceof NDArray) {
    expect(a, path).toBeInstanceOf(NDArray);
    expect(b, path).toBeInstanceOf(NDArray);
    const x = a as NDArray;
    const y = b as NDArray;
    expect(x.dtype, path).toBe(y.dtype);
    expect([...x.shape], path).toEqual([...y.shape]);
    const dx = Array.from(x.data());
    const dy = Array.from(y.data());
    expect(dx.length, path).toBe(dy.length);
    dx.forEach((v, i) => expect(Object.is(v, dy[i]), `${path}[${i}]: ${v} vs ${dy[i]}`).toBe(true));
    return;
  }
  if (Array.isArray(a)) {
    expect(Array.isArray(b), path).toBe(true);
    expect(a.length, path).toBe((b as unknown[]).length);
    a.forEach((v, i) => expectTreeIdentical(v, (b as unknown[])[i], `${path}.${i}`));
    return;
  }
  if (typeof a === "object" && a !== null) {
    expect(typeof b === "object" && b !== null && !Array.isArray(b), path).toBe(true);
    const ka = Object.keys(a).sort();
    expect(Object.keys(b as object).sort(), path).toEqual(ka);
    for (const k of ka) expectTreeIdentical((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true);
}

/** A safetensors file from a header (object or raw JSON text) and a data section, padded like the writer. */
export function rawFile(header: unknown, data: Uint8Array = new Uint8Array(), opts: { headerLength?: bigint } = {}): Uint8Array {
  const json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, opts.headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Little-endian bytes of float32 values. */
export function f32(...xs: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(xs).buffer);
}

/** Parses a file's header (for tampering tests). */
export function readHeader(bytes: Uint8Array): { header: Record<string, unknown>; data: Uint8Array } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  return { header, data: bytes.slice(8 + n) };
}

/**
 * A file from an edited header with both checksums recomputed, as a buggy or hostile writer would
 * produce: for testing the checks that stand behind the checksums.
 */
export function forge(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const meta = header["__metadata__"] as Record<string, string>;
  meta["jaxon.checksum"] = checksumString(data);
  const entries = Object.entries(header)
    .filter(([k]) => k !== "__metadata__")
    .map(([key, v]) => {
      const e = v as { dtype: StDType; shape: number[]; data_offsets: [number, number] };
      return { key, dtype: e.dtype, shape: e.shape, begin: e.data_offsets[0], end: e.data_offsets[1] };
    });
  meta["jaxon.header_checksum"] = headerChecksum(entries, meta);
  return rawFile(header, data);
}

/** Rewrites a file written by this jaxon as jaxon 0.1 wrote it (format version 1: no header checksum, no leaf records). */
export function toVersion1(bytes: Uint8Array): Uint8Array {
  const { header, data } = readHeader(bytes);
  const meta = header["__metadata__"] as Record<string, string>;
  delete meta["jaxon.header_checksum"];
  meta["jaxon.version"] = "1";
  meta["jaxon.treedef"] = JSON.stringify(JSON.parse(meta["jaxon.treedef"]!, (k, v: unknown) => (k === "dtype" || k === "shape" || k === "data_offsets" ? undefined : v)));
  return rawFile(header, data);
}

/** Asserts that `f` throws an error of class `cls` whose message matches `message`. */
export function expectThrows(f: () => unknown, cls: abstract new (...a: never[]) => Error, message: RegExp): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a ${cls.name}`).toBeInstanceOf(cls);
  expect((error as Error).message).toMatch(message);
}

/** Like `expectThrows`, for a promise. */
export async function expectRejects(p: Promise<unknown>, cls: abstract new (...a: never[]) => Error, message: RegExp): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a ${cls.name}`).toBeInstanceOf(cls);
  expect((error as Error).message).toMatch(message);
}
