/**
 * Logistic regression trained by batch gradient descent on two Gaussian blobs, written with `np`
 * only. The gradient comes from `jit(valueAndGrad(loss))`, and is checked once against the
 * lecture's formula ∇L = Xᵀ(σ(Xw) − y)/N. Writes the loss curve to out/logistic-regression-loss.svg.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { jit, np, plot, valueAndGrad, type NDArray } from "../src/index.js";


/** A small seeded generator (mulberry32) with Box–Muller normals; jaxon.random replaces it later. */
function normals(seed: number, n: number): number[] {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform()));
}

// 200 points: class 0 around (-1, -1), class 1 around (1.5, 1); a column of ones carries the bias.
const n = 200;
const noise = np.array(normals(42, 2 * n), { shape: [n, 2] });
const labels = np.array(Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1)));
const centres = np.where(np.expandDims(labels, 1), np.array([1.5, 1]), np.array([-1, -1]));
const x = np.concatenate([np.ones([n, 1]), np.add(centres, noise)], 1); // [n, 3]
const y = labels;

const sigmoid = (z: NDArray): NDArray => np.div(1, np.add(1, np.exp(np.neg(z))));
/** Mean binary cross-entropy of the predicted probabilities σ(Xw). */
function loss(w: NDArray): NDArray {
  const p = np.clip(sigmoid(x.matmul(w)), 1e-7, 1 - 1e-7);
  return np.neg(np.mean(np.add(np.mul(y, np.log(p)), np.mul(np.sub(1, y), np.log(np.sub(1, p))))));
}
const lossAndGradient = jit(valueAndGrad(loss));

let w = np.zeros([3]);
const manual = np.div(x.T.matmul(np.sub(sigmoid(x.matmul(w)), y)), n);
console.log(`grad matches the lecture's Xᵀ(σ(Xw) − y)/N: ${np.allclose(lossAndGradient(w)[1], manual, { atol: 1e-6 })}`);

const learningRate = 0.5;
const history: number[] = [];
for (let epoch = 0; epoch <= 100; epoch++) {
  const [value, gradient] = lossAndGradient(w);
  history.push(value.item() as number);
  if (epoch % 20 === 0) console.log(`epoch ${String(epoch).padStart(3)}  loss ${history[epoch]!.toFixed(4)}`);
  w = np.sub(w, np.mul(learningRate, gradient));
}
const accuracy = np.mean(np.equal(np.greater(x.matmul(w), 0), np.greater(y, 0.5))).item() as number;
console.log(`weights (bias, w1, w2): ${w.toString()}`);
console.log(`training accuracy: ${(100 * accuracy).toFixed(1)}%`);

mkdirSync("out", { recursive: true });
writeFileSync("out/logistic-regression-loss.svg", await plot.lossCurve(history, { title: "Logistic regression" }));
console.log("wrote out/logistic-regression-loss.svg");
