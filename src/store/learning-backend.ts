import { type Kysely, sql } from "kysely";
import type { Mark, Rejection } from "../core/learning/trust";
import { questionKey } from "../core/learning/trust";
import type { Database } from "./schema";

/**
 * Where marks, rejections and dropped links are kept: one set of queries for PGlite and a
 * PostgreSQL server, and the same operations in memory (tests, and the CLI without --state). The
 * store only stores: trust is derived in core/learning.
 */

export interface DroppedLink {
  classKey: string;
  question: string;
  passage: string;
  at: Date;
}

export interface LearningBackend {
  /** one mark per user per question in a class: a second replaces the first */
  putMark(mark: Mark): Promise<void>;
  reject(rejection: Rejection): Promise<void>;
  load(): Promise<{ marks: Mark[]; rejections: Rejection[] }>;
  /** deletes the marks on passages the class's documents no longer hold, and records them as dropped */
  drop(
    classKey: string,
    links: ReadonlyArray<{ question: string; passage: string }>,
    at: Date,
  ): Promise<void>;
  dropped(since: Date): Promise<DroppedLink[]>;
  /**
   * Deletes what no second student confirmed and is older than `before` (single marks, and 👎 on
   * passages nobody else marked); confirmed and taught links stay until rejected.
   */
  prune(before: Date): Promise<number>;
  /** deletes everything learned (QUESTION_LOG_DAYS=0) */
  clear(): Promise<void>;
  /** changes whenever anything above changes: replicas poll it and reload only then */
  version(): Promise<string>;
}

const toMark = (r: Database["learned_marks"]): Mark => ({
  classKey: r.class_key,
  userHash: r.user_hash,
  role: r.role === "teacher" ? "teacher" : "student",
  question: r.question,
  factId: r.fact_id,
  passage: r.passage,
  vote: r.vote < 0 ? -1 : 1,
  at: new Date(r.marked_at),
});

export function sqlLearningBackend(db: Kysely<Database>): LearningBackend {
  return {
    async putMark(m) {
      await db
        .insertInto("learned_marks")
        .values({
          class_key: m.classKey,
          user_hash: m.userHash,
          question_key: questionKey(m.question),
          question: m.question,
          role: m.role,
          fact_id: m.factId,
          passage: m.passage,
          vote: m.vote,
          marked_at: m.at,
        })
        .onConflict((oc) =>
          oc.columns(["class_key", "user_hash", "question_key"]).doUpdateSet((eb) => ({
            question: eb.ref("excluded.question"),
            role: eb.ref("excluded.role"),
            fact_id: eb.ref("excluded.fact_id"),
            passage: eb.ref("excluded.passage"),
            vote: eb.ref("excluded.vote"),
            marked_at: eb.ref("excluded.marked_at"),
          })),
        )
        .execute();
    },
    async reject(r) {
      await db
        .insertInto("learned_rejections")
        .values({ class_key: r.classKey, question_key: r.questionKey, passage: r.passage, rejected_at: r.at })
        .onConflict((oc) =>
          oc
            .columns(["class_key", "question_key", "passage"])
            .doUpdateSet((eb) => ({ rejected_at: eb.ref("excluded.rejected_at") })),
        )
        .execute();
    },
    async load() {
      const marks = await db.selectFrom("learned_marks").selectAll().execute();
      const rejections = await db.selectFrom("learned_rejections").selectAll().execute();
      return {
        marks: marks.map(toMark),
        rejections: rejections.map((r) => ({
          classKey: r.class_key,
          questionKey: r.question_key,
          passage: r.passage,
          at: new Date(r.rejected_at),
        })),
      };
    },
    async drop(classKey, links, at) {
      if (links.length === 0) return;
      await db.transaction().execute(async (tx) => {
        const passages = [...new Set(links.map((l) => l.passage))];
        await tx
          .deleteFrom("learned_marks")
          .where("class_key", "=", classKey)
          .where("passage", "in", passages)
          .execute();
        await tx
          .insertInto("learned_dropped")
          .values(
            links.map((l) => ({
              class_key: classKey,
              question: l.question,
              passage: l.passage,
              dropped_at: at,
            })),
          )
          .execute();
      });
    },
    async dropped(since) {
      const rows = await db
        .selectFrom("learned_dropped")
        .selectAll()
        .where("dropped_at", ">=", since)
        .orderBy("dropped_at")
        .execute();
      return rows.map((r) => ({
        classKey: r.class_key,
        question: r.question,
        passage: r.passage,
        at: new Date(r.dropped_at),
      }));
    },
    async prune(before) {
      const result = await sql`
        delete from learned_marks m
        where m.role = 'student' and m.marked_at < ${before}
          and not exists (
            select 1 from learned_marks o
            where o.class_key = m.class_key and o.passage = m.passage and o.user_hash <> m.user_hash
              and o.vote > 0 and (o.role = 'teacher' or m.vote > 0))`.execute(db);
      await db.deleteFrom("learned_dropped").where("dropped_at", "<", before).execute();
      return Number(result.numAffectedRows ?? 0);
    },
    async clear() {
      await db.deleteFrom("learned_marks").execute();
      await db.deleteFrom("learned_rejections").execute();
      await db.deleteFrom("learned_dropped").execute();
    },
    async version() {
      const r = await sql<{ v: string }>`
        select concat_ws(':',
          (select count(*) from learned_marks), (select max(marked_at) from learned_marks),
          (select count(*) from learned_rejections), (select max(rejected_at) from learned_rejections),
          (select count(*) from learned_dropped)) as v`.execute(db);
      return r.rows[0]?.v ?? "";
    },
  };
}

export function memoryLearningBackend(): LearningBackend {
  const marks = new Map<string, Mark>();
  const rejections = new Map<string, Rejection>();
  let dropped: DroppedLink[] = [];
  let changes = 0;
  const key = (m: Mark) => `${m.classKey}\u0000${m.userHash}\u0000${questionKey(m.question)}`;
  return {
    async putMark(m) {
      marks.set(key(m), { ...m });
      changes++;
    },
    async reject(r) {
      rejections.set(`${r.classKey}\u0000${r.questionKey}\u0000${r.passage}`, { ...r });
      changes++;
    },
    async load() {
      return { marks: [...marks.values()], rejections: [...rejections.values()] };
    },
    async drop(classKey, links, at) {
      const passages = new Set(links.map((l) => l.passage));
      for (const [k, m] of marks) if (m.classKey === classKey && passages.has(m.passage)) marks.delete(k);
      for (const l of links) dropped.push({ classKey, question: l.question, passage: l.passage, at });
      changes++;
    },
    async dropped(since) {
      return dropped.filter((d) => d.at >= since);
    },
    async prune(before) {
      let n = 0;
      const all = [...marks.values()];
      for (const [k, m] of marks) {
        if (m.role !== "student" || m.at >= before) continue;
        const confirmed = all.some(
          (o) =>
            o.classKey === m.classKey &&
            o.passage === m.passage &&
            o.userHash !== m.userHash &&
            o.vote > 0 &&
            (o.role === "teacher" || m.vote > 0),
        );
        if (!confirmed) {
          marks.delete(k);
          n++;
        }
      }
      dropped = dropped.filter((d) => d.at >= before);
      changes++;
      return n;
    },
    async clear() {
      marks.clear();
      rejections.clear();
      dropped = [];
      changes++;
    },
    async version() {
      return String(changes);
    },
  };
}
