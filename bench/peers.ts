/**
 * Loading the peers once per process: TensorFlow.js (cpu and wasm backends, with its gradient
 * registrations) and jax-js (wasm device), plus a helper that silences their console chatter.
 */
import { createRequire, register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

export type Tf = typeof import("@tensorflow/tfjs-core");
let tfPromise: Promise<Tf> | undefined;

export async function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import("@tensorflow/tfjs-core");
    await import("@tensorflow/tfjs-backend-cpu");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const dist = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
    wasm.setWasmPaths(dist);
    await registerTfGradients();
    return tf;
  })();
  return tfPromise;
}

/**
 * tfjs-core's Node bundle (dist/tf-core.node.js) registers no gradient functions: the union
 * package `@tensorflow/tfjs` does that by importing `@tensorflow/tfjs-core/dist/register_all_gradients`.
 * Only tfjs-core is installed here, and that file is an ES module with extensionless relative
 * imports inside a CommonJS package, which Node cannot load as is. A resolve/load hook (scoped to
 * tfjs-core's dist/ folder, the bundles excluded) adds the ".js" and loads those files as ESM;
 * they register tfjs's own gradients in the registry shared (through a global) with the bundle.
 */
async function registerTfGradients(): Promise<void> {
  const hooks = `
const DIST = /\\/@tensorflow\\/tfjs-core\\/dist\\//;
const BUNDLE = /\\/tf-core[^/]*$/;
export async function resolve(specifier, context, next) {
  if (context.parentURL !== undefined && DIST.test(context.parentURL) && !BUNDLE.test(context.parentURL) && specifier.startsWith(".") && !specifier.endsWith(".js")) {
    try { return await next(specifier + ".js", context); } catch { return next(specifier + "/index.js", context); }
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (DIST.test(url) && !BUNDLE.test(url)) return next(url, { ...context, format: "module" });
  return next(url, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const core = path.dirname(require.resolve("@tensorflow/tfjs-core/package.json"));
  await import(pathToFileURL(path.join(core, "dist", "register_all_gradients.js")).href);
}

export async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const log = console.log;
  const warn = console.warn;
  console.log = () => {};
  console.warn = () => {};
  try {
    return await f();
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

export type JaxJs = typeof import("@jax-js/jax");
let jaxPromise: Promise<JaxJs> | undefined;

export async function loadJaxJs(): Promise<JaxJs> {
  jaxPromise ??= (async () => {
    // jax-js 0.1.x tests `instanceof Float16Array` when building arrays from typed arrays; Node 20
    // has no Float16Array, so give it an empty stand-in class (see bench/matmul.ts).
    const g = globalThis as { Float16Array?: unknown };
    g.Float16Array ??= class Float16ArrayUnavailable {};
    const jax = await import("@jax-js/jax");
    const got = await jax.init("wasm");
    if (!got.includes("wasm")) throw new Error("jax-js: wasm device unavailable");
    return jax;
  })();
  return jaxPromise;
}
