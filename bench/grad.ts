/**
 * Per-call overhead of the transformations on the course's tiny examples, in calls per second,
 * next to peers run in the same process (TensorFlow.js cpu and wasm backends, jax-js on its wasm
 * device):
 *
 * - the lecture's logistic regression gradient on a 3×3 problem (grad, jit(grad), valueAndGrad):
 *   almost pure dispatch/tracing overhead, the arithmetic is a few dozen flops;
 * - an MLP 784-256-10 softmax cross-entropy training-step gradient at batch 128 (~105 MFLOP per
 *   step), where the matmul kernels dominate.
 *
 * Every library's gradient is checked against jaxon's (max |Δ| / (1 + |ref|) ≤ 1e-4); mismatches
 * go into the section notes.
 */
import { grad, jit, makeJaxpr, np, valueAndGrad, type NDArray } from "../src/index.js";
import { JaxprTrace } from "../src/core/jaxpr.js";
import { JVPTrace } from "../src/core/jvp.js";
import { primitives } from "../src/core/registry.js";
import type { PrimitiveDef } from "../src/core/primitive.js";
import { packageVersion } from "./matmul.js";
import { loadJaxJs, loadTf, quietly, type Tf } from "./peers.js";
import { bestSecondsPerCall, type BenchRow, type BenchSection, type TimingOptions } from "./report.js";


// ---------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------

/** The lecture's 3×3 logistic regression (as in test/transforms/grad.test.ts), in float32. */
const LOGREG = {
  X: new Float32Array([1, 0.5, -1, 1, -2, 0.3, 1, 1.5, 2]),
  y: new Float32Array([1, 0, 1]),
  w: new Float32Array([0.1, -0.2, 0.3]),
};

const MLP_BATCH = 128;
const MLP_IN = 784;
const MLP_HIDDEN = 256;
const MLP_OUT = 10;
/** Multiply-adds ×2 of the forward pass (x·W1, h·W2) and the backward pass (∂W1 = xᵀ·∂z1, ∂h = ∂z2·W2ᵀ, ∂W2 = hᵀ·∂z2). */
const MLP_FLOPS = 2 * MLP_BATCH * (2 * MLP_IN * MLP_HIDDEN + 3 * MLP_HIDDEN * MLP_OUT);

/** mulberry32: a small seeded uniform generator in [0, 1). */
function uniforms(seed: number, n: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

/** Uniform in [-scale, scale). */
function symmetric(seed: number, n: number, scale: number): Float32Array {
  return uniforms(seed, n).map((u) => (2 * u - 1) * scale);
}

function makeMlpData() {
  const x = uniforms(1, MLP_BATCH * MLP_IN); // pixel-like inputs in [0, 1)
  const onehot = new Float32Array(MLP_BATCH * MLP_OUT);
  const labels = uniforms(2, MLP_BATCH);
  for (let i = 0; i < MLP_BATCH; i++) onehot[i * MLP_OUT + Math.min(MLP_OUT - 1, Math.floor(labels[i]! * MLP_OUT))] = 1;
  return {
    x,
    onehot,
    w1: symmetric(3, MLP_IN * MLP_HIDDEN, 1 / Math.sqrt(MLP_IN)),
    b1: symmetric(4, MLP_HIDDEN, 0.1),
    w2: symmetric(5, MLP_HIDDEN * MLP_OUT, 1 / Math.sqrt(MLP_HIDDEN)),
    b2: symmetric(6, MLP_OUT, 0.1),
  };
}
type MlpData = ReturnType<typeof makeMlpData>;

// ---------------------------------------------------------------------------
// Harness types
// ---------------------------------------------------------------------------

/** A prepared variant: `step` runs one call (result read back), `gradient` returns its flattened gradient. */
interface Prepared {
  step(): void;
  gradient(): Float32Array | Float64Array | number[];
  dispose(): void;
}

interface Variant {
  readonly library: string;
  readonly transform: string;
  prepare(): Promise<Prepared>;
}

interface Case {
  readonly name: string;
  readonly flops: number | null;
  readonly timing: TimingOptions;
  /** Untimed calls for this long first, so that V8 has optimised the call path (it takes ~1 s for jaxon's eager grad). */
  readonly warmSeconds: number;
  readonly variants: readonly Variant[];
}

function concat(parts: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) out[k++] = p[i]!;
  return out;
}

