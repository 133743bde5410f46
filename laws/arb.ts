/** fast-check arbitraries for shapes, arrays and pytrees. Real values come from an integer grid, never from fc.double. */
import fc from "fast-check";
import { np, NDArray, type DType } from "../src/index.js";

export interface ShapeOptions {
  minRank?: number;
  maxRank?: number;
  minDim?: number;
  maxDim?: number;
}

/** Shapes with rank in [minRank, maxRank] (default 0..3) and dims in [minDim, maxDim] (default 1..4). */
export function shape(opts: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 3, minDim = 1, maxDim = 4 } = opts;
  return fc.integer({ min: minRank, max: maxRank }).chain((r) => fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: r, maxLength: r }));
}

export interface ValueOptions {
  /** Element type (default "float32", jaxon's default; use "float64" for tight gradient checks). */
  dtype?: DType;
  /** Range of the values (default [-1, 1]; for int32, [-10, 10]). */
  min?: number;
  max?: number;
  /** Points to keep away from (e.g. [0] for log or abs), by at least `margin`. */
  avoid?: readonly number[];
  /** Distance kept from each `avoid` point (default (max − min) / 20). */
  margin?: number;
}

export interface NDArrayOptions extends ValueOptions, ShapeOptions {
  /** A fixed shape or an arbitrary of shapes (default arb.shape(opts)). */
  shape?: readonly number[] | fc.Arbitrary<readonly number[]>;
}

const GRID = 1 << 20;

/** Scalars of `dtype` uniform in [min, max] (a grid of 2^20 + 1 points for floats). */
export function scalar(opts: ValueOptions = {}): fc.Arbitrary<number | boolean> {
  const dtype = opts.dtype ?? "float32";
  if (dtype === "bool") return fc.boolean();
  if (dtype === "int32") return fc.integer({ min: Math.ceil(opts.min ?? -10), max: Math.floor(opts.max ?? 10) });
  const min = opts.min ?? -1;
  const max = opts.max ?? 1;
  if (!(max >= min)) throw new RangeError(`arb: max (${max}) must be >= min (${min}).`);
  const margin = opts.margin ?? (max - min) / 20;
  const avoid = opts.avoid ?? [];
  // noBias: fast-check otherwise favours the bounds, which makes ties (kinks of max/argmax) common.
  const base = fc.noBias(fc.integer({ min: 0, max: GRID })).map((i) => min + ((max - min) * i) / GRID);
  return avoid.length === 0 ? base : base.filter((v) => avoid.every((p) => Math.abs(v - p) >= margin));
}

/** Arrays of the given (or generated) shape with values uniform in [min, max]. */
export function ndarray(opts: NDArrayOptions = {}): fc.Arbitrary<NDArray> {
  const dtype = opts.dtype ?? "float32";
  const shapes: fc.Arbitrary<readonly number[]> = opts.shape === undefined ? shape(opts) : Array.isArray(opts.shape) ? fc.constant(opts.shape as readonly number[]) : (opts.shape as fc.Arbitrary<readonly number[]>);
  const value = scalar({ ...opts, dtype });
  return shapes.chain((s) => {
    const size = s.reduce((a, b) => a * b, 1);
    return fc.array(value, { minLength: size, maxLength: size }).map((vals) => np.reshape(np.array(vals as number[], { dtype }), [...s]));
  });
}

export interface BroadcastingOptions extends ValueOptions, ShapeOptions {}

/** Two shapes that broadcast together: some leading axes dropped and some dims set to 1 in each. */
export function broadcastingShapes(opts: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> {
  const derive = (s: readonly number[]) =>
    fc.tuple(fc.integer({ min: 0, max: s.length }), fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length })).map(([drop, ones]) =>
      s.map((d, i) => (ones[i] ? 1 : d)).slice(drop),
    );
  return shape(opts).chain((s) => fc.tuple(derive(s), derive(s)));
}

/** Two arrays whose shapes broadcast together (see broadcastingShapes). */
export function broadcastingPair(opts: BroadcastingOptions = {}): fc.Arbitrary<[NDArray, NDArray]> {
  return broadcastingShapes(opts).chain(([a, b]) => fc.tuple(ndarray({ ...opts, shape: a }), ndarray({ ...opts, shape: b })));
}

export interface PytreeOptions {
  /** Nesting depth of arrays/objects (default 2). */
  maxDepth?: number;
  /** Most children of one node (default 3). */
  maxChildren?: number;
  /** Keys of object nodes (default a, b, c, w, bias). */
  keys?: readonly string[];
}

/** Pytrees (nested arrays and plain objects) with leaves from `leaf`. */
export function pytree<T>(leaf: fc.Arbitrary<T>, opts: PytreeOptions = {}): fc.Arbitrary<unknown> {
  const { maxDepth = 2, maxChildren = 3, keys = ["a", "b", "c", "w", "bias"] } = opts;
  const node = (depth: number): fc.Arbitrary<unknown> => {
    if (depth === 0) return leaf;
    const child = node(depth - 1);
    return fc.oneof(
      leaf,
      fc.array(child, { minLength: 0, maxLength: maxChildren }),
      fc.dictionary(fc.constantFrom(...keys), child, { minKeys: 0, maxKeys: Math.min(maxChildren, keys.length) }),
    );
  };
  return node(maxDepth);
}
