// Issue 8 reproducers for optim: trees that do not match (structure or leaf shapes) are refused
// naming both, meaningless hyperparameters are refused, options are validated, the init/update of
// an optimiser are public operations, and user functions (schedules, user transformations) run as
// user code.
import { describe, expect, it } from "vitest";
import { jit, np, optim, ShapeError, ValueError, type NDArray } from "../../src/index.js";
import { throwsNamed } from "../nn/throws.js";

const params = { w: np.zeros([3]), b: np.zeros([]) };

describe("update with a grads tree that does not match the params/state", () => {
  it("a different structure names both structures", () => {
    const opt = optim.adam(0.1);
    const state = opt.init(params);
    throwsNamed(() => opt.update({ w: np.ones([3]) }, state), ValueError, "optim.adam.update", /gradients have structure PyTreeDef\(\{w: \*\}\) but the Adam state \(of scaleByAdam\) have PyTreeDef\(\{b: \*, w: \*\}\)/);
  });
  it("a leaf of another shape (which used to broadcast silently) is a ShapeError naming the leaf", () => {
    const sgd = optim.sgd(0.1, { momentum: 0.9 });
    throwsNamed(() => sgd.update({ w: np.ones([1]), b: np.ones([]) }, sgd.init(params)), ShapeError, "optim.sgd.update", /leaf w has shape \[1\] in the gradients but \[3\] in the momentum state/);
    throwsNamed(() => optim.applyUpdates(params, { w: np.ones([1]), b: np.ones([]) }), ShapeError, "optim.applyUpdates", /leaf w has shape \[1\] in the updates but \[3\] in the params/);
    const adamw = optim.adamw(0.1);
    throwsNamed(() => adamw.update(params, adamw.init(params), { w: np.ones([2]), b: np.ones([]) }), ShapeError, "optim.adamw.update", /in the params/);
  });
  it("non-array leaves and states from another optimiser", () => {
    const opt = optim.adam(0.1);
    throwsNamed(() => opt.update({ w: "g", b: np.ones([]) } as never, opt.init(params)), ValueError, "optim.adam.update", /leaf w is the string "g"/);
    throwsNamed(() => opt.update(params, optim.sgd(0.1).init(params)), ValueError, "optim.adam.update", /should be an array of 2 states/);
    throwsNamed(() => opt.init({ w: () => 1 } as never), ValueError, "optim.adam.init", /leaf w is a function/);
  });
});

describe("meaningless hyperparameters", () => {
  it("a NaN, infinite or negative learning rate is refused", () => {
    throwsNamed(() => optim.sgd(NaN), ValueError, "optim.sgd", /learningRate must be a finite number, got number NaN/);
    throwsNamed(() => optim.adam(Infinity), ValueError, "optim.adam", /finite number/);
    throwsNamed(() => optim.rmsprop(-1e-3), ValueError, "optim.rmsprop", /learningRate must be >= 0.*the sign is flipped for you/);
    throwsNamed(() => optim.scale(NaN), ValueError, "optim.scale", /finite/);
    throwsNamed(() => optim.schedules.cosineDecay({ init: Infinity, decaySteps: 10 }), ValueError, "optim.schedules.cosineDecay", /init must be a finite number/);
  });
  it("a schedule that returns ±Inf or NaN is refused at the step it does (eagerly)", () => {
    const opt = optim.sgd(optim.schedules.custom((t) => np.div(np.sub(t, 1), 0)));
    throwsNamed(() => opt.update(params, opt.init(params)), ValueError, "optim.sgd.update", /schedule returned -Infinity at step 0; it must be finite/);
  });
  it("options are validated: a misspelt key suggests the right one; booleans must be booleans", () => {
    throwsNamed(() => optim.adam(0.1, { epsroot: 1e-8 } as never), ValueError, "optim.adam", /unknown option "epsroot"; did you mean "epsRoot"\?/);
    throwsNamed(() => optim.sgd(0.1, { momentun: 0.9 } as never), ValueError, "optim.sgd", /did you mean "momentum"/);
    throwsNamed(() => optim.sgd(0.1, { momentum: 0.9, nesterov: "yes" as never }), ValueError, "optim.sgd", /nesterov must be true or false/);
    throwsNamed(() => optim.schedules.exponentialDecay({ init: 1, decayRate: 0.5, transitionStep: 10 } as never), ValueError, "optim.schedules.exponentialDecay", /did you mean "transitionSteps"/);
    throwsNamed(() => optim.schedules.cosineDecay(undefined as never), ValueError, "optim.schedules.cosineDecay", /needs an options object/);
  });
});

describe("user functions run as user code", () => {
  it("an error inside a user's schedule names what the schedule called, not the optimiser", () => {
    const opt = optim.sgd(((t: NDArray) => np.reshape(t, [5])) as never);
    throwsNamed(() => opt.update(params, opt.init(params)), ShapeError, "np.reshape");
  });
  it("a user's transformation in a chain: its errors name what it called; a bad return is refused", () => {
    const user = { init: () => ({}), update: (g: unknown) => [np.reshape(g as NDArray, [7]), {}] as const };
    const opt = optim.chain(user as never, optim.scale(1));
    throwsNamed(() => opt.update(np.ones([3]), opt.init(np.ones([3]))), ShapeError, "np.reshape");
    const broken = optim.chain({ init: () => ({}), update: () => 42 } as never);
    throwsNamed(() => broken.update(np.ones([3]), broken.init(np.ones([3]))), ValueError, "optim.chain.update", /update must return \[updates, state\], got number 42/);
  });
  it("the schedules are public operations too, and still work under jit", () => {
    const lr = optim.schedules.cosineDecay({ init: 1, decaySteps: 10 });
    throwsNamed(() => lr(NaN), ValueError, "optim.schedules.cosineDecay", /step must be a finite number/);
    throwsNamed(() => lr("3" as never), ValueError, "optim.schedules.cosineDecay", /step must be a number or a scalar NDArray/);
    expect((jit((t: NDArray) => lr(t))(np.array(5, { dtype: "int32" })).item() as number)).toBeCloseTo(0.5, 6);
  });
});
