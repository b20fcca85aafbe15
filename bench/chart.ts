/**
 * An SVG chart of the ratios (bcoin's median time / ours) per block, for docs/BENCHMARKS.md:
 * grouped horizontal bars on a log scale with a line at 1× (equal speed); right of it, bllvm is faster.
 */

export interface ChartGroup {
  readonly label: string;
  readonly bars: readonly { readonly label: string; readonly ratio: number }[];
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ratioChart(title: string, groups: readonly ChartGroup[]): string {
  const labels = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const barH = 16;
  const gap = 14;
  const left = 250;
  const width = 820;
  const plotW = width - left - 60;
  const ratios = groups.flatMap((g) => g.bars.map((b) => b.ratio)).filter((r) => r > 0 && Number.isFinite(r));
  const lo = Math.min(0.5, ...ratios) / 1.2;
  const hi = Math.max(2, ...ratios) * 1.2;
  const x = (r: number): number => left + (plotW * Math.log(r / lo)) / Math.log(hi / lo);
  const legendH = 22 * labels.length + 10;
  let y = 40 + legendH;
  const parts: string[] = [];
  for (const g of groups) {
    parts.push(`<text x="${left - 8}" y="${y + (barH * g.bars.length) / 2 + 4}" text-anchor="end" font-size="13">${esc(g.label)}</text>`);
    for (const b of g.bars) {
      const color = COLORS[labels.indexOf(b.label) % COLORS.length];
      const x0 = x(lo);
      parts.push(`<rect x="${x0}" y="${y}" width="${Math.max(1, x(b.ratio) - x0)}" height="${barH - 2}" fill="${color}"/>`);
      parts.push(`<text x="${x(b.ratio) + 4}" y="${y + barH - 5}" font-size="11">${b.ratio.toFixed(2)}×</text>`);
      y += barH;
    }
    y += gap;
  }
  const height = y + 40;
  const ticks = [0.25, 0.5, 1, 2, 4, 8, 16, 32].filter((t) => t >= lo && t <= hi);
  const axis = ticks.map((t) => `<line x1="${x(t)}" y1="${40 + legendH - 6}" x2="${x(t)}" y2="${y}" stroke="${t === 1 ? '#000' : '#ddd'}" stroke-width="${t === 1 ? 1.5 : 1}"/><text x="${x(t)}" y="${y + 16}" text-anchor="middle" font-size="11">${t}×</text>`);
  const legend = labels.map((l, i) => `<rect x="${left}" y="${30 + 22 * i}" width="14" height="14" fill="${COLORS[i % COLORS.length]}"/><text x="${left + 20}" y="${42 + 22 * i}" font-size="12">${esc(l)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>
${legend.join('\n')}
${axis.join('\n')}
${parts.join('\n')}
<text x="${x(1)}" y="${height - 8}" text-anchor="middle" font-size="11">bcoin time / bllvm time (log scale; right of 1× bllvm is faster)</text>
</svg>
`;
}
