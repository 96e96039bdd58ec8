/** The cost curves as an SVG line chart: p50 per measure against the number of concepts, both axes logarithmic. */
export interface Curve {
  name: string;
  points: { x: number; y: number }[];
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

export function chartSvg(curves: Curve[], title: string): string {
  const [w, h, left, right, top, bottom] = [760, 420, 60, 250, 40, 50];
  const xs = curves.flatMap((c) => c.points.map((p) => p.x));
  const ys = curves.flatMap((c) => c.points.map((p) => Math.max(p.y, 0.1)));
  const [x0, x1] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const [y0, y1] = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys)))];
  const px = (x: number) => left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * (w - left - right);
  const py = (y: number) => h - bottom - ((Math.log10(Math.max(y, 0.1)) - y0) / (y1 - y0 || 1)) * (h - top - bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14">${escape(title)}</text>`,
  ];
  for (let e = y0; e <= y1; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${left}" x2="${w - right}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${10 ** e} ms</text>`);
  }
  for (const x of [...new Set(xs)]) {
    out.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${top}" y2="${h - bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(x)}" y="${h - bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  out.push(`<text x="${(left + w - right) / 2}" y="${h - 12}" text-anchor="middle">concepts</text>`);
  curves.forEach((c, i) => {
    const color = COLORS[i % COLORS.length];
    const path = c.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of c.points) out.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${color}"/>`);
    out.push(`<rect x="${w - right + 14}" y="${top + i * 20}" width="12" height="12" fill="${color}"/>`);
    out.push(`<text x="${w - right + 32}" y="${top + i * 20 + 10}">${escape(c.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
