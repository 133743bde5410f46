/**
 * Jacobians and Hessians, built from the other transformations as in JAX: jacfwd pushes every
 * basis tangent through jvp at once with vmap; jacrev pulls every basis cotangent through vjp
 * with vmap; hessian is jacfwd of jacrev.
 *
 * Inputs and outputs may be pytrees, as in JAX: the result has the structure of f's output, each
 * of whose leaves holds a tree with the structure of the differentiated argument, whose leaves
 * are arrays of shape `outLeaf.shape + inLeaf.shape`. A tuple (array) of argnums gives, at each
 * output leaf, an array with one such tree per argnum.
 */
import { allocate, isFloat } from "../array/dtype.js";
import { ConcreteArray, type NDArray } from "../array/ndarray.js";
import { showShape, type Shape } from "../array/shape.js";
import { wrapStorage } from "../array/storage.js";
import { moveAxis } from "../core/batch-rules.js";
import { bind } from "../core/trace.js";
import { DTypeError, ShapeError } from "../errors/classes.js";
import { checkFunction, checkOptions } from "../errors/checks.js";
import { publicOp } from "../errors/context.js";
import { flattenImpl } from "../tree/flatten.js";
import type { TreeDef } from "../tree/treedef.js";
import { argumentPaths, checkArgnums, checkArgnumsFit, leafArray, userFunction, type Argnums } from "./common.js";
import { jvpImpl } from "./jvp.js";
import { vjpImpl } from "./vjp.js";
import { vmapInternal } from "./vmap.js";

/** Options of jacfwd, jacrev and hessian. */
export interface JacobianOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0); an array gives one Jacobian per entry. */
  argnums?: number | readonly number[];
}

type Fn = (...args: any[]) => unknown;

/** The differentiated leaves of a call, and f as a function of those leaves alone. */
interface Selected {
  readonly xs: NDArray[];
  readonly inDef: TreeDef;
  readonly g: (...leaves: NDArray[]) => unknown;
}

function select(f: Fn, args: readonly unknown[], argnums: Argnums, op: string): Selected {
  checkArgnumsFit(op, argnums, args.length);
  const chosen = argnums.tuple ? argnums.list.map((a) => args[a]) : args[argnums.list[0]!];
  const [leaves, inDef] = flattenImpl(chosen, undefined, op);
  const paths = argumentPaths(argnums.tuple ? (chosen as unknown[]) : [chosen]).map((p) =>
    p.replace(/^argument (\d+)/, (_, k: string) => `argument ${argnums.list[Number(k)]}`),
  );
  const xs = leaves.map((leaf, i) => {
    const x = leafArray(op, leaf, paths[i]!);
    if (!isFloat(x.dtype)) {
      throw new DTypeError(op, `${paths[i]} is a ${x.dtype}${showShape(x.shape)} array; ${op} needs float32/float64 inputs — cast it with astype("float32") or leave it out of argnums.`, {
        shapes: [x.shape],
        dtypes: [x.dtype],
      });
    }
    return x;
  });
  const g = (...ls: NDArray[]) => {
    const picked = inDef.unflatten(ls);
    const full = args.slice();
    argnums.list.forEach((a, k) => (full[a] = argnums.tuple ? (picked as unknown[])[k] : picked));
    return f(...full);
  };
  return { xs, inDef, g };
}

/** Rows [offset, offset + size) of the one-hot basis of `total` coordinates, for a leaf shaped like `like`: shape [total, ...like.shape]. */
function basisBlock(total: number, offset: number, like: NDArray): NDArray {
  const size = like.size;
  const data = allocate(like.dtype, total * size);
  for (let k = 0; k < size; k++) data[(offset + k) * size + k] = 1;
  return new ConcreteArray([total, ...like.shape], like.dtype, wrapStorage(like.dtype, data));
}

function offsetsOf(xs: readonly NDArray[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const x of xs) {
    offsets.push(total);
    total += x.size;
  }
  return { offsets, total };
}

/** Rows [start, start + n) of `x` along axis 0. */
function rows(x: NDArray, start: number, n: number): NDArray {
  return bind("slice", [x], { start: x.shape.map((_, i) => (i === 0 ? start : 0)), limit: x.shape.map((d, i) => (i === 0 ? start + n : d)), strides: x.shape.map(() => 1) });
}

function reshape(x: NDArray, shape: Shape): NDArray {
  return bind("reshape", [x], { shape });
}

/** The output tree of input trees, from `block(j, i)`: the Jacobian block of output leaf j and input leaf i. */
function assemble(outDef: TreeDef, nOut: number, inDef: TreeDef, nIn: number, block: (j: number, i: number) => NDArray): unknown {
  const perOut: unknown[] = [];
  for (let j = 0; j < nOut; j++) {
    const perIn: NDArray[] = [];
    for (let i = 0; i < nIn; i++) perIn.push(block(j, i));
    perOut.push(inDef.unflatten(perIn));
  }
  return outDef.unflatten(perOut);
}

