/**
 * Corruption fuzz: a saved file, damaged at random (bit flips, overwritten, inserted or deleted
 * bytes, truncation, edits of the header text and of its parsed fields), is either rejected
 * with a SerializationError naming the function, or reads back bit-identical to what was saved
 * (re-serialising what was read gives the saved bytes back). A few seconds in all;
 * `IO_FUZZ_RUNS=20000 npx vitest run test/io/fuzz.test.ts` for a longer run.
 *
 * Not fuzzed: deleting every jaxon metadata entry at once, which leaves a valid file of another
 * library's kind and cannot be detected (see src/io/read.ts and integrity.test.ts).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arb } from "../../laws/index.js";
import * as io from "../../src/io/index.js";
import { np, type DType } from "../../src/index.js";
import { SerializationError } from "../../src/errors/index.js";
import { rawFile, readHeader } from "./helpers.js";

/** `IO_FUZZ_RUNS=n` runs more random corruptions (default 400, a fraction of a second). */
const RUNS = Number(process.env["IO_FUZZ_RUNS"] ?? 400);

const dtypes: DType[] = ["float32", "float64", "int32", "bool"];
const leaf = fc.oneof(
  fc.constantFrom(...dtypes).chain((dtype) => arb.ndarray({ dtype, minDim: 0, maxDim: 3 })),
  fc.integer({ min: -1000, max: 1000 }).map((i) => i / 8),
  fc.boolean(),
);
const saved = fc.record({
  tree: arb.pytree(leaf, { maxDepth: 3 }),
  metadata: fc.dictionary(fc.constantFrom("epoch", "note", "a.b", ""), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
});

const userMeta = (m: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith("jaxon.")));

/** The oracle: rejected properly, or read back bit-identical (tree and metadata). */
function check(original: Uint8Array, corrupted: Uint8Array, op = "io.fromBytes"): "rejected" | "identical" {
  let tree: unknown;
  try {
    tree = io.fromBytes(corrupted);
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(SerializationError);
    expect((e as Error).message.startsWith(`${op}: `), (e as Error).message).toBe(true);
    expect(() => io.readMetadata(corrupted)).toThrow(SerializationError);
    return "rejected";
  }
  const meta = io.readMetadata(corrupted);
  expect(meta).toEqual(io.readMetadata(original));
  const again = io.toBytes(tree, { metadata: userMeta(meta) });
  expect(Buffer.compare(Buffer.from(again), Buffer.from(original)), "accepted with different contents").toBe(0);
  return "identical";
}

function headerRange(bytes: Uint8Array): [number, number] {
  return [8, 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true))];
}

/** A small seeded generator (mulberry32): the corruption's choices, reproducible from the seed fast-check reports. */
class Rng {
  constructor(private state: number) {}
  /** An integer in [lo, hi]. */
  nextInt(lo: number, hi: number): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * (hi - lo + 1));
  }
}

type Corruption = (b: Uint8Array, r: Rng) => Uint8Array;
const at = (r: Rng, n: number): number => r.nextInt(0, Math.max(0, n - 1));
const inHeader = (b: Uint8Array, r: Rng): number => {
  const [s, e] = headerRange(b);
  return r.nextInt(s, e - 1);
};
const JSONISH = '0123456789{}[]",: .-_aeFIBOLxt\t\n';

