/**
 * io.save on disk: symlinks are followed, modes kept, non-regular files refused, orphaned
 * temporary files of crashed saves cleaned up (only ours, only stale ones), arguments checked.
 * Every test works in its own temporary folder; none touches a real device node.
 */
import { spawnSync } from "node:child_process";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as io from "../../src/io/index.js";
import { np, type NDArray } from "../../src/index.js";
import { SerializationError, ValueError } from "../../src/errors/index.js";
import { expectRejects, expectThrows, expectTreeIdentical } from "./helpers.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jaxon-save-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ls = async (): Promise<string[]> => (await readdir(dir)).sort();
const w = (v: number) => ({ w: np.array([v, v + 1]) });

/** Makes a FIFO in the test's own folder (never a real device). */
function mkfifo(path: string): void {
  expect(path.startsWith(dir)).toBe(true);
  const r = spawnSync("mkfifo", [path]);
  expect(r.status, String(r.stderr)).toBe(0);
}

describe("symlinks", () => {
  it("saving to a symlink replaces its target and keeps the link", async () => {
    const target = join(dir, "real.safetensors");
    const link = join(dir, "link.safetensors");
    await io.save(target, w(1));
    await symlink("real.safetensors", link);
    await io.save(link, w(5));
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe("real.safetensors");
    expectTreeIdentical(await io.load(target), w(5));
    expectTreeIdentical(await io.load(link), w(5));
    expect(await ls()).toEqual(["link.safetensors", "real.safetensors"]);
  });

  it("follows a chain of links across folders, and a dangling link creates its target", async () => {
    await mkdir(join(dir, "sub"));
    await symlink(join(dir, "sub", "final.safetensors"), join(dir, "b"));
    await symlink("b", join(dir, "a"));
    await io.save(join(dir, "a"), w(2));
    expect((await lstat(join(dir, "a"))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, "b"))).isSymbolicLink()).toBe(true);
    expectTreeIdentical(await io.load(join(dir, "sub", "final.safetensors")), w(2));
  });

  it("a symlink loop is refused", async () => {
    await symlink("y", join(dir, "x"));
    await symlink("x", join(dir, "y"));
    await expectRejects(io.save(join(dir, "x"), w(1)), SerializationError, /^io\.save: cannot write '.*x': more than 40 levels of symlinks/);
  });
});

describe("permissions", () => {
  it("an existing file keeps its mode", async () => {
    const path = join(dir, "p.safetensors");
    await io.save(path, w(1));
    for (const mode of [0o600, 0o640, 0o755]) {
      await chmod(path, mode);
      await io.save(path, w(mode));
      expect((await stat(path)).mode & 0o7777).toBe(mode);
      expectTreeIdentical(await io.load(path), w(mode));
    }
  });

  it("a new file gets the default mode (0o666 less the umask)", async () => {
    const path = join(dir, "new.safetensors");
    await io.save(path, w(1));
    const umask = process.umask();
    expect((await stat(path)).mode & 0o777).toBe(0o666 & ~umask);
  });
});

describe("only regular files are replaced", () => {
  it("a FIFO is refused by save and by load (no hang), and left in place", async () => {
    const fifo = join(dir, "pipe");
    mkfifo(fifo);
    await expectRejects(io.save(fifo, w(1)), SerializationError, /^io\.save: '.*pipe' is a FIFO \(named pipe\), not a regular file; io\.save only replaces regular files and has left it unchanged/);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    await expectRejects(io.load(fifo), SerializationError, /^io\.load: cannot read '.*pipe': it is not a regular file/);
    // Raised after an await, outside the public operation: the name is still the function's.
    expect(await io.load(fifo).catch((e: { op: string }) => e.op)).toBe("io.load");
    expect(await io.save(fifo, w(1)).catch((e: { op: string }) => e.op)).toBe("io.save");
    expect(await ls()).toEqual(["pipe"]);
  });

  it("a symlink to a FIFO is refused, naming the target", async () => {
    const fifo = join(dir, "pipe");
    mkfifo(fifo);
    await symlink("pipe", join(dir, "link"));
    await expectRejects(io.save(join(dir, "link"), w(1)), SerializationError, /^io\.save: '.*pipe' \(the target of the symlink '.*link'\) is a FIFO \(named pipe\), not a regular file/);
    expect(await ls()).toEqual(["link", "pipe"]);
  });
});

