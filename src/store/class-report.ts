import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";
import type { ReportRow, Tier } from "./types";

/** The report's rows for one class: the questions logged in its channel (null: the terminal's). */
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
