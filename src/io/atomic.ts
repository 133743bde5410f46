/**
 * Atomic replacement of a file on disk, for `io.save`. Node only; `node:fs/promises` is imported
 * lazily so that importing jaxon in a browser does not fail.
 *
 * The bytes go to a temporary file next to the target, `<target>.tmp-<pid>-<8 random [0-9a-z]>`,
 * which is written, fsynced and renamed over the target; then the directory is fsynced. A crash
 * (even SIGKILL) leaves either the old file or the new one, plus at worst that temporary file.
 *
 * @internal
 * @module
 */
import type { Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { SerializationError } from "../errors/classes.js";
import { fail, type Ctx } from "./spec.js";

type Fs = typeof import("node:fs/promises");

/** A temporary file untouched for this long cannot belong to a save still writing it. */
export const STALE_MS = 10 * 60 * 1000;
/** ...and one untouched this long is an orphan even if a live process now has its pid (pids are reused). */
export const ABANDONED_MS = 24 * 60 * 60 * 1000;
/** Longest chain of symlinks followed (Linux's own limit is 40). */
const MAX_LINKS = 40;

/** The temporary files of this process's saves now in progress: never cleaned up. */
const live = new Set<string>();

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const code = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a regular file";
}

async function lstatOrUndefined(fs: Fs, path: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(path);
  } catch (e) {
    if (code(e) === "ENOENT") return undefined;
    throw e;
  }
}

/**
 * Follows `path` through symlinks to the file to replace (so that saving to a link updates what
 * it points to, and the link stays a link). Returns that path and its stats, undefined when it
 * does not exist yet (a dangling link creates its target). Refuses anything but a regular file.
 */
async function resolveTarget(fs: Fs, path: string, ctx: Ctx): Promise<{ target: string; stats: Stats | undefined }> {
  const { dirname, resolve } = await import("node:path");
  let target = path;
  for (let hops = 0; ; hops++) {
    const st = await lstatOrUndefined(fs, target);
    if (st === undefined) return { target, stats: undefined };
    if (st.isFile()) return { target, stats: st };
    if (!st.isSymbolicLink()) {
      const via = target === path ? "" : ` (the target of the symlink '${path}')`;
      return fail(ctx, `'${target}'${via} is ${kindOf(st)}, not a regular file; io.save only replaces regular files and has left it unchanged. Choose another path.`);
    }
    if (hops >= MAX_LINKS) return fail(ctx, `cannot write '${path}': more than ${MAX_LINKS} levels of symlinks (a symlink loop?). Fix the links or choose another path.`);
    target = resolve(dirname(target), await fs.readlink(target));
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch (e) {
    return code(e) === "EPERM"; // it exists but belongs to another user
  }
}

/**
 * Removes the temporary files that earlier saves of `target` left when they crashed (they are
 * as large as the file). Only names of exactly our pattern for this target, only regular files
 * (never through a symlink), never one of this process's saves in progress, and only when
 * untouched for STALE_MS (a save writing it keeps its mtime fresh) and its pid is not a live
 * process, or is this process (a restarted container reuses pids), or it is ABANDONED_MS old.
 * Best effort: failures are ignored, a save never fails because of this.
 */
export async function removeOrphans(fs: Fs, target: string): Promise<string[]> {
  const { basename, dirname, join } = await import("node:path");
  const dir = dirname(target);
  const pattern = new RegExp(`^${escapeRegExp(basename(target))}\\.tmp-([1-9][0-9]{0,9})-[0-9a-z]{1,8}$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    const m = pattern.exec(name);
    const file = join(dir, name);
    if (m === null || live.has(file)) continue;
    try {
      const st = await fs.lstat(file);
      const age = now - st.mtimeMs;
      if (!st.isFile() || age < STALE_MS) continue;
      const pid = Number(m[1]);
      if (pid !== process.pid && isAlive(pid) && age < ABANDONED_MS) continue;
      await fs.unlink(file);
      removed.push(file);
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}

/**
 * Writes `bytes` to `path` atomically, replacing a regular file there (or the regular file a
 * symlink there points to), keeping its permission bits (and, where allowed, its owner).
 */
export async function writeAtomic(path: string, bytes: Uint8Array, ctx: Ctx): Promise<void> {
  const fs = await import("node:fs/promises");
  const { dirname } = await import("node:path");
  let resolved: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    resolved = await resolveTarget(fs, path, ctx);
  } catch (e) {
    if (e instanceof SerializationError) throw e;
    return fail(ctx, `cannot write '${path}' (${message(e)}). Check the path and its permissions.`, e);
  }
  const { target, stats } = resolved;
  await removeOrphans(fs, target);
  const random = Math.random().toString(36).slice(2, 10).padEnd(8, "0");
  const tmp = `${target}.tmp-${process.pid}-${random}`;
  const unchanged = stats === undefined ? "" : "; the existing file is unchanged";
  let handle: FileHandle | undefined;
  live.add(tmp);
  try {
    handle = await fs.open(tmp, "wx", 0o666);
    await handle.writeFile(bytes);
    if (stats !== undefined) {
      // The owner first: chown may clear the set-id bits that chmod then restores.
      await handle.chown(stats.uid, stats.gid).catch(() => undefined);
      await handle.chmod(stats.mode & 0o7777);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Narrow the window in which the target could have been replaced by something else.
    const now = await lstatOrUndefined(fs, target);
    if (now !== undefined && !now.isFile()) {
      fail(ctx, `'${target}' became ${kindOf(now)} while saving; io.save only replaces regular files and has left it unchanged.`);
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (e instanceof SerializationError) throw e;
    fail(ctx, `could not write '${path}' (${message(e)})${unchanged}. Check that the directory exists and is writable, and that the disk has space.`, e);
  } finally {
    live.delete(tmp);
  }
  // Make the rename durable. Opening a directory for fsync is not supported everywhere (Windows).
  try {
    const dir = await fs.open(dirname(target), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort
  }
}
