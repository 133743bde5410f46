/**
 * Which public function is running: the context error messages are named after (see errors/index.ts).
 * @internal
 */

let current: string | undefined;

/** The public function being executed, if any. @internal */
export function currentOp(): string | undefined {
  return current;
}

const PUBLIC_NAME = Symbol("jaxon.publicName");

/**
 * Marks `fn` as the public function `name`: while it runs (and no outer public function does),
 * errors name it. @internal
 */
export function publicOp<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  const inner = fn as unknown as (...args: unknown[]) => unknown;
  // `arguments` rather than a rest parameter: every np call (nested ones too) passes through here,
  // and V8 forwards `arguments` to apply without allocating an array.
  const wrapped = function (this: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params
    const args = arguments as unknown as unknown[];
    if (current !== undefined) return inner.apply(this, args);
    current = name;
    try {
      return inner.apply(this, args);
    } finally {
      current = undefined;
    }
  };
  Object.defineProperty(wrapped, "name", { value: fn.name || name });
  Object.defineProperty(wrapped, PUBLIC_NAME, { value: name });
  return wrapped as unknown as F;
}

/** The name `publicOp` gave a function, if it is one. @internal */
export function publicNameOf(fn: unknown): string | undefined {
  return typeof fn === "function" ? (fn as { [PUBLIC_NAME]?: string })[PUBLIC_NAME] : undefined;
}

/**
 * Wraps every function of a module's exports as `publicOp(prefix + "." + key)` (classes and other
 * values pass through). For the namespace index files: `export const { add, sub } = publicOps("np", { add, sub })`.
 * @internal
 */
export function publicOps<T extends Record<string, unknown>>(prefix: string, fns: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fns)) {
    out[key] = typeof value === "function" && !isClass(value) ? publicOp(`${prefix}.${key}`, value as (...a: never[]) => unknown) : value;
  }
  return out as T;
}

function isClass(f: unknown): boolean {
  return typeof f === "function" && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/**
 * Calls a user's function (the one given to grad, vmap, jit, tree.map, ...): errors raised inside
 * name the jaxon function the user called there, not the transformation. @internal
 */
export function callUser<R>(fn: (...args: never[]) => R, args: readonly unknown[], thisArg?: unknown): R {
  const saved = current;
  current = undefined;
  try {
    return (fn as unknown as (...a: unknown[]) => R).apply(thisArg, args as unknown[]);
  } finally {
    current = saved;
  }
}