/** Largest |got − want| / (1 + |want|). */
function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let err = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!));
    if (!(e <= err)) err = e; // NaN propagates as NaN
  }
  return err;
}

// ---------------------------------------------------------------------------
// jaxon
// ---------------------------------------------------------------------------

const sigmoid = (z: NDArray): NDArray => np.div(1, np.add(1, np.exp(np.neg(z))));

function jaxonLogregLoss() {
  const X = np.array(LOGREG.X, { dtype: "float32", shape: [3, 3] });
  const y = np.array(LOGREG.y, { dtype: "float32" });
  const loss = (w: NDArray): NDArray => {
    const p = sigmoid(np.matmul(X, w));
    return np.neg(np.mean(np.add(np.mul(y, np.log(p)), np.mul(np.sub(1, y), np.log(np.sub(1, p))))));
  };
  return loss;
}

function jaxonLogreg(transform: "grad" | "jit(grad)" | "valueAndGrad"): Variant {
  return {
    library: "jaxon",
    transform,
    async prepare() {
      const loss = jaxonLogregLoss();
      const w = np.array(LOGREG.w, { dtype: "float32" });
      const vg = valueAndGrad(loss);
      const call: (w: NDArray) => NDArray =
        transform === "grad" ? grad(loss) : transform === "jit(grad)" ? jit(grad(loss)) : (x) => vg(x)[1] as NDArray;
      const step =
        transform === "valueAndGrad"
          ? () => {
              // Read the value too, so that both outputs are materialised.
              const [v, g] = vg(w) as [NDArray, NDArray];
              v.data();
              g.data();
            }
          : () => {
              call(w).data();
            };
      return { step, gradient: () => call(w).data() as Float32Array, dispose: () => {} };
    },
  };
}

interface JaxonMlpParams {
  w1: NDArray;
  b1: NDArray;
  w2: NDArray;
  b2: NDArray;
}

function jaxonMlp(transform: "grad" | "jit(grad)", data: MlpData): Variant {
  return {
    library: "jaxon",
    transform,
    async prepare() {
      const x = np.array(data.x, { dtype: "float32", shape: [MLP_BATCH, MLP_IN] });
      const onehot = np.array(data.onehot, { dtype: "float32", shape: [MLP_BATCH, MLP_OUT] });
      const params: JaxonMlpParams = {
        w1: np.array(data.w1, { dtype: "float32", shape: [MLP_IN, MLP_HIDDEN] }),
        b1: np.array(data.b1, { dtype: "float32" }),
        w2: np.array(data.w2, { dtype: "float32", shape: [MLP_HIDDEN, MLP_OUT] }),
        b2: np.array(data.b2, { dtype: "float32" }),
      };
      const loss = (p: JaxonMlpParams): NDArray => {
        const h = np.maximum(np.add(np.matmul(x, p.w1), p.b1), 0);
        const logits = np.add(np.matmul(h, p.w2), p.b2);
        const m = np.max(logits, { axis: 1, keepdims: true });
        const lse = np.add(np.log(np.sum(np.exp(np.sub(logits, m)), 1)), np.reshape(m, [MLP_BATCH]));
        const picked = np.sum(np.mul(onehot, logits), 1);
        return np.mean(np.sub(lse, picked));
      };
      const g: (p: JaxonMlpParams) => JaxonMlpParams = transform === "grad" ? grad(loss) : jit(grad(loss));
      return {
        step: () => {
          const r = g(params);
          r.w1.data();
          r.b1.data();
          r.w2.data();
          r.b2.data();
        },
        gradient: () => {
          const r = g(params);
          return concat([r.w1.data() as Float32Array, r.b1.data() as Float32Array, r.w2.data() as Float32Array, r.b2.data() as Float32Array]);
        },
        dispose: () => {},
      };
    },
  };
}

// ---------------------------------------------------------------------------
// TensorFlow.js
// ---------------------------------------------------------------------------


