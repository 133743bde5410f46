/**
 * `npm start`: logistic regression trained by batch gradient descent on two Gaussian blobs. The
 * gradient comes from `jit(valueAndGrad(loss))`, and is checked once against the lecture's
 * formula ∇L = Xᵀ(σ(Xw) − y)/N. Prints the loss as it falls and writes the curve to out/loss.svg.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { jit, np, valueAndGrad, type NDArray } from "../src/index.js";

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

// The loss curve as a small SVG (jaxon.plot will draw these with Vega-Lite).
const width = 480;
const height = 240;
const top = Math.max(...history);
const points = history.map((l, i) => `${((i / (history.length - 1)) * (width - 40) + 30).toFixed(1)},${(height - 20 - (l / top) * (height - 40)).toFixed(1)}`);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<line x1="30" y1="${height - 20}" x2="${width - 10}" y2="${height - 20}" stroke="black"/><line x1="30" y1="20" x2="30" y2="${height - 20}" stroke="black"/>
<polyline fill="none" stroke="steelblue" stroke-width="2" points="${points.join(" ")}"/>
<text x="${width / 2}" y="${height - 4}" text-anchor="middle">epoch</text><text x="34" y="16">loss (max ${top.toFixed(3)})</text>
</svg>
`;
mkdirSync("out", { recursive: true });
writeFileSync("out/loss.svg", svg);
console.log("wrote out/loss.svg");
