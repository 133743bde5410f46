import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arb } from "../../laws/index.js";
import * as io from "../../src/io/index.js";
import { jit, np, tree, type DType } from "../../src/index.js";
import { SerializationError, TracerError, ValueError } from "../../src/errors/index.js";
import { expectRejects, expectThrows, expectTreeIdentical, f32, forge, rawFile, readHeader } from "./helpers.js";

const nested = () => ({
  layer: { w: np.array([[1.5, -2], [3, 4e-7]]), b: np.array([0.1, 0.2], { dtype: "float64" }) },
  ids: np.array([1, -2, 2147483647, -2147483648], { dtype: "int32" }),
  mask: np.array([true, false, true], { dtype: "bool" }),
  scalar: np.array(3.25),
  empty: np.zeros([0, 3]),
  emptyInt: np.zeros([2, 0], { dtype: "int32" }),
  list: [np.array(7, { dtype: "int32" }), null, [undefined, 1.5, -0, NaN, Infinity], true],
  step: 10,
  none: null,
  nothing: undefined,
  emptyObj: {},
  emptyList: [],
});

describe("io.toBytes / io.fromBytes round trips", () => {
  it("round-trips a nested pytree exactly (all dtypes, rank 0, empty arrays, number/boolean leaves, null/undefined)", () => {
    const params = nested();
    const bytes = io.toBytes(params);
    expectTreeIdentical(io.fromBytes(bytes), params);
  });

  it("writes the safetensors layout: u64 LE header length, JSON header, 8-aligned data, contiguous offsets", () => {
    const bytes = io.toBytes({ layer: { w: np.array([1, 2, 3]) }, b: [np.array([true, false], { dtype: "bool" })] }, { metadata: { epoch: "3" } });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const { header, data } = readHeader(bytes);
    expect(header["layer.w"]).toEqual({ dtype: "F32", shape: [3], data_offsets: [2, 14] });
    expect(header["b.0"]).toEqual({ dtype: "BOOL", shape: [2], data_offsets: [0, 2] });
    expect(Array.from(data)).toEqual([1, 0, ...f32(1, 2, 3)]);
    const meta = header["__metadata__"] as Record<string, string>;
    expect(meta["epoch"]).toBe("3");
    expect(meta["jaxon.format"]).toBe("jaxon-pytree");
    expect(meta["jaxon.version"]).toBe("2");
    expect(meta["jaxon.header_checksum"]).toMatch(/^crc32:[0-9a-f]{8}$/);
    expect(meta["jaxon.checksum"]).toMatch(/^crc32:[0-9a-f]{8}$/);
    expect(io.readMetadata(bytes)["epoch"]).toBe("3");
  });

  it("round-trips root leaves and root containers", () => {
    for (const t of [np.array([1, 2]), 5, [np.ones([2])], [], {}, null, undefined, false]) expectTreeIdentical(io.fromBytes(io.toBytes(t)), t);
  });

  it("restores keys such as __proto__ and integer-like keys as own properties", () => {
    const t = JSON.parse('{"__proto__": 1, "10": 2, "2": 3}') as unknown;
    const back = io.fromBytes(io.toBytes(t)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expectTreeIdentical(back, t);
  });

  it("works on data sections that are not aligned in the buffer", () => {
    const bytes = io.toBytes({ w: np.array([1, 2], { dtype: "float64" }) });
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expectTreeIdentical(io.fromBytes(shifted.subarray(3)), { w: np.array([1, 2], { dtype: "float64" }) });
  });

  const dtypes: DType[] = ["float32", "float64", "int32", "bool"];
  const leaf = fc.oneof(
    fc.constantFrom(...dtypes).chain((dtype) => arb.ndarray({ dtype, minDim: 0, maxDim: 3 })),
    fc.integer({ min: -1000, max: 1000 }).map((i) => i / 8),
  );
  it("property: fromBytes(toBytes(t)) is t for generated pytrees", () => {
    fc.assert(
      fc.property(arb.pytree(leaf, { maxDepth: 3 }), (t) => {
        expectTreeIdentical(io.fromBytes(io.toBytes(t)), t);
      }),
      { numRuns: 60 },
    );
  });
});

describe("files written by other libraries", () => {
  it("loads a safetensors file without jaxon metadata as nested objects split on '.'", () => {
    const data = new Uint8Array([...f32(1, 2, 3, 4), ...f32(5, 6), ...new Uint8Array(new Int32Array([7]).buffer)]);
    const bytes = rawFile(
      {
        __metadata__: { format: "pt" },
        "encoder.layers.0.weight": { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] },
        "encoder.layers.0.bias": { dtype: "F32", shape: [2], data_offsets: [16, 24] },
        step: { dtype: "I32", shape: [], data_offsets: [24, 28] },
      },
      data,
    );
    const t = io.fromBytes(bytes) as { encoder: { layers: Record<string, { weight: unknown; bias: unknown }> }; step: unknown };
    expect(Array.isArray(t.encoder.layers)).toBe(false); // integer segments stay object keys
    expectTreeIdentical(t, {
      encoder: { layers: { "0": { weight: np.array([[1, 2], [3, 4]]), bias: np.array([5, 6]) } } },
      step: np.array(7, { dtype: "int32" }),
    });
    expect(io.readMetadata(bytes)).toEqual({ format: "pt" });
  });

  it("loads a foreign file with no __metadata__ and no tensors", () => {
    expect(io.fromBytes(rawFile({}))).toEqual({});
  });

  it("rejects F16 / BF16 / I64 tensors naming the key and the dtype", () => {
    for (const dtype of ["F16", "BF16", "I64"]) {
      const bytes = rawFile({ "a.w": { dtype, shape: [1], data_offsets: [0, dtype === "I64" ? 8 : 2] } }, new Uint8Array(dtype === "I64" ? 8 : 2));
      expectThrows(() => io.fromBytes(bytes), SerializationError, new RegExp(`^io\\.fromBytes: tensor 'a\\.w' has dtype ${dtype}, which jaxon does not support; jaxon reads F32, F64, I32, BOOL`));
    }
  });

  it("rejects keys that are both a tensor and a prefix of another", () => {
    const bytes = rawFile({ a: { dtype: "F32", shape: [], data_offsets: [0, 4] }, "a.b": { dtype: "F32", shape: [], data_offsets: [4, 8] } }, f32(1, 2));
    expectThrows(() => io.fromBytes(bytes), SerializationError, /^io\.fromBytes: tensor 'a' is also a prefix of tensor 'a\.b'/);
  });
});

