/**
 * `npm start`: the main demo. A multilayer perceptron learns the two-moons problem: data from
 * `data.moons`, the model from `nn.mlp`, Adam from `optim`, the whole training step compiled with
 * `jit(grad(...))`. Prints the loss as it falls and the validation accuracy, and writes the loss
 * curve and the decision boundary to out/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { data, grad, jit, nn, np, optim, random, type NDArray } from "../src/index.js";
import { decisionBoundary, lineChart } from "./lib/svg.js";

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

// Plots: the loss curve and the decision boundary over a grid.
const grid = 60;
const bounds = { x0: -1.5, x1: 2.5, y0: -1, y1: 1.5 };
// Cell (row r, column c) sits at (x_c, y_r), in row-major order.
const gx = np.broadcastTo(np.reshape(np.linspace(bounds.x0, bounds.x1, grid), [1, grid]), [grid, grid]);
const gy = np.broadcastTo(np.reshape(np.linspace(bounds.y0, bounds.y1, grid), [grid, 1]), [grid, grid]);
const cells = np.stack([np.ravel(gx), np.ravel(gy)], 1);
const probabilities = nn.sigmoid(np.reshape(model.apply(params, cells), [-1])).data();
const xs = train.x.toArray() as number[][];
const ys = train.y.toArray() as number[];
mkdirSync("out", { recursive: true });
writeFileSync("out/loss.svg", lineChart(history, { title: "MLP on two moons", xLabel: "step", yLabel: "cross-entropy" }));
writeFileSync(
  "out/decision-boundary.svg",
  decisionBoundary(probabilities, grid, bounds, xs.map((p, i) => [p[0]!, p[1]!, ys[i]!] as const), "Decision boundary (training points)"),
);
console.log("wrote out/loss.svg and out/decision-boundary.svg");
