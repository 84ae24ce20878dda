import type { TeacherReport } from "./build";

/** The report as plain text: for the terminal, and wherever an image cannot be shown. */

const BAR_WIDTH = 30;
const percent = (share: number) => `${Math.round(share * 100)}%`;

export function reportText(report: TeacherReport): string {
  const lines: string[] = [`Questions from ${report.from} to ${report.to}: ${report.total}`, ""];
  lines.push("Questions per day:");
  const max = Math.max(1, ...report.perDay.map((d) => d.count));
  for (const d of report.perDay) {
    const bar = "█".repeat(Math.round((d.count / max) * BAR_WIDTH));
    lines.push(`  ${d.day.slice(5)} ${String(d.count).padStart(5)} ${bar}`);
  }
  lines.push("", "Answer rate by tier:");
  for (const t of report.byTier) {
    lines.push(`  ${t.tier.padEnd(8)} ${String(t.count).padStart(5)}  ${percent(t.share)}`);
  }
  lines.push("", "Top unanswered questions (typos counted together):");
  if (report.unanswered.length === 0) lines.push("  none");
  for (const g of report.unanswered) {
    const also = g.variants.length ? ` (also: ${g.variants.slice(0, 3).join("; ")})` : "";
    lines.push(`  ${String(g.count).padStart(4)}× ${g.question}${also}`);
  }
  lines.push("", "Answers with the most 👎:");
  if (report.mostDisliked.length === 0) lines.push("  none");
  for (const a of report.mostDisliked) {
    lines.push(`  👎 ${a.bad} 👍 ${a.good}  ${a.text ?? `fact ${a.factId}`}`);
    lines.push(`        asked as: ${a.asked}`);
  }
  return lines.join("\n");
}
