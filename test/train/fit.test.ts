import { describe, expect, it } from "vitest";
import { data, nn, np, optim, random, ValueError, type NDArray } from "../../src/index.js";
import * as train from "../../src/train/index.js";

const [kBlobs, kMoons, kSplit, kInit, kFit, kReg] = random.split(random.key(7), 6) as [NDArray, NDArray, NDArray, NDArray, NDArray, NDArray];
const blobs = data.blobs(kBlobs, { n: 200, centers: 3 });
const [moonsTrain, moonsVal] = data.split(kSplit, data.moons(kMoons, { n: 200, noise: 0.1 }), 0.75);

describe("train.fit: classification", () => {
  it("softmax regression on blobs via apply + default loss reaches ≥ 95% accuracy", () => {
    const model = nn.softmaxRegression(2, 3);
    const epochs: number[] = [];
    const { params, history } = train.fit({
      params: model.init(kInit), apply: model.apply, optimizer: optim.adam(0.1),
      data: blobs, epochs: 8, batchSize: 32, key: kFit, progress: false,
      onEpoch: (e) => epochs.push(e.epoch),
    });
    expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(history.loss).toHaveLength(8);
    expect(history.accuracy).toHaveLength(8);
    expect(history.validationLoss).toBeUndefined();
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]! * 0.5);
    expect(history.accuracy!.at(-1)!).toBeGreaterThanOrEqual(0.95);
    // The returned params give that accuracy.
    const pred = np.argmax(model.apply(params, blobs.x), -1);
    const acc = np.mean(np.astype(np.equal(pred, blobs.y), "float32")).item() as number;
    expect(acc).toBeCloseTo(history.accuracy!.at(-1)!, 5);
  });

  it("MLP on moons with validation: loss falls, val loss and accuracy recorded, deterministic", () => {
    const model = nn.mlp({ sizes: [2, 16, 2], activation: nn.tanh });
    const run = () => train.fit({
      params: model.init(kInit), apply: model.apply, optimizer: optim.adam(0.05),
      data: moonsTrain, validation: moonsVal, epochs: 25, batchSize: 50, key: kFit, progress: false,
    });
    const a = run();
    const b = run();
    expect(a.history.loss).toHaveLength(25);
    expect(a.history.validationLoss).toHaveLength(25);
    expect(a.history.accuracy).toHaveLength(25);
    expect(a.history.loss.at(-1)!).toBeLessThan(a.history.loss[0]! * 0.6);
    expect(a.history.validationLoss!.at(-1)!).toBeLessThan(a.history.validationLoss![0]!);
    expect(a.history.accuracy!.at(-1)!).toBeGreaterThanOrEqual(0.85);
    expect(b.history).toEqual(a.history);
    // A different key shuffles differently.
    const c = train.fit({
      params: model.init(kInit), apply: model.apply, optimizer: optim.adam(0.05),
      data: moonsTrain, epochs: 2, batchSize: 50, key: random.key(99), progress: false,
    });
    expect(c.history.loss).not.toEqual(a.history.loss.slice(0, 2));
  });

  it("logistic regression with one logit: default loss is sigmoid BCE, accuracy from logit > 0", () => {
    const two = data.blobs(kBlobs, { n: 120, centers: 2 });
    const model = nn.logisticRegression(2);
    const { history } = train.fit({
      params: model.init(kInit), apply: model.apply, optimizer: optim.sgd(0.1),
      data: two, epochs: 5, batchSize: 40, key: kFit, progress: false,
    });
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
    expect(history.accuracy!.at(-1)!).toBeGreaterThanOrEqual(0.95);
  });

  it("explicit loss: gets a per-batch key, no accuracy; validation loss uses no key", () => {
    const model = nn.softmaxRegression(2, 3);
    type P = ReturnType<typeof model.init>;
    const keys: (NDArray | undefined)[] = [];
    const loss = (p: P, batch: { x: NDArray; y: NDArray }, key?: NDArray) => {
      keys.push(key);
      return np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(model.apply(p, batch.x), batch.y));
    };
    const [tr, va] = data.split(kSplit, blobs, 0.8);
    const { history } = train.fit({ params: model.init(kInit), loss, optimizer: optim.adam(0.1), data: tr, validation: va, epochs: 3, batchSize: 64, key: kFit, progress: false, jit: false });
    expect(history.loss).toHaveLength(3);
    expect(history.validationLoss).toHaveLength(3);
    expect(history.accuracy).toBeUndefined();
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
    // 160 rows / 64 → 3 batches per epoch, each with a key; 3 validation calls without.
    expect(keys.filter((k) => k !== undefined)).toHaveLength(9);
    expect(keys.filter((k) => k === undefined)).toHaveLength(3);
    const ks = keys.filter((k): k is NDArray => k !== undefined).map((k) => Array.from(k.data() as ArrayLike<number>).join(","));
    expect(new Set(ks).size).toBe(9);
  });

  it("jit traces the step once per batch shape", () => {
    const model = nn.softmaxRegression(2, 3);
    let traces = 0;
    const loss = (p: ReturnType<typeof model.init>, batch: { x: NDArray; y: NDArray }) => {
      traces++;
      return np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(model.apply(p, batch.x), batch.y));
    };
    // 200 rows / 64 → batches of 64, 64, 64, 8: two shapes, over 4 epochs.
    train.fit({ params: model.init(kInit), loss, optimizer: optim.adam(0.1), data: blobs, epochs: 4, batchSize: 64, key: kFit, progress: false });
    expect(traces).toBe(2);
  });
});

