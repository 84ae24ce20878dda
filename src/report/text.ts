import type { ReplySection } from "../core/reply";
import type { TeacherReport } from "./build";

/** The report as plain text: for the terminal, and wherever an image cannot be shown. */

const BAR_WIDTH = 30;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** The report's parts as reply sections, so every chat renders them its own way. */
export function reportSections(report: TeacherReport, barWidth = BAR_WIDTH): ReplySection[] {
  const max = Math.max(1, ...report.perDay.map((d) => d.count));
  const perDay = report.perDay.map((d) => {
    const bar = "█".repeat(Math.round((d.count / max) * barWidth));
    return `${d.day.slice(5)} ${String(d.count).padStart(5)} ${bar}`;
  });
  const tiers = report.byTier.map(
    (t) => `${t.tier.padEnd(8)} ${String(t.count).padStart(5)}  ${percent(t.share)}`,
  );
  const unanswered = report.unanswered.map((g) => {
    const also = g.variants.length ? ` (also: ${g.variants.slice(0, 3).join("; ")})` : "";
    return `${String(g.count).padStart(4)}× ${g.question}${also}`;
  });
  const disliked = report.mostDisliked.map(
    (a) => `👎 ${a.bad} 👍 ${a.good}  ${a.text ?? `fact ${a.factId}`} (asked as: ${a.asked})`,
  );
  return [
    { heading: "Questions per day", lines: perDay },
    { heading: "Answer rate by tier", lines: tiers },
    {
      heading: "Top unanswered questions (typos counted together)",
      lines: unanswered.length ? unanswered : ["none"],
    },
    { heading: "Answers with the most 👎", lines: disliked.length ? disliked : ["none"] },
  ];
}

export function reportText(report: TeacherReport): string {
  const lines = [`Questions from ${report.from} to ${report.to}: ${report.total}`];
  for (const section of reportSections(report)) {
    lines.push("", `${section.heading}:`, ...section.lines.map((l) => `  ${l}`));
  }
  return lines.join("\n");
}