describe("orphaned temporary files of crashed saves", () => {
  /** A pid that no process has (a child that has exited). */
  function deadPid(): number {
    const r = spawnSync(process.execPath, ["-e", ""]);
    expect(r.pid).toBeGreaterThan(0);
    return r.pid!;
  }
  async function make(name: string, ageMs: number, kind: "file" | "dir" | "link" = "file"): Promise<void> {
    const path = join(dir, name);
    if (kind === "file") await writeFile(path, "partial");
    else if (kind === "dir") await mkdir(path);
    else await symlink("keep.txt", path);
    const t = (Date.now() - ageMs) / 1000;
    if (kind !== "link") await utimes(path, t, t);
  }

  it("removes only stale temp files of this target that no live save owns", async () => {
    const dead = deadPid();
    const hour = 3600 * 1000;
    await writeFile(join(dir, "keep.txt"), "untouched");
    const removed = [`p.safetensors.tmp-${dead}-abcdefgh`, `p.safetensors.tmp-${process.pid}-zzzzzzzz`, `p.safetensors.tmp-${process.ppid}-ancient0`, `p.safetensors.tmp-${dead}-x1`];
    await make(removed[0]!, hour);
    await make(removed[1]!, hour); // our pid, but not one of our saves: an earlier process's (pids are reused)
    await make(removed[2]!, 48 * hour); // a live pid, but untouched for two days
    await make(removed[3]!, hour); // the old pattern's shorter random part
    const kept = [
      `p.safetensors.tmp-${dead}-recent00`, // fresh: could be a save still writing
      `p.safetensors.tmp-${process.ppid}-alive000`, // a live process's, an hour old
      `other.safetensors.tmp-${dead}-abcdefgh`, // another target
      `p.safetensors.tmp-${dead}-abcdefgh.bak`,
      `p.safetensors.tmp-${dead}-ABCDEFGH`,
      `p.safetensors.tmp-0-abcdefgh`,
      `p.safetensors.tmp-${dead}-`,
      `xp.safetensors.tmp-${dead}-abcdefgh`,
      `p.safetensors.tmp-${dead}-dir00000`,
      `p.safetensors.tmp-${dead}-link0000`,
      "keep.txt",
    ];
    for (const name of kept.slice(0, -3)) await make(name, name.includes("recent") ? 0 : hour);
    await make(kept[8]!, hour, "dir");
    await make(kept[9]!, hour, "link");
    await io.save(join(dir, "p.safetensors"), w(1));
    expect(await ls()).toEqual([...kept, "p.safetensors"].sort());
    expect(await readFile(join(dir, "keep.txt"), "utf8")).toBe("untouched");
    expectTreeIdentical(await io.load(join(dir, "p.safetensors")), w(1));
  });

  it("cleans up next to a symlink's target, not next to the link", async () => {
    await mkdir(join(dir, "real"));
    await symlink(join(dir, "real", "p.safetensors"), join(dir, "p.safetensors"));
    const name = `p.safetensors.tmp-${deadPid()}-abcdefgh`;
    await writeFile(join(dir, "real", name), "partial");
    await writeFile(join(dir, name), "partial");
    const t = (Date.now() - 3600 * 1000) / 1000;
    await utimes(join(dir, "real", name), t, t);
    await utimes(join(dir, name), t, t);
    await io.save(join(dir, "p.safetensors"), w(1));
    expect(await readdir(join(dir, "real"))).toEqual(["p.safetensors"]);
    expect(await ls()).toEqual([name, "p.safetensors", "real"].sort());
  });

  it("concurrent saves of one file in one process do not remove each other's temp files", async () => {
    const path = join(dir, "p.safetensors");
    await Promise.all([1, 2, 3, 4].map((i) => io.save(path, w(i))));
    expect(await ls()).toEqual(["p.safetensors"]);
    const loaded = (await io.load(path)) as { w: NDArray };
    expect([1, 2, 3, 4].some((i) => loaded.w.toArray().toString() === `${i},${i + 1}`)).toBe(true);
  });
});