describe("malformed files are rejected with a specific message", () => {
  const good = () => io.toBytes({ w: np.array([1, 2]), b: np.array([3], { dtype: "int32" }) });
  const entry = (over: Record<string, unknown> = {}) => ({ dtype: "F32", shape: [2], data_offsets: [0, 8], ...over });
  const cases: [string, () => Uint8Array, RegExp][] = [
    ["empty input", () => new Uint8Array(3), /^io\.fromBytes: the file is truncated: it has 3 bytes/],
    ["truncated file", () => good().subarray(0, 40), /^io\.fromBytes: the header length \d+ is larger than the 32 bytes that follow it: the file is truncated/],
    ["truncated data section", () => good().subarray(0, good().length - 2), /^io\.fromBytes: tensor '\w' has data_offsets \[\d+, \d+\] outside the data section/],
    ["header length too large", () => rawFile({}, new Uint8Array(), { headerLength: 2n ** 63n }), /^io\.fromBytes: the header length 9223372036854775808 is over the 100000000-byte limit of safetensors headers/],
    ["header length past the end", () => rawFile({}, new Uint8Array(), { headerLength: 100n }), /^io\.fromBytes: the header length 100 is larger than the 2 bytes that follow it/],
    ["bad JSON", () => rawFile('{"w": {"dtype": "F32",'), /^io\.fromBytes: the header is not valid JSON \(.*\): the file is corrupted or not a safetensors file/],
    ["bad UTF-8", () => { const b = rawFile('{"x":1}'); b[9] = 0xff; return b; }, /^io\.fromBytes: the header is not valid UTF-8/],
    ["non-object header", () => rawFile("[1, 2]"), /^io\.fromBytes: the header starts with byte 0x5b \('\['\), not '\{'/],
    ["non-object entry", () => rawFile({ w: 3 }), /^io\.fromBytes: tensor 'w': its header entry must be an object/],
    ["unknown dtype", () => rawFile({ w: entry({ dtype: "Q7" }) }, f32(1, 2)), /^io\.fromBytes: tensor 'w' has unknown dtype "Q7"; the valid dtypes are F32, F64, I32, BOOL/],
    ["bad shape", () => rawFile({ w: entry({ shape: [2.5] }) }, f32(1, 2)), /^io\.fromBytes: tensor 'w' has shape \[2\.5\]; a shape must be an array of non-negative integers/],
    ["negative shape", () => rawFile({ w: entry({ shape: [-2] }) }, f32(1, 2)), /^io\.fromBytes: tensor 'w' has shape \[-2\]/],
    ["bad data_offsets", () => rawFile({ w: entry({ data_offsets: [0] }) }, f32(1, 2)), /^io\.fromBytes: tensor 'w' has data_offsets \[0\]; they must be \[begin, end\]/],
    ["begin > end", () => rawFile({ w: entry({ data_offsets: [8, 0] }) }, f32(1, 2)), /^io\.fromBytes: tensor 'w' has data_offsets \[8, 0\] with begin > end/],
    ["offsets out of range", () => rawFile({ w: entry({ data_offsets: [0, 12], shape: [3] }) }, f32(1, 2)), /^io\.fromBytes: tensor 'w' has data_offsets \[0, 12\] outside the data section, which has 8 bytes/],
    ["overlapping offsets", () => rawFile({ a: entry(), b: entry({ data_offsets: [4, 12] }) }, f32(1, 2, 3)), /^io\.fromBytes: tensors 'a' \[0, 8\] and 'b' \[4, 12\] have overlapping data_offsets/],
    ["hole between tensors", () => rawFile({ a: entry(), b: entry({ data_offsets: [12, 20] }) }, f32(1, 2, 3, 4, 5)), /^io\.fromBytes: the data section has a hole: bytes \[8, 12\) belong to no tensor \(before 'b'\)/],
    ["hole at the start", () => rawFile({ a: entry({ data_offsets: [4, 12] }) }, f32(1, 2, 3)), /^io\.fromBytes: the data section has a hole: bytes \[0, 4\)/],
    ["trailing bytes", () => rawFile({ a: entry() }, f32(1, 2, 3)), /^io\.fromBytes: the data section has 4 bytes after the last tensor/],
    ["byte-length mismatch", () => rawFile({ a: entry({ shape: [3] }) }, f32(1, 2)), /^io\.fromBytes: tensor 'a' has shape \[3\] and dtype F32, which need 12 bytes, but its data_offsets \[0, 8\] hold 8 bytes/],
    ["non-string metadata", () => rawFile({ __metadata__: { n: 1 } }), /^io\.fromBytes: "__metadata__" entry 'n' is 1; safetensors metadata values must be strings/],
    [
      "checksum mismatch",
      () => {
        const b = good();
        b[b.length - 1]! ^= 0x40;
        return b;
      },
      /^io\.fromBytes: checksum mismatch \(stored crc32:[0-9a-f]{8}, computed crc32:[0-9a-f]{8}\): the file is corrupted/,
    ],
    [
      "unsupported version",
      () => {
        const { header, data } = readHeader(good());
        (header["__metadata__"] as Record<string, string>)["jaxon.version"] = "3";
        return rawFile(header, data);
      },
      /^io\.fromBytes: unsupported jaxon file version "3"; this jaxon reads versions 1 and 2\. Upgrade jaxon/,
    ],
    [
      "malformed treedef",
      () => {
        const { header, data } = readHeader(good());
        (header["__metadata__"] as Record<string, string>)["jaxon.treedef"] = '{"t":"dict","k":["w"],"c":[]}';
        return forge(header, data);
      },
      /^io\.fromBytes: the file's jaxon.treedef is malformed \(a dict's keys and children do not match\)/,
    ],
    [
      "treedef leaf without its record",
      () => {
        const { header, data } = readHeader(good());
        (header["__metadata__"] as Record<string, string>)["jaxon.treedef"] = '{"t":"dict","k":["b","w"],"c":[{"t":"array"},{"t":"array"}]}';
        return forge(header, data);
      },
      /^io\.fromBytes: the file's jaxon.treedef is malformed \(a leaf lacks its dtype, shape or data_offsets\)/,
    ],
    [
      "tensor missing from the tree structure",
      () => {
        const { header, data } = readHeader(good());
        (header["__metadata__"] as Record<string, string>)["jaxon.treedef"] = '{"t":"dict","k":["w"],"c":[{"t":"array","dtype":"F32","shape":[2],"data_offsets":[4,12]}]}';
        return forge(header, data);
      },
      /^io\.fromBytes: tensor 'b' is in the header but not in the saved tree structure \(jaxon\.treedef\); the file is corrupted/,
    ],
  ];
  it.each(cases)("%s", (_name, make, message) => {
    expectThrows(() => io.fromBytes(make()), SerializationError, message);
  });

  it("the good file used above loads", () => {
    expectTreeIdentical(io.fromBytes(good()), { w: np.array([1, 2]), b: np.array([3], { dtype: "int32" }) });
  });
});

