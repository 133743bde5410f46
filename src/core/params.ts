/**
 * Every primitive's name and the type of its params. The registry must define exactly these
 * (a missing or misspelt primitive is a compile error), and `bind` checks params against them.
 */
import type { NoParams } from "./primitive.js";
import type { CustomJvpParams, CustomVjpLinearParams, CustomVjpParams } from "./primitives/custom.js";
import type { ConvertParams } from "./primitives/elementwise.js";
import type { ScatterAddParams, TakeParams } from "./primitives/indexing.js";
import type { DotGeneralParams } from "./primitives/linalg.js";
import type { AxisParams, CumsumParams, ReduceParams } from "./primitives/reductions.js";
import type { BroadcastInDimParams, ConcatenateParams, PadParams, ReshapeParams, RevParams, SliceParams, TransposeParams } from "./primitives/structural.js";

type Unary = "neg" | "exp" | "log" | "log1p" | "expm1" | "sin" | "cos" | "tanh" | "atan" | "sqrt" | "floor" | "ceil" | "abs" | "sign" | "logicalNot";
type Binary = "add" | "sub" | "mul" | "div" | "pow" | "max" | "min" | "atan2" | "logicalAnd" | "logicalOr";
type Bitwise = "bitwiseAnd" | "bitwiseOr" | "bitwiseXor" | "shiftLeft" | "shiftRightLogical";
type Comparison = "equal" | "notEqual" | "less" | "lessEqual" | "greater" | "greaterEqual";

export type PrimitiveParams = { [K in Unary | Binary | Bitwise | Comparison | "select" | "stopGradient"]: NoParams } & {
  customJvpCall: CustomJvpParams;
  customVjpCall: CustomVjpParams;
  customVjpLinear: CustomVjpLinearParams;
  convertElementType: ConvertParams;
  broadcastInDim: BroadcastInDimParams;
  reshape: ReshapeParams;
  transpose: TransposeParams;
  slice: SliceParams;
  rev: RevParams;
  pad: PadParams;
  concatenate: ConcatenateParams;
  reduceSum: ReduceParams;
  reduceProd: ReduceParams;
  reduceMax: ReduceParams;
  reduceMin: ReduceParams;
  argmax: AxisParams;
  argmin: AxisParams;
  cumsum: CumsumParams;
  dotGeneral: DotGeneralParams;
  take: TakeParams;
  scatterAdd: ScatterAddParams;
};

export type PrimitiveName = keyof PrimitiveParams;
export type ParamsOf<K extends PrimitiveName> = PrimitiveParams[K];
