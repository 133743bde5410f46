/**
 * Matmul throughput (GFLOP/s = 2·n³ / seconds per call / 1e9) for square n×n
 * products: jaxon's tiled kernel, a naive triple loop, and peers run in the
 * same process: TensorFlow.js (cpu and wasm backends) and jax-js (wasm device).
 */
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { matmulBatched } from "../src/backend/js/matmul.js";
import { loadJaxJs, loadTf, quietly } from "./peers.js";
import { bestSecondsPerCall, type BenchRow, type BenchSection, type TimingOptions } from "./report.js";

type Dtype = "float32" | "float64";
type FloatArray = Float32Array | Float64Array;

const SIZES = [128, 256, 1024] as const;
const DTYPES: readonly Dtype[] = ["float32", "float64"];

const require = createRequire(import.meta.url);

/** A prepared case: `run` computes one product (materialized), `result` returns it for a sanity check. */
interface Prepared {
  run(): unknown;
  result(): ArrayLike<number>;
  dispose(): void;
}

interface Peer {
  /** Column header. */
  readonly column: string;
  /** Short name used in ratio columns ("jaxon / NAME"). */
  readonly short: string;
  readonly dtypes: ReadonlySet<Dtype>;
  prepare(dtype: Dtype, n: number, a: FloatArray, b: FloatArray): Promise<Prepared>;
}

/** Version of an installed package, found by walking up from its resolved entry point. */
export function packageVersion(name: string): string {
  try {
    let dir = path.dirname(require.resolve(name));
    for (;;) {
      const file = path.join(dir, "package.json");
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version !== undefined) return pkg.version;
      }
      const parent = path.dirname(dir);
      if (parent === dir) return "unknown";
      dir = parent;
    }
  } catch {
    return "not installed";
  }
}

function flops(n: number): number {
  return 2 * n * n * n;
}

function randomMatrix(dtype: Dtype, n: number, seed: number): FloatArray {
  const out = dtype === "float32" ? new Float32Array(n * n) : new Float64Array(n * n);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

// ---------------------------------------------------------------------------
// jaxon and the naive baseline
// ---------------------------------------------------------------------------

const jaxon: Peer = {
  column: "jaxon tiled",
  short: "jaxon",
  dtypes: new Set(DTYPES),
  async prepare(dtype, n, a, b) {
    const out = dtype === "float32" ? new Float32Array(n * n) : new Float64Array(n * n);
    return {
      run: () => matmulBatched(a, b, out, 1, n, n, n),
      result: () => out,
      dispose: () => {},
    };
  },
};

/** Textbook i-j-k triple loop (dot product of a row of A with a strided column of B). */
function naive32(a: Float32Array, b: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += a[i * n + p]! * b[p * n + j]!;
      out[i * n + j] = s;
    }
  }
}

function naive64(a: Float64Array, b: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += a[i * n + p]! * b[p * n + j]!;
      out[i * n + j] = s;
    }
  }
}

const naive: Peer = {
  column: "naive loop",
  short: "naive",
  dtypes: new Set(DTYPES),
  async prepare(dtype, n, a, b) {
    if (dtype === "float32") {
      const out = new Float32Array(n * n);
      return { run: () => naive32(a as Float32Array, b as Float32Array, out, n), result: () => out, dispose: () => {} };
    }
    const out = new Float64Array(n * n);
    return { run: () => naive64(a as Float64Array, b as Float64Array, out, n), result: () => out, dispose: () => {} };
  },
};

// ---------------------------------------------------------------------------
// TensorFlow.js (float32 only)
// ---------------------------------------------------------------------------


