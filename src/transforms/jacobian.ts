/**
 * Jacobians and Hessians, built from the other transformations as in JAX: jacfwd pushes every
 * basis tangent through jvp at once with vmap; jacrev pulls every basis cotangent through vjp
 * with vmap; hessian is jacfwd of jacrev. The result has shape `out.shape + in.shape`.
 */
import type { NDArray } from "../array/ndarray.js";
import { showShape } from "../array/shape.js";
import { asArray } from "../numpy/convert.js";
import { eye } from "../numpy/creation.js";
import { reshape } from "../numpy/shape.js";
import { jvp } from "./jvp.js";
import { vjp } from "./vjp.js";
import { vmap } from "./vmap.js";

/** Options of jacfwd, jacrev and hessian. */
export interface JacobianOptions {
  /** Which positional argument to differentiate with respect to (default 0). */
  argnums?: number;
}

type ArrayFn = (...args: any[]) => NDArray;

function argument(args: readonly unknown[], argnums: number, op: string): NDArray {
  if (!Number.isInteger(argnums) || argnums < 0 || argnums >= args.length) {
    throw new RangeError(`${op}: argnums ${argnums} does not fit a call with ${args.length} argument(s).`);
  }
  return asArray(args[argnums] as never, undefined, op);
}

function basis(like: NDArray): NDArray {
  return reshape(eye(like.size, { dtype: like.dtype }), [like.size, ...like.shape]);
}

/** Moves the leading (basis) axis of `stacked` to the end: [n, ...a] → [...a, n]. */
function basisLast(stacked: NDArray): NDArray {
  const perm = stacked.shape.map((_, i) => i + 1);
  perm[perm.length - 1] = 0;
  return stacked.ndim <= 1 ? stacked : stacked.transpose(perm);
}

/**
 * The Jacobian by forward mode (efficient for few inputs, many outputs).
 * @example jacfwd((x) => np.mul(x, x))(np.array([1, 2])) // [[2, 0], [0, 4]]
 */
export function jacfwd(f: ArrayFn, opts: JacobianOptions = {}): (...args: any[]) => NDArray {
  const argnums = opts.argnums ?? 0;
  return (...args: unknown[]) => {
    const x = argument(args, argnums, "jacfwd");
    const g = (xi: NDArray) => f(...args.map((a, i) => (i === argnums ? xi : a)));
    const column = (t: NDArray) => jvp(g, [x], [t])[1];
    const columns = vmap(column)(basis(x)); // [n, ...out]
    const out = columns.shape.slice(1);
    return reshape(basisLast(reshape(columns, [x.size, ...out])), [...out, ...x.shape]);
  };
}

/**
 * The Jacobian by reverse mode (efficient for many inputs, few outputs).
 * @example jacrev((x) => np.sum(np.square(x)))(np.array([1, 2])) // [2, 4]
 */
export function jacrev(f: ArrayFn, opts: JacobianOptions = {}): (...args: any[]) => NDArray {
  const argnums = opts.argnums ?? 0;
  return (...args: unknown[]) => {
    const x = argument(args, argnums, "jacrev");
    const g = (xi: NDArray) => f(...args.map((a, i) => (i === argnums ? xi : a)));
    const [y, pullback] = vjp(g, x);
    const rows = vmap((u: NDArray) => pullback(u)[0] as NDArray)(basis(y)); // [m, ...in]
    return reshape(rows, [...y.shape, ...x.shape]);
  };
}

/**
 * The Hessian of a scalar function (forward-over-reverse).
 * @example hessian((x) => np.sum(np.pow(x, 3)))(np.array([1, 2])) // [[6, 0], [0, 12]]
 */
export function hessian(f: ArrayFn, opts: JacobianOptions = {}): (...args: any[]) => NDArray {
  return (...args: unknown[]) => {
    argument(args, opts.argnums ?? 0, "hessian");
    const y = f(...args);
    if (y.ndim !== 0) throw new TypeError(`hessian: the function must return a scalar, got shape ${showShape(y.shape)}; reduce it first, or use jacfwd(jacrev(f)).`);
    return jacfwd(jacrev(f, opts), opts)(...args);
  };
}
