/**
 * jaxon's errors. Every error thrown for bad user input is a `JaxonError`: its `op` is the public
 * function the user called (`"np.add"`, `"grad"`, `"io.load"`), its message starts with that name
 * and says what was wrong and how to fix it, and `shapes`/`dtypes` hold the operands' where they
 * apply. Subclasses say what kind of problem it was.
 *
 * Which public function is named: the outermost jaxon function on the call stack, not counting
 * user code. `nn.relu(x)` calls `np.maximum` inside; an error there names `nn.relu`. Functions a
 * user hands to a transformation (`grad(f)`) run as user code, so `np.add` called inside `f`
 * names `np.add` again.
 *
 * @example
 * import { np, errors } from "jaxon";
 * try { np.add(np.ones([2]), np.ones([3])); } catch (e) {
 *   if (e instanceof errors.ShapeError) console.log(e.op, e.shapes); // "np.add" [[2], [3]]
 * }
 */

import { currentOp } from "./context.js";

/** Shapes and dtypes of the operands an error is about. */
export interface ErrorDetails {
  readonly shapes?: readonly (readonly number[])[];
  readonly dtypes?: readonly string[];
  readonly cause?: unknown;
}

/** The base class of every error jaxon throws for bad input. */
export class JaxonError extends Error {
  override name = "JaxonError";
  /** The public function the user called, e.g. `"np.add"`. */
  readonly op: string;
  readonly shapes: readonly (readonly number[])[] | undefined;
  readonly dtypes: readonly string[] | undefined;
  /**
   * @param op the function raising it; replaced by the public function being executed, if any.
   * @param message what is wrong and the fix, without the function's name (it is prefixed).
   */
  constructor(op: string, message: string, details: ErrorDetails = {}) {
    const name = currentOp() ?? op;
    super(`${name}: ${message}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.op = name;
    this.shapes = details.shapes;
    this.dtypes = details.dtypes;
  }
}

/** Shapes that do not fit: broadcasting, matmul alignment, reshape sizes, axes out of range. */
export class ShapeError extends JaxonError {
  override name = "ShapeError";
}
/** A dtype that is not allowed here (grad of an int32 argument, an unknown dtype name). */
export class DTypeError extends JaxonError {
  override name = "DTypeError";
}
/** A bad value: a wrong type of argument, an out-of-range number, an unknown option name. */
export class ValueError extends JaxonError {
  override name = "ValueError";
}
/**
 * A traced array used where a concrete value is needed (JS `if`, arithmetic, `item()` under jit
 * or grad), or used after its transformation returned.
 */
export class TracerError extends JaxonError {
  override name = "TracerError";
}
/** A file or byte buffer that is not a valid jaxon/safetensors file, or that cannot be written. */
export class SerializationError extends JaxonError {
  override name = "SerializationError";
}
/** NaN or ±Infinity produced under `config.update("debugNans" | "debugInfs", true)`. */
export class FloatingPointError extends JaxonError {
  override name = "FloatingPointError";
}