describe("like", () => {
  const params = () => ({ layer: { w: np.ones([2, 3]), b: np.zeros([3]) }, ids: [np.array([1], { dtype: "int32" })], step: 3 });
  const bytes = () => io.toBytes(params());
  it("accepts a matching tree (values ignored)", () => {
    expectTreeIdentical(io.fromBytes(bytes(), { like: params() }), params());
  });
  it.each([
    ["a shape", { ...params(), layer: { w: np.ones([3, 2]), b: np.zeros([3]) } }, /^io\.fromBytes: the loaded tree does not match `like` at 'layer\.w': the file has an array of shape \[2, 3\] and dtype float32, `like` has an array of shape \[3, 2\] and dtype float32/],
    ["a dtype", { ...params(), ids: [np.array([1], { dtype: "float32" })] }, /at 'ids\.0': the file has an array of shape \[1\] and dtype int32, `like` has an array of shape \[1\] and dtype float32/],
    ["missing key", { ...params(), extra: np.ones([1]) }, /at the root: the file has an object with keys \[ids, layer, step\], `like` has an object with keys \[extra, ids, layer, step\]/],
    ["list length", { ...params(), ids: [] }, /at 'ids': the file has an array of length 1, `like` has an array of length 0/],
    ["number vs array", { ...params(), step: np.array(3) }, /at 'step': the file has a number, `like` has an array of shape \[\]/],
  ])("reports %s mismatch naming the path", (_n, like, message) => {
    expectThrows(() => io.fromBytes(bytes(), { like }), SerializationError, message);
  });
});

