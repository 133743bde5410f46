// Edge cases found by differential testing against numpy implementations of Optax's formulas
// (issue 8, "no silent wrong answers"): truncated integer updates, and derivatives through
// clipByGlobalNorm at zero gradients. Reference values are worked out by hand in the comments.
import { describe, expect, it } from "vitest";
import { DTypeError, grad, np, optim, type NDArray } from "../../src/index.js";
import { throwsNamed } from "../nn/throws.js";

describe("applyUpdates never truncates an update silently", () => {
  it("a float update of an int32 parameter is a DTypeError naming the leaf (it used to round 1 − 0.1 back to 1)", () => {
    const params = { w: np.array([1, 2], { dtype: "int32" }) };
    const opt = optim.sgd(0.1);
    const [updates] = opt.update({ w: np.array([1, 1]) }, opt.init(params));
    throwsNamed(() => optim.applyUpdates(params, updates), DTypeError, "optim.applyUpdates", /parameter w is int32 but its update is float32.*np\.astype\(p, "float32"\)/);
    throwsNamed(() => optim.applyUpdates(np.array([true]), np.array([0.5])), DTypeError, "optim.applyUpdates", /the parameter is bool/);
  });
  it("int updates of int parameters, and float parameters, still add", () => {
    expect(optim.applyUpdates({ n: np.array([1], { dtype: "int32" }) }, { n: np.array([2], { dtype: "int32" }) }).n.toArray()).toEqual([3]);
    expect(optim.applyUpdates({ w: np.array([1, 2]) }, { w: np.array([-0.5, 0.5]) }).w.toArray()).toEqual([0.5, 2.5]);
  });
});

describe("clipByGlobalNorm", () => {
  const clip = optim.clipByGlobalNorm(1);
  const f64 = (v: number[]) => np.array(v, { dtype: "float64" });
  const clipped = (g: NDArray) => np.sum(np.mul(clip.update({ a: g }, clip.init(null))[0].a, f64([3, 5])));
  it("keeps zero gradients and has a finite derivative there (it was NaN: g / 0 and √'(0) in the unused branch)", () => {
    expect(clip.update({ a: f64([0, 0]) }, clip.init(null))[0].a.toArray()).toEqual([0, 0]);
    // Below the threshold the update is g itself, so d(3·u0 + 5·u1)/dg = [3, 5].
    expect(grad(clipped)(f64([0, 0])).toArray()).toEqual([3, 5]);
    expect(grad(clipped)(f64([0.3, 0.4])).toArray()).toEqual([3, 5]);
  });
  it("a NaN gradient makes the norm NaN and so every clipped leaf NaN (as Optax)", () => {
    const [u] = clip.update({ a: f64([NaN, 1]), b: f64([2]) }, clip.init(null));
    expect([...(u.a.toArray() as number[]), ...(u.b.toArray() as number[])].every(Number.isNaN)).toBe(true);
  });
  it("above the threshold: values g·m/‖g‖ and the derivative of the rescaling", () => {
    // g = [3, 4], ‖g‖ = 5: u = g / 5. d(c·u)/dg = c/5 − (c·g) g / 125 with c = [3, 5]: c·g = 29.
    const g = f64([3, 4]);
    const u = clip.update({ a: g }, clip.init(null))[0].a.toArray() as number[];
    expect(u[0]).toBeCloseTo(0.6, 15);
    expect(u[1]).toBeCloseTo(0.8, 15);
    const d = grad(clipped)(g).toArray() as number[];
    expect(d[0]).toBeCloseTo(3 / 5 - (29 * 3) / 125, 14);
    expect(d[1]).toBeCloseTo(5 / 5 - (29 * 4) / 125, 14);
  });
});
