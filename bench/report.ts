/**
 * Shared helpers for the benchmarks: timing, markdown formatting and
 * bench/RESULTS.md maintenance.
 *
 * Each benchmark module exports a `BenchSection` producer; bench/index.ts runs
 * them and calls `writeResults`, which rewrites RESULTS.md with the sections
 * just run and keeps any other section already in the file (so running one
 * benchmark alone does not wipe the others' results).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

/** A table cell: integers print as is, other numbers with `digits` decimals; `null` prints as "n/a". */
export type Cell = string | number | null;

/** One row of a results table, keyed by column name. */
export type BenchRow = Readonly<Record<string, Cell>>;

export interface BenchSection {
  /** Stable identifier, used to find the section again in RESULTS.md (e.g. "matmul"). */
  readonly id: string;
  /** Heading shown in the markdown. */
  readonly title: string;
  /** Paragraph under the heading (what is measured, units). */
  readonly description?: string;
  /** Column order; defaults to the keys of the first row, then any new keys. */
  readonly columns?: readonly string[];
  readonly rows: readonly BenchRow[];
  /** Bullet points under the table (peers' versions, caveats). */
  readonly notes?: readonly string[];
  /** Decimals for numeric cells (default 2). */
  readonly digits?: number;
}

export interface MachineInfo {
  readonly date: string;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly platform: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

export function formatMachine(info: MachineInfo): string {
  return `${info.date}, Node ${info.node}, ${info.cpu} (${info.cores} cores), ${info.platform}`;
}

function formatCell(cell: Cell | undefined, digits: number): string {
  if (cell === null || cell === undefined) return "n/a";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return "n/a";
    // Integers (sizes, counts) print as such; measurements get `digits` decimals.
    return Number.isInteger(cell) ? String(cell) : cell.toFixed(digits);
  }
  return cell.replace(/\|/g, "\\|");
}

/** Column order: explicit columns, else first-seen order of keys across rows. */
export function columnsOf(rows: readonly BenchRow[], columns?: readonly string[]): string[] {
  if (columns !== undefined) return [...columns];
  const seen: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.includes(key)) seen.push(key);
  return seen;
}

/** Render rows as a GitHub markdown table. Numeric columns are right-aligned. */
export function markdownTable(rows: readonly BenchRow[], columns?: readonly string[], digits = 2): string {
  const cols = columnsOf(rows, columns);
  if (cols.length === 0) return "_(no rows)_";
  const numeric = cols.map((c) => rows.some((r) => typeof r[c] === "number"));
  const body = rows.map((r) => cols.map((c) => formatCell(r[c], digits)));
  const header = cols.map((c) => c.replace(/\|/g, "\\|"));
  const widths = cols.map((_, i) =>
    Math.max(3, header[i]!.length, ...body.map((line) => line[i]!.length)),
  );
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const lines = [
    `| ${header.map(pad).join(" | ")} |`,
    `| ${widths.map((w, i) => (numeric[i] ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ")} |`,
    ...body.map((line) => `| ${line.map(pad).join(" | ")} |`),
  ];
  return lines.join("\n");
}

const begin = (id: string) => `<!-- bench-section:${id} -->`;
const end = (id: string) => `<!-- /bench-section:${id} -->`;

/** Markdown for one section, wrapped in markers so RESULTS.md can be updated section by section. */
export function formatSection(section: BenchSection, info: MachineInfo = machineInfo()): string {
  const parts = [begin(section.id), `## ${section.title}`, ""];
  if (section.description !== undefined) parts.push(section.description, "");
  parts.push(`_Run: ${formatMachine(info)}._`, "");
  parts.push(markdownTable(section.rows, section.columns, section.digits ?? 2), "");
  if (section.notes !== undefined && section.notes.length > 0) {
    for (const note of section.notes) parts.push(`- ${note}`);
    parts.push("");
  }
  parts.push(end(section.id));
  return parts.join("\n");
}

/** Sections (id → markdown, markers included) found in an existing RESULTS.md. */
export function parseSections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  const re = /<!-- bench-section:([\w.-]+) -->[\s\S]*?<!-- \/bench-section:\1 -->/g;
  for (const match of markdown.matchAll(re)) found.set(match[1]!, match[0]);
  return found;
}

/**
 * Overwrite `path` with a header (date, Node version, machine) and the given
 * sections. Sections already in the file keep their place (replaced when run
 * again, unchanged otherwise); new ones are appended.
 */
export function writeResults(path: string, sections: readonly BenchSection[], info: MachineInfo = machineInfo()): string {
  const old = existsSync(path) ? parseSections(readFileSync(path, "utf8")) : new Map<string, string>();
  const fresh = new Map<string, string>();
  for (const s of sections) fresh.set(s.id, formatSection(s, info));
  // Keep the file's section order: replace sections in place, append new ones.
  const ordered = [...old].map(([id, md]) => fresh.get(id) ?? md);
  for (const [id, md] of fresh) if (!old.has(id)) ordered.push(md);
  const header = [
    "# jaxon benchmarks",
    "",
    "Generated by `npm run bench` (bench/index.ts). Do not edit by hand.",
    "",
    `- Date: ${info.date}`,
    `- Node: ${info.node}`,
    `- Machine: ${info.cpu}, ${info.cores} cores, ${info.platform}`,
    "",
  ].join("\n");
  const text = `${header}\n${ordered.join("\n\n")}\n`;
  writeFileSync(path, text);
  return text;
}

export interface TimingOptions {
  /** Keep calling until at least this many seconds have elapsed in one trial (default 0.3). */
  readonly minSeconds?: number;
  /** Number of trials; the best (fastest per call) is reported (default 3). */
  readonly trials?: number;
  /** Untimed calls before the trials (default 1). */
  readonly warmup?: number;
  /**
   * Start no further trial once this many seconds (warm-up included) have
   * passed; at least one trial always runs (default: no limit).
   */
  readonly budgetSeconds?: number;
}

/**
 * Best seconds per call of `fn` over `trials` trials of ≥ `minSeconds` each,
 * after a warm-up. Promises returned by `fn` are awaited; synchronous calls are
 * not, so fast synchronous functions are timed without microtask overhead.
 */
export async function bestSecondsPerCall(
  fn: () => unknown | Promise<unknown>,
  options: TimingOptions = {},
): Promise<number> {
  const minSeconds = options.minSeconds ?? 0.3;
  const trials = options.trials ?? 3;
  const warmup = options.warmup ?? 1;
  const call = async (): Promise<void> => {
    const r = fn();
    if (r instanceof Promise) await r;
  };
  const budget = options.budgetSeconds ?? Infinity;
  const start = performance.now();
  for (let i = 0; i < warmup; i++) await call();
  let best = Infinity;
  for (let t = 0; t < trials; t++) {
    if (t > 0 && (performance.now() - start) / 1000 > budget) break;
    let calls = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      const r = fn();
      if (r instanceof Promise) await r;
      calls++;
      elapsed = (performance.now() - t0) / 1000;
    } while (elapsed < minSeconds);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}
