/** SVG path data for a sparkline; hand-rolled so the dashboard needs no chart library. */
export function sparkPath(values: number[], width: number, height: number, floor = 0): { line: string; area: string; max: number } {
  const finite = values.map((v) => (Number.isFinite(v) ? v : 0));
  const max = Math.max(floor, ...finite, 1e-9);
  if (finite.length === 0) return { line: '', area: '', max };
  const step = finite.length > 1 ? width / (finite.length - 1) : 0;
  const points = finite.map((v, i) => `${(i * step).toFixed(1)},${(height - (v / max) * height).toFixed(1)}`);
  const line = `M${points.join(' L')}`;
  const lastX = ((finite.length - 1) * step).toFixed(1);
  return { line, area: `${line} L${lastX},${height} L0,${height} Z`, max };
}
