/** Softmax regression on Fisher's Iris: standardised features, cross-entropy, SGD under jit. */
import { data, grad, jit, nn, np, optim, random, type NDArray } from "../src/index.js";

const iris = data.iris();
const [train, test] = data.split(random.key(0), iris, 0.8);
const { x, mean, std } = data.standardize(train.x);
const xTest = data.standardize(test.x, { mean, std }).x;

const model = nn.softmaxRegression(4, 3);
type Params = ReturnType<typeof model.init>;
const loss = (p: Params, x: NDArray, y: NDArray) => np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(model.apply(p, x), y));
const opt = optim.sgd(0.5);
const step = jit((p: Params, s: unknown) => {
  const [updates, next] = opt.update(grad(loss)(p, x, train.y), s as never, p);
  return [optim.applyUpdates(p, updates), next] as const;
});

let params = model.init(random.key(1));
let state: unknown = opt.init(params);
for (let i = 0; i < 200; i++) [params, state] = step(params, state);
const accuracy = (xs: NDArray, ys: NDArray) => (np.mean(np.equal(np.argmax(model.apply(params, xs), 1), ys)).item() as number) * 100;
console.log(`Iris softmax regression: loss ${(loss(params, x, train.y).item() as number).toFixed(3)}, train ${accuracy(x, train.y).toFixed(1)}%, test ${accuracy(xTest, test.y).toFixed(1)}%`);