describe("train.fit: regression", () => {
  it("apply + default MSE on float targets (data.regression1d) fits a line", () => {
    const ds = data.regression1d(kReg, (x) => np.add(np.mul(x, 2), 0.5), { n: 100, noise: 0.05 });
    const model = nn.mlp({ sizes: [1, 1] });
    const { params, history } = train.fit({
      params: model.init(kInit), apply: model.apply, optimizer: optim.adam(0.1),
      data: ds, epochs: 30, batchSize: 25, key: kFit, progress: false,
    });
    expect(history.accuracy).toBeUndefined();
    expect(history.loss.at(-1)!).toBeLessThan(0.02);
    expect(history.loss.at(-1)!).toBeLessThan(history.loss[0]!);
    const w = params.layers[0]!.w.item() as number;
    const b = params.layers[0]!.b.item() as number;
    expect(w).toBeCloseTo(2, 0);
    expect(b).toBeCloseTo(0.5, 0);
  });

  it("custom lossFn is used, and [n] targets match [n, 1] predictions in the default MSE", () => {
    const ds = data.regression1d(kReg, (x) => np.mul(x, 3), { n: 40, noise: 0 });
    const flat = { x: ds.x, y: np.reshape(ds.y, [-1]) };
    const model = nn.mlp({ sizes: [1, 1] });
    const base = { params: model.init(kInit), apply: model.apply, optimizer: optim.sgd(0.1), epochs: 2, batchSize: 40, key: kFit, progress: false } as const;
    const a = train.fit({ ...base, data: ds });
    const b = train.fit({ ...base, data: flat });
    expect(b.history.loss).toEqual(a.history.loss);
    const c = train.fit({ ...base, data: ds, lossFn: (p, y) => np.mul(nn.losses.mse(p, y), 2) });
    expect(c.history.loss[0]).toBeCloseTo(2 * a.history.loss[0]!, 4);
  });

  it("epochs: 0 returns the initial params and an empty history", () => {
    const model = nn.mlp({ sizes: [1, 1] });
    const p0 = model.init(kInit);
    const { params, history } = train.fit({ params: p0, apply: model.apply, optimizer: optim.sgd(0.1), data: data.regression1d(kReg, (x) => x), epochs: 0, batchSize: 8, key: kFit, progress: false });
    expect(params).toBe(p0);
    expect(history).toEqual({ loss: [] });
  });
});

