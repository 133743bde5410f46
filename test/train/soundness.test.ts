// Issue 8 reproducers for train.fit: options are validated (misspelt keys, types), the user's
// functions (loss, apply, lossFn, onEpoch, the optimizer) run as user code, and wrong outputs are
// refused instead of silently mis-scored.
import { describe, expect, it } from "vitest";
import { data, nn, np, optim, random, ShapeError, train, ValueError, type NDArray } from "../../src/index.js";
import { throwsNamed } from "../nn/throws.js";

const ds = data.blobs(random.key(1), { n: 24, centers: 3 });
const model = nn.softmaxRegression(2, 3);
const base = { params: model.init(random.key(2)), optimizer: optim.sgd(0.1), data: ds, epochs: 1, batchSize: 8, key: random.key(3), progress: false, jit: false };

describe("train.fit: bad options", () => {
  it("a misspelt option suggests the right name", () => {
    throwsNamed(() => train.fit({ ...base, apply: model.apply, epoch: 2 } as never), ValueError, "train.fit", /unknown option "epoch"; did you mean "epochs"\?/);
    throwsNamed(() => train.fit({ ...base, apply: model.apply, batch_size: 2 } as never), ValueError, "train.fit", /unknown option "batch_size"/);
  });
  it("wrong types of onEpoch, progress, jit, progressStream; params with nothing to train; too many epochs", () => {
    const apply = model.apply;
    throwsNamed(() => train.fit({ ...base, apply, onEpoch: 3 as never }), ValueError, "train.fit", /onEpoch must be a function/);
    throwsNamed(() => train.fit({ ...base, apply, progress: "yes" as never }), ValueError, "train.fit", /progress must be true or false/);
    throwsNamed(() => train.fit({ ...base, apply, jit: 1 as never }), ValueError, "train.fit", /jit must be true or false/);
    throwsNamed(() => train.fit({ ...base, apply, progressStream: {} as never }), ValueError, "train.fit", /write\(chunk\) method/);
    throwsNamed(() => train.fit({ ...base, apply, params: {} as never }), ValueError, "train.fit", /a tree with no arrays/);
    throwsNamed(() => train.fit({ ...base, apply, params: undefined as never }), ValueError, "train.fit", /params must be a pytree of arrays to train/);
    throwsNamed(() => train.fit({ ...base, apply, epochs: 3e9 }), ValueError, "train.fit", /epochs = 3000000000 is more than the 1048576/);
    throwsNamed(() => train.fit(null as never), ValueError, "train.fit", /expected an options object/);
  });
});

describe("train.fit: the user's functions run as user code", () => {
  it("an error inside the loss names what the loss called (also under jit)", () => {
    const loss = (_p: unknown, b: { x: NDArray }) => np.reshape(b.x, [5]);
    throwsNamed(() => train.fit({ ...base, loss }), ShapeError, "np.reshape");
    throwsNamed(() => train.fit({ ...base, loss, jit: true }), ShapeError, "np.reshape");
  });
  it("apply's and onEpoch's errors name what they called; a non-array prediction is refused", () => {
    throwsNamed(() => train.fit({ ...base, apply: (p, x) => np.add(model.apply(p, x), np.ones([5])) }), ShapeError, "np.add");
    throwsNamed(() => train.fit({ ...base, apply: model.apply, onEpoch: () => np.reshape(np.ones([2]), [3]) }), ShapeError, "np.reshape");
    throwsNamed(() => train.fit({ ...base, apply: (() => 3) as never }), ValueError, "train.fit", /apply must return an NDArray of predictions, got number 3/);
  });
  it("the optimizer is called as the user's: optim's own names itself", () => {
    const bad = { init: () => ({}), update: () => "nope" };
    throwsNamed(() => train.fit({ ...base, apply: model.apply, optimizer: bad as never }), ValueError, "train.fit", /optimizer\.update must return \[updates, state\]/);
  });
  it("predictions with fewer rows than labels are refused rather than scored by broadcasting", () => {
    const onePerBatch = (p: Parameters<typeof model.apply>[0], x: NDArray) => np.mean(model.apply(p, x), { axis: 0, keepdims: true });
    const lossFn = (pred: NDArray) => np.mean(pred);
    throwsNamed(() => train.fit({ ...base, apply: onePerBatch, lossFn }), ShapeError, "train.fit", /predictions of shape \[1, 3\] for 24 labels/);
  });
  it("a valid run still trains (the checks do not get in the way)", () => {
    const { history } = train.fit({ ...base, apply: model.apply, epochs: 3, jit: true });
    expect(history.loss).toHaveLength(3);
    expect(history.loss.every(Number.isFinite)).toBe(true);
  });
});
