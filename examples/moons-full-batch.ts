/**
 * A multilayer perceptron learns the two-moons problem with the training step written by hand
 * (what `train.fit` does for you): data from `data.moons`, the model from `nn.mlp`, Adam from
 * `optim`, full-batch steps compiled with `jit(grad(...))`. Prints the loss as it falls and the
 * validation accuracy, and writes the loss curve and the decision boundary to out/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { data, grad, jit, nn, np, optim, plot, random, type NDArray } from "../src/index.js";

const [kData, kSplit, kInit] = random.split(random.key(42), 3);
const [train, validation] = data.split(kSplit!, data.moons(kData!, { n: 400, noise: 0.15 }), 0.75);

const model = nn.mlp({ sizes: [2, 16, 16, 1], activation: nn.tanh });
type Params = ReturnType<typeof model.init>;
const labels = (y: NDArray) => np.reshape(y.astype("float32"), [-1, 1]);
const loss = (p: Params, x: NDArray, y: NDArray) => np.mean(nn.losses.sigmoidBinaryCrossEntropy(model.apply(p, x), labels(y)));
const accuracy = (p: Params, set: { x: NDArray; y: NDArray }) =>
  np.mean(np.equal(np.greater(np.reshape(model.apply(p, set.x), [-1]), 0), np.greater(set.y, 0))).item() as number;

const opt = optim.adam(0.03);
const step = jit((p: Params, s: unknown, x: NDArray, y: NDArray) => {
  const [updates, next] = opt.update(grad(loss)(p, x, y), s as never, p);
  return [optim.applyUpdates(p, updates), next, loss(p, x, y)] as const;
});

let params = model.init(kInit!);
let state: unknown = opt.init(params);
const history: number[] = [];
const started = performance.now();
for (let epoch = 0; epoch < 300; epoch++) {
  const [next, nextState, value] = step(params, state, train.x, train.y);
  [params, state] = [next, nextState];
  history.push(value.item() as number);
  if (epoch % 50 === 0) console.log(`epoch ${String(epoch).padStart(3)}  loss ${history[epoch]!.toFixed(4)}`);
}
const seconds = (performance.now() - started) / 1000;
console.log(`trained 300 full-batch Adam steps in ${seconds.toFixed(2)} s`);
console.log(`accuracy: train ${(100 * accuracy(params, train)).toFixed(1)}%, validation ${(100 * accuracy(params, validation)).toFixed(1)}%`);

// Plots (Vega-Lite, rendered to SVG in Node).
mkdirSync("out", { recursive: true });
writeFileSync("out/moons-full-batch-loss.svg", await plot.lossCurve(history, { title: "MLP on two moons (full-batch Adam)" }));
writeFileSync("out/moons-full-batch-boundary.svg", await plot.decisionBoundary((x) => nn.sigmoid(model.apply(params, x)), train, { title: "Decision boundary (training points)" }));
console.log("wrote out/moons-full-batch-loss.svg and out/moons-full-batch-boundary.svg");
