import type { CorpusIndex } from "../core/corpus-index";
import type { LogBackend } from "../store/types";
import { buildReport, REPORT_DAYS, type TeacherReport } from "./build";

const DAY_MS = 86_400_000;

/** Reads the last REPORT_DAYS days from the store; fact ids become answer texts when `index` is given. */
export async function loadReport(
  backend: LogBackend,
  now: number,
  index?: CorpusIndex,
): Promise<TeacherReport> {
  const rows = await backend.reportRows(new Date(now - (REPORT_DAYS + 1) * DAY_MS));
  const texts = new Map(index?.facts.map((f) => [f.id, f.text]) ?? []);
  return buildReport(rows, now, (id) => texts.get(id) ?? null);
}