async function tfOn(backend: "cpu" | "wasm"): Promise<Tf> {
  const tf = await loadTf();
  await quietly(async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend("${backend}") failed`);
    await tf.ready();
    // The cpu backend prints a "use tfjs-node" banner on its first kernel in Node: trigger it here.
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
  });
  return tf;
}

function tfLogreg(backend: "cpu" | "wasm", transform: "grad" | "valueAndGrad"): Variant {
  return {
    library: `tfjs-${backend}`,
    transform,
    async prepare() {
      const tf = await tfOn(backend);
      const X = tf.tensor2d(LOGREG.X, [3, 3], "float32");
      const y = tf.tensor1d(LOGREG.y, "float32");
      const w = tf.tensor1d(LOGREG.w, "float32");
      const loss = (w: import("@tensorflow/tfjs-core").Tensor) => {
        const z = tf.dot(X, w);
        const p = tf.div(1, tf.add(1, tf.exp(tf.neg(z))));
        return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))))));
      };
      const g = tf.grad(loss);
      const vg = tf.valueAndGrad(loss);
      const step =
        transform === "grad"
          ? () => tf.tidy(() => void g(w).dataSync())
          : () =>
              tf.tidy(() => {
                const r = vg(w);
                r.value.dataSync();
                r.grad.dataSync();
              });
      return {
        step,
        gradient: () => {
          let out: Float32Array = new Float32Array(0);
          tf.tidy(() => void (out = (transform === "grad" ? g(w) : vg(w).grad).dataSync() as Float32Array));
          return out;
        },
        dispose: () => tf.dispose([X, y, w]),
      };
    },
  };
}

function tfMlp(backend: "cpu" | "wasm", data: MlpData): Variant {
  return {
    library: `tfjs-${backend}`,
    transform: "grad",
    async prepare() {
      const tf = await tfOn(backend);
      type T = import("@tensorflow/tfjs-core").Tensor;
      const x = tf.tensor2d(data.x, [MLP_BATCH, MLP_IN], "float32");
      const onehot = tf.tensor2d(data.onehot, [MLP_BATCH, MLP_OUT], "float32");
      const params = [
        tf.tensor2d(data.w1, [MLP_IN, MLP_HIDDEN], "float32"),
        tf.tensor1d(data.b1, "float32"),
        tf.tensor2d(data.w2, [MLP_HIDDEN, MLP_OUT], "float32"),
        tf.tensor1d(data.b2, "float32"),
      ];
      const loss = (w1: T, b1: T, w2: T, b2: T): T => {
        const h = tf.maximum(tf.add(tf.matMul(x, w1), b1), 0);
        const logits = tf.add(tf.matMul(h, w2), b2);
        const m = tf.max(logits, 1, true);
        const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(logits, m)), 1)), tf.reshape(m, [MLP_BATCH]));
        const picked = tf.sum(tf.mul(onehot, logits), 1);
        return tf.mean(tf.sub(lse, picked));
      };
      const g = tf.grads(loss as (...args: T[]) => T);
      return {
        step: () => tf.tidy(() => void g(params).forEach((t) => t.dataSync())),
        gradient: () => {
          let out: Float64Array = new Float64Array(0);
          tf.tidy(() => void (out = concat(g(params).map((t) => t.dataSync() as Float32Array))));
          return out;
        },
        dispose: () => tf.dispose([x, onehot, ...params]),
      };
    },
  };
}

// ---------------------------------------------------------------------------
// jax-js (wasm device)
// ---------------------------------------------------------------------------


type JArray = import("@jax-js/jax").Array;

/**
 * jax-js takes ownership of every argument (reference counting): the function under grad must use
 * each input exactly once (`.ref` for the extra uses, and for closed-over constants).
 */
function jaxJsLogreg(transform: "grad" | "jit(grad)" | "valueAndGrad"): Variant {
  return {
    library: "jax-js",
    transform,
    async prepare() {
      const jax = await loadJaxJs();
      jax.defaultDevice("wasm");
      const np = jax.numpy;
      const X = np.array(LOGREG.X, { dtype: np.float32 }).reshape([3, 3]);
      const y = np.array(LOGREG.y, { dtype: np.float32 });
      const w = np.array(LOGREG.w, { dtype: np.float32 });
      const loss = (w: JArray): JArray => {
        const p = np.divide(1, np.add(1, np.exp(np.negative(np.matmul(X.ref, w)))));
        return np.negative(np.mean(np.add(np.multiply(y.ref, np.log(p.ref)), np.multiply(np.subtract(1, y.ref), np.log(np.subtract(1, p))))));
      };
      const g = jax.grad(loss);
      const jg = jax.jit(jax.grad(loss));
      const vg = jax.valueAndGrad(loss);
      const gradOnce = (): JArray => (transform === "grad" ? g(w.ref) : transform === "jit(grad)" ? jg(w.ref) : ((): JArray => {
        const [v, gr] = vg(w.ref);
        v.dispose();
        return gr;
      })());
      const step =
        transform === "valueAndGrad"
          ? () => {
              const [v, gr] = vg(w.ref);
              v.dataSync();
              gr.dataSync();
            }
          : () => void gradOnce().dataSync();
      return {
        step,
        gradient: () => gradOnce().dataSync() as Float32Array,
        dispose: () => {
          jg.dispose();
          X.dispose();
          y.dispose();
          w.dispose();
        },
      };
    },
  };
}

function jaxJsMlp(transform: "grad" | "jit(grad)", data: MlpData): Variant {
  return {
    library: "jax-js",
    transform,
    async prepare() {
      const jax = await loadJaxJs();
      jax.defaultDevice("wasm");
      const np = jax.numpy;
      const f32 = { dtype: np.float32 };
      const x = np.array(data.x, f32).reshape([MLP_BATCH, MLP_IN]);
      const onehot = np.array(data.onehot, f32).reshape([MLP_BATCH, MLP_OUT]);
      const w1 = np.array(data.w1, f32).reshape([MLP_IN, MLP_HIDDEN]);
      const b1 = np.array(data.b1, f32);
      const w2 = np.array(data.w2, f32).reshape([MLP_HIDDEN, MLP_OUT]);
      const b2 = np.array(data.b2, f32);
      type P = { w1: JArray; b1: JArray; w2: JArray; b2: JArray };
      const loss = (p: P): JArray => {
        const h = np.maximum(np.add(np.matmul(x.ref, p.w1), p.b1), 0);
        const logits = np.add(np.matmul(h, p.w2), p.b2);
        const m = np.max(logits.ref, 1, { keepdims: true });
        const lse = np.add(np.log(np.sum(np.exp(np.subtract(logits.ref, m.ref)), 1)), m.reshape([MLP_BATCH]));
        const picked = np.sum(np.multiply(onehot.ref, logits), 1);
        return np.mean(np.subtract(lse, picked));
      };
      const g = transform === "grad" ? jax.grad(loss) : jax.jit(jax.grad(loss));
      const call = (): JArray[] => {
        const r = g({ w1: w1.ref, b1: b1.ref, w2: w2.ref, b2: b2.ref }) as unknown as P;
        return [r.w1, r.b1, r.w2, r.b2];
      };
      return {
        step: () => call().forEach((a) => void a.dataSync()),
        gradient: () => concat(call().map((a) => a.dataSync() as Float32Array)),
        dispose: () => {
          if ("dispose" in g && typeof g.dispose === "function") (g as { dispose(): void }).dispose();
          [x, onehot, w1, b1, w2, b2].forEach((a) => a.dispose());
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Primitive counts for jaxon's 3×3 case
// ---------------------------------------------------------------------------

interface BindCounts {
  /** Equations of makeJaxpr(grad(loss)): the primitives a grad call evaluates (forward + backward). */
  readonly eqns: number;
  /** Every `bind` of one eager grad call: eager kernels + JVP-trace + jaxpr-trace (linear recording) interpretations. */
  readonly binds: number;
  readonly kernels: number;
  readonly jvpBinds: number;
  readonly recorded: number;
}

/**
 * Counts one eager `grad(loss)(w)` call's binds by temporarily wrapping (and then restoring) the
 * three places a bind can end: every primitive's `impl` (eager evaluation), and
 * `processPrimitive` of the JVP and jaxpr traces. src/ is not modified.
 */
function countBinds(): BindCounts {
  const loss = jaxonLogregLoss();
  const w = np.array(LOGREG.w, { dtype: "float32" });
  const g = grad(loss);
  g(w).data(); // warm (nothing lazy is cached, but keep it symmetric with the timing)
  const eqns = makeJaxpr(g)(w).jaxpr.eqns.length;
  let kernels = 0;
  let jvpBinds = 0;
  let recorded = 0;
  const prims = Object.values(primitives) as PrimitiveDef<unknown>[];
  const savedImpl = prims.map((p) => p.impl);
  const jvpPP = JVPTrace.prototype.processPrimitive;
  const jaxprPP = JaxprTrace.prototype.processPrimitive;
  try {
    prims.forEach((p, i) => {
      const impl = savedImpl[i]!;
      p.impl = (args, params, out) => {
        kernels++;
        return impl.call(p, args, params, out);
      };
    });
    JVPTrace.prototype.processPrimitive = function (this: JVPTrace, ...a: Parameters<typeof jvpPP>) {
      jvpBinds++;
      return jvpPP.apply(this, a);
    } as typeof jvpPP;
    JaxprTrace.prototype.processPrimitive = function (this: JaxprTrace, ...a: Parameters<typeof jaxprPP>) {
      recorded++;
      return jaxprPP.apply(this, a);
    } as typeof jaxprPP;
    g(w).data();
  } finally {
    prims.forEach((p, i) => (p.impl = savedImpl[i]!));
    JVPTrace.prototype.processPrimitive = jvpPP;
    JaxprTrace.prototype.processPrimitive = jaxprPP;
  }
  return { eqns, binds: kernels + jvpBinds + recorded, kernels, jvpBinds, recorded };
}

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

const LOGREG_TIMING: TimingOptions = { minSeconds: 0.2, trials: 5, warmup: 1 };
/** The MLP step takes tens to hundreds of ms: a couple of short trials. */
const MLP_TIMING: TimingOptions = { minSeconds: 0.5, trials: 3, warmup: 2, budgetSeconds: 4 };

function cases(): Case[] {
  const data = makeMlpData();
  return [
    {
      name: "logreg 3×3",
      flops: null,
      timing: LOGREG_TIMING,
      warmSeconds: 1,
      variants: [
        jaxonLogreg("grad"),
        jaxonLogreg("jit(grad)"),
        jaxonLogreg("valueAndGrad"),
        tfLogreg("cpu", "grad"),
        tfLogreg("cpu", "valueAndGrad"),
        tfLogreg("wasm", "grad"),
        tfLogreg("wasm", "valueAndGrad"),
        jaxJsLogreg("grad"),
        jaxJsLogreg("jit(grad)"),
        jaxJsLogreg("valueAndGrad"),
      ],
    },
    {
      name: "MLP 784-256-10, batch 128",
      flops: MLP_FLOPS,
      timing: MLP_TIMING,
      warmSeconds: 0,
      variants: [
        jaxonMlp("grad", data),
        jaxonMlp("jit(grad)", data),
        tfMlp("cpu", data),
        tfMlp("wasm", data),
        jaxJsMlp("grad", data),
        jaxJsMlp("jit(grad)", data),
      ],
    },
  ];
}

const notes: string[] = [];
const checks: string[] = [];
/** jaxon's seconds per call on the 3×3 case, by transform (for the per-primitive estimate). */
const logregSeconds = new Map<string, number>();

export async function benchGrad(): Promise<BenchRow[]> {
  notes.length = 0;
  checks.length = 0;
  const rows: BenchRow[] = [];
  for (const c of cases()) {
    const jaxonSeconds = new Map<string, number>();
    let reference: ArrayLike<number> | undefined;
    let worst = 0;
    for (const v of c.variants) {
      let prepared: Prepared | undefined;
      let seconds: number | null = null;
      try {
        prepared = await v.prepare();
        const p = prepared;
        const t0 = performance.now();
        do p.step();
        while ((performance.now() - t0) / 1000 < c.warmSeconds);
        seconds = await bestSecondsPerCall(() => p.step(), c.timing);
        const g = p.gradient();
        if (v.library === "jaxon") {
          jaxonSeconds.set(v.transform, seconds);
          if (reference === undefined) reference = Array.from(g);
        }
        if (reference !== undefined) {
          const err = maxRelErr(g, reference);
          if (v.library !== "jaxon" || v.transform !== "grad") worst = Math.max(worst, err);
          if (!(err <= 1e-4)) notes.push(`${c.name}, ${v.library} ${v.transform}: gradient differs from jaxon grad's (max |Δ|/(1+|ref|) = ${err.toExponential(2)} > 1e-4).`);
        } else {
          notes.push(`${c.name}, ${v.library} ${v.transform}: no jaxon reference gradient to compare with.`);
        }
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        notes.push(`${c.name}, ${v.library} ${v.transform} could not run: ${msg.split("\n")[0]}`);
        seconds = null;
      } finally {
        try {
          prepared?.dispose();
        } catch {
          // a failed dispose must not hide the measurement
        }
      }
      if (c.flops === null && v.library === "jaxon" && seconds !== null) logregSeconds.set(v.transform, seconds);
      if (c.flops === null && v.library === "jaxon" && v.transform === "grad" && reference !== undefined) {
        const err = maxRelErr(reference, logregClosedForm());
        checks.push(`${c.name}: jaxon grad vs the closed form (σ(Xw) − y)ᵀX / 3 in float64: max |Δ|/(1+|ref|) = ${err.toExponential(1)}.`);
        if (!(err <= 1e-4)) notes.push(`${c.name}: jaxon grad differs from the closed form (σ(Xw) − y)ᵀX / 3 (${err.toExponential(2)} > 1e-4).`);
      }
      const mine = jaxonSeconds.get(v.transform);
      rows.push({
        case: c.name,
        transform: v.transform,
        library: v.library,
        "calls/s": seconds === null ? null : 1 / seconds,
        "µs/call": seconds === null ? null : seconds * 1e6,
        "GFLOP/s": seconds === null || c.flops === null ? null : c.flops / seconds / 1e9,
        "jaxon / library": v.library === "jaxon" ? "—" : mine === undefined || seconds === null ? null : seconds / mine,
      });
    }
    checks.push(`${c.name}: largest deviation of any other variant's gradient from jaxon grad's: ${worst.toExponential(1)}.`);
  }
  return rows;
}

