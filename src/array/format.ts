/** numpy-like printing: `array([[1, 2], [3, 4]], dtype=int32)`, summarised past 1000 elements. */
import type { DType, TypedArray } from "./dtype.js";
import type { Shape } from "./shape.js";

/** Arrays with more elements than this print summarised: EDGE elements at each end of every long axis. */
export const THRESHOLD = 1000;
export const EDGE = 3;

const LINE_WIDTH = 75;

/**
 * Formats row-major `values` of `shape` the way numpy's repr does (dtype shown unless float32 or
 * bool). `summarise` may be forced for a compacted array whose long axes hold only the printed
 * edges around one unprinted placeholder (see ConcreteArray.toString).
 */
export function formatArray(values: TypedArray, shape: Shape, dtype: DType, summarise = values.length > THRESHOLD): string {
  const fmt = elementFormatter(values, shape, dtype, summarise);
  const prefix = "array(";
  const suffix = dtype === "float32" || dtype === "bool" ? ")" : `, dtype=${dtype})`;
  if (shape.length === 0) return `${prefix}${fmt(values[0]!).trim()}${suffix}`;
  const layout: Layout = { values, shape, fmt, summarise };
  return `${prefix}${formatLevel(layout, 0, 0, " ".repeat(prefix.length + 1), LINE_WIDTH - suffix.length)}${suffix}`;
}

interface Layout {
  readonly values: TypedArray;
  readonly shape: Shape;
  readonly fmt: (v: number) => string;
  readonly summarise: boolean;
}

/**
 * One nesting level, as numpy lays it out: rows of the last axis wrap before `width` columns
 * with continuation lines aligned under the first element; outer axes are separated by
 * ",\n" plus a blank line per extra dimension.
 */
function formatLevel(layout: Layout, dim: number, offset: number, indent: string, width: number): string {
  const { values, shape, fmt, summarise } = layout;
  const n = shape[dim]!;
  let stride = 1;
  for (let d = dim + 1; d < shape.length; d++) stride *= shape[d]!;
  const indices = summarise && n > 2 * EDGE ? [...range(0, EDGE), -1, ...range(n - EDGE, n)] : range(0, n);
  const inner = indent + " ";
  let body = "";
  if (dim === shape.length - 1) {
    let line = indent;
    indices.forEach((i, k) => {
      const word = i < 0 ? "..." : fmt(values[offset + i]!);
      const last = k === indices.length - 1;
      // Room is left for the separator or the closing bracket after each element.
      if (line.length + word.length > width - 1 && line.length > indent.length) {
        body += line.trimEnd() + "\n";
        line = indent;
      }
      line += word + (last ? "" : ", ");
    });
    body += line;
  } else {
    const separator = "," + "\n".repeat(shape.length - dim - 1);
    body = indices
      .map((i) => indent + (i < 0 ? "..." : formatLevel(layout, dim + 1, offset + i * stride, inner, width - 1)))
      .join(separator);
  }
  return `[${body.slice(indent.length)}]`;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}

/** One formatter for all elements so that columns line up. */
function elementFormatter(values: TypedArray, shape: Shape, dtype: DType, summarise: boolean): (v: number) => string {
  if (dtype === "bool") return (v) => (v !== 0 ? " True" : "False");
  const shown = summarise ? sampleShown(values, shape) : Array.from(values);
  if (dtype === "int32") {
    const width = Math.max(1, ...shown.map((v) => String(v).length));
    return (v) => String(v).padStart(width);
  }
  const finite = shown.filter((v) => Number.isFinite(v));
  const absMax = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const absMinNonZero = finite.reduce((m, v) => (v !== 0 ? Math.min(m, Math.abs(v)) : m), Infinity);
  const scientific = absMinNonZero !== Infinity && (absMax >= 1e8 || absMinNonZero < 1e-4 || absMax / absMinNonZero > 1e3);
  // numpy's default: the shortest digits that identify the value in its own dtype, at most 8 after the point.
  const unique = (v: number): number => {
    for (let p = 1; p <= 17; p++) {
      const n = Number(v.toPrecision(p));
      if (dtype === "float32" ? Math.fround(n) === v : n === v) return n;
    }
    return v;
  };
  const parts = (v: number): [string, string, string] => {
    if (scientific) {
      const [mant, exp] = unique(v).toExponential().split("e") as [string, string];
      const [whole, frac = ""] = mant.split(".");
      const e = Number(exp);
      return [whole!, frac.slice(0, 8), `e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`];
    }
    const text = Number(unique(v).toFixed(8)).toString();
    const [whole, frac = ""] = text.split(".");
    return [Object.is(v, -0) ? "-0" : whole!, frac, ""];
  };
  let fracWidth = 0;
  let intWidth = 1;
  for (const v of finite) {
    const [whole, frac] = parts(v);
    fracWidth = Math.max(fracWidth, frac.length);
    intWidth = Math.max(intWidth, whole.length);
  }
  const one = (v: number): string => {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    const [whole, frac, exp] = parts(v);
    return `${whole.padStart(intWidth)}.${scientific ? frac.padEnd(fracWidth, "0") : frac.padEnd(fracWidth)}${exp}`;
  };
  const width = shown.reduce((w, v) => Math.max(w, one(v).length), 0);
  return (v) => one(v).padStart(width);
}

/** The elements a summarised print actually shows (edges of every axis), for column widths. */
function sampleShown(values: TypedArray, shape: Shape): number[] {
  const out: number[] = [];
  const visit = (dim: number, offset: number): void => {
    if (dim === shape.length) {
      out.push(values[offset]!);
      return;
    }
    const n = shape[dim]!;
    let stride = 1;
    for (let d = dim + 1; d < shape.length; d++) stride *= shape[d]!;
    const idx = n > 2 * EDGE ? [...range(0, EDGE), ...range(n - EDGE, n)] : range(0, n);
    for (const i of idx) visit(dim + 1, offset + i * stride);
  };
  visit(0, 0);
  return out;
}
