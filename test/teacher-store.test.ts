import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { buildReport } from "../src/report/build";
import { classReportCounts, classReportRows } from "../src/store/class-report";
import { type OpenedStore, openStore } from "../src/store/open";
import { questionCountsMigration } from "../src/store/question-counts";
import { sqlBackend } from "../src/store/sql-backend";
import { teacherDb } from "../src/store/teacher-schema";
import { type TeacherStore, teacherStore } from "../src/store/teacher-store";
import type { Tier } from "../src/store/types";
import { ClassLibrary } from "../src/web/class-library";
import { reportFromCounts, reportWindow } from "../src/web/class-report";
import { readUpload } from "../src/web/read-upload";
import { findSession, LINK_MINUTES, makeSignInLink, SESSION_HOURS, signIn } from "../src/web/sign-in";
import { silentLogger } from "./helpers/corpus";
import { freshSchemaUrl, requirePostgresUrl, runPostgres } from "./helpers/postgres";
import { memoryStore } from "./helpers/storage";

/**
 * The teacher's page's storage and sign-in: one-use links bound to a teacher and a class, sessions,
 * uploaded documents with their class's version and audit, on PGlite and on a PostgreSQL server.
 */

const T0 = Date.UTC(2026, 10, 2, 9);
const MIN = 60_000;
const TEACHER = { platform: "slack", workspace: "T1", channel: "C-BIO", userHash: "hash-of-teacher" };
const pdf = readFileSync("test/fixtures/handout-pdf/microscope-handout.pdf");
const read = async (name: string, bytes: Uint8Array) => (await readUpload(name, bytes, 20)).document;
const secretOf = (url: string) => url.split("/sign-in/")[1] as string;

