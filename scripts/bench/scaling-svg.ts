export interface Series {
  label: string;
  colour: string;
  points: Array<{ x: number; y: number }>;
}

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A small hand-written line chart: items/s (y) against worker processes (x), one line per series. */
export function scalingSvg(title: string, subtitle: string, series: readonly Series[]): string {
  const width = 640;
  const height = 360;
  const pad = { left: 64, right: 170, top: 56, bottom: 48 };
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const yMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.y))) * 1.15;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const xAt = (x: number) => pad.left + (xs.length <= 1 ? plotW / 2 : (xs.indexOf(x) / (xs.length - 1)) * plotW);
  const yAt = (y: number) => pad.top + plotH - (y / yMax) * plotH;
  const step = yMax > 20 ? 5 : yMax > 8 ? 2 : yMax > 4 ? 1 : 0.5;
  const ticks: number[] = [];
  for (let y = 0; y <= yMax; y += step) ticks.push(y);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${pad.left}" y="22" font-size="15" font-weight="600">${esc(title)}</text>`,
    `<text x="${pad.left}" y="40" fill="#555">${esc(subtitle)}</text>`,
  ];
  for (const y of ticks) {
    out.push(`<line x1="${pad.left}" x2="${pad.left + plotW}" y1="${yAt(y)}" y2="${yAt(y)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${pad.left - 8}" y="${yAt(y) + 4}" text-anchor="end" fill="#555">${y}</text>`);
  }
  for (const x of xs) out.push(`<text x="${xAt(x)}" y="${pad.top + plotH + 18}" text-anchor="middle" fill="#555">${x}</text>`);
  out.push(`<text x="${pad.left + plotW / 2}" y="${height - 10}" text-anchor="middle">worker processes (2 jobs each)</text>`);
  out.push(`<text transform="translate(16 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle">items per second</text>`);
  out.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + plotH}" stroke="#999"/>`);
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j === 0 ? "M" : "L"}${xAt(p.x).toFixed(1)},${yAt(p.y).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2.5"/>`);
    for (const p of s.points) {
      out.push(`<circle cx="${xAt(p.x).toFixed(1)}" cy="${yAt(p.y).toFixed(1)}" r="4" fill="${s.colour}"/>`);
      out.push(`<text x="${xAt(p.x).toFixed(1)}" y="${(yAt(p.y) - 9).toFixed(1)}" text-anchor="middle" fill="${s.colour}">${p.y.toFixed(1)}</text>`);
    }
    const ly = pad.top + 10 + i * 22;
    out.push(`<line x1="${width - pad.right + 16}" x2="${width - pad.right + 40}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="2.5"/>`);
    out.push(`<text x="${width - pad.right + 46}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