describe("toBytes errors", () => {
  it("rejects non-array leaves naming the path", () => {
    expectThrows(() => io.toBytes({ a: { f: () => 1 } }), ValueError, /^io\.toBytes: the leaf at 'a\.f' is a function \(f\); only NDArrays, numbers and booleans can be saved/);
    expectThrows(() => io.toBytes(["x"]), ValueError, /^io\.toBytes: the leaf at '0' is the string "x"/);
    expectThrows(() => io.toBytes(new Float32Array(2)), ValueError, /^io\.toBytes: the leaf at the root is a Float32Array/);
  });
  it("rejects tracers inside jit", () => {
    const f = jit((x: unknown) => {
      io.toBytes({ x });
      return x;
    });
    expectThrows(() => f(np.ones([2])), TracerError, /^io\.toBytes: the leaf at 'x' is a tracer/);
  });
  it("rejects ambiguous dotted keys, reserved keys and bad metadata", () => {
    expectThrows(() => io.toBytes({ "a.b": 1, a: { b: 2 } }), ValueError, /^io\.toBytes: the leaf paths .* both join to the key 'a\.b'/);
    expectThrows(() => io.toBytes({ __metadata__: 1 }), ValueError, /^io\.toBytes: the leaf path '__metadata__' is reserved/);
    expectThrows(() => io.toBytes({}, { metadata: { "jaxon.version": "9" } }), ValueError, /^io\.toBytes: metadata key 'jaxon\.version' is reserved/);
    expectThrows(() => io.toBytes({}, { metadata: { n: 1 as unknown as string } }), ValueError, /^io\.toBytes: metadata\['n'\] is number 1/);
    expectThrows(() => io.toBytes({}, { metadata: ["a"] as unknown as Record<string, string> }), ValueError, /^io\.toBytes: metadata must be a plain object of strings, got an array/);
  });
  it("rejects registered pytree classes", () => {
    class Pair {
      constructor(
        readonly a: unknown,
        readonly b: unknown,
      ) {}
    }
    tree.register(Pair, { flatten: (p: Pair) => [[p.a, p.b], null], unflatten: (_aux: unknown, [a, b]: unknown[]) => new Pair(a, b) });
    expectThrows(() => io.toBytes({ p: new Pair(1, 2) }), ValueError, /^io\.toBytes: the node at 'p' is an instance of a registered pytree class/);
  });
});

