/**
 * CRC-32 (IEEE 802.3, the polynomial of zlib, PNG and gzip) for the checksum jaxon stores in
 * saved files. Pure TS, no Node imports.
 *
 * @module
 */

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  if (table !== undefined) return table;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  table = t;
  return t;
}

/**
 * The CRC-32 of `bytes` as an unsigned 32-bit integer.
 *
 * @example
 * crc32(new TextEncoder().encode("123456789")).toString(16); // "cbf43926"
 * @internal
 */
export function crc32(bytes: Uint8Array): number {
  const t = crcTable();
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The checksum string stored in `jaxon.checksum`: `"crc32:"` and 8 lowercase hex digits.
 *
 * @example
 * checksumString(new Uint8Array()); // "crc32:00000000"
 * @internal
 */
export function checksumString(bytes: Uint8Array): string {
  return `crc32:${crc32(bytes).toString(16).padStart(8, "0")}`;
}