describe("train.fit: progress", () => {
  const model = nn.softmaxRegression(2, 3);
  const base = { params: model.init(kInit), apply: model.apply, optimizer: optim.adam(0.1), data: blobs, epochs: 2, batchSize: 100, key: kFit };

  it("draws one finished line per epoch on a TTY stream", () => {
    const chunks: string[] = [];
    train.fit({ ...base, validation: blobs, progressStream: { isTTY: true, write: (s: string) => chunks.push(s) } });
    const lines = chunks.join("").split("\n").filter((l) => l.length > 0).map((l) => l.split("\r").at(-1)!);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/epoch 1\/2 .* 2\/2 loss [\d.]+ val_loss [\d.]+ val_acc [\d.]+% [\d.]+s$/);
    expect(lines[1]).toMatch(/^\x1b\[2Kepoch 2\/2/);
  });

  it("is silent on a non-TTY stream and with progress: false", () => {
    const chunks: string[] = [];
    train.fit({ ...base, progressStream: { isTTY: false, write: (s: string) => chunks.push(s) } });
    train.fit({ ...base, progress: false, progressStream: { isTTY: true, write: (s: string) => chunks.push(s) } });
    expect(chunks).toEqual([]);
  });
});

describe("train.fit: errors name train.fit, the problem and the fix", () => {
  const model = nn.softmaxRegression(2, 3);
  const base = { params: model.init(kInit), optimizer: optim.adam(0.1), data: blobs, epochs: 1, batchSize: 32, key: kFit, progress: false };
  const loss = (p: ReturnType<typeof model.init>, b: { x: NDArray; y: NDArray }) => np.mean(nn.losses.softmaxCrossEntropyWithIntegerLabels(model.apply(p, b.x), b.y));

  it("neither or both of loss / apply", () => {
    expect(() => train.fit(base as never)).toThrow(/train\.fit: give exactly one of loss or apply, got neither; pass loss/);
    expect(() => train.fit({ ...base, loss, apply: model.apply } as never)).toThrow(/exactly one of loss or apply, got both/);
    expect(() => train.fit({ ...base, loss, lossFn: nn.losses.mse } as never)).toThrow(/train\.fit: lossFn only goes with apply/);
    expect(() => train.fit({ ...base, apply: 3 } as never)).toThrow(/train\.fit: apply must be a function .*model\.apply/);
  });

  it("bad batchSize, epochs, key, optimizer", () => {
    expect(() => train.fit({ ...base, loss, batchSize: 0 })).toThrow(/train\.fit: batchSize must be an integer ≥ 1, got number 0; e\.g\. batchSize: 32/);
    expect(() => train.fit({ ...base, loss, batchSize: 2.5 })).toThrow(ValueError);
    expect(() => train.fit({ ...base, loss, epochs: -1 })).toThrow(/train\.fit: epochs must be an integer ≥ 0, got number -1/);
    expect(() => train.fit({ ...base, loss, key: np.array([1, 2, 3]) })).toThrow(/train\.fit: key must be a PRNG key .*random\.key\(0\)/);
    expect(() => train.fit({ ...base, loss, optimizer: optim.adam as never })).toThrow(/train\.fit: optimizer must be a gradient transformation .*note the call/);
  });

  it("x / y length mismatch in data and validation; non-scalar loss", () => {
    const bad = { x: blobs.x, y: np.slice(blobs.y, [0, 150]) };
    expect(() => train.fit({ ...base, loss, data: bad })).toThrow(/train\.fit: data\.x has 200 examples .* but data\.y has 150 .*one target per row/);
    expect(() => train.fit({ ...base, loss, validation: bad })).toThrow(/train\.fit: validation\.x has 200 examples/);
    expect(() => train.fit({ ...base, loss, data: { x: blobs.x } as never })).toThrow(/train\.fit: data must be a dataset/);
    const perExample = (p: ReturnType<typeof model.init>, b: { x: NDArray; y: NDArray }) => nn.losses.softmaxCrossEntropyWithIntegerLabels(model.apply(p, b.x), b.y);
    expect(() => train.fit({ ...base, loss: perExample })).toThrow(/train\.fit: the loss must return a scalar NDArray.*np\.mean/);
  });
});