describe("io.save / io.load", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "jaxon-io-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("saves and loads a pytree, with metadata", async () => {
    const path = join(dir, "params.safetensors");
    const params = nested();
    await io.save(path, params, { metadata: { epoch: "3" } });
    expectTreeIdentical(await io.load(path), params);
    expect(io.readMetadata(new Uint8Array(await readFile(path)))["epoch"]).toBe("3");
    expect(await readdir(dir)).toEqual(["params.safetensors"]);
  });

  it("overwrites atomically and a failing serialisation leaves the old file byte-identical and no temp files", async () => {
    const path = join(dir, "keep.safetensors");
    await io.save(path, { w: np.array([1, 2, 3]) });
    const before = await readFile(path);
    await expectRejects(io.save(path, { w: np.ones([2]), bad: () => 0 }), ValueError, /^io\.save: the leaf at 'bad' is a function/);
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect((await readdir(dir)).filter((f) => f.startsWith("keep"))).toEqual(["keep.safetensors"]);
    await io.save(path, { w: np.array([4, 5]) });
    expectTreeIdentical(await io.load(path), { w: np.array([4, 5]) });
  });

  it("refuses to replace a directory, leaving it and no temp file", async () => {
    const path = join(dir, "adir");
    await mkdir(path);
    await writeFile(join(path, "inside"), "x");
    await expectRejects(io.save(path, { w: np.ones([2]) }), SerializationError, /^io\.save: '.*adir' is a directory, not a regular file; io\.save only replaces regular files and has left it unchanged/);
    expect((await readdir(dir)).filter((f) => f.startsWith("adir"))).toEqual(["adir"]);
    expect(await readdir(path)).toEqual(["inside"]);
  });

  it("a missing directory gives a clear error", async () => {
    await expectRejects(io.save(join(dir, "nope", "p.safetensors"), { w: np.ones([1]) }), SerializationError, /^io\.save: could not write '.*p\.safetensors' \(ENOENT.*\)\. Check that the directory exists/);
  });

  it("load errors start with io.load and name the file", async () => {
    await expectRejects(io.load(join(dir, "missing.safetensors")), SerializationError, /^io\.load: cannot read '.*missing\.safetensors': no such file/);
    await expectRejects(io.load(dir), SerializationError, /^io\.load: cannot read '.*': it is a directory/);
    const path = join(dir, "corrupt.safetensors");
    const bytes = io.toBytes({ w: np.array([1, 2]) });
    bytes[bytes.length - 1]! ^= 1;
    await writeFile(path, bytes);
    await expectRejects(io.load(path), SerializationError, /^io\.load: '.*corrupt\.safetensors': checksum mismatch/);
    await expectRejects(io.load(path.replace("corrupt", "params"), { like: { w: np.ones([9]) } }), SerializationError, /^io\.load: '.*params\.safetensors': the loaded tree does not match `like`/);
  });
});

describe("checksum", () => {
  it("is the standard CRC-32", async () => {
    const { crc32 } = await import("../../src/io/checksum.js");
    expect(crc32(new TextEncoder().encode("123456789")).toString(16)).toBe("cbf43926");
  });
});
