/**
 * `npm run bench` entry (compiled to dist/bench/index.js).
 *
 * Each benchmark module contributes one `BenchSection`; they run one after the
 * other, each is printed as markdown, and bench/RESULTS.md is rewritten with
 * them (sections of other benchmarks already in the file are kept).
 *
 *   node dist/bench/index.js            # all benchmarks
 *   node dist/bench/index.js matmul     # only the named ones
 *
 * BENCH_RESULTS=/some/file.md overrides where the results file is written.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { matmulSection } from "./matmul.js";
import { formatSection, machineInfo, writeResults, type BenchSection } from "./report.js";

/** Register new benchmarks here: id → producer of its section. */
const BENCHMARKS: ReadonlyArray<readonly [id: string, run: () => Promise<BenchSection>]> = [
  ["matmul", matmulSection],
  ["grad", async () => (await import("./grad.js")).gradSection()],
];

/** bench/RESULTS.md in the source tree, whether run from bench/ (tsx) or dist/bench/ (compiled). */
function resultsPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const parts = here.split(path.sep);
  const i = parts.lastIndexOf("dist");
  const root = i >= 0 ? parts.slice(0, i).join(path.sep) || path.sep : path.dirname(here);
  return path.join(root, "bench", "RESULTS.md");
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHMARKS.some(([id]) => id === w));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${BENCHMARKS.map(([id]) => id).join(", ")}`);
    process.exitCode = 2;
    return;
  }
  const info = machineInfo();
  const sections: BenchSection[] = [];
  for (const [id, run] of BENCHMARKS) {
    if (wanted.length > 0 && !wanted.includes(id)) continue;
    console.error(`running ${id} …`);
    const t0 = performance.now();
    const section = await run();
    console.error(`  ${id} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    sections.push(section);
    console.log(formatSection(section, info) + "\n");
  }
  const out = process.env["BENCH_RESULTS"] ?? resultsPath();
  writeResults(out, sections, info);
  console.error(`wrote ${out}`);
}

await main();
