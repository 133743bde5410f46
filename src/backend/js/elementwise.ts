/**
 * Elementwise kernels, generated once per (expression, operand layout) with `new Function` so that
 * every loop is monomorphic and allocation-free: no per-element closure call, no boxing.
 *
 * Operands may be strided views (broadcast axes have stride 0, reversed axes negative strides).
 * Dimensions are coalesced first; row-major operands and broadcast scalars take a flat loop, the
 * rest a loop over the last dimension inside an odometer over the outer ones.
 */
import type { TypedArray } from "../../array/dtype.js";

/** One operand: its elements, offset and strides (same rank as the output). */
export interface Operand {
  readonly data: TypedArray;
  readonly offset: number;
  readonly strides: readonly number[];
}

type FlatKernel = (out: TypedArray, n: number, ...args: (TypedArray | number)[]) => void;
type StridedKernel = (out: TypedArray, shape: Int32Array, ...args: (TypedArray | number | Int32Array)[]) => void;

const NAMES = ["a", "b", "c", "d"];
const flatCache = new Map<string, FlatKernel>();
const stridedCache = new Map<string, StridedKernel>();

/**
 * Computes `out[i] = expr(a[i], b[i], ...)` over `shape` (row-major `out`). `expr` names the
 * operands a, b, c, d, e.g. `"a + b"` or `"Math.exp(a)"`.
 */
export function elementwise(expr: string, out: TypedArray, shape: readonly number[], operands: readonly Operand[]): void {
  const n = out.length;
  if (n === 0) return;
  const { dims, strides } = coalesce(shape, operands);
  // 0: row-major, 1: a single broadcast value, 2: needs the strided loop.
  const kinds = operands.map((_, k) => layoutKind(dims, strides[k]!));
  if (kinds.every((kind) => kind !== 2)) {
    const key = `${expr}|${kinds.join("")}|${typesKey(out, operands)}`;
    let kernel = flatCache.get(key);
    if (kernel === undefined) {
      kernel = compileFlat(expr, kinds);
      flatCache.set(key, kernel);
    }
    const args: (TypedArray | number)[] = [];
    for (const op of operands) args.push(op.data, op.offset);
    kernel(out, n, ...args);
    return;
  }
  const key = `${expr}|${dims.length}|${typesKey(out, operands)}`;
  let kernel = stridedCache.get(key);
  if (kernel === undefined) {
    kernel = compileStrided(expr, operands.length, dims.length);
    stridedCache.set(key, kernel);
  }
  const args: (TypedArray | number | Int32Array)[] = [];
  for (let k = 0; k < operands.length; k++) args.push(operands[k]!.data, operands[k]!.offset, Int32Array.from(strides[k]!));
  kernel(out, Int32Array.from(dims), ...args);
}

/** Kernels are compiled per typed-array kind so that each stays monomorphic in V8. */
function typesKey(out: TypedArray, operands: readonly Operand[]): string {
  let key = out.constructor.name;
  for (const op of operands) key += op.data.constructor.name;
  return key;
}

/** Drops size-1 dims and merges neighbours that are contiguous for every operand. */
function coalesce(shape: readonly number[], operands: readonly Operand[]): { dims: number[]; strides: number[][] } {
  const dims: number[] = [];
  const strides: number[][] = operands.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && operands.every((op, k) => strides[k]![last] === op.strides[d]! * size)) {
      dims[last]! *= size;
      operands.forEach((op, k) => (strides[k]![last] = op.strides[d]!));
    } else {
      dims.push(size);
      operands.forEach((op, k) => strides[k]!.push(op.strides[d]!));
    }
  }
  return { dims, strides };
}

function layoutKind(dims: readonly number[], strides: readonly number[]): 0 | 1 | 2 {
  if (strides.every((s) => s === 0)) return 1;
  if (dims.length === 1 && strides[0] === 1) return 0;
  return dims.length === 0 ? 1 : 2;
}

function compileFlat(expr: string, kinds: readonly number[]): FlatKernel {
  const params = kinds.flatMap((_, k) => [`${NAMES[k]!.toUpperCase()}`, `o${NAMES[k]}`]);
  const hoisted = kinds.map((kind, k) => (kind === 1 ? `const ${NAMES[k]} = ${NAMES[k]!.toUpperCase()}[o${NAMES[k]}];` : "")).join("\n");
  const loads = kinds.map((kind, k) => (kind === 0 ? `const ${NAMES[k]} = ${NAMES[k]!.toUpperCase()}[o${NAMES[k]} + i];` : "")).join(" ");
  const body = `${hoisted}\nfor (let i = 0; i < n; i++) { ${loads} out[i] = ${expr}; }`;
  return new Function("out", "n", ...params, body) as FlatKernel;
}

function compileStrided(expr: string, arity: number, nd: number): StridedKernel {
  const ops = NAMES.slice(0, arity);
  const params = ops.flatMap((x) => [x.toUpperCase(), `o${x}`, `s${x}`]);
  const lines: string[] = [];
  lines.push(`const inner = shape[${nd - 1}];`);
  for (const x of ops) lines.push(`const i${x} = s${x}[${nd - 1}]; let p${x} = o${x};`);
  lines.push(`const idx = new Int32Array(${nd}); let o = 0; const n = out.length;`);
  lines.push(`while (o < n) {`);
  lines.push(`  ${ops.map((x) => `let q${x} = p${x};`).join(" ")}`);
  lines.push(`  for (let j = 0; j < inner; j++) { ${ops.map((x) => `const ${x} = ${x.toUpperCase()}[q${x}]; q${x} += i${x};`).join(" ")} out[o++] = ${expr}; }`);
  lines.push(`  for (let d = ${nd - 2}; d >= 0; d--) {`);
  lines.push(`    idx[d]++; ${ops.map((x) => `p${x} += s${x}[d];`).join(" ")}`);
  lines.push(`    if (idx[d] < shape[d]) break;`);
  lines.push(`    ${ops.map((x) => `p${x} -= s${x}[d] * shape[d];`).join(" ")} idx[d] = 0;`);
  lines.push(`  }`);
  lines.push(`}`);
  return new Function("out", "shape", ...params, lines.join("\n")) as StridedKernel;
}