const corruptions: Record<string, Corruption> = {
  bitFlips: (b, r) => {
    const out = b.slice();
    for (let k = r.nextInt(1, 4); k > 0; k--) out[at(r, out.length)]! ^= 1 << r.nextInt(0, 7);
    return out;
  },
  overwrite: (b, r) => {
    const out = b.slice();
    out[at(r, out.length)] = r.nextInt(0, 255);
    return out;
  },
  truncate: (b, r) => b.slice(0, at(r, b.length)),
  insert: (b, r) => {
    const p = at(r, b.length + 1);
    const extra = Array.from({ length: r.nextInt(1, 4) }, () => r.nextInt(0, 255));
    return new Uint8Array([...b.subarray(0, p), ...extra, ...b.subarray(p)]);
  },
  remove: (b, r) => {
    const p = at(r, b.length);
    return new Uint8Array([...b.subarray(0, p), ...b.subarray(p + r.nextInt(1, 4))]);
  },
  headerChar: (b, r) => {
    const out = b.slice();
    out[inHeader(b, r)] = JSONISH.charCodeAt(r.nextInt(0, JSONISH.length - 1));
    return out;
  },
  headerDigit: (b, r) => {
    // Shapes, offsets and lengths are digits: change one to another digit (same length).
    const [s, e] = headerRange(b);
    const digits = [];
    for (let i = s; i < e; i++) if (b[i]! >= 0x30 && b[i]! <= 0x39) digits.push(i);
    const out = b.slice();
    if (digits.length > 0) out[digits[at(r, digits.length)]!] = 0x30 + r.nextInt(0, 9);
    return out;
  },
  headerField: (b, r) => {
    // Parse the header, change one field, write it back with a correct length.
    const { header, data } = readHeader(b);
    const meta = header["__metadata__"] as Record<string, string>;
    const tensors = Object.keys(header).filter((k) => k !== "__metadata__");
    const mk = Object.keys(meta);
    const t = tensors.length > 0 ? (header[tensors[at(r, tensors.length)]!] as { dtype: string; shape: number[]; data_offsets: number[] }) : undefined;
    switch (r.nextInt(0, 8)) {
      case 0:
        if (t) t.shape = [...t.shape].reverse().concat(r.nextInt(0, 1) ? [] : [1]);
        break;
      case 1:
        if (t) t.dtype = ["F32", "F64", "I32", "BOOL"][r.nextInt(0, 3)]!;
        break;
      case 2:
        if (t && tensors.length > 1) {
          const u = header[tensors[at(r, tensors.length)]!] as { data_offsets: number[] };
          [t.data_offsets, u.data_offsets] = [u.data_offsets, t.data_offsets];
        }
        break;
      case 3:
        delete meta[mk[at(r, mk.length)]!];
        break;
      case 4: {
        const k = mk[at(r, mk.length)]!;
        const v = meta[k]!;
        const p = at(r, v.length);
        meta[k] = v.slice(0, p) + JSONISH[r.nextInt(0, JSONISH.length - 1)] + v.slice(p + 1);
        break;
      }
      case 5:
        if (t) {
          const name = tensors[0]!;
          const entry = header[name];
          delete header[name];
          header[name + "x"] = entry;
        }
        break;
      case 6:
        if (t) delete header[tensors[at(r, tensors.length)]!];
        break;
      case 7:
        meta[r.nextInt(0, 1) ? "jaxon.extra" : "user"] = "1";
        break;
      default: {
        const v = meta["jaxon.version"];
        meta["jaxon.version"] = v === "2" ? "1" : "2";
        break;
      }
    }
    return rawFile(header, data, {});
  },
};

describe("corruption fuzz", () => {
  it("property: every random corruption is rejected or reads back bit-identical", () => {
    const counts: Record<string, number> = {};
    fc.assert(
      fc.property(saved, fc.constantFrom(...Object.keys(corruptions)), fc.integer(), fc.context(), ({ tree, metadata }, kind, seed, ctx) => {
        const original = io.toBytes(tree, { metadata });
        const result = check(original, corruptions[kind]!(original, new Rng(seed)));
        ctx.log(`${kind}: ${result}`);
        counts[result] = (counts[result] ?? 0) + 1;
      }),
      { numRuns: RUNS },
    );
    expect(counts["rejected"]).toBeGreaterThan(RUNS * 0.75);
  });

  // Exhaustive over one small file with every kind of leaf: every single-bit flip and every truncation.
  const small = () => ({ w: np.array([[1.5, -2], [3, 4]]), ids: np.array([7, -1], { dtype: "int32" }), m: [np.array([true, false], { dtype: "bool" }), 2.5, false], d: np.array(1, { dtype: "float64" }), none: null });
  it("every single-bit flip of a small file is rejected", () => {
    const original = io.toBytes(small(), { metadata: { epoch: "3" } });
    let identical = 0;
    for (let i = 0; i < original.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const c = original.slice();
        c[i]! ^= 1 << bit;
        if (check(original, c) === "identical") identical++;
      }
    }
    // A harmless flip would have to turn a padding space into other JSON whitespace, and none is
    // one bit away from a space: so every single-bit flip is rejected.
    expect(identical).toBe(0);
  });

  it("every truncation of a small file is rejected", () => {
    const original = io.toBytes(small());
    for (let n = 0; n < original.length; n++) expect(check(original, original.slice(0, n))).toBe("rejected");
  });

  it("io.load rejects corrupted files on disk the same way", async () => {
    const dir = await mkdtemp(join(tmpdir(), "jaxon-fuzz-"));
    try {
      const original = io.toBytes(small());
      const path = join(dir, "p.safetensors");
      const rng = new Rng(42);
      for (const [kind, corrupt] of Object.entries(corruptions)) {
        for (let k = 0; k < 3; k++) {
          const c = corrupt(original, rng);
          await writeFile(path, c);
          const expected = check(original, c);
          const loaded = await io.load(path).then(
            (t) => ["identical", t] as const,
            (e: unknown) => ["rejected", e] as const,
          );
          expect(loaded[0], kind).toBe(expected);
          if (loaded[0] === "rejected") {
            expect(loaded[1]).toBeInstanceOf(SerializationError);
            expect((loaded[1] as Error).message.startsWith(`io.load: '${path}': `)).toBe(true);
          }
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