describe("arguments", () => {
  it("a path that is not a non-empty string is a ValueError", async () => {
    await expectRejects(io.save(42 as unknown as string, w(1)), ValueError, /^io\.save: the path must be a string, got number 42/);
    await expectRejects(io.save("", w(1)), ValueError, /^io\.save: the path is the empty string/);
    await expectRejects(io.save("a\0b", w(1)), ValueError, /^io\.save: the path "a\\u0000b" contains a NUL character/);
    await expectRejects(io.load(new URL("file:///x") as unknown as string), ValueError, /^io\.load: the path must be a string, got an object \(URL\)/);
    await expectRejects(io.load(""), ValueError, /^io\.load: the path is the empty string/);
  });

  it("unknown options are a ValueError naming the right one, before any file is touched", async () => {
    const path = join(dir, "p.safetensors");
    await expectRejects(io.save(path, w(1), { metadta: {} } as never), ValueError, /^io\.save: unknown option "metadta"; did you mean "metadata"\?/);
    await expectRejects(io.load(join(dir, "missing"), { lik: {} } as never), ValueError, /^io\.load: unknown option "lik"; did you mean "like"\?/);
    await expectRejects(io.load(join(dir, "missing"), { like: { f: () => 0 } }), ValueError, /^io\.load: `like` has a function \(f\) at 'f'/);
    await expectRejects(io.save(path, w(1), 3 as never), ValueError, /^io\.save: options must be an object/);
    expect(await ls()).toEqual([]);
  });

  it("the in-memory functions check their arguments too", () => {
    expectThrows(() => io.fromBytes(42 as never), ValueError, /^io\.fromBytes: expected the file's bytes as a Uint8Array, got number 42/);
    expectThrows(() => io.fromBytes(new ArrayBuffer(8) as never), ValueError, /got an object \(ArrayBuffer\)\. Wrap it: new Uint8Array\(buffer\)/);
    expectThrows(() => io.readMetadata("x" as never), ValueError, /^io\.readMetadata: expected the file's bytes as a Uint8Array, got the string "x"/);
    expectThrows(() => io.toBytes({}, { metadata: {}, extra: 1 } as never), ValueError, /^io\.toBytes: unknown option "extra"/);
    expectThrows(() => io.fromBytes(io.toBytes({}), { likee: {} } as never), ValueError, /^io\.fromBytes: unknown option "likee"; did you mean "like"\?/);
    const cyclic: Record<string, unknown> = { a: np.ones([1]) };
    cyclic["self"] = cyclic;
    expectThrows(() => io.toBytes(cyclic), ValueError, /^io\.toBytes: the tree contains a cycle: the node at 'self' contains itself/);
    expectThrows(() => io.fromBytes(io.toBytes({}), { like: cyclic }), ValueError, /^io\.fromBytes: `like` contains a cycle: the node at 'self' contains itself/);
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expectThrows(() => io.toBytes(deep), ValueError, /^io\.toBytes: the tree is nested deeper than 1000 levels/);
    expectThrows(() => io.toBytes({ m: new Map() }), ValueError, /^io\.toBytes: the leaf at 'm' is an object \(Map\)/);
    expectThrows(() => io.toBytes({ s: Symbol("s") }), ValueError, /^io\.toBytes: the leaf at 's' is a symbol/);
    expectThrows(() => io.toBytes({ b: 1n }), ValueError, /^io\.toBytes: the leaf at 'b' is bigint 1n/);
  });

  it("a deep tree within the limit round-trips", () => {
    let deep: unknown = np.array([1]);
    for (let i = 0; i < 999; i++) deep = [deep];
    expectTreeIdentical(io.fromBytes(io.toBytes(deep)), deep);
  });

  it("a hostile deeply nested jaxon.treedef is refused, not a stack overflow", async () => {
    const { forge, readHeader } = await import("./helpers.js");
    const { header, data } = readHeader(io.toBytes(np.array([1])));
    (header["__metadata__"] as Record<string, string>)["jaxon.treedef"] = '{"t":"list","c":['.repeat(100000) + '{"t":"null"}' + "]}".repeat(100000);
    expectThrows(() => io.fromBytes(forge(header, data)), SerializationError, /^io\.fromBytes: the file's jaxon\.treedef is malformed \(nested deeper than 1000 levels\)/);
  });
});
