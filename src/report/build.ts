import type { ReportRow, Tier } from "../store/types";
import { groupQuestions, type QuestionGroup } from "./group";

/** The teacher's report, computed from logged rows: a pure function of the rows and the clock. */

export const REPORT_DAYS = 14;
const TOP = 10;
const DAY_MS = 86_400_000;

export interface TeacherReport {
  /** first and last day covered, YYYY-MM-DD (UTC) */
  from: string;
  to: string;
  perDay: Array<{ day: string; count: number }>;
  total: number;
  byTier: Array<{ tier: Tier; count: number; share: number }>;
  unanswered: QuestionGroup[];
  mostDisliked: Array<{ factId: string; text: string | null; bad: number; good: number; asked: string }>;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `factText` turns a fact id into the answer's text, when the documents are at hand. */
export function buildReport(
  rows: ReportRow[],
  now: number,
  factText: (factId: string) => string | null = () => null,
): TeacherReport {
  const lastDay = Date.parse(`${day(now)}T00:00:00Z`);
  const firstDay = lastDay - (REPORT_DAYS - 1) * DAY_MS;
  const inRange = rows.filter(
    (r) => r.askedAt.getTime() >= firstDay && r.askedAt.getTime() < lastDay + DAY_MS,
  );

  const perDay = Array.from({ length: REPORT_DAYS }, (_, i) => ({
    day: day(firstDay + i * DAY_MS),
    count: 0,
  }));
  for (const r of inRange) {
    const slot = perDay[Math.floor((r.askedAt.getTime() - firstDay) / DAY_MS)];
    if (slot) slot.count++;
  }

  const tiers: Tier[] = ["answer", "closest", "unknown"];
  const byTier = tiers.map((tier) => {
    const count = inRange.filter((r) => r.tier === tier).length;
    return { tier, count, share: inRange.length ? count / inRange.length : 0 };
  });

  const unanswered = groupQuestions(inRange.filter((r) => r.tier === "unknown").map((r) => r.question)).slice(
    0,
    TOP,
  );

  const byFact = new Map<string, { bad: number; good: number; asked: Map<string, number> }>();
  for (const r of inRange) {
    if (!r.factId || r.good + r.bad === 0) continue;
    const entry = byFact.get(r.factId) ?? { bad: 0, good: 0, asked: new Map() };
    entry.bad += r.bad;
    entry.good += r.good;
    entry.asked.set(r.question, (entry.asked.get(r.question) ?? 0) + 1);
    byFact.set(r.factId, entry);
  }
  const mostDisliked = [...byFact.entries()]
    .filter(([, e]) => e.bad > 0)
    .sort((a, b) => b[1].bad - a[1].bad || a[1].good - b[1].good)
    .slice(0, TOP)
    .map(([factId, e]) => ({
      factId,
      text: factText(factId),
      bad: e.bad,
      good: e.good,
      asked: [...e.asked.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "",
    }));

  return {
    from: day(firstDay),
    to: day(lastDay),
    perDay,
    total: inRange.length,
    byTier,
    unanswered,
    mostDisliked,
  };
}
