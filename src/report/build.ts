import type { ReportRow, Tier } from "../store/types";
import { groupQuestions, type QuestionGroup } from "./group";

/** The teacher's report, computed from logged rows: a pure function of the rows and the clock. */

export const REPORT_DAYS = 14;
const TOP = 10;
const DAY_MS = 86_400_000;

/** A group of questions the bot did not answer for sure, with how it replied to them. */
export interface UnansweredGroup extends QuestionGroup {
  /** times it said "I don't know" */
  unknown: number;
  /** times it was unsure and offered the closest passage */
  unsure: number;
}

export interface AnswerCount {
  factId: string;
  text: string | null;
  /** times it was given as a confident answer */
  given: number;
  good: number;
  bad: number;
  /** the wording it was most often given for */
  asked: string;
}

export interface TeacherReport {
  /** first and last day covered, YYYY-MM-DD (UTC) */
  from: string;
  to: string;
  /** the document set reported on (a class's folders); undefined: every question */
  documents?: string | undefined;
  perDay: Array<{ day: string; count: number }>;
  total: number;
  byTier: Array<{ tier: Tier; count: number; share: number }>;
  /** questions per document set (folders; "all documents" for questions asked against everything) */
  byDocuments: Array<{ documents: string; count: number }>;
  unanswered: UnansweredGroup[];
  /** the confident answers given most, rated or not */
  mostGiven: AnswerCount[];
  mostDisliked: Array<{ factId: string; text: string | null; bad: number; good: number; asked: string }>;
  /** of `total`, questions still in the journal (not yet in the database) */
  waiting: number;
  /** questions the database refused (set aside in STATE_DIR), in this period */
  setAside: number;
}

export interface ReportOptions {
  /** turns a fact id into the answer's text, when the documents are at hand */
  factText?: (factId: string) => string | null;
  /** only questions asked against this document set ("all" for those asked against everything) */
  documents?: string | undefined;
  /** ids of the rows that are not in the database yet (read from the journal) */
  waiting?: ReadonlySet<string>;
  /** questions the database refused (set aside in STATE_DIR) */
  setAside?: ReadonlyArray<{ askedAt: Date; documents?: string | null | undefined }>;
}

export const ALL_DOCUMENTS = "all";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function buildReport(rows: ReportRow[], now: number, options: ReportOptions = {}): TeacherReport {
  const factText = options.factText ?? (() => null);
  const lastDay = Date.parse(`${day(now)}T00:00:00Z`);
  const firstDay = lastDay - (REPORT_DAYS - 1) * DAY_MS;
  const inPeriod = (at: Date) => at.getTime() >= firstDay && at.getTime() < lastDay + DAY_MS;
  const periodRows = rows.filter((r) => inPeriod(r.askedAt));
  const setOf = (r: ReportRow) => r.documents ?? ALL_DOCUMENTS;
  const byDocuments = [...count(periodRows.map(setOf)).entries()]
    .map(([documents, n]) => ({ documents, count: n }))
    .sort((a, b) => b.count - a.count || a.documents.localeCompare(b.documents));
  const inRange =
    options.documents === undefined ? periodRows : periodRows.filter((r) => setOf(r) === options.documents);

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

  // Unsure replies count too: the bot offered a passage it did not vouch for.
  const notSure = inRange.filter((r) => r.tier !== "answer");
  const tiersOf = new Map<string, { unknown: number; unsure: number }>();
  for (const r of notSure) {
    const wording = r.question.trim();
    const entry = tiersOf.get(wording) ?? { unknown: 0, unsure: 0 };
    if (r.tier === "unknown") entry.unknown++;
    else entry.unsure++;
    tiersOf.set(wording, entry);
  }
  const unanswered = groupQuestions(notSure.map((r) => r.question))
    .slice(0, TOP)
    .map((g) => {
      const tally = { unknown: 0, unsure: 0 };
      for (const wording of [g.question, ...g.variants]) {
        const t = tiersOf.get(wording);
        tally.unknown += t?.unknown ?? 0;
        tally.unsure += t?.unsure ?? 0;
      }
      return { ...g, ...tally };
    });

  const given = new Map<string, { given: number; good: number; bad: number; asked: Map<string, number> }>();
  for (const r of inRange) {
    if (r.tier !== "answer" || !r.factId) continue;
    const entry = given.get(r.factId) ?? { given: 0, good: 0, bad: 0, asked: new Map() };
    entry.given++;
    entry.good += r.good;
    entry.bad += r.bad;
    entry.asked.set(r.question, (entry.asked.get(r.question) ?? 0) + 1);
    given.set(r.factId, entry);
  }
  const mostGiven = rankGiven(given, factText);

  const byFact = new Map<string, { bad: number; good: number; asked: Map<string, number> }>();
  for (const r of inRange) {
    if (!r.factId || r.good + r.bad === 0) continue;
    const entry = byFact.get(r.factId) ?? { bad: 0, good: 0, asked: new Map() };
    entry.bad += r.bad;
    entry.good += r.good;
    entry.asked.set(r.question, (entry.asked.get(r.question) ?? 0) + 1);
    byFact.set(r.factId, entry);
  }
  const mostDisliked = rankDisliked(byFact, factText);

  const waiting = options.waiting;
  return {
    from: day(firstDay),
    to: day(lastDay),
    ...(options.documents !== undefined ? { documents: options.documents } : {}),
    perDay,
    total: inRange.length,
    byTier,
    byDocuments,
    unanswered,
    mostGiven,
    mostDisliked,
    waiting: waiting ? inRange.filter((r) => waiting.has(r.id)).length : 0,
    setAside: (options.setAside ?? []).filter(
      (r) =>
        inPeriod(r.askedAt) &&
        (options.documents === undefined || (r.documents ?? ALL_DOCUMENTS) === options.documents),
    ).length,
  };
}

function count(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Per fact: times given confidently, its votes, and how often each wording got it. */
export type GivenTally = Map<
  string,
  { given: number; good: number; bad: number; asked: Map<string, number> }
>;
/** Per fact: its votes, and how often each wording got it. */
export type VoteTally = Map<string, { good: number; bad: number; asked: Map<string, number> }>;

/** The answers given most (the report and the teacher's page rank them alike). */
export function rankGiven(given: GivenTally, factText: (factId: string) => string | null): AnswerCount[] {
  return [...given.entries()]
    .sort((a, b) => b[1].given - a[1].given || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([factId, e]) => ({
      factId,
      text: factText(factId),
      given: e.given,
      good: e.good,
      bad: e.bad,
      asked: mostCommon(e.asked),
    }));
}

/** The answers with the most 👎. */
export function rankDisliked(
  byFact: VoteTally,
  factText: (factId: string) => string | null,
): TeacherReport["mostDisliked"] {
  return [...byFact.entries()]
    .filter(([, e]) => e.bad > 0)
    .sort((a, b) => b[1].bad - a[1].bad || a[1].good - b[1].good)
    .slice(0, TOP)
    .map(([factId, e]) => ({
      factId,
      text: factText(factId),
      bad: e.bad,
      good: e.good,
      asked: mostCommon(e.asked),
    }));
}

/** The wording asked most often (ties: the first in alphabetical order, whatever the rows' order). */
export const mostCommon = (asked: Map<string, number>) =>
  [...asked.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "";