function jacfwdImpl(f: Fn, argnums: Argnums, op: string): Fn {
  return (...args: unknown[]) => {
    const { xs, inDef, g } = select(f, args, argnums, op);
    const { offsets, total } = offsetsOf(xs);
    const column = (...ts: NDArray[]) => jvpImpl(g, xs, ts, op)[1];
    const columns = vmapInternal(column, 0, 0, op)(...xs.map((x, i) => basisBlock(total, offsets[i]!, x)));
    const [cols, outDef] = flattenImpl(columns, undefined, op);
    return assemble(outDef, cols.length, inDef, xs.length, (j, i) => {
      const col = cols[j] as NDArray; // [total, ...out]
      const out = col.shape.slice(1);
      const x = xs[i]!;
      const block = moveAxis(rows(col, offsets[i]!, x.size), 0, out.length); // [...out, size]
      return reshape(block, [...out, ...x.shape]);
    });
  };
}

function jacrevImpl(f: Fn, argnums: Argnums, op: string, requireScalar: boolean): Fn {
  return (...args: unknown[]) => {
    const { xs, inDef, g } = select(f, args, argnums, op);
    const [ys, outDef, pull] = vjpImpl(g, xs, op);
    if (requireScalar && (outDef.node.kind !== "leaf" || ys[0]!.ndim !== 0)) {
      const got = outDef.node.kind !== "leaf" ? `a pytree with ${ys.length} leaves` : `shape ${showShape(ys[0]!.shape)}`;
      throw new ShapeError(op, `the function must return a scalar, got ${got}; reduce it first, or use jacfwd(jacrev(f)) for the derivative of a Jacobian.`);
    }
    ys.forEach((y, j) => {
      if (!isFloat(y.dtype)) {
        throw new DTypeError(op, `output leaf ${j} is ${y.dtype}${showShape(y.shape)}; ${op} needs float32/float64 outputs (cast the output, or use jacfwd).`, { dtypes: [y.dtype] });
      }
    });
    const { offsets, total } = offsetsOf(ys);
    const pullRows = (...cts: NDArray[]) => pull(outDef.unflatten(cts)) as NDArray[];
    const pulled = vmapInternal(pullRows, 0, 0, op)(...ys.map((y, j) => basisBlock(total, offsets[j]!, y))); // per input leaf: [total, ...in]
    return assemble(outDef, ys.length, inDef, xs.length, (j, i) => {
      const y = ys[j]!;
      const x = xs[i]!;
      return reshape(rows(pulled[i]!, offsets[j]!, y.size), [...y.shape, ...x.shape]);
    });
  };
}

function jacobianOptions(op: string, f: unknown, opts: unknown): Argnums {
  checkFunction(op, f);
  checkOptions(op, opts, ["argnums"]);
  return checkArgnums(op, ((opts ?? {}) as JacobianOptions).argnums);
}

/**
 * The Jacobian by forward mode (efficient for few inputs, many outputs). Takes and returns
 * pytrees: output structure, then input structure, leaves of shape `out.shape + in.shape`.
 * @example jacfwd((x) => np.mul(x, x))(np.array([1, 2])) // [[2, 0], [0, 4]]
 */
export const jacfwd = publicOp("jacfwd", function jacfwd(f: (...args: any[]) => unknown, opts: JacobianOptions = {}): (...args: any[]) => any {
  const argnums = jacobianOptions("jacfwd", f, opts);
  return publicOp("jacfwd", jacfwdImpl(userFunction("jacfwd", f), argnums, "jacfwd"));
});

/**
 * The Jacobian by reverse mode (efficient for many inputs, few outputs). Takes and returns
 * pytrees, like jacfwd; inputs and outputs must be float arrays.
 * @example jacrev((x) => np.sum(np.square(x)))(np.array([1, 2])) // [2, 4]
 */
export const jacrev = publicOp("jacrev", function jacrev(f: (...args: any[]) => unknown, opts: JacobianOptions = {}): (...args: any[]) => any {
  const argnums = jacobianOptions("jacrev", f, opts);
  return publicOp("jacrev", jacrevImpl(userFunction("jacrev", f), argnums, "jacrev", false));
});

/**
 * The Hessian of a scalar function (forward-over-reverse: jacfwd of jacrev). For a pytree
 * argument it is a tree of trees: the block for leaves a and b has shape `a.shape + b.shape`.
 * @example hessian((x) => np.sum(np.pow(x, 3)))(np.array([1, 2])) // [[6, 0], [0, 12]]
 */
export const hessian = publicOp("hessian", function hessian(f: (...args: any[]) => unknown, opts: JacobianOptions = {}): (...args: any[]) => any {
  const argnums = jacobianOptions("hessian", f, opts);
  return publicOp("hessian", jacfwdImpl(jacrevImpl(userFunction("hessian", f), argnums, "hessian", true), argnums, "hessian"));
});

