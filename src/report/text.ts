import type { ReplySection } from "../core/reply";
import type { TeacherReport, UnansweredGroup } from "./build";

/** What other parts of the report add (what the class taught: report/learned-text.ts). */
export interface ReportExtra {
  beside?: (g: UnansweredGroup) => string[];
  sections?: ReplySection[];
}

/** The report as plain text: for the terminal, and wherever an image cannot be shown. */

const BAR_WIDTH = 30;
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** How the bot replied to a group of questions it did not answer for sure. */
export function unansweredLabel(g: UnansweredGroup): string {
  if (g.unsure === 0) return "I don't know";
  if (g.unknown === 0) return "unsure";
  return `I don't know ${g.unknown}, unsure ${g.unsure}`;
}

const rated = (a: { good: number; bad: number }) =>
  a.good + a.bad === 0 ? "not rated" : `👍 ${a.good} 👎 ${a.bad}`;

/** The first lines: the period, the document set, and questions not (yet) in the database. */
export function reportSummary(report: TeacherReport): string[] {
  const set = report.documents === undefined ? "" : ` asked against ${documentSetName(report.documents)}`;
  const lines = [`Questions${set} from ${report.from} to ${report.to}: ${report.total}`];
  if (report.waiting > 0)
    lines.push(`(${report.waiting} of them still in the journal, not yet written to the database)`);
  if (report.setAside > 0)
    lines.push(
      `${report.setAside} more could not be stored: the database refused them; they are kept in STATE_DIR/question-log.set-aside.ndjson`,
    );
  return lines;
}

export const documentSetName = (documents: string) =>
  documents === "all" ? "all documents" : `the folder${documents.includes(",") ? "s" : ""} ${documents}`;

/** The report's parts as reply sections, so every chat renders them its own way. */
export function reportSections(
  report: TeacherReport,
  barWidth = BAR_WIDTH,
  /** lines shown under an unanswered question (its closest passages: report/learned-text.ts) */
  beside: (g: UnansweredGroup) => string[] = () => [],
): ReplySection[] {
  const max = Math.max(1, ...report.perDay.map((d) => d.count));
  const perDay = report.perDay.map((d) => {
    const bar = "█".repeat(Math.round((d.count / max) * barWidth));
    return `${d.day.slice(5)} ${String(d.count).padStart(5)} ${bar}`;
  });
  const tiers = report.byTier.map(
    (t) => `${t.tier.padEnd(8)} ${String(t.count).padStart(5)}  ${percent(t.share)}`,
  );
  const unanswered = report.unanswered.flatMap((g) => {
    const also = g.variants.length ? ` (also: ${g.variants.slice(0, 3).join("; ")})` : "";
    return [`${String(g.count).padStart(4)}× ${g.question} [${unansweredLabel(g)}]${also}`, ...beside(g)];
  });
  const given = report.mostGiven.map(
    (a) =>
      `${String(a.given).padStart(4)}× ${a.text ?? `fact ${a.factId}`} (${rated(a)}; asked as: ${a.asked})`,
  );
  const disliked = report.mostDisliked.map(
    (a) => `👎 ${a.bad} 👍 ${a.good}  ${a.text ?? `fact ${a.factId}`} (asked as: ${a.asked})`,
  );
  // Classes with their own folders (CHANNEL_DOCUMENTS) are told apart; one set needs no table.
  const sets =
    report.documents === undefined && report.byDocuments.length > 1
      ? [
          {
            heading: "By document set",
            lines: report.byDocuments.map((d) => `${String(d.count).padStart(5)}  ${d.documents}`),
          },
        ]
      : [];
  return [
    { heading: "Questions per day", lines: perDay },
    { heading: "Answer rate by tier", lines: tiers },
    ...sets,
    {
      heading: "Top questions not answered for sure (typos counted together)",
      lines: unanswered.length ? unanswered : ["none"],
    },
    { heading: "Answers given most", lines: given.length ? given : ["none"] },
    { heading: "Answers with the most 👎", lines: disliked.length ? disliked : ["none"] },
  ];
}

export function reportText(report: TeacherReport, extra?: ReportExtra): string {
  const lines = reportSummary(report);
  const sections = [...reportSections(report, BAR_WIDTH, extra?.beside), ...(extra?.sections ?? [])];
  for (const section of sections) {
    lines.push("", `${section.heading}:`, ...section.lines.map((l) => `  ${l}`));
  }
  return lines.join("\n");
}
