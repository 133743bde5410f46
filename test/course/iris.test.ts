/** The lecture's claim: softmax regression reaches at least 95% on Iris. */
import { describe, expect, it } from "vitest";
import type { NDArray } from "../../src/array/ndarray.js";
import { data, grad, jit, nn, np, optim, random } from "../../src/index.js";

describe("softmax regression on Iris", () => {
  it("reaches ≥ 95% accuracy on the standardised data", () => {
    const iris = data.iris();
    const { x } = data.standardize(iris.x);
    const model = nn.softmaxRegression(4, 3);
    type Params = ReturnType<typeof model.init>;
    const loss = (p: Params) => np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(model.apply(p, x), iris.y));
    const opt = optim.sgd(0.5);
    const step = jit((p: Params, s: unknown) => {
      const [updates, next] = opt.update(grad(loss)(p), s as never, p);
      return [optim.applyUpdates(p, updates), next] as const;
    });
    let params = model.init(random.key(0));
    let state: unknown = opt.init(params);
    for (let i = 0; i < 300; i++) [params, state] = step(params, state);
    const predictions: NDArray = np.argmax(model.apply(params, x), 1);
    const accuracy = np.mean(np.equal(predictions, iris.y)).item() as number;
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
