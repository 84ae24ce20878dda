import { type Kysely, type Migration, sql } from "kysely";
import type { Database } from "./schema";

/**
 * The teacher's page's tables: one-use sign-in links and sessions (only hashes of their secrets),
 * the documents teachers upload per class (the bytes, kept here rather than in DATA_DIR), a
 * version per class that every replica polls to pick up an upload, and an audit of each change.
 */

export interface SignInTokensTable {
  /** sha256 of the link's secret: the secret itself is never stored */
  token_hash: string;
  user_hash: string;
  platform: string;
  workspace: string | null;
  class_key: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface TeacherSessionsTable {
  session_hash: string;
  csrf: string;
  user_hash: string;
  platform: string;
  workspace: string | null;
  class_key: string;
  created_at: Date;
  expires_at: Date;
}

export interface ClassDocumentsTable {
  id: string;
  class_key: string;
  file_name: string;
  format: string;
  size: number;
  bytes: Uint8Array;
  facts: number;
  /** what the reader could not use, one line each */
  problems: string[];
  added_at: Date;
  added_by: string;
}

export interface ClassVersionsTable {
  class_key: string;
  version: number;
}

export interface TeacherAuditTable {
  id: number;
  at: Date;
  class_key: string;
  user_hash: string;
  action: string;
  detail: string;
}

export type TeacherTables = {
  sign_in_tokens: SignInTokensTable;
  teacher_sessions: TeacherSessionsTable;
  class_documents: ClassDocumentsTable;
  class_versions: ClassVersionsTable;
  teacher_audit: TeacherAuditTable;
};

export type TeacherDb = Kysely<Database & TeacherTables>;

export const teacherDb = (db: Kysely<Database>): TeacherDb => db.withTables<TeacherTables>();

export const teacherPageMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("sign_in_tokens")
      .addColumn("token_hash", "text", (c) => c.primaryKey())
      .addColumn("user_hash", "text", (c) => c.notNull())
      .addColumn("platform", "text", (c) => c.notNull())
      .addColumn("workspace", "text")
      .addColumn("class_key", "text", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull())
      .addColumn("expires_at", "timestamptz", (c) => c.notNull())
      .addColumn("used_at", "timestamptz")
      .execute();
    await db.schema
      .createTable("teacher_sessions")
      .addColumn("session_hash", "text", (c) => c.primaryKey())
      .addColumn("csrf", "text", (c) => c.notNull())
      .addColumn("user_hash", "text", (c) => c.notNull())
      .addColumn("platform", "text", (c) => c.notNull())
      .addColumn("workspace", "text")
      .addColumn("class_key", "text", (c) => c.notNull())
      .addColumn("created_at", "timestamptz", (c) => c.notNull())
      .addColumn("expires_at", "timestamptz", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("class_documents")
      .addColumn("id", "uuid", (c) => c.primaryKey())
      .addColumn("class_key", "text", (c) => c.notNull())
      .addColumn("file_name", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull())
      .addColumn("size", "int4", (c) => c.notNull())
      .addColumn("bytes", "bytea", (c) => c.notNull())
      .addColumn("facts", "int4", (c) => c.notNull())
      .addColumn("problems", sql`text[]`, (c) => c.notNull())
      .addColumn("added_at", "timestamptz", (c) => c.notNull())
      .addColumn("added_by", "text", (c) => c.notNull())
      .addUniqueConstraint("class_documents_one_name", ["class_key", "file_name"])
      .execute();
    await db.schema
      .createTable("class_versions")
      .addColumn("class_key", "text", (c) => c.primaryKey())
      .addColumn("version", "int8", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("teacher_audit")
      .addColumn("id", "bigserial", (c) => c.primaryKey())
      .addColumn("at", "timestamptz", (c) => c.notNull())
      .addColumn("class_key", "text", (c) => c.notNull())
      .addColumn("user_hash", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("detail", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("teacher_audit_class")
      .on("teacher_audit")
      .columns(["class_key", "at"])
      .execute();
    // The class report counts a channel's questions per day and tier: from the index alone.
    await db.schema
      .createIndex("questions_channel_asked_at")
      .on("questions")
      .columns(["channel", "asked_at", "tier"])
      .execute();
  },
};
