/**
 * `io.save` and `io.load`: safetensors files on disk, for Node. `node:fs/promises` is imported
 * lazily inside these functions, so importing jaxon in a browser does not fail; there, use
 * `io.toBytes` / `io.fromBytes`.
 *
 * @module
 */
import { decode, encode, type LoadOptions, type SaveOptions } from "./format.js";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Saves a pytree of arrays as a safetensors file (see `io.toBytes` for the format and
 * `SaveOptions.metadata`). The write is atomic: the bytes go to a temporary file in the same
 * directory (`<path>.tmp-<pid>-<random>`), which is fsynced and renamed over `path`, then the
 * directory is fsynced where the platform allows. If anything fails, the temporary file is
 * removed and an existing file at `path` is left untouched; serialisation errors happen before
 * any file is touched.
 *
 * @example
 * await io.save("params.safetensors", { w: np.ones([2, 3]), b: np.zeros([3]) }, { metadata: { epoch: "3" } });
 */
export async function save(path: string, params: unknown, opts: SaveOptions = {}): Promise<void> {
  const bytes = encode(params, opts, "io.save");
  const fs = await import("node:fs/promises");
  const { dirname } = await import("node:path");
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(tmp, "wx", 0o644);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, path);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new Error(`io.save: could not write '${path}' (${message(e)}); an existing file there is unchanged. Check that the directory exists and is writable.`, { cause: e });
  }
  // Make the rename durable. Opening a directory for fsync is not supported everywhere (Windows).
  try {
    const dir = await fs.open(dirname(path), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort
  }
}

/**
 * Loads a safetensors file, validating it (see `io.fromBytes`): a jaxon file comes back as the
 * saved pytree, a file from another library as nested objects split on ".". With `like`, the
 * result must match its structure, shapes and dtypes. Errors start with `io.load:` and name the
 * file.
 *
 * @example
 * const params = await io.load("params.safetensors", { like: init(key) });
 */
export async function load(path: string, opts: LoadOptions = {}): Promise<unknown> {
  const fs = await import("node:fs/promises");
  let buf: Uint8Array;
  try {
    buf = await fs.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : message(e);
    throw new Error(`io.load: cannot read '${path}': ${why}. Check the path.`, { cause: e });
  }
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return decode(bytes, opts, `io.load: '${path}'`);
}
