/**
 * jaxon: JAX for TypeScript. Immutable n-dimensional arrays, numpy-like functions built on a small
 * set of primitives, and pytrees.
 *
 * @example
 * import { np } from "jaxon";
 * const x = np.array([[1, 2], [3, 4]]);
 * console.log(x.matmul(x.T).sum({ axis: 1 }).toString());
 */
export * as np from "./numpy/index.js";
export { NDArray, type ArrayLike, type AxisArg, type NestedArray, type NestedValue } from "./array/ndarray.js";
export { DTYPES, type DType } from "./array/dtype.js";
export * as tree from "./tree/index.js";
export * as random from "./random/index.js";
export { jvp } from "./transforms/jvp.js";
export { grad, linearize, valueAndGrad, vjp, type GradOptions } from "./transforms/vjp.js";
export { jit, makeJaxpr, type JitOptions } from "./transforms/jit.js";
export { vmap, type VmapOptions } from "./transforms/vmap.js";
export { hessian, jacfwd, jacrev, type JacobianOptions } from "./transforms/jacobian.js";
export { customJvp, customVjp, stopGradient } from "./transforms/custom.js";
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as data from "./data/index.js";
export * as config from "./core/config.js";
export * as errors from "./errors/index.js";
export { JaxonError, ShapeError, DTypeError, ValueError, TracerError, SerializationError, FloatingPointError } from "./errors/index.js";
export * as train from "./train/index.js";
export * as io from "./io/index.js";
export * as plot from "./plot/index.js";