function tfPeer(backend: "cpu" | "wasm"): Peer {
  return {
    column: `tfjs-${backend}`,
    short: `tfjs-${backend}`,
    dtypes: new Set<Dtype>(["float32"]),
    async prepare(_dtype, n, a, b) {
      const tf = await loadTf();
      // The cpu backend prints a "use tfjs-node" banner on its first tensor in Node: keep the output clean.
      const [ta, tb] = await quietly(async () => {
        if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed`);
        await tf.ready();
        return [tf.tensor2d(a as Float32Array, [n, n], "float32"), tf.tensor2d(b as Float32Array, [n, n], "float32")];
      });
      let last: Float32Array = new Float32Array(0);
      return {
        run: () => {
          const c = tf.matMul(ta, tb);
          last = c.dataSync() as Float32Array;
          c.dispose();
        },
        result: () => last,
        dispose: () => {
          ta.dispose();
          tb.dispose();
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// jax-js (wasm device)
// ---------------------------------------------------------------------------


const jaxJs: Peer = {
  column: "jax-js (wasm)",
  short: "jax-js",
  dtypes: new Set(DTYPES),
  async prepare(dtype, n, a, b) {
    const jax = await loadJaxJs();
    jax.defaultDevice("wasm");
    const np = jax.numpy;
    const jdtype = dtype === "float32" ? np.float32 : np.float64;
    const ja = np.array(a, { dtype: jdtype }).reshape([n, n]);
    const jb = np.array(b, { dtype: jdtype }).reshape([n, n]);
    let last: ArrayLike<number> = [];
    return {
      // `.ref` keeps the inputs alive (jax-js consumes arguments); dataSync() consumes the result.
      run: () => {
        last = np.matmul(ja.ref, jb.ref).dataSync() as ArrayLike<number>;
      },
      result: () => last,
      dispose: () => {
        ja.dispose();
        jb.dispose();
      },
    };
  },
};

const PEERS: readonly Peer[] = [jaxon, naive, tfPeer("cpu"), tfPeer("wasm"), jaxJs];
const RATIO_PEERS: readonly Peer[] = PEERS.filter((p) => p !== jaxon);

// ---------------------------------------------------------------------------

function timing(n: number, peer: Peer): TimingOptions {
  if (n < 1024) return { minSeconds: 0.3, trials: 3, warmup: 1 };
  // n = 1024: single calls, best of 2 unless the case is slow (> 2 s so far), then 1.
  // The naive loop takes seconds here and is already JIT-warm from the smaller sizes.
  if (peer === naive) return { minSeconds: 0, trials: 2, warmup: 0, budgetSeconds: 2 };
  return { minSeconds: 0, trials: 2, warmup: 1, budgetSeconds: 2 };
}

/** Largest relative deviation of `got` from `want` on a sample of entries. */
function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let err = 0;
  const step = Math.max(1, Math.floor(want.length / 997));
  for (let i = 0; i < want.length; i += step) {
    const w = want[i]!;
    err = Math.max(err, Math.abs(got[i]! - w) / (1 + Math.abs(w)));
  }
  return err;
}

const notes: string[] = [];

export async function benchMatmul(): Promise<BenchRow[]> {
  notes.length = 0;
  const failed = new Map<Peer, string>();
  const rows: BenchRow[] = [];
  for (const dtype of DTYPES) {
    for (const n of SIZES) {
      const a = randomMatrix(dtype, n, 1);
      const b = randomMatrix(dtype, n, 2);
      const gflops = new Map<Peer, number | null>();
      let reference: ArrayLike<number> | undefined;
      for (const peer of PEERS) {
        if (!peer.dtypes.has(dtype) || failed.has(peer)) {
          gflops.set(peer, null);
          continue;
        }
        let prepared: Prepared | undefined;
        try {
          prepared = await peer.prepare(dtype, n, a, b);
          const p = prepared;
          const seconds = await bestSecondsPerCall(() => p.run(), timing(n, peer));
          if (peer === jaxon) {
            reference = Array.from(p.result());
          } else if (reference !== undefined) {
            const err = maxRelErr(p.result(), reference);
            const tol = dtype === "float32" ? 1e-3 : 1e-9;
            if (!(err <= tol)) notes.push(`${peer.column} ${dtype} n=${n}: result differs from jaxon (max rel. err ${err.toExponential(2)}).`);
          }
          gflops.set(peer, flops(n) / seconds / 1e9);
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          failed.set(peer, msg);
          notes.push(`${peer.column} could not run (${dtype}, n=${n}): ${msg}`);
          gflops.set(peer, null);
        } finally {
          prepared?.dispose();
        }
      }
      const row: Record<string, string | number | null> = { dtype, n };
      for (const peer of PEERS) row[peer.column] = gflops.get(peer) ?? null;
      const mine = gflops.get(jaxon) ?? null;
      for (const peer of RATIO_PEERS) {
        const theirs = gflops.get(peer) ?? null;
        row[`jaxon / ${peer.short}`] = mine !== null && theirs !== null && theirs > 0 ? mine / theirs : null;
      }
      rows.push(row);
    }
  }
  return rows;
}

/** Section for bench/RESULTS.md: the GFLOP/s table plus peers' versions and caveats. */
export async function matmulSection(): Promise<BenchSection> {
  const rows = await benchMatmul();
  const v = (name: string) => `\`${name}@${packageVersion(name)}\``;
  return {
    id: "matmul",
    title: "Matmul throughput (GFLOP/s, n×n · n×n, higher is better)",
    description:
      "GFLOP/s = 2·n³ / (best seconds per call). Each case: one warm-up call, then the best of 3 trials " +
      "that each repeat the call until ≥ 0.3 s have elapsed; n = 1024 uses the best of 2 single calls " +
      "after a warm-up call (1 call when a case is slower than 2 s; the naive loop, already warm, no warm-up). " +
      "All single-threaded, in one Node process. " +
      "`jaxon / X` columns are speed ratios (> 1: jaxon faster).",
    rows,
    notes: [
      `jaxon: \`matmulBatched\` from src/backend/js/matmul.ts (packed panels, 4×4 register tile, float64 accumulation), output preallocated.`,
      `naive loop: textbook i-j-k triple loop over the same typed arrays.`,
      `tfjs-cpu: ${v("@tensorflow/tfjs-core")} + ${v("@tensorflow/tfjs-backend-cpu")}; tfjs-wasm: ${v("@tensorflow/tfjs-backend-wasm")} (XNNPACK, SIMD, 1 thread in Node). Timed as \`tf.matMul\` + \`dataSync()\` + \`dispose()\`. TF.js has no float64: those rows are n/a.`,
      `jax-js: ${v("@jax-js/jax")} on its \`wasm\` device (single-threaded in Node: no Web Worker global), timed as \`np.matmul(a.ref, b.ref).dataSync()\`. Needs a \`Float16Array\` stand-in on Node 20 (it tests \`instanceof Float16Array\` when converting Float64Array input). Its \`cpu\` device is a reference interpreter (≈ 0.007 GFLOP/s at n = 64) and its \`webgpu\`/\`webgl\` devices need a browser, so they are not benchmarked.`,
      ...notes,
    ],
  };
}
