#!/usr/bin/env node
/**
 * The `jaxon` command: `jaxon demo <name> [--epochs N] [--out DIR] [--seed S]`.
 * `main(argv, io)` runs in-process (for tests) and returns the exit code.
 *
 * @module
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ValueError } from "../errors/classes.js";
import { demos } from "./demos.js";

/** Where the command writes (default process.stdout / process.stderr). */
export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const USAGE = `Usage: jaxon demo [<name>] [--epochs N] [--out DIR] [--seed S]
       jaxon --help

Commands:
  demo            list the demos
  demo <name>     train a small model, print a summary and write SVG plots

Options:
  --epochs N      training epochs (an integer ≥ 1; default: the demo's own)
  --out DIR       directory for the SVG files (default: out)
  --seed S        seed of the PRNG key (an integer; default 0)
  -h, --help      show this help`;

/** A bad command line: caught by main, which prints it (prefixed "jaxon: ") with the usage. */
class UsageError extends ValueError {
  constructor(message: string) {
    super("jaxon", message);
  }
}

const FLAGS = ["--epochs", "--out", "--seed", "--help"] as const;

interface Parsed {
  help: boolean;
  positional: string[];
  epochs?: number;
  out?: string;
  seed?: number;
}

function integer(flag: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${flag} expects an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ""}, got "${raw}".`);
  }
  return value;
}

/** Parses argv (without node and the script path); throws UsageError on bad input. */
export function parseArgs(argv: readonly string[]): Parsed {
  const parsed: Parsed = { help: false, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (flag !== "--epochs" && flag !== "--out" && flag !== "--seed") {
      throw new UsageError(`unknown option "${flag}"; valid options: ${FLAGS.join(", ")}.`);
    }
    const value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value, e.g. ${flag === "--out" ? "--out plots" : `${flag} 10`}.`);
    if (flag === "--epochs") parsed.epochs = integer(flag, value, 1);
    else if (flag === "--seed") parsed.seed = integer(flag, value, Number.MIN_SAFE_INTEGER);
    else parsed.out = value;
  }
  return parsed;
}

function listDemos(): string {
  const names = Object.keys(demos);
  const width = Math.max(...names.map((n) => n.length));
  return ["Demos (run one with: jaxon demo <name>):", ...Object.values(demos).map((d) => `  ${d.name.padEnd(width)}  ${d.description} (${d.epochs} epochs)`)].join("\n");
}

/** Runs the command line `argv` (e.g. process.argv.slice(2)); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }): Promise<number> {
  let args: Parsed;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const [command, name, ...extra] = args.positional;
  if (command === undefined) {
    io.err(`jaxon: missing command.\n\n${USAGE}`);
    return 2;
  }
  if (command !== "demo") {
    io.err(`jaxon: unknown command "${command}"; valid commands: demo.\n\n${USAGE}`);
    return 2;
  }
  if (extra.length > 0) {
    io.err(`jaxon: unexpected argument "${extra[0]}"; run one demo at a time: jaxon demo <name>.`);
    return 2;
  }
  if (name === undefined) {
    io.out(listDemos());
    return 0;
  }
  const demo = demos[name];
  if (demo === undefined) {
    io.err(`jaxon: unknown demo "${name}"; valid demos: ${Object.keys(demos).join(", ")}.`);
    return 2;
  }
  await demo.run({
    ...(args.epochs !== undefined ? { epochs: args.epochs } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    outDir: args.out ?? "out",
    log: io.out,
  });
  return 0;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`jaxon: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