function contract(name: string, open: () => Promise<{ store: OpenedStore; done(): Promise<void> }>) {
  describe(name, () => {
    let opened: OpenedStore;
    let store: TeacherStore;
    let done: () => Promise<void>;
    beforeAll(async () => {
      ({ store: opened, done } = await open());
      store = teacherStore(teacherDb(opened.db));
    }, 60_000);
    afterAll(() => done?.());

    it("signs a teacher in to their class once, with a link that stores only a hash", async () => {
      const { url, expiresAt } = await makeSignInLink(store, "https://bot.example.org/", TEACHER, T0);
      expect(url).toMatch(/^https:\/\/bot\.example\.org\/sign-in\/[\w-]{43}$/);
      expect(expiresAt.getTime()).toBe(T0 + LINK_MINUTES * MIN);
      const secret = secretOf(url);
      const stored = await sql<{ token_hash: string }>`select token_hash from sign_in_tokens`.execute(
        opened.db,
      );
      expect(stored.rows.map((r) => r.token_hash)).not.toContain(secret);

      const first = await signIn(store, secret, T0 + MIN);
      expect(first.status).toBe("ok");
      if (first.status !== "ok") return;
      expect(first.session).toMatchObject({
        classKey: "C-BIO",
        workspace: "T1",
        userHash: "hash-of-teacher",
      });
      expect((await signIn(store, secret, T0 + 2 * MIN)).status).toBe("used");

      const session = await findSession(store, first.sessionSecret, T0 + 2 * MIN);
      expect(session).toMatchObject({ classKey: "C-BIO", csrf: first.session.csrf });
      expect(await findSession(store, first.sessionSecret, T0 + MIN + SESSION_HOURS * 60 * MIN)).toBeNull();
      expect(await findSession(store, "not-a-session", T0)).toBeNull();
    });

    it("refuses an expired link and a forged one, and tells them apart", async () => {
      const { url } = await makeSignInLink(store, "https://bot.example.org", TEACHER, T0);
      expect((await signIn(store, secretOf(url), T0 + LINK_MINUTES * MIN)).status).toBe("expired");
      expect((await signIn(store, "forged-secret", T0)).status).toBe("unknown");
      expect((await signIn(store, "'; drop table sign_in_tokens; --", T0)).status).toBe("unknown");
    });

    it("lets one of two racing uses of a link win", async () => {
      const { url } = await makeSignInLink(store, "https://bot.example.org", TEACHER, T0);
      const both = await Promise.all([signIn(store, secretOf(url), T0), signIn(store, secretOf(url), T0)]);
      expect(both.map((r) => r.status).sort()).toEqual(["ok", "used"]);
    });

    it("keeps uploads per class, replaces by name, removes, and audits each change", async () => {
      const before = (await store.versions()).get("C-DOCS") ?? 0;
      const doc = {
        fileName: "handout.pdf",
        format: "pdf",
        bytes: pdf,
        facts: 7,
        problems: ["page 2 has no text"],
      };
      const id = await store.putDocument("C-DOCS", doc, "teacher-a", new Date(T0));
      expect(await store.listDocuments("C-DOCS")).toEqual([
        {
          id,
          fileName: "handout.pdf",
          format: "pdf",
          size: pdf.length,
          facts: 7,
          problems: ["page 2 has no text"],
          addedAt: new Date(T0),
          addedBy: "teacher-a",
        },
      ]);
      const [bytes] = await store.documentBytes("C-DOCS");
      expect(Buffer.from(bytes?.bytes ?? []).equals(pdf)).toBe(true);
      expect(await store.listDocuments("C-OTHER")).toEqual([]);

      const replaced = await store.putDocument(
        "C-DOCS",
        { ...doc, facts: 8 },
        "teacher-b",
        new Date(T0 + MIN),
      );
      expect((await store.listDocuments("C-DOCS")).map((d) => [d.id, d.facts, d.addedBy])).toEqual([
        [replaced, 8, "teacher-b"],
      ]);
      // Another class cannot remove it, whatever id it sends.
      expect(await store.removeDocument("C-OTHER", replaced, "teacher-c", new Date(T0))).toBe(false);
      expect(await store.removeDocument("C-DOCS", replaced, "teacher-a", new Date(T0 + 2 * MIN))).toBe(true);
      expect(await store.listDocuments("C-DOCS")).toEqual([]);
      expect((await store.versions()).get("C-DOCS")).toBe(before + 3);
      expect((await store.versions()).has("C-OTHER")).toBe(false);
      expect((await store.audit("C-DOCS")).map((a) => [a.action, a.detail, a.userHash])).toEqual([
        ["remove", "handout.pdf", "teacher-a"],
        ["replace", "handout.pdf", "teacher-b"],
        ["upload", "handout.pdf", "teacher-a"],
      ]);
    });

    it("counts a class's report in the store exactly as the report builds it from rows", async () => {
      const backend = sqlBackend(opened.db);
      const now = Date.UTC(2026, 10, 20, 15);
      const ask = (
        channel: string | null,
        hoursAgo: number,
        question: string,
        tier: Tier,
        factId: string | null,
      ) => ({
        id: randomUUID(),
        askedAt: new Date(now - hoursAgo * 3_600_000),
        platform: "slack",
        workspace: "T1",
        channel,
        userHash: "u",
        question,
        tier,
        confidence: 0.5,
        factId,
      });
      const rows = [
        ...[1, 30, 50].map((h) => ask("C-REP", h, "who feeds the fish?", "unknown", null)),
        ...[2, 70].map((h) => ask("C-REP", h, "who feds the fish?", "unknown", null)),
        ask("C-REP", 3, "where is the bus stop?", "unknown", null),
        ...[4, 5, 100, 200, 300].map((h) => ask("C-REP", h, "how many trained?", "answer", "fact-1")),
        ask("C-REP", 6, "when did it start?", "closest", "fact-2"),
        ask("C-REP", 24 * 20, "too old to count", "unknown", null),
        ...[1, 2, 3].map((h) => ask("C-ELSEWHERE", h, "who feeds the fish?", "unknown", null)),
        ask(null, 2, "from the terminal", "unknown", null),
      ];
      await backend.insertQuestions(rows);
      const vote = (i: number, user: string, v: "good" | "bad") =>
        backend.vote({
          questionId: (rows[i] as { id: string }).id,
          userHash: user,
          vote: v,
          at: new Date(now),
        });
      await vote(6, "a", "bad");
      await vote(6, "b", "bad");
      await vote(7, "a", "bad");
      await vote(8, "a", "good");
      await vote(11, "a", "bad");
      const text = (id: string) => `text of ${id}`;
      for (const channel of ["C-REP", "C-ELSEWHERE", null]) {
        const { from, until } = reportWindow(now);
        const counted = reportFromCounts(await classReportCounts(opened.db, channel, from, until), now, text);
        const built = buildReport(
          await classReportRows(opened.db, channel, new Date(now - 20 * 86_400_000)),
          now,
          { factText: text },
        );
        expect(counted).toEqual(built);
      }
      const { from, until } = reportWindow(now);
      const report = reportFromCounts(await classReportCounts(opened.db, "C-REP", from, until), now, text);
      expect(report.total).toBe(12);
      expect(report.unanswered[0]).toMatchObject({ question: "who feeds the fish?", count: 5 });
      expect(report.mostDisliked.map((d) => [d.factId, d.bad, d.good])).toEqual([
        ["fact-1", 3, 1],
        ["fact-2", 1, 0],
      ]);
    });

    it("keeps the report's counts exact through a retried batch, pruning, and a log older than the counts", async () => {
      const backend = sqlBackend(opened.db);
      const now = Date.UTC(2020, 5, 10, 12);
      const DAY = 86_400_000;
      const ask = (
        daysAgo: number,
        question: string,
        tier: Tier,
        factId: string | null,
        documents?: string,
      ) => ({
        id: randomUUID(),
        askedAt: new Date(now - daysAgo * DAY),
        platform: "slack",
        workspace: "T1",
        channel: "C-KEEP",
        userHash: "u",
        question,
        tier,
        confidence: 0.5,
        factId,
        ...(documents ? { documents } : {}),
      });
      const rows = [
        ask(1, "how many?", "answer", "f1"),
        ask(1, "how many?", "answer", "f1"),
        ask(2, "who?", "unknown", null, "bio101"),
        ask(9, "how many?", "answer", "f1"),
        ask(12, "when?", "closest", "f2"),
      ];
      await backend.insertQuestions(rows);
      // A batch written again after a timeout: its questions are not counted twice.
      await backend.insertQuestions(rows.slice(0, 3));
      const { from, until } = reportWindow(now);
      const counted = async () => {
        const report = reportFromCounts(await classReportCounts(opened.db, "C-KEEP", from, until), now);
        expect(report).toEqual(
          buildReport(await classReportRows(opened.db, "C-KEEP", new Date(now - 20 * DAY)), now),
        );
        return report;
      };
      expect((await counted()).total).toBe(5);
      // Pruning (QUESTION_LOG_DAYS, report --delete) takes its questions out of the counts.
      expect(await backend.prune(new Date(now - 5 * DAY))).toBe(2);
      expect((await counted()).byDocuments).toEqual([
        { documents: "all", count: 2 },
        { documents: "bio101", count: 1 },
      ]);
      // A store upgraded with questions already logged counts them when the counts are made.
      for (const statement of [
        "drop trigger questions_counted on questions",
        "drop trigger questions_uncounted on questions",
        "drop function question_counts_add",
        "drop function question_counts_remove",
        "drop table question_counts",
      ])
        await sql.raw(statement).execute(opened.db);
      await questionCountsMigration.up(opened.db as never);
      expect((await counted()).total).toBe(3);
    });

    it("makes a class's upload answerable in another replica's library, and its removal too", async () => {
      const library = new ClassLibrary(store, read, silentLogger);
      await library.refresh();
      const question = "what does the fine focus knob do?";
      expect(library.indexFor("C-LIB", null)).toBeNull();
      const upload = await readUpload("microscope.pdf", pdf, 20);
      const id = await store.putDocument(
        "C-LIB",
        { fileName: "microscope.pdf", format: "pdf", bytes: pdf, facts: upload.facts, problems: [] },
        "teacher-a",
        new Date(T0),
      );
      await library.refresh();
      const index = library.indexFor("C-LIB", null);
      expect(index?.documents.map((d) => d.fileName)).toEqual(["microscope.pdf"]);
      expect(answerQuestion(index as NonNullable<typeof index>, question).tier).not.toBe("unknown");
      // Other classes do not see it.
      expect(library.indexFor("C-OTHER", null)).toBeNull();
      await store.removeDocument("C-LIB", id, "teacher-a", new Date(T0));
      await library.refresh();
      expect(library.indexFor("C-LIB", null)).toBeNull();
    }, 60_000);
  });
}

