import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { TeacherDb } from "./teacher-schema";

/**
 * The teacher's page's storage: sign-in links, sessions, uploaded documents, class versions and the
 * audit. Only stores: who may do what is decided in src/web. Each change is one statement (writable
 * CTEs), so a document, its class's version and its audit line are written together or not at all,
 * on PGlite and PostgreSQL alike.
 */

export interface Grant {
  userHash: string;
  platform: string;
  workspace: string | null;
  classKey: string;
}

export type TokenUse = { status: "ok"; grant: Grant } | { status: "used" | "expired" | "unknown" };

export interface SessionRow extends Grant {
  csrf: string;
  expiresAt: Date;
}

export interface StoredDocument {
  id: string;
  fileName: string;
  format: string;
  size: number;
  facts: number;
  problems: string[];
  addedAt: Date;
  addedBy: string;
}

export interface NewDocument {
  fileName: string;
  format: string;
  bytes: Uint8Array;
  facts: number;
  problems: string[];
}

export interface AuditEntry {
  at: Date;
  userHash: string;
  action: string;
  detail: string;
}

export function teacherStore(db: TeacherDb) {
  return {
    async saveToken(tokenHash: string, grant: Grant, createdAt: Date, expiresAt: Date): Promise<void> {
      await db
        .insertInto("sign_in_tokens")
        .values({
          token_hash: tokenHash,
          user_hash: grant.userHash,
          platform: grant.platform,
          workspace: grant.workspace,
          class_key: grant.classKey,
          created_at: createdAt,
          expires_at: expiresAt,
          used_at: null,
        })
        .execute();
    },

    /** Marks a link used, once: of two requests racing with it, one wins. */
    async useToken(tokenHash: string, now: Date): Promise<TokenUse> {
      const won = await db
        .updateTable("sign_in_tokens")
        .set({ used_at: now })
        .where("token_hash", "=", tokenHash)
        .where("used_at", "is", null)
        .where("expires_at", ">", now)
        .returning(["user_hash", "platform", "workspace", "class_key"])
        .executeTakeFirst();
      if (won)
        return {
          status: "ok",
          grant: {
            userHash: won.user_hash,
            platform: won.platform,
            workspace: won.workspace,
            classKey: won.class_key,
          },
        };
      const row = await db
        .selectFrom("sign_in_tokens")
        .select(["used_at"])
        .where("token_hash", "=", tokenHash)
        .executeTakeFirst();
      return { status: !row ? "unknown" : row.used_at ? "used" : "expired" };
    },

    async createSession(sessionHash: string, csrf: string, grant: Grant, now: Date, expiresAt: Date) {
      await db
        .insertInto("teacher_sessions")
        .values({
          session_hash: sessionHash,
          csrf,
          user_hash: grant.userHash,
          platform: grant.platform,
          workspace: grant.workspace,
          class_key: grant.classKey,
          created_at: now,
          expires_at: expiresAt,
        })
        .execute();
    },

    async findSession(sessionHash: string, now: Date): Promise<SessionRow | null> {
      const row = await db
        .selectFrom("teacher_sessions")
        .selectAll()
        .where("session_hash", "=", sessionHash)
        .where("expires_at", ">", now)
        .executeTakeFirst();
      if (!row) return null;
      return {
        userHash: row.user_hash,
        platform: row.platform,
        workspace: row.workspace,
        classKey: row.class_key,
        csrf: row.csrf,
        expiresAt: new Date(row.expires_at),
      };
    },

    async endSession(sessionHash: string): Promise<void> {
      await db.deleteFrom("teacher_sessions").where("session_hash", "=", sessionHash).execute();
    },

    /** Forgets expired links (a day after they expire, so a late click still hears "expired") and sessions. */
    async prune(now: Date): Promise<void> {
      await db
        .deleteFrom("sign_in_tokens")
        .where("expires_at", "<", new Date(now.getTime() - 86_400_000))
        .execute();
      await db.deleteFrom("teacher_sessions").where("expires_at", "<", now).execute();
    },

    async listDocuments(classKey: string): Promise<StoredDocument[]> {
      const rows = await db
        .selectFrom("class_documents")
        .select(["id", "file_name", "format", "size", "facts", "problems", "added_at", "added_by"])
        .where("class_key", "=", classKey)
        .orderBy("file_name")
        .execute();
      return rows.map((r) => ({
        id: r.id,
        fileName: r.file_name,
        format: r.format,
        size: Number(r.size),
        facts: Number(r.facts),
        problems: r.problems ?? [],
        addedAt: new Date(r.added_at),
        addedBy: r.added_by,
      }));
    },

    /** The bytes of a class's uploads, for indexing. */
    async documentBytes(
      classKey: string,
    ): Promise<Array<{ id: string; fileName: string; bytes: Uint8Array }>> {
      const rows = await db
        .selectFrom("class_documents")
        .select(["id", "file_name", "bytes"])
        .where("class_key", "=", classKey)
        .orderBy("file_name")
        .execute();
      return rows.map((r) => ({ id: r.id, fileName: r.file_name, bytes: r.bytes }));
    },

    /** Adds a document, or replaces the class's document of the same name; returns its id. */
    async putDocument(classKey: string, doc: NewDocument, by: string, at: Date): Promise<string> {
      const id = randomUUID();
      await sql`
        with old as (
          select id from class_documents where class_key = ${classKey} and file_name = ${doc.fileName}),
        added as (
          insert into class_documents
            (id, class_key, file_name, format, size, bytes, facts, problems, added_at, added_by)
          values (${id}, ${classKey}, ${doc.fileName}, ${doc.format}, ${doc.bytes.length}, ${doc.bytes},
            ${doc.facts}, ${doc.problems}::text[], ${at}, ${by})
          on conflict (class_key, file_name) do update set
            id = excluded.id, format = excluded.format, size = excluded.size, bytes = excluded.bytes,
            facts = excluded.facts, problems = excluded.problems, added_at = excluded.added_at,
            added_by = excluded.added_by
          returning id),
        bumped as (${bump(classKey)}),
        audited as (
          insert into teacher_audit (at, class_key, user_hash, action, detail)
          select ${at}, ${classKey}, ${by},
            case when exists (select 1 from old) then 'replace' else 'upload' end, ${doc.fileName})
        select id from added`.execute(db);
      return id;
    },

    /** Removes a class's document; false when the class has no document with that id. */
    async removeDocument(classKey: string, id: string, by: string, at: Date): Promise<boolean> {
      const result = await sql<{ file_name: string }>`
        with gone as (
          delete from class_documents where class_key = ${classKey} and id = ${id}
          returning file_name),
        bumped as (${bump(classKey, sql`exists (select 1 from gone)`)}),
        audited as (
          insert into teacher_audit (at, class_key, user_hash, action, detail)
          select ${at}, ${classKey}, ${by}, 'remove', file_name from gone)
        select file_name from gone`.execute(db);
      return result.rows.length > 0;
    },

    /** Every class's version: a replica rereads a class's uploads when its version moved. */
    async versions(): Promise<Map<string, number>> {
      const rows = await db.selectFrom("class_versions").select(["class_key", "version"]).execute();
      return new Map(rows.map((r) => [r.class_key, Number(r.version)]));
    },

    /** A change made elsewhere (teaching: the links live in the learning tables), for the audit. */
    async record(classKey: string, by: string, action: string, detail: string, at: Date): Promise<void> {
      await sql`
        insert into teacher_audit (at, class_key, user_hash, action, detail)
        values (${at}, ${classKey}, ${by}, ${action}, ${detail})`.execute(db);
    },

    async audit(classKey: string, limit = 50): Promise<AuditEntry[]> {
      const rows = await db
        .selectFrom("teacher_audit")
        .select(["at", "user_hash", "action", "detail"])
        .where("class_key", "=", classKey)
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        at: new Date(r.at),
        userHash: r.user_hash,
        action: r.action,
        detail: r.detail,
      }));
    },
  };
}

export type TeacherStore = ReturnType<typeof teacherStore>;

// Moves the class's version on (when `condition` holds), as a CTE body.
const bump = (classKey: string, condition = sql`true`) => sql`
  insert into class_versions (class_key, version) select ${classKey}, 1 where ${condition}
  on conflict (class_key) do update set version = class_versions.version + 1
  returning version`;
