/** Minimal SVG drawing for the examples (jaxon.plot, with Vega-Lite, replaces it later). */

/** A line chart of `values` against their index. */
export function lineChart(values: readonly number[], opts: { title: string; xLabel: string; yLabel: string }): string {
  const width = 480;
  const height = 260;
  const left = 50;
  const bottom = 30;
  const top = Math.max(...values);
  const low = Math.min(0, ...values);
  const px = (i: number) => left + (i / Math.max(1, values.length - 1)) * (width - left - 10);
  const py = (v: number) => height - bottom - ((v - low) / (top - low || 1)) * (height - bottom - 30);
  const points = values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="16" text-anchor="middle" font-weight="bold">${opts.title}</text>
<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="black"/>
<line x1="${left}" y1="24" x2="${left}" y2="${height - bottom}" stroke="black"/>
<text x="${left - 4}" y="${py(top) + 4}" text-anchor="end">${top.toFixed(2)}</text>
<text x="${left - 4}" y="${py(low) + 4}" text-anchor="end">${low.toFixed(2)}</text>
<text x="${width - 10}" y="${height - bottom + 14}" text-anchor="end">${values.length - 1}</text>
<polyline fill="none" stroke="steelblue" stroke-width="2" points="${points}"/>
<text x="${(left + width) / 2}" y="${height - 4}" text-anchor="middle">${opts.xLabel}</text>
<text x="12" y="${height / 2}" text-anchor="middle" transform="rotate(-90 12 ${height / 2})">${opts.yLabel}</text>
</svg>
`;
}

/**
 * A 2-D decision boundary: `probability(grid)` shades a grid of cells (blue→red), and the points
 * are drawn on top coloured by label.
 */
export function decisionBoundary(
  probabilities: ArrayLike<number>,
  gridSize: number,
  bounds: { x0: number; x1: number; y0: number; y1: number },
  points: readonly (readonly [number, number, number])[],
  title: string,
): string {
  const size = 400;
  const cell = size / gridSize;
  const sx = (x: number) => ((x - bounds.x0) / (bounds.x1 - bounds.x0)) * size;
  const sy = (y: number) => size - ((y - bounds.y0) / (bounds.y1 - bounds.y0)) * size;
  const cells: string[] = [];
  for (let r = 0; r < gridSize; r++) {
    for (let c = 0; c < gridSize; c++) {
      const p = probabilities[r * gridSize + c]!;
      const red = Math.round(255 * p);
      const blue = Math.round(255 * (1 - p));
      cells.push(`<rect x="${(c * cell).toFixed(1)}" y="${(size - (r + 1) * cell).toFixed(1)}" width="${cell.toFixed(1)}" height="${cell.toFixed(1)}" fill="rgb(${red},${Math.round(160 + 60 * Math.abs(p - 0.5))},${blue})" fill-opacity="0.45"/>`);
    }
  }
  const dots = points.map(([x, y, label]) => `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${label ? "#c0392b" : "#2c3e91"}" stroke="white" stroke-width="0.5"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 24}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${size / 2}" y="16" text-anchor="middle" font-weight="bold">${title}</text>
<g transform="translate(0, 24)">${cells.join("")}${dots.join("")}</g>
</svg>
`;
}
