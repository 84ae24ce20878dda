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
  /** the unanswered questions as asked, most asked first (bounded) */
  unknown: Array<{ question: string; count: number }>;
  /** per answer given and question asked: its votes (only answers that have some) */
  votes: Array<{ factId: string; question: string; asked: number; good: number; bad: number }>;
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
  const [perDayTier, unknown, votes] = await Promise.all([
    sql<{ day: string; tier: Tier; count: number }>`
      select ((q.asked_at at time zone 'UTC')::date)::text as day, q.tier, count(*)::int as count
      from questions q where ${where} group by 1, 2`.execute(db),
    sql<{ question: string; count: number }>`
      select q.question, count(*)::int as count from questions q
      where ${where} and q.tier = 'unknown' group by 1 order by 2 desc, 1 limit ${MAX_WORDINGS}`.execute(db),
    sql<{ fact_id: string; question: string; asked: number; good: number; bad: number }>`
      select q.fact_id, q.question, count(distinct q.id)::int as asked,
        count(*) filter (where f.vote > 0)::int as good, count(*) filter (where f.vote < 0)::int as bad
      from feedback f join questions q on q.id = f.question_id
      where ${where} and q.fact_id is not null group by 1, 2`.execute(db),
  ]);
  return {
    perDayTier: perDayTier.rows.map((r) => ({ day: r.day, tier: r.tier, count: Number(r.count) })),
    unknown: unknown.rows.map((r) => ({ question: r.question, count: Number(r.count) })),
    votes: votes.rows.map((r) => ({
      factId: r.fact_id,
      question: r.question,
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
    askedAt: new Date(r.asked_at),
    question: r.question,
    tier: r.tier as Tier,
    factId: r.fact_id,
    good: Number(r.good),
    bad: Number(r.bad),
  }));
}
