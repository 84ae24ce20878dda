import type { TeacherReport, UnansweredGroup } from "./build";
import { chartSvg } from "./chart";
import { reportSummary, unansweredLabel } from "./text";

/** A self-contained page: the chart inline as SVG, tables, no scripts and nothing fetched. */

export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** What other parts of the report add, as HTML they escaped (what the class taught: learned-html.ts). */
export interface ReportHtmlExtra {
  /** under an unanswered question */
  beside?: (g: UnansweredGroup) => string;
  /** after the report's own tables */
  after?: string;
}

export function reportHtml(report: TeacherReport, extra: ReportHtmlExtra = {}): string {
  const tiers = report.byTier
    .map((t) => `<tr><td>${esc(t.tier)}</td><td>${t.count}</td><td>${Math.round(t.share * 100)}%</td></tr>`)
    .join("");
  const unanswered = report.unanswered.length
    ? report.unanswered
        .map(
          (g) =>
            `<tr><td>${g.count}</td><td>${esc(unansweredLabel(g))}</td><td>${esc(g.question)}${g.variants.length ? `<div class="also">also: ${g.variants.slice(0, 5).map(esc).join("; ")}</div>` : ""}${extra.beside?.(g) ?? ""}</td></tr>`,
        )
        .join("")
    : `<tr><td colspan="3">none</td></tr>`;
  const given = report.mostGiven.length
    ? report.mostGiven
        .map(
          (a) =>
            `<tr><td>${a.given}</td><td>${a.good + a.bad === 0 ? "not rated" : `${a.good} / ${a.bad}`}</td><td>${esc(a.text ?? `fact ${a.factId}`)}<div class="also">asked as: ${esc(a.asked)}</div></td></tr>`,
        )
        .join("")
    : `<tr><td colspan="3">none</td></tr>`;
  const sets =
    report.documents === undefined && report.byDocuments.length > 1
      ? `<h2>By document set</h2><table><tr><th>questions</th><th>documents</th></tr>${report.byDocuments
          .map((d) => `<tr><td>${d.count}</td><td>${esc(d.documents)}</td></tr>`)
          .join("")}</table>`
      : "";
  const disliked = report.mostDisliked.length
    ? report.mostDisliked
        .map(
          (a) =>
            `<tr><td>${a.bad}</td><td>${a.good}</td><td>${esc(a.text ?? `fact ${a.factId}`)}<div class="also">asked as: ${esc(a.asked)}</div></td></tr>`,
        )
        .join("")
    : `<tr><td colspan="3">none</td></tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Questions ${esc(report.from)} to ${esc(report.to)}</title>
<style>body{font-family:sans-serif;max-width:720px;margin:2em auto;color:#212529}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border-bottom:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top}.also{color:#868e96;font-size:.85em}</style>
</head><body>
<h1>What the class asked</h1>
${reportSummary(report)
  .map((line) => `<p>${esc(line)}</p>`)
  .join("")}
${chartSvg(report)}
<h2>Answer rate by tier</h2><table><tr><th>tier</th><th>questions</th><th>share</th></tr>${tiers}</table>
${sets}
<h2>Top questions not answered for sure</h2><p class="also">"I don't know", and unsure replies (the closest passage offered). Typos of the same question are counted together.</p><table><tr><th>times</th><th>reply</th><th>question</th></tr>${unanswered}</table>
<h2>Answers given most</h2><table><tr><th>times</th><th>👍 / 👎</th><th>answer</th></tr>${given}</table>
<h2>Answers with the most 👎</h2><table><tr><th>👎</th><th>👍</th><th>answer</th></tr>${disliked}</table>
${extra.after ?? ""}
</body></html>
`;
}