/** The lecture's hand-derived gradient ∇L = (σ(Xw) − y)ᵀX / N, in float64 from the float32 inputs. */
function logregClosedForm(): number[] {
  const { X, y, w } = LOGREG;
  const out = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    let z = 0;
    for (let j = 0; j < 3; j++) z += X[i * 3 + j]! * w[j]!;
    const r = 1 / (1 + Math.exp(-z)) - y[i]!;
    for (let j = 0; j < 3; j++) out[j] = out[j]! + (r * X[i * 3 + j]!) / 3;
  }
  return out;
}

/** Section for bench/RESULTS.md. */
export async function gradSection(): Promise<BenchSection> {
  logregSeconds.clear();
  const rows = await benchGrad();
  const v = (name: string) => `\`${name}@${packageVersion(name)}\``;
  const perPrim: string[] = [];
  try {
    const counts = countBinds();
    const eager = logregSeconds.get("grad");
    const jitted = logregSeconds.get("jit(grad)");
    if (eager !== undefined) {
      const ns = eager * 1e9;
      perPrim.push(
        `jaxon per-primitive cost, logreg 3×3: \`makeJaxpr(grad(loss))(w).jaxpr.eqns.length\` = ${counts.eqns} ` +
          `(forward to σ(Xw) and the backward pass; the loss value, which the gradient does not need, is dead code, and input-independent pieces such as the mean's 1/N and 1 − y are folded into constants). ` +
          `Eager \`grad\` at ${(ns / 1000).toFixed(1)} µs/call → ≈ ${Math.round(ns / counts.eqns)} ns per recorded primitive` +
          (jitted !== undefined ? `; \`jit(grad)\`, which replays exactly those ${counts.eqns} equations, at ${(jitted * 1e6).toFixed(1)} µs/call → ≈ ${Math.round((jitted * 1e9) / counts.eqns)} ns per primitive. ` : ". ") +
          `Counting every \`bind\` of one eager grad call (the bench temporarily wraps each primitive's \`impl\` and the JVP/jaxpr traces' \`processPrimitive\`, the three places a bind ends; src/ untouched): ` +
          `${counts.binds} binds = ${counts.kernels} eager kernels (the loss value and constants included) + ${counts.jvpBinds} JVP-trace rules + ${counts.recorded} tangent-jaxpr records → ≈ ${Math.round(ns / counts.binds)} ns per bind.`,
      );
    }
  } catch (e) {
    perPrim.push(`Primitive count failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    id: "grad",
    title: "grad calls/s (per-call transformation overhead, higher is better)",
    description:
      "Calls per second of one gradient evaluation, with its result read back (`.data()` / `dataSync()`) so nothing stays lazy. " +
      "**logreg 3×3**: the lecture's logistic regression, loss = mean binary cross-entropy of σ(X·w) vs y with σ(z) = 1/(1+exp(−z)), " +
      "X 3×3, y and w of length 3, float32; gradient with respect to w (valueAndGrad reads both outputs). " +
      "**MLP**: relu MLP 784-256-10, softmax cross-entropy (max-shifted log-sum-exp) of a batch of 128 with one-hot labels, " +
      `gradient with respect to W1, b1, W2, b2 (a training step's gradient, ≈ ${(MLP_FLOPS / 1e6).toFixed(0)} MFLOP: 2·128·(2·784·256 + 3·256·10)); calls/s are steps/s. ` +
      "Timing: best of 5 trials ≥ 0.2 s each after 1 s of warm-up calls (logreg; V8 needs about that long to optimise the eager paths); best of 3 trials ≥ 0.5 s each after 2 warm-up calls (MLP; fewer trials when a variant is slow, > 4 s so far). " +
      "All single-threaded, one Node process. `jaxon / library` = jaxon's calls/s ÷ that library's, for the same transform (> 1: jaxon faster).",
    columns: ["case", "transform", "library", "calls/s", "µs/call", "GFLOP/s", "jaxon / library"],
    rows,
    notes: [
      "jaxon: eager `grad` / `valueAndGrad` (linearize: JVP with the tangent program recorded as a jaxpr, then transposed); `jit(grad)` traces once per signature and replays the jaxpr through the same interpreter (no compilation yet).",
      `tfjs-cpu: ${v("@tensorflow/tfjs-core")} + ${v("@tensorflow/tfjs-backend-cpu")}; tfjs-wasm: ${v("@tensorflow/tfjs-backend-wasm")} (XNNPACK, 1 thread in Node). ` +
        "Timed as `tf.tidy(() => tf.grad(loss)(w).dataSync())` (MLP: `tf.grads` over the four parameters; valueAndGrad: `tf.valueAndGrad`). TF.js has no jit. " +
        "tfjs-core's Node bundle registers no gradients (the union package `@tensorflow/tfjs`, not installed, does so by importing `tfjs-core/dist/register_all_gradients`): " +
        "the bench loads that same file, tfjs's own gradient definitions, through a module resolve/load hook (it is ESM with extensionless imports in a CommonJS package).",
      `jax-js: ${v("@jax-js/jax")} on its \`wasm\` device, \`grad\` / \`jit(grad)\` / \`valueAndGrad\` with its reference counting (\`.ref\` on each reuse and on closed-over constants; the gradient is consumed by \`dataSync()\`). Needs a \`Float16Array\` stand-in on Node 20 (see the matmul section).`,
      "Correctness: each library's gradient (all outputs concatenated) is compared with jaxon grad's, max |Δ|/(1+|ref|) ≤ 1e-4; mismatches are listed below (none listed: all agree).",
      "Noise: the benchmark machine's cores are shared, so single numbers vary run to run (differences up to ~1.6× were seen between runs while writing this section, even between jaxon's grad and valueAndGrad, which do the same work); treat ratios within ~1.5× as ties.",
      ...checks,
      ...perPrim,
      ...notes,
    ],
  };
}
