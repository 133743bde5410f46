/**
 * The bad-input fuzz: every public function, called with random wrong, odd and edge-case
 * arguments, either returns or throws a JaxonError that names it. A raw TypeError/RangeError,
 * an error naming another function, or a call that runs for seconds fails the suite.
 *
 * Functions returned by a public function (`grad(f)`, a model's `apply`, an optimiser's
 * `update`) are called too, with more random arguments. Errors raised inside the user functions
 * the fuzz passes (they call np.sum, np.mul, ...) name those np functions, which is right.
 *
 * `FUZZ_RUNS=n npx vitest run test/fuzz` sets the calls per function (default 24; the closing
 * note's 20,000+ call run uses FUZZ_RUNS=100).
 */
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import * as jaxon from "../../src/index.js";
import { JaxonError } from "../../src/errors/index.js";
import { argumentLists } from "./values.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 24);
const SLOW_MS = 2000;

// Not fuzzed here: they touch the file system (io has its own corruption fuzz in test/io) or are
// not functions of user input.
const SKIP = new Set(["io.save", "io.load", "plot.render", "plot.lossCurve", "plot.decisionBoundary", "plot.fit1d"]);
// Errors from jaxon functions that the fuzz's own user functions call.
const USER_FUNCTION_OPS = new Set(["np.sum", "np.mul", "np.tanh", "np.add", "np.ones", "np.zeros"]);

type Fn = (...args: unknown[]) => unknown;

/** Every public function: its dotted name and the function. */
function publicFunctions(): [string, Fn][] {
  const out: [string, Fn][] = [];
  const visit = (prefix: string, ns: Record<string, unknown>, depth: number): void => {
    for (const [key, value] of Object.entries(ns)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof value === "function") {
        // Classes (NDArray, the error classes, TreeDef) are not functions of user input.
        if (/^class[\s{]/.test(Function.prototype.toString.call(value)) || /^[A-Z]/.test(key)) continue;
        out.push([name, value as Fn]);
      } else if (value !== null && typeof value === "object" && depth < 2 && !Array.isArray(value)) {
        visit(name, value as Record<string, unknown>, depth + 1);
      }
    }
  };
  visit("", jaxon as unknown as Record<string, unknown>, 0);
  return out.filter(([name]) => !SKIP.has(name) && !name.startsWith("errors.") && !name.startsWith("tree.Functor") && !name.startsWith("tree.Foldable") && !name.startsWith("tree.Traversable"));
}

interface Problem {
  name: string;
  args: string;
  what: string;
}
const problems: Problem[] = [];
let calls = 0;
// Calls that returned, per function: the fuzz must reach past argument checking too.
const returned = new Map<string, number>();

function show(v: unknown): string {
  if (v instanceof jaxon.NDArray) return `${v.dtype}[${v.shape.join(",")}]`;
  if (typeof v === "function") return `fn`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return "Symbol()";
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  if (v instanceof Map) return "Map";
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (v !== null && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(", ")}}`;
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** Classifies an error: undefined when it is acceptable for a call of `name`. */
function judge(name: string, e: unknown, prefixOk: (op: string) => boolean): string | undefined {
  if (!(e instanceof JaxonError)) {
    const err = e as Error;
    return `raw ${err?.constructor?.name ?? typeof e}: ${String(err?.message ?? e).slice(0, 200)}`;
  }
  if (!(prefixOk(e.op) || USER_FUNCTION_OPS.has(e.op))) return `${e.name} names "${e.op}", not ${name}: ${e.message.slice(0, 200)}`;
  if (!e.message.startsWith(`${e.op}: `)) return `message does not start with its op: ${e.message.slice(0, 200)}`;
  return undefined;
}

function resetConfig(): void {
  for (const flag of ["debugNans", "debugInfs"] as const) jaxon.config.update(flag, false);
  jaxon.config.update("checkTracerLeaks", true);
}

async function settle(v: unknown): Promise<unknown> {
  if (v instanceof Promise) return await v;
  // Iterables that data.batches & co. return: take one element.
  if (v !== null && typeof v === "object" && typeof (v as { next?: unknown }).next === "function") return (v as Iterator<unknown>).next();
  return v;
}

async function tryCall(name: string, f: Fn, args: unknown[], prefixOk: (op: string) => boolean): Promise<unknown> {
  calls++;
  const start = performance.now();
  try {
    const out = await settle(f(...args));
    returned.set(name, (returned.get(name) ?? 0) + 1);
    return out;
  } catch (e) {
    const what = judge(name, e, prefixOk);
    if (what !== undefined) problems.push({ name, args: show(args), what });
    return undefined;
  } finally {
    resetConfig();
    const ms = performance.now() - start;
    if (ms > SLOW_MS) problems.push({ name, args: show(args), what: `took ${ms.toFixed(0)} ms` });
  }
}

const functions = publicFunctions();

describe("bad-input fuzz of every public function", () => {
  it("finds the public functions", () => {
    expect(functions.length).toBeGreaterThan(200);
  });

  for (const [name, f] of functions) {
    it(name, async () => {
      const before = problems.length;
      await fc.assert(
        fc.asyncProperty(argumentLists, argumentLists, async (args, more) => {
          const result = await tryCall(name, f, args, (op) => op === name);
          // What the call returned may be a function (grad(f)) or an object of them (a model, an optimiser).
          if (typeof result === "function") await tryCall(`${name}(...)`, result as Fn, more, (op) => op === name || op.startsWith(`${name}.`));
          else if (result !== null && typeof result === "object" && !(result instanceof jaxon.NDArray)) {
            for (const [key, method] of Object.entries(result)) {
              if (typeof method === "function" && ["init", "update", "apply"].includes(key)) {
                await tryCall(`${name}(...).${key}`, method as Fn, more, (op) => op.startsWith(name.split(".")[0]!));
              }
            }
          }
        }),
        { numRuns: RUNS },
      );
      const mine = problems.slice(before);
      expect(mine.slice(0, 5).map((p) => `${p.name}(${p.args}): ${p.what}`)).toEqual([]);
    });
  }

  afterAll(() => {
    if (process.env.FUZZ_REPORT) {
      // FUZZ_REPORT=path: a summary by function, for working through what the fuzz finds.
      const ok = [...returned.values()].reduce((a, b) => a + b, 0);
      const lines = [`fuzz: ${calls} calls (${ok} returned), ${problems.length} problems`];
      lines.push(`never returned: ${functions.map(([n]) => n).filter((n) => !returned.has(n)).join(" ")}`);
      const byName = new Map<string, Problem[]>();
      for (const p of problems) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
      for (const [n, ps] of byName) lines.push(`${n}: ${ps.length}\n  ${ps.slice(0, 3).map((p) => `(${p.args}) ${p.what}`).join("\n  ")}`);
      writeFileSync(process.env.FUZZ_REPORT, lines.join("\n") + "\n");
    }
  });
});
