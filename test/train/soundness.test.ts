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

describe("train.fit: int32 labels that do not fit the default loss", () => {
  it("a label ≥ the number of logits is refused (under jit it selected no class: the example counted 0)", () => {
    // blobs with 3 centres has labels 0, 1, 2; a 2-output model cannot score class 2.
    const two = nn.softmaxRegression(2, 2);
    throwsNamed(() => train.fit({ ...base, params: two.init(random.key(2)), apply: two.apply, jit: true }), ValueError, "train.fit", /labels range over 0…2, but the model outputs 2 logits per example, so the labels must be class indices 0…1/);
    const val = { x: ds.x, y: np.array(Array.from({ length: 24 }, (_, i) => (i === 0 ? 3 : 0)), { dtype: "int32" }) };
    throwsNamed(() => train.fit({ ...base, apply: model.apply, validation: val }), ValueError, "train.fit", /labels range over 0…3/);
  });
  it("labels other than 0/1 with one logit are refused (label 2 was a sigmoid target of 2); negative labels too", () => {
    const one = nn.logisticRegression(2);
    throwsNamed(() => train.fit({ ...base, params: one.init(random.key(2)), apply: one.apply, jit: true }), ValueError, "train.fit", /one output \(a logit\), so the labels must be 0 or 1/);
    const neg = { x: ds.x, y: np.array(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? -1 : 1)), { dtype: "int32" }) };
    throwsNamed(() => train.fit({ ...base, params: one.init(random.key(2)), apply: one.apply, data: neg }), ValueError, "train.fit", /labels range over -1…1/);
  });
  it("0/1 labels with one logit, and a user's lossFn, are not checked against the model", () => {
    const one = nn.logisticRegression(2);
    const binary = { x: ds.x, y: np.astype(np.greater(ds.y, 0), "int32") };
    expect(train.fit({ ...base, params: one.init(random.key(2)), apply: one.apply, data: binary, jit: true }).history.loss.every(Number.isFinite)).toBe(true);
    const two = nn.softmaxRegression(2, 2);
    const lossFn = (pred: NDArray) => np.mean(np.square(pred));
    expect(train.fit({ ...base, params: two.init(random.key(2)), apply: two.apply, lossFn }).history.loss).toHaveLength(1);
  });
});