contract("teacher store on PGlite", async () => {
  const store = await memoryStore();
  return { store, done: () => store.close() };
});

describe.runIf(runPostgres)("on a PostgreSQL server", () => {
  contract("teacher store on PostgreSQL", async () => {
    requirePostgresUrl();
    const schema = await freshSchemaUrl();
    const store = await openStore({ databaseUrl: schema.url, stateDir: "unused" });
    return {
      store,
      async done() {
        await store.close();
        await schema.drop();
      },
    };
  });

  it("two replicas: an upload through one is answered in the other within its polling", async () => {
    const schema = await freshSchemaUrl();
    const a = await openStore({ databaseUrl: schema.url, stateDir: "unused" });
    const b = await openStore({ databaseUrl: schema.url, stateDir: "unused" });
    const library = new ClassLibrary(teacherStore(teacherDb(b.db)), read, silentLogger);
    try {
      await library.start(200);
      const upload = await readUpload("microscope.pdf", pdf, 20);
      const started = performance.now();
      await teacherStore(teacherDb(a.db)).putDocument(
        "C-TWO",
        { fileName: "microscope.pdf", format: "pdf", bytes: pdf, facts: upload.facts, problems: [] },
        "teacher-a",
        new Date(),
      );
      await vi.waitFor(() => expect(library.indexFor("C-TWO", null)).not.toBeNull(), {
        timeout: 5_000,
        interval: 50,
      });
      console.info(`upload seen by the other replica after ${Math.round(performance.now() - started)} ms`);
    } finally {
      library.stop();
      await a.close();
      await b.close();
      await schema.drop();
    }
  });
});
