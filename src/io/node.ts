/**
 * `io.save` and `io.load`: safetensors files on disk, for Node. `node:fs/promises` is imported
 * lazily inside these functions, so importing jaxon in a browser does not fail; there, use
 * `io.toBytes` / `io.fromBytes`.
 *
 * Both are async: their argument checks and (for save) the serialisation run before the first
 * `await`, inside the public operation; what runs after it passes the name explicitly (`ctx`),
 * since no public operation is on the stack any more then.
 *
 * @module
 */
import type { FileHandle } from "node:fs/promises";
import { SerializationError, ValueError } from "../errors/classes.js";
import { describe } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import { writeAtomic } from "./atomic.js";
import { checkLoadOptions, decode, type LoadOptions } from "./format.js";
import { fail } from "./spec.js";
import { encode, type SaveOptions } from "./write.js";

function checkPath(path: unknown, op: string): asserts path is string {
  if (typeof path !== "string") throw new ValueError(op, `the path must be a string, got ${describe(path)}.`);
  if (path === "") throw new ValueError(op, `the path is the empty string; give a file name such as "params.safetensors".`);
  if (path.includes("\0")) throw new ValueError(op, `the path ${JSON.stringify(path)} contains a NUL character, which no file name may contain.`);
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Saves a pytree of arrays as a safetensors file (see `io.toBytes` for the format and
 * `SaveOptions.metadata`). The write is atomic: the bytes go to a temporary file in the same
 * directory (`<path>.tmp-<pid>-<random>`), which is fsynced and renamed over `path`, then the
 * directory is fsynced where the platform allows; a crash leaves the old file or the new one.
 * If anything fails, the temporary file is removed and an existing file at `path` is left
 * untouched; serialisation errors happen before any file is touched. A symlink at `path` is
 * followed and its target replaced (the link stays); an existing file keeps its permission bits
 * (and its owner where the process may set it). Only regular files are replaced: a directory,
 * FIFO, socket or device at `path` is refused. Temporary files that earlier crashed saves of the
 * same file left behind are removed (only our own pattern, only when stale; see atomic.ts).
 * Hard links to the old file keep the old contents, as with every rename-based save.
 *
 * @example
 * await io.save("params.safetensors", { w: np.ones([2, 3]), b: np.zeros([3]) }, { metadata: { epoch: "3" } });
 */
export const save: (path: string, params: unknown, opts?: SaveOptions) => Promise<void> = publicOp("io.save", async function save(path: string, params: unknown, opts?: SaveOptions): Promise<void> {
  const op = "io.save";
  checkPath(path, op);
  const bytes = encode(params, opts, { op, file: "" });
  await writeAtomic(path, bytes, { op, file: "" });
});

/**
 * Loads a safetensors file, validating it (see `io.fromBytes`): a jaxon file comes back as the
 * saved pytree, a file from another library as nested objects split on ".". With `like`, the
 * result must match its structure, shapes and dtypes. Only regular files are read (a FIFO or
 * device would block or never end). Errors start with `io.load:` and name the file: a
 * SerializationError for a missing, unreadable or invalid file, a ValueError for bad arguments.
 *
 * @example
 * const params = await io.load("params.safetensors", { like: init(key) });
 */
export const load: (path: string, opts?: LoadOptions) => Promise<unknown> = publicOp("io.load", async function load(path: string, opts?: LoadOptions): Promise<unknown> {
  const op = "io.load";
  checkPath(path, op);
  checkLoadOptions(opts, op);
  const ctx = { op, file: `'${path}': ` };
  const fs = await import("node:fs/promises");
  const { constants } = await import("node:fs");
  let buf: Uint8Array;
  let handle: FileHandle | undefined;
  try {
    // Non-blocking, then checked on the open file: a FIFO opened for reading would otherwise wait
    // for a writer forever, and checking the path before opening it would leave a window.
    handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const st = await handle.stat();
    if (!st.isFile()) {
      const what = st.isDirectory() ? "it is a directory" : "it is not a regular file (a FIFO, socket or device)";
      fail({ op, file: "" }, `cannot read '${path}': ${what}. Check the path.`);
    }
    buf = await handle.readFile();
  } catch (e) {
    if (e instanceof SerializationError) throw e;
    const c = (e as { code?: string }).code;
    const why = c === "ENOENT" ? "no such file" : c === "EISDIR" ? "it is a directory" : message(e);
    return fail({ op, file: "" }, `cannot read '${path}': ${why}. Check the path.`, e);
  } finally {
    await handle?.close().catch(() => undefined);
  }
  return decode(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), opts, ctx);
});
