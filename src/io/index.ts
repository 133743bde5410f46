/**
 * The `io` namespace: saving and loading pytrees of arrays as safetensors files.
 *
 * `toBytes` / `fromBytes` / `readMetadata` work in memory and have no Node imports (browser
 * safe); `save` / `load` use `node:fs/promises`, imported lazily when they are called. Each
 * function is a public operation: its errors name it (`io.load: ...`). A bad file is a
 * `SerializationError`, a bad argument a `ValueError`.
 *
 * @example
 * import { io, np } from "jaxon";
 * await io.save("params.safetensors", { w: np.ones([2, 3]), b: [np.zeros([3])] });
 * const params = await io.load("params.safetensors"); // { b: [zeros [3]], w: ones [2, 3] }
 *
 * @module
 */
export { toBytes, fromBytes, readMetadata, FORMAT, VERSION, type SaveOptions, type LoadOptions } from "./format.js";
export { save, load } from "./node.js";
