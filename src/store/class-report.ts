import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";
import type { ReportRow, Tier } from "./types";

/**
 * The report's data for one class: the questions logged in its channel (null: the terminal's).
 * `classReportCounts` counts in SQL (a class may have logged 100,000 questions in the report's
 * days; the page must not read them all); `classReportRows` reads rows, for tests and tools.
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

const inClass = (channel: string | null) =>
  channel === null ? sql`q.channel is null` : sql`q.channel = ${channel}`;

export async function classReportCounts(
  db: Kysely<Database>,
  channel: string | null,
  from: Date,
  until: Date,
): Promise<ClassReportCounts> {
  const where = sql`${inClass(channel)} and q.asked_at >= ${from} and q.asked_at < ${until}`;
  const [perDayTier, notSure, given, votes, byDocuments] = await Promise.all([
    sql<{ day: string; tier: Tier; count: number }>`
      select ((q.asked_at at time zone 'UTC')::date)::text as day, q.tier, count(*)::int as count
      from questions q where ${where} group by 1, 2`.execute(db),
    sql<{ question: string; tier: Tier; count: number }>`
      select q.question, q.tier, count(*)::int as count from questions q
      where ${where} and q.tier <> 'answer' group by 1, 2 order by 3 desc, 1, 2
      limit ${MAX_WORDINGS}`.execute(db),
    sql<{ fact_id: string; question: string; count: number }>`
      select q.fact_id, q.question, count(*)::int as count from questions q
      where ${where} and q.tier = 'answer' and q.fact_id is not null group by 1, 2`.execute(db),
    sql<{ fact_id: string; question: string; tier: Tier; asked: number; good: number; bad: number }>`
      select q.fact_id, q.question, q.tier, count(distinct q.id)::int as asked,
        count(*) filter (where f.vote > 0)::int as good, count(*) filter (where f.vote < 0)::int as bad
      from feedback f join questions q on q.id = f.question_id
      where ${where} and q.fact_id is not null group by 1, 2, 3`.execute(db),
    sql<{ documents: string; count: number }>`
      select coalesce(q.documents, 'all') as documents, count(*)::int as count from questions q
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

export async function classReportRows(
  db: Kysely<Database>,
  channel: string | null,
  since: Date,
): Promise<ReportRow[]> {
  const rows = await db
    .selectFrom("questions as q")
    .leftJoin("feedback as f", "f.question_id", "q.id")
    .where("q.asked_at", ">=", since)
    .where((eb) => (channel === null ? eb("q.channel", "is", null) : eb("q.channel", "=", channel)))
    .groupBy("q.id")
    .select([
      "q.id",
      "q.documents",
      "q.asked_at",
      "q.question",
      "q.tier",
      "q.fact_id",
      sql<number>`count(*) filter (where f.vote > 0)::int`.as("good"),
      sql<number>`count(*) filter (where f.vote < 0)::int`.as("bad"),
    ])
    .orderBy("q.asked_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    documents: r.documents,
    askedAt: new Date(r.asked_at),
    question: r.question,
    tier: r.tier as Tier,
    factId: r.fact_id,
    good: Number(r.good),
    bad: Number(r.bad),
  }));
}
