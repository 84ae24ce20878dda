import { type Kysely, type Migration, Migrator, sql } from "kysely";
import { questionCountsMigration } from "./question-counts";
import { teacherPageMigration } from "./teacher-schema";

/**
 * Versioned migrations, run at start-up by Kysely's Migrator (which records them in its own table
 * and takes a lock, so two processes starting together migrate once). Never edit a released one:
 * add the next.
 */

const migrations: Record<string, Migration> = {
  "0001_question_log": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("questions")
        .addColumn("id", "uuid", (c) => c.primaryKey())
        .addColumn("asked_at", "timestamptz", (c) => c.notNull())
        .addColumn("platform", "text", (c) => c.notNull())
        .addColumn("workspace", "text")
        .addColumn("channel", "text")
        .addColumn("user_hash", "text", (c) => c.notNull())
        .addColumn("question", "text", (c) => c.notNull())
        .addColumn("tier", "text", (c) => c.notNull().check(sql`tier in ('answer', 'closest', 'unknown')`))
        .addColumn("confidence", "float8")
        .addColumn("fact_id", "text")
        .execute();
      await db.schema.createIndex("questions_asked_at").on("questions").column("asked_at").execute();
      await db.schema
        .createTable("feedback")
        .addColumn("question_id", "uuid", (c) => c.notNull().references("questions.id").onDelete("cascade"))
        .addColumn("user_hash", "text", (c) => c.notNull())
        .addColumn("vote", "int2", (c) => c.notNull().check(sql`vote in (-1, 1)`))
        .addColumn("voted_at", "timestamptz", (c) => c.notNull())
        .addPrimaryKeyConstraint("feedback_one_vote_per_user", ["question_id", "user_hash"])
        .execute();
    },
  },
  // State that several bot processes on one PostgreSQL server share (DATABASE_URL): each user's
  // recent question times for the rate limit, and the Slack event ids already taken.
  "0002_shared_state": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("rate_limits")
        .addColumn("user_key", "text", (c) => c.primaryKey())
        .addColumn("hits", sql`timestamptz[]`, (c) => c.notNull())
        .addColumn("allowed", "boolean", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("seen_events")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("seen_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("seen_events_seen_at").on("seen_events").column("seen_at").execute();
    },
  },
  // What a class taught the bot (issue 17): marks ("this answered it", 👎, the teacher's teach), one
  // per user per question, the user as the question log's keyed hash; the teacher's rejections;
  // and links dropped because their passage left the documents, for the teacher's report.
  "0003_learning": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("learned_marks")
        .addColumn("class_key", "text", (c) => c.notNull())
        .addColumn("user_hash", "text", (c) => c.notNull())
        .addColumn("question_key", "text", (c) => c.notNull())
        .addColumn("question", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('student', 'teacher')`))
        .addColumn("fact_id", "text", (c) => c.notNull())
        .addColumn("passage", "text", (c) => c.notNull())
        .addColumn("vote", "int2", (c) => c.notNull().check(sql`vote in (-1, 1)`))
        .addColumn("marked_at", "timestamptz", (c) => c.notNull())
        .addPrimaryKeyConstraint("learned_marks_one_per_user_question", [
          "class_key",
          "user_hash",
          "question_key",
        ])
        .execute();
      await db.schema
        .createIndex("learned_marks_passage")
        .on("learned_marks")
        .columns(["class_key", "passage"])
        .execute();
      await db.schema
        .createTable("learned_rejections")
        .addColumn("class_key", "text", (c) => c.notNull())
        .addColumn("question_key", "text", (c) => c.notNull())
        .addColumn("passage", "text", (c) => c.notNull())
        .addColumn("rejected_at", "timestamptz", (c) => c.notNull())
        .addPrimaryKeyConstraint("learned_rejections_key", ["class_key", "question_key", "passage"])
        .execute();
      await db.schema
        .createTable("learned_dropped")
        .addColumn("class_key", "text", (c) => c.notNull())
        .addColumn("question", "text", (c) => c.notNull())
        .addColumn("passage", "text", (c) => c.notNull())
        .addColumn("dropped_at", "timestamptz", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("learned_dropped_at").on("learned_dropped").column("dropped_at").execute();
    },
  },
  // The document set a question was asked against (a class's folders, CHANNEL_DOCUMENTS), so the
  // report can keep classes apart.
  "0004_question_documents": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("questions").addColumn("documents", "text").execute();
    },
  },
  // The teacher's page (src/web): sign-in links, sessions, uploaded documents per class, audit.
  "0005_teacher_page": teacherPageMigration,
  // The question log's counts for the teacher's report, kept by triggers (question-counts.ts).
  "0006_question_counts": questionCountsMigration,
};

export async function migrate(db: Kysely<unknown>): Promise<string[]> {
  // The migration tables live in the schema the connection writes to (its search_path). Unnamed,
  // Kysely looks for them in any schema, and a database whose public schema already holds them
  // would make it skip creating its own (found: "kysely_migration_lock does not exist").
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
    ?.schema;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    if (attempt < CATALOG_RACE_ATTEMPTS && droppedMeanwhile(error)) continue;
    throw error;
  }
}

/**
 * Kysely finds its own tables by listing every table of the database, and pg_get_serial_sequence
 * fails ("column ... of relation ... does not exist") on one that another client drops meanwhile
 * (seen: a test's schema dropped while another migrated; another app's migrations would do the
 * same). Nothing was migrated then (the migrations run in one transaction): try again.
 */
const CATALOG_RACE_ATTEMPTS = 3;
const droppedMeanwhile = (error: unknown) =>
  ["42703", "42P01"].includes((error as { code?: string })?.code ?? "") &&
  /of relation|relation .* does not exist/.test((error as Error)?.message ?? "");

export const MIGRATION_NAMES = Object.keys(migrations);
