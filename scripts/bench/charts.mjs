// Small dependency-free SVG line charts for the bench report.

const W = 720;
const H = 320;
const M = { l: 64, r: 16, t: 36, b: 44 };
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

function niceTicks(lo, hi, count = 5) {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const mult = [1, 2, 5, 10].find((m) => span / (step * m) <= count) ?? 10;
  const s = step * mult;
  const ticks = [];
  for (let v = Math.ceil(lo / s) * s; v <= hi + 1e-9; v += s) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const fmt = (v) => (Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : `${Number(v.toPrecision(3))}`);

/**
 * @param o { title, xLabel, yLabel, logY?, series: [{ name, color, points: [[x, y]], dash? }], hlines?: [{ y, label }] }
 */
export function lineChart(o) {
  const pts = o.series.flatMap((s) => s.points).filter(([, y]) => !o.logY || y > 0);
  const xs = pts.map(([x]) => x);
  const ys = [...pts.map(([, y]) => y), ...(o.hlines ?? []).map((h) => h.y)];
  const x0 = Math.min(0, ...xs);
  const x1 = Math.max(1, ...xs);
  let y0 = o.logY ? Math.max(0.1, Math.min(...ys)) : 0;
  let y1 = Math.max(1, ...ys) * 1.05;
  if (o.logY) { y0 = 10 ** Math.floor(Math.log10(y0)); y1 = 10 ** Math.ceil(Math.log10(y1)); }
  const fy = o.logY ? (y) => Math.log10(Math.max(y, y0)) : (y) => y;
  const px = (x) => M.l + ((x - x0) / (x1 - x0 || 1)) * (W - M.l - M.r);
  const py = (y) => H - M.b - ((fy(y) - fy(y0)) / (fy(y1) - fy(y0) || 1)) * (H - M.t - M.b);
  const yTicks = o.logY ? Array.from({ length: Math.round(Math.log10(y1 / y0)) + 1 }, (_, i) => y0 * 10 ** i) : niceTicks(y0, y1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${esc(o.title)}</text>`,
  ];
  for (const t of yTicks) {
    parts.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`, `<text x="${M.l - 6}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  for (const t of niceTicks(x0, x1, 8)) {
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${H - M.b}" y2="${H - M.b + 4}" stroke="#333"/>`, `<text x="${px(t)}" y="${H - M.b + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  parts.push(
    `<line x1="${M.l}" x2="${W - M.r}" y1="${H - M.b}" y2="${H - M.b}" stroke="#333"/>`,
    `<line x1="${M.l}" x2="${M.l}" y1="${M.t}" y2="${H - M.b}" stroke="#333"/>`,
    `<text x="${(M.l + W - M.r) / 2}" y="${H - 8}" text-anchor="middle">${esc(o.xLabel)}</text>`,
    `<text transform="translate(14 ${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  );
  for (const h of o.hlines ?? []) {
    parts.push(`<line x1="${M.l}" x2="${W - M.r}" y1="${py(h.y)}" y2="${py(h.y)}" stroke="#c00" stroke-dasharray="4 3"/>`, `<text x="${W - M.r - 4}" y="${py(h.y) - 4}" text-anchor="end" fill="#c00">${esc(h.label)}</text>`);
  }
  o.series.forEach((s, i) => {
    const d = s.points.filter(([, y]) => !o.logY || y > 0).map(([x, y], j) => `${j ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    if (s.markers) for (const [x, y] of s.points) parts.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${s.color}"/>`);
    const lx = M.l + 10 + i * 170;
    parts.push(`<line x1="${lx}" x2="${lx + 18}" y1="${M.t - 6}" y2="${M.t - 6}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`, `<text x="${lx + 22}" y="${M.t - 2}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
