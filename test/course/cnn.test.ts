/** The lecture's CNN claim: a small convolutional net separates two patterns wherever they are shifted to. */
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import { grad, jit, nn, np, optim, random } from "../../src/index.js";

/** 8×8 images holding a 3-pixel vertical bar (class 0) or horizontal bar (class 1) at a random place, plus noise. */
function patterns(seed: number, n: number): { x: NDArray; y: NDArray } {
  const images = new Float32Array(n * 64);
  const labels = new Int32Array(n);
  const [kPos, kNoise] = random.split(random.key(seed));
  const pos = random.randint(kPos!, [n, 2], 0, 6).data();
  const noise = random.normal(kNoise!, [n * 64]).data();
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    labels[i] = label;
    const r = pos[2 * i]!;
    const c = pos[2 * i + 1]!;
    for (let k = 0; k < 3; k++) {
      const [rr, cc] = label === 0 ? [r + k, c + 1] : [r + 1, c + k];
      images[i * 64 + rr * 8 + cc] = 1;
    }
    for (let p = 0; p < 64; p++) images[i * 64 + p]! += 0.1 * noise[i * 64 + p]!;
  }
  return { x: np.array(images, { shape: [n, 1, 8, 8] }), y: np.array(labels) };
}

describe("a small CNN", () => {
  it("separates vertical from horizontal bars at random shifts (≥ 95% on held-out images)", () => {
    const model = nn.cnn({ inputShape: [1, 8, 8], conv: [{ channels: 4, kernel: 3, pool: { type: "max", window: 2 } }], outputs: 2 });
    const train = patterns(1, 64);
    const test = patterns(2, 64);
    const loss = (p: ReturnType<typeof model.init>, x: NDArray, y: NDArray) => np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(model.apply(p, x), y));
    const opt = optim.adam(0.05);
    const step = jit((p: ReturnType<typeof model.init>, s: unknown, x: NDArray, y: NDArray) => {
      const [updates, next] = opt.update(grad(loss)(p, x, y), s as never, p);
      return [optim.applyUpdates(p, updates), next] as const;
    });
    let params = model.init(random.key(0));
    let state: unknown = opt.init(params);
    for (let i = 0; i < 60; i++) [params, state] = step(params, state, train.x, train.y);
    const accuracy = np.mean(np.equal(np.argmax(model.apply(params, test.x), 1), test.y)).item() as number;
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
