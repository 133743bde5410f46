/** jit's cache: bounded (an LRU of JIT_CACHE_LIMIT programs per function) and steady over thousands of steps. */
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import * as tree from "../../src/tree/index.js";
import { JIT_CACHE_LIMIT, jit } from "../../src/transforms/jit.js";
import { grad } from "../../src/transforms/vjp.js";

describe("the jit cache is a bounded LRU", () => {
  it("keeps at most JIT_CACHE_LIMIT (64) programs, dropping the least recently used", () => {
    expect(JIT_CACHE_LIMIT).toBe(64);
    let traces = 0;
    const f = jit((x: NDArray, k: number) => {
      traces++;
      return np.mul(x, k);
    });
    const x = np.ones([2]);
    for (let k = 0; k < 200; k++) expect(f(x, k).toArray()).toEqual([k, k]);
    expect(f.cacheSize()).toBe(64);
    expect(traces).toBe(200);
    f(x, 199); // recent: cached
    expect(traces).toBe(200);
    f(x, 0); // evicted long ago: traced again
    expect(traces).toBe(201);
    for (let k = 137; k < 200; k++) f(x, k); // 63 most recent besides 0, all still cached
    expect(traces).toBe(201);
    expect(f.cacheSize()).toBe(64);
  });

  it("a soak of 3000 jitted training steps keeps one program and bounded memory", () => {
    const xs = np.reshape(np.linspace(-1, 1, 32), [32, 1]);
    const ys = np.add(np.mul(xs, 3), 0.5);
    const loss = (p: { w: NDArray; b: NDArray }) => np.mean(np.square(np.sub(np.add(np.matmul(xs, p.w), p.b), ys)));
    const step = jit((p: { w: NDArray; b: NDArray }, lr: NDArray) => tree.map((a: NDArray, g: NDArray) => np.sub(a, np.mul(g, lr)), p, grad(loss)(p)) as typeof p);
    let p = { w: np.zeros([1, 1]), b: np.zeros([1]) };
    const gc = (globalThis as { gc?: () => void }).gc;
    let before = 0;
    for (let i = 0; i < 3000; i++) {
      // A learning rate that changes every step, passed as an array: no retrace.
      p = step(p, np.array(0.1 * (1 - i / 6000)));
      if (i === 500) {
        gc?.();
        before = process.memoryUsage().heapUsed;
      }
    }
    gc?.();
    const grown = process.memoryUsage().heapUsed - before;
    expect(step.cacheSize()).toBe(1);
    expect(loss(p).item()).toBeLessThan(1e-3);
    // Steady state: the arrays of old steps are garbage; growth stays far below what 2500 retained programs would take.
    expect(grown).toBeLessThan(64 * 2 ** 20);
  });

  it("a soak with a static number that changes every step stays within the bound", () => {
    const step = jit((x: NDArray, k: number) => np.add(x, k));
    let x = np.zeros([4]);
    for (let i = 0; i < 2000; i++) x = step(x, i % 100);
    expect(step.cacheSize()).toBeLessThanOrEqual(JIT_CACHE_LIMIT);
    expect(x.toArray()).toEqual([99000, 99000, 99000, 99000]);
  });
});
