import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";
import { reportRows } from "./sql-backend";
import type { ReportRow, Tier } from "./types";

/**
 * The report's data for one class: the questions logged in its channel (null: the terminal's).
 * `classReportCounts` reads the counts the database keeps (a class may have logged 100,000
 * questions in the report's days; the page must not read them all); `classReportRows` reads
 * rows, for tests and tools.
 */

export interface ClassReportCounts {
  /** questions per UTC day (YYYY-MM-DD) and tier */
  perDayTier: Array<{ day: string; tier: Tier; count: number }>;
  /** the questions not answered for sure ("I don't know" or unsure), as asked, most asked first (bounded) */
  notSure: Array<{ question: string; tier: Tier; count: number }>;
  /** per answer given confidently and question asked: how often */
  given: Array<{ factId: string; question: string; count: number }>;
  /** per fact, question asked and tier: its votes (only those that have some) */
  votes: Array<{ factId: string; question: string; tier: Tier; asked: number; good: number; bad: number }>;
  /** questions per document set ("all" for those asked against everything) */
  byDocuments: Array<{ documents: string; count: number }>;
}

// The report groups typos among the most asked wordings; rarer ones past this are not read.
const MAX_WORDINGS = 5_000;

const inClass = (column: string, channel: string | null) =>
  channel === null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${channel}`;

const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Counts over [from, until) in whole UTC days (the report's days: from and until are midnights;
 * a later `until` counts its whole day), from the counts the database keeps (question-counts.ts).
 */
export async function classReportCounts(
  db: Kysely<Database>,
  channel: string | null,
  from: Date,
  until: Date,
): Promise<ClassReportCounts> {
  const days = sql`c.day >= ${utcDay(from.getTime())}::date and c.day < ${utcDay(until.getTime() + DAY_MS - 1)}::date`;
  const where = sql`${inClass("c.channel", channel)} and ${days}`;
  const [perDayTier, notSure, given, votes, byDocuments] = await Promise.all([
    sql<{ day: string; tier: Tier; count: number }>`
      select c.day::text as day, c.tier, sum(c.n)::int as count
      from question_counts c where ${where} group by 1, 2`.execute(db),
    sql<{ question: string; tier: Tier; count: number }>`
      select c.question, c.tier, sum(c.n)::int as count from question_counts c
      where ${where} and c.tier <> 'answer' group by 1, 2 order by 3 desc, 1, 2
      limit ${MAX_WORDINGS}`.execute(db),
    sql<{ fact_id: string; question: string; count: number }>`
      select c.fact_id, c.question, sum(c.n)::int as count from question_counts c
      where ${where} and c.tier = 'answer' and c.fact_id is not null group by 1, 2`.execute(db),
    // Votes are few: read through them to their questions.
    sql<{ fact_id: string; question: string; tier: Tier; asked: number; good: number; bad: number }>`
      select q.fact_id, q.question, q.tier, count(distinct q.id)::int as asked,
        count(*) filter (where f.vote > 0)::int as good, count(*) filter (where f.vote < 0)::int as bad
      from feedback f join questions q on q.id = f.question_id
      where ${inClass("q.channel", channel)} and q.asked_at >= ${from} and q.asked_at < ${until}
        and q.fact_id is not null group by 1, 2, 3`.execute(db),
    sql<{ documents: string; count: number }>`
      select coalesce(c.documents, 'all') as documents, sum(c.n)::int as count from question_counts c
      where ${where} group by 1`.execute(db),
  ]);
  return {
    perDayTier: perDayTier.rows.map((r) => ({ day: r.day, tier: r.tier, count: Number(r.count) })),
    notSure: notSure.rows.map((r) => ({ question: r.question, tier: r.tier, count: Number(r.count) })),
    given: given.rows.map((r) => ({ factId: r.fact_id, question: r.question, count: Number(r.count) })),
    byDocuments: byDocuments.rows.map((r) => ({ documents: r.documents, count: Number(r.count) })),
    votes: votes.rows.map((r) => ({
      factId: r.fact_id,
      question: r.question,
      tier: r.tier,
      asked: Number(r.asked),
      good: Number(r.good),
      bad: Number(r.bad),
    })),
  };
}

/** The class's questions since a time, with their votes, oldest first (the chat report's rows, one class). */
export function classReportRows(
  db: Kysely<Database>,
  channel: string | null,
  since: Date,
): Promise<ReportRow[]> {
  return reportRows(db, since, channel);
}
