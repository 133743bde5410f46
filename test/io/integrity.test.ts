/**
 * A jaxon file cannot lie: edits of its header (shapes, dtypes, offsets, metadata, the tree
 * structure) are rejected with a SerializationError naming what changed, and headers the
 * safetensors library refuses are refused here too.
 */
import { describe, expect, it } from "vitest";
import * as io from "../../src/io/index.js";
import { np } from "../../src/index.js";
import { SerializationError } from "../../src/errors/index.js";
import { expectThrows, expectTreeIdentical, f32, rawFile, readHeader, toVersion1 } from "./helpers.js";

const enc = new TextEncoder();

/** Replaces the only occurrence of `from` in the header by `to` (same length: the header length stays right). */
function editHeader(bytes: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  const at = text.indexOf(from);
  expect(at, `'${from}' in the header`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, at + 1), `'${from}' once in the header`).toBe(-1);
  const out = bytes.slice();
  out.set(enc.encode(to), 8 + enc.encode(text.slice(0, at)).length);
  return out;
}

const rejects = (bytes: Uint8Array, message: RegExp): void => expectThrows(() => io.fromBytes(bytes), SerializationError, message);

describe("edited headers of jaxon files are rejected, naming what changed", () => {
  it("a shape edited [2,3] → [3,2] in the raw bytes", () => {
    const bytes = io.toBytes({ w: np.arange(6).reshape([2, 3]).astype("float32") });
    const edited = editHeader(bytes, `"shape":[2,3]`, `"shape":[3,2]`);
    rejects(edited, /^io\.fromBytes: tensor 'w' has shape \[3, 2\] in the header, but it was saved with shape \[2, 3\]: the header was edited or corrupted after saving\. Re-save or re-download the file\. The header's checksum does not match \(stored crc32:[0-9a-f]{8}, computed crc32:[0-9a-f]{8}\)\.$/);
    expectThrows(() => io.readMetadata(edited), SerializationError, /^io\.readMetadata: tensor 'w' has shape \[3, 2\] in the header/);
  });

  it("a dtype edited F32 → I32 in the raw bytes", () => {
    const edited = editHeader(io.toBytes({ w: np.array([1.5, 2]) }), `"dtype":"F32"`, `"dtype":"I32"`);
    rejects(edited, /^io\.fromBytes: tensor 'w' has dtype I32 in the header, but it was saved as F32: the header was edited/);
  });

  it("two tensors' offsets swapped", () => {
    const { header, data } = readHeader(io.toBytes({ a: np.array([1, 2]), b: np.array([3, 4]) }));
    const a = header["a"] as { data_offsets: number[] };
    const b = header["b"] as { data_offsets: number[] };
    expect([a.data_offsets, b.data_offsets]).toEqual([[0, 8], [8, 16]]);
    [a.data_offsets, b.data_offsets] = [b.data_offsets, a.data_offsets];
    rejects(rawFile(header, data), /^io\.fromBytes: tensor 'a' has data_offsets \[8, 16\] in the header, but it was saved at \[0, 8\]: the header was edited/);
  });

  it("a tensor renamed, a tensor entry deleted", () => {
    const bytes = io.toBytes({ wa: np.array([1, 2]), wb: np.array([3, 4]) });
    rejects(editHeader(bytes, `"wb":{`, `"wc":{`), /^io\.fromBytes: the header has no tensor 'wb', but the saved tree has a leaf there \(recorded in jaxon\.treedef\): the header was edited/);
  });

  it("a user metadata value edited", () => {
    const edited = editHeader(io.toBytes({ w: np.ones([2]) }, { metadata: { epoch: "3" } }), `"epoch":"3"`, `"epoch":"4"`);
    rejects(edited, /^io\.fromBytes: the header's checksum does not match \(stored crc32:[0-9a-f]{8}, computed crc32:[0-9a-f]{8}\): its tensor names, shapes, dtypes, data_offsets, metadata or tree structure changed; the header was edited or corrupted after saving/);
    expectThrows(() => io.readMetadata(edited), SerializationError, /^io\.readMetadata: the header's checksum does not match/);
  });

  it("the tree structure edited (a list turned into a dict would change what loads)", () => {
    const bytes = io.toBytes({ w: [np.ones([2])] });
    const { header, data } = readHeader(bytes);
    const meta = header["__metadata__"] as Record<string, string>;
    meta["jaxon.treedef"] = meta["jaxon.treedef"]!.replace('{"t":"list","c":[', '{"t":"dict","k":["0"],"c":[');
    rejects(rawFile(header, data), /^io\.fromBytes: the header's checksum does not match/);
  });

  it("the header checksum itself edited, or its algorithm unknown", () => {
    const bytes = io.toBytes({ w: np.ones([2]) });
    const { header } = readHeader(bytes);
    const sum = (header["__metadata__"] as Record<string, string>)["jaxon.header_checksum"]!;
    const flipped = sum.slice(0, -1) + (sum.endsWith("0") ? "1" : "0");
    rejects(editHeader(bytes, sum, flipped), /^io\.fromBytes: the header's checksum does not match/);
    rejects(editHeader(bytes, sum, "sha99:" + sum.slice(6)), /^io\.fromBytes: the file's jaxon\.header_checksum "sha99:[0-9a-f]{8}" uses an unknown algorithm/);
  });

  it.each(["jaxon.format", "jaxon.version", "jaxon.treedef", "jaxon.checksum", "jaxon.header_checksum"])("deleting %s is detected", (key) => {
    const { header, data } = readHeader(io.toBytes({ w: np.ones([2]), n: [1, 2] }));
    delete (header["__metadata__"] as Record<string, string>)[key];
    rejects(rawFile(header, data), new RegExp(`^io\\.fromBytes: the file has jaxon metadata \\(.*\\) but no ${key.replace(".", "\\.")}: jaxon's metadata was partly deleted or edited after saving`));
  });

  it("a misspelt jaxon key (a corrupted key name) is a missing key", () => {
    rejects(editHeader(io.toBytes({ w: np.ones([2]) }), `"jaxon.format"`, `"jaxon.formau"`), /but no jaxon\.format: jaxon's metadata was partly deleted/);
  });

  it("a version edited 2 → 1 (which would skip the header checksum) is detected", () => {
    rejects(editHeader(io.toBytes({ w: np.ones([2]) }), `"jaxon.version":"2"`, `"jaxon.version":"1"`), /^io\.fromBytes: the file says it is version 1 but has a jaxon\.header_checksum, which version-1 files lack/);
  });

  it("deleting ALL jaxon metadata cannot be detected (the rest is a valid foreign file); it loads as nested objects, and `like` catches it", () => {
    // Documented limitation (src/io/read.ts): the remaining bytes are what any safetensors writer could produce.
    const params = { layer: [np.array([1, 2])], step: 3 };
    const { header, data } = readHeader(io.toBytes(params));
    delete header["__metadata__"];
    const loaded = io.fromBytes(rawFile(header, data));
    expectTreeIdentical(loaded, { layer: { "0": np.array([1, 2]) }, step: np.array(3, { dtype: "float64" }) });
    expectThrows(() => io.fromBytes(rawFile(header, data), { like: params }), SerializationError, /^io\.fromBytes: the loaded tree does not match `like` at 'layer': the file has an object with keys \[0\], `like` has an array of length 1/);
  });

  it("the header checksum covers what the header says, not its formatting: re-indented or reordered JSON loads the same", () => {
    const params = { b: np.array([1, 2], { dtype: "int32" }), a: [np.array(true, { dtype: "bool" }), 4] };
    const { header, data } = readHeader(io.toBytes(params, { metadata: { epoch: "3" } }));
    const reordered = Object.fromEntries(Object.entries(header).reverse());
    expectTreeIdentical(io.fromBytes(rawFile(JSON.stringify(reordered, null, 2), data)), params);
  });

  it("an unedited file still loads", () => {
    const params = { w: np.arange(6).reshape([2, 3]), b: [np.array([true]), 2] };
    expectTreeIdentical(io.fromBytes(io.toBytes(params, { metadata: { epoch: "3" } })), params);
  });
});

describe("version-1 files (jaxon 0.1)", () => {
  const params = () => ({ w: np.array([[1, 2, 3], [4, 5, 6]]), b: [np.array([1], { dtype: "int32" }), true, 2.5], none: null });

  it("still load, with their data checksum verified", () => {
    const v1 = toVersion1(io.toBytes(params()));
    expect(io.readMetadata(v1)["jaxon.version"]).toBe("1");
    expect(io.readMetadata(v1)["jaxon.header_checksum"]).toBeUndefined();
    expectTreeIdentical(io.fromBytes(v1), params());
    const corrupt = v1.slice();
    corrupt[corrupt.length - 1]! ^= 1;
    rejects(corrupt, /^io\.fromBytes: checksum mismatch \(stored crc32:[0-9a-f]{8}, computed crc32:[0-9a-f]{8}\): the file is corrupted/);
  });

  it("a version-1 tree structure with version-2 leaf records is refused (the version was edited)", () => {
    const { header, data } = readHeader(io.toBytes({ w: np.ones([2]) }));
    const meta = header["__metadata__"] as Record<string, string>;
    delete meta["jaxon.header_checksum"];
    meta["jaxon.version"] = "1";
    rejects(rawFile(header, data), /^io\.fromBytes: the file's jaxon\.treedef is malformed \(a version-1 leaf carries a version-2 record\)/);
  });

  it("a tensor missing from a version-1 tree structure is refused", () => {
    const { header, data } = readHeader(toVersion1(io.toBytes({ a: np.ones([1]), b: np.ones([1]) })));
    (header["__metadata__"] as Record<string, string>)["jaxon.treedef"] = '{"t":"dict","k":["a"],"c":[{"t":"array"}]}';
    rejects(rawFile(header, data), /^io\.fromBytes: tensor 'b' is in the header but not in the saved tree structure \(jaxon\.treedef\); the file is corrupted/);
  });
});

describe("header rules of the safetensors library", () => {
  it("a header length over 100 MB is refused before anything else", () => {
    rejects(rawFile({}, new Uint8Array(), { headerLength: 100_000_001n }), /^io\.fromBytes: the header length 100000001 is over the 100000000-byte limit of safetensors headers/);
    // 100 MB itself is allowed by the limit (this file is then just too short for it).
    rejects(rawFile({}, new Uint8Array(), { headerLength: 100_000_000n }), /^io\.fromBytes: the header length 100000000 is larger than the 2 bytes that follow it/);
  });

  it.each([
    ["a space", " {}", /byte 0x20 \(' '\), not '\{'/],
    ["a newline", "\n{}", /byte 0x0a, not '\{'/],
    ["a tab", "\t{}", /byte 0x09, not '\{'/],
    ["a byte-order mark", "\uFEFF{}", /byte 0xef, not '\{'/],
  ])("leading whitespace before '{' is refused: %s", (_name, text, message) => {
    rejects(rawFile(text), new RegExp(`^io\\.fromBytes: the header starts with ${message.source}: safetensors headers start with the JSON object itself, with no leading whitespace`));
  });

  it("trailing space padding is accepted (writers pad the header to 8 bytes)", () => {
    const t = io.fromBytes(rawFile('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   ', f32(7)));
    expectTreeIdentical(t, { w: np.array([7]) });
  });
});
