import type { TeacherReport } from "./build";

/**
 * Questions per day as an SVG bar chart (for the HTML page), and as a PNG rendered server-side by
 * resvg (for chat, where SVG is not shown). resvg is loaded on demand: if its native binary is
 * missing on a platform, the caller falls back to the text chart.
 */

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 30, right: 16, bottom: 40, left: 40 };

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function chartSvg(report: TeacherReport): string {
  const days = report.perDay;
  const max = Math.max(1, ...days.map((d) => d.count));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / days.length;
  const bars = days.map((d, i) => {
    const h = (d.count / max) * plotH;
    const x = PAD.left + i * slot + slot * 0.15;
    const y = PAD.top + plotH - h;
    const label = d.count
      ? `<text x="${x + slot * 0.35}" y="${y - 4}" font-size="11" text-anchor="middle">${d.count}</text>`
      : "";
    const dayLabel = `<text x="${x + slot * 0.35}" y="${HEIGHT - PAD.bottom + 16}" font-size="10" text-anchor="middle">${escapeXml(d.day.slice(5))}</text>`;
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="#1c7ed6"><title>${escapeXml(d.day)}: ${d.count}</title></rect>${label}${dayLabel}`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" role="img" aria-label="Questions per day">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="18" font-size="14" font-weight="bold">Questions per day, ${escapeXml(report.from)} to ${escapeXml(report.to)}</text>`,
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}" stroke="#868e96"/>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + 4}" font-size="10" text-anchor="end">${max}</text>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + plotH}" font-size="10" text-anchor="end">0</text>`,
    ...bars,
    "</svg>",
  ].join("");
}

/** The chart as PNG bytes, or null when no renderer is available here. */
export async function chartPng(svg: string): Promise<Buffer | null> {
  try {
    const { Resvg } = await import("@resvg/resvg-js");
    return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: true } }).render().asPng());
  } catch {
    return null;
  }
}
