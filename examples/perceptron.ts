/**
 * The perceptron learning rule on the logic gates: it learns AND and OR (linearly separable) and
 * never settles on XOR, which no single line separates — the lecture's motivation for hidden layers.
 */
import { data, nn, np } from "../src/index.js";

const x = data.xor().x;
const gates = { AND: [0, 0, 0, 1], OR: [0, 1, 1, 1], XOR: [0, 1, 1, 0] };

for (const [name, targets] of Object.entries(gates)) {
  const t = np.array(targets);
  let w = np.zeros([3]); // w[0] is the bias
  let learnedAt = -1;
  for (let epoch = 1; epoch <= 50 && learnedAt < 0; epoch++) {
    w = nn.rules.perceptron(w, x, t, 1);
    const outputs = nn.step(np.add(np.matmul(x, np.slice(w, [1, 3])), np.slice(w, 0)));
    if (np.allclose(outputs, t)) learnedAt = epoch;
  }
  console.log(`${name.padEnd(3)}: ${learnedAt > 0 ? `learned after ${learnedAt} epoch(s), w = ${w.toString()}` : "not learned in 50 epochs (not linearly separable)"}`);
}
