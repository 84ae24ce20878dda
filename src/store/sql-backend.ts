import { type Kysely, sql } from "kysely";
import type { Database } from "./schema";
import type { LogBackend, QuestionRow, ReportRow, Tier, VoteResult } from "./types";

/** The question log and feedback over SQL: the same queries for PGlite and a PostgreSQL server. */

// Bounds one statement's size (and the time a write holds its connection).
const BATCH_ROWS = 1000;

export function sqlBackend(db: Kysely<Database>): LogBackend {
  return {
    async insertQuestions(rows: QuestionRow[]) {
      // One array per column (eleven parameters whatever the batch size): a batch of hundreds of rows
      // costs the process about as much as one row, where a VALUES list costs ten per row.
      for (let i = 0; i < rows.length; i += BATCH_ROWS) {
        const batch = rows.slice(i, i + BATCH_ROWS);
        const column = <T>(pick: (r: QuestionRow) => T) => batch.map(pick);
        await sql`
          insert into questions
            (id, asked_at, platform, workspace, channel, user_hash, question, tier, confidence, fact_id, documents)
          select * from unnest(
            ${column((r) => r.id)}::uuid[], ${column((r) => r.askedAt.toISOString())}::timestamptz[],
            ${column((r) => r.platform)}::text[], ${column((r) => r.workspace)}::text[],
            ${column((r) => r.channel)}::text[], ${column((r) => r.userHash)}::text[],
            ${column((r) => r.question)}::text[], ${column((r) => r.tier)}::text[],
            ${column((r) => r.confidence)}::float8[], ${column((r) => r.factId)}::text[],
            ${column((r) => r.documents ?? null)}::text[])
          -- A retried write after a timeout must not fail the whole batch.
          on conflict (id) do nothing`.execute(db);
      }
    },

    async vote({ questionId, userHash, vote, at }): Promise<VoteResult> {
      // Inserted only if the question is logged (it may have been pruned, or never written).
      const result = await sql<{ question_id: string }>`
        insert into feedback (question_id, user_hash, vote, voted_at)
        select id, ${userHash}, ${vote === "good" ? 1 : -1}, ${at} from questions where id = ${questionId}
        on conflict (question_id, user_hash) do update set vote = excluded.vote, voted_at = excluded.voted_at
        returning question_id`.execute(db);
      return result.rows.length > 0 ? "recorded" : "unknown_question";
    },

    async prune(before: Date) {
      const result = await db.deleteFrom("questions").where("asked_at", "<", before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    reportRows: (since: Date) => reportRows(db, since),

    async question(id: string): Promise<QuestionRow | null> {
      // Not a uuid: no such row (the column's type would otherwise make it an error).
      if (!UUID.test(id)) return null;
      const r = await db.selectFrom("questions").selectAll().where("id", "=", id).executeTakeFirst();
      return r
        ? {
            id: r.id,
            askedAt: new Date(r.asked_at),
            platform: r.platform,
            workspace: r.workspace,
            channel: r.channel,
            userHash: r.user_hash,
            question: r.question,
            tier: r.tier as Tier,
            confidence: r.confidence,
            factId: r.fact_id,
            documents: r.documents,
          }
        : null;
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The logged questions since a time with their votes, oldest first: every channel's (the chat's
 * report), or one channel's (`null`: the terminal's), for a class.
 */
export async function reportRows(
  db: Kysely<Database>,
  since: Date,
  channel?: string | null,
): Promise<ReportRow[]> {
  const rows = await db
    .selectFrom("questions as q")
    .leftJoin("feedback as f", "f.question_id", "q.id")
    .where("q.asked_at", ">=", since)
    .$if(channel !== undefined, (qb) =>
      qb.where((eb) =>
        channel === null ? eb("q.channel", "is", null) : eb("q.channel", "=", channel as string),
      ),
    )
    .groupBy("q.id")
    .select([
      "q.id",
      "q.asked_at",
      "q.question",
      "q.tier",
      "q.fact_id",
      "q.documents",
      sql<number>`count(*) filter (where f.vote > 0)::int`.as("good"),
      sql<number>`count(*) filter (where f.vote < 0)::int`.as("bad"),
    ])
    .orderBy("q.asked_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    askedAt: new Date(r.asked_at),
    question: r.question,
    tier: r.tier as Tier,
    factId: r.fact_id,
    documents: r.documents,
    good: Number(r.good),
    bad: Number(r.bad),
  }));
}
