import type { CorpusIndex } from "../core/corpus-index";
import type { LogBackend, QuestionRow, ReportRow } from "../store/types";
import { buildReport, REPORT_DAYS, type TeacherReport } from "./build";

const DAY_MS = 86_400_000;

export interface LoadReportOptions {
  /** fact ids become answer texts */
  index?: CorpusIndex | undefined;
  /** rows still in the journal (read with readJournal): counted, as the database does not have them yet */
  journal?: readonly QuestionRow[];
  /** rows the database refused (read from STATE_DIR), counted apart */
  setAside?: readonly QuestionRow[];
  /** only questions asked against this document set */
  documents?: string | undefined;
}

/** Reads the last REPORT_DAYS days from the store, with what the journal holds that it lacks. */
export async function loadReport(
  backend: LogBackend,
  now: number,
  options: LoadReportOptions = {},
): Promise<TeacherReport> {
  const rows = await backend.reportRows(new Date(now - (REPORT_DAYS + 1) * DAY_MS));
  const stored = new Set(rows.map((r) => r.id));
  const waiting = new Set<string>();
  const merged: ReportRow[] = [...rows];
  for (const r of options.journal ?? []) {
    if (stored.has(r.id) || waiting.has(r.id)) continue;
    waiting.add(r.id);
    merged.push({
      id: r.id,
      askedAt: r.askedAt,
      question: r.question,
      tier: r.tier,
      factId: r.factId,
      documents: r.documents ?? null,
      good: 0,
      bad: 0,
    });
  }
  merged.sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime());
  const texts = new Map(options.index?.facts.map((f) => [f.id, f.text]) ?? []);
  return buildReport(merged, now, {
    factText: (id) => texts.get(id) ?? null,
    waiting,
    ...(options.setAside ? { setAside: options.setAside } : {}),
    ...(options.documents !== undefined ? { documents: options.documents } : {}),
  });
}
