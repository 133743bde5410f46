import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import * as np from "../../src/numpy/index.js";
import { jit, makeJaxpr } from "../../src/transforms/jit.js";
import { jvp } from "../../src/transforms/jvp.js";
import { grad } from "../../src/transforms/vjp.js";

const f64 = (v: number | number[] | number[][]) => np.array(v, { dtype: "float64" });

describe("makeJaxpr", () => {
  it("prints a readable program", () => {
    const text = makeJaxpr((x: NDArray) => np.sum(np.mul(np.sin(x), 2)))(np.ones([3])).toString();
    expect(text).toMatch(/\{ lambda [a-z]+:f32\[3\] ; [a-z]+:f32\[3\]\. let/);
    expect(text).toMatch(/= sin [a-z]+/);
    expect(text).toMatch(/= reduceSum\[axes=\[0\]\]/);
    expect(text).toMatch(/in \( [a-z]+ \) \}/);
  });
});

describe("jit", () => {
  it("matches eager and caches per shape/dtype signature", () => {
    const f = (p: { w: NDArray; b: NDArray }, x: NDArray) => np.tanh(np.add(np.matmul(x, p.w), p.b));
    const jf = jit(f);
    const p = { w: f64([[1, 2], [3, 4]]), b: f64([0.5, -0.5]) };
    const x = f64([[0.1, 0.2]]);
    expect(jf(p, x).toArray()).toEqual(f(p, x).toArray());
    jf(p, f64([[0.3, 0.4]]));
    expect(jf.cacheSize()).toBe(1);
    jf(p, f64([[0.3, 0.4], [1, 2]]));
    expect(jf.cacheSize()).toBe(2);
  });

  it("static arguments specialise the trace", () => {
    const f = jit((x: NDArray, power: number) => np.pow(x, power), { staticArgnums: [1] });
    expect(f(f64([2]), 3).toArray()).toEqual([8]);
    expect(f(f64([2]), 2).toArray()).toEqual([4]);
    expect(f.cacheSize()).toBe(2);
  });

  it("composes with grad and jvp in both orders", () => {
    const f = (x: NDArray) => np.sum(np.mul(np.sin(x), x));
    const x = f64([0.3, -1.2]);
    const expected = grad(f)(x).toArray() as number[];
    expect(jit(grad(f))(x).toArray()).toEqual(expected);
    expect(grad(jit(f))(x).toArray()).toEqual(expected);
    expect(jit(jit(grad(f)))(x).toArray()).toEqual(expected);
    const [, hv] = jvp(jit(grad(f)), [x], [f64([1, 0])]);
    const [, hvEager] = jvp(grad(f), [x], [f64([1, 0])]);
    expect(hv.toArray()).toEqual(hvEager.toArray());
  });

  it("explains what to do when a traced value is used as a JS value", () => {
    const f = jit((x: NDArray) => ((x.sum().item() as number) > 0 ? x : np.neg(x)));
    expect(() => f(f64([1, 2]))).toThrow(/item: this array is an abstract float64\[\] value traced by jit.*np\.where.*staticArgnums/);
  });
});

describe("misuse is explained", () => {
  it("a tracer that escapes its transformation", () => {
    let leaked: NDArray | undefined;
    grad((x: NDArray) => {
      leaked = np.mul(x, 2);
      return np.sum(x);
    })(f64([1]));
    expect(() => np.add(leaked!, 1)).toThrow(/escaped/);
  });
  it("a traced value used as a JS number under jit, and a concrete one outside", () => {
    const f = jit((x: NDArray) => (np.sum(x) as unknown as number) > 0 ? x : np.neg(x));
    expect(() => f(f64([1, 2]))).toThrow(/abstract float64\[\] value traced by jit/);
    expect((np.sum(f64([1, 2])) as unknown as number) > 2).toBe(true);
    // Under grad, control flow reads the value with item(); JS comparison on the array would drop its derivative and is refused.
    expect(grad((x: NDArray) => ((x.item() as number) > 0 ? np.mul(x, x) : x))(f64(2)).item()).toBe(4);
    expect(() => grad((x: NDArray) => ((x as unknown as number) > 0 ? np.mul(x, x) : x))(f64(2))).toThrow(/^grad: JS arithmetic or a JS comparison .* x\.item\(\)/);
  });
});
