// A small hand-written SVG bar chart of traillake / DuckDB ratios (lower is
// better for traillake), on a log scale with the 1x line and each bar's target
// marked; no dependencies. Bars within their target are green, others red.

export interface Bar { readonly label: string; readonly ratio: number; readonly target?: number; readonly group: string }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ratioChart(title: string, bars: readonly Bar[]): string {
  const W = 760, LABEL = 300, RIGHT = 70, ROW = 20, TOP = 46, GROUP_GAP = 16;
  const lo = -1, hi = 2; // 0.1x .. 100x
  const x = (ratio: number) => LABEL + ((Math.min(hi, Math.max(lo, Math.log10(ratio))) - lo) / (hi - lo)) * (W - LABEL - RIGHT);
  const out: string[] = [];
  let y = TOP;
  let group = '';
  for (const b of bars) {
    if (b.group !== group) {
      if (group) y += GROUP_GAP;
      group = b.group;
      out.push(`<text x="8" y="${y + 12}" font-weight="bold">${esc(group)}</text>`);
      y += ROW;
    }
    const ok = b.ratio <= (b.target ?? 1);
    const x1 = x(1), xr = x(b.ratio);
    out.push(`<text x="${LABEL - 8}" y="${y + 14}" text-anchor="end">${esc(b.label)}</text>`);
    out.push(`<rect x="${Math.min(x1, xr).toFixed(1)}" y="${y + 3}" width="${Math.max(1, Math.abs(xr - x1)).toFixed(1)}" height="${ROW - 6}" fill="${ok ? '#2e9e5b' : '#d0453a'}"/>`);
    if (b.target !== undefined) out.push(`<line x1="${x(b.target).toFixed(1)}" x2="${x(b.target).toFixed(1)}" y1="${y + 1}" y2="${y + ROW - 1}" stroke="#333" stroke-dasharray="2,2"/>`);
    out.push(`<text x="${(Math.max(x1, xr) + 4).toFixed(1)}" y="${y + 14}">${b.ratio < 10 ? b.ratio.toFixed(2) : b.ratio.toFixed(0)}×</text>`);
    y += ROW;
  }
  const H = y + 34;
  const ticks = [0.1, 0.3, 1, 3, 10, 30, 100].map((t) =>
    `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP - 6}" y2="${y}" stroke="${t === 1 ? '#000' : '#ddd'}"/><text x="${x(t).toFixed(1)}" y="${y + 16}" text-anchor="middle" fill="#555">${t}×</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="8" y="36" fill="#555">traillake ÷ DuckDB (time, bytes or RSS; lower is better; log scale; dashed line = target)</text>`,
    ...ticks,
    ...out,
    `</svg>`,
  ].join('\n') + '\n';
}
