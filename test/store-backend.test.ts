import { CompiledQuery, Kysely, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryBackend } from "../src/store/memory-backend";
import { migrate } from "../src/store/migrations";
import { type OpenedStore, openStore } from "../src/store/open";
import { sqlBackend } from "../src/store/sql-backend";
import type { LogBackend, QuestionRow } from "../src/store/types";
import { freshSchemaUrl, requirePostgresUrl, runPostgres } from "./helpers/postgres";
import { memoryStore } from "./helpers/storage";

/**
 * One contract for every backend: memory (the reference), PGlite (unit tests) and a real
 * PostgreSQL server (CI). The same rows in give the same report out.
 */

const T0 = Date.UTC(2026, 10, 1, 12);
const HOUR = 3_600_000;

function row(n: number, extra: Partial<QuestionRow> = {}): QuestionRow {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    askedAt: new Date(T0 + n * HOUR),
    platform: "slack",
    workspace: "T1",
    channel: "C1",
    userHash: `hash-${n}`,
    question: `question ${n}`,
    tier: n % 2 ? "answer" : "unknown",
    confidence: n % 2 ? 0.8 : null,
    factId: n % 2 ? `fact-${n}` : null,
    ...extra,
  };
}

function contract(name: string, setup: () => Promise<{ backend: LogBackend; done(): Promise<void> }>) {
  describe(name, () => {
    let backend: LogBackend;
    let done: () => Promise<void>;
    beforeAll(async () => {
      ({ backend, done } = await setup());
      await backend.insertQuestions([row(1), row(2), row(3), row(4)]);
    }, 60_000);
    afterAll(() => done?.());

    it("returns logged questions since a time, oldest first, with their fields", async () => {
      const rows = await backend.reportRows(new Date(T0 + 2 * HOUR));
      expect(rows.map((r) => r.question)).toEqual(["question 2", "question 3", "question 4"]);
      expect(rows[1]).toEqual({
        id: row(3).id,
        askedAt: new Date(T0 + 3 * HOUR),
        question: "question 3",
        tier: "answer",
        factId: "fact-3",
        documents: null,
        good: 0,
        bad: 0,
      });
    });

    it("stores any text a student types, and missing fields, as typed", async () => {
      const odd = ['he said "5,000" {and} \\ more, NULL', "妇女 🎓 l'année", ""];
      await backend.insertQuestions(
        odd.map((question, i) =>
          row(90 + i, { question, askedAt: new Date(T0 + 500 * HOUR + i), workspace: null, channel: null }),
        ),
      );
      const rows = await backend.reportRows(new Date(T0 + 500 * HOUR));
      expect(rows.map((r) => [r.question, r.factId])).toEqual(odd.map((q, i) => [q, row(90 + i).factId]));
      await backend.prune(new Date(T0 + 600 * HOUR)); // as it was, for the tests below
      await backend.insertQuestions([row(1), row(2), row(3), row(4)]);
    });

    it("finds one logged question by id, for a click on a reply the process no longer remembers", async () => {
      expect(await backend.question?.(row(3).id)).toMatchObject(row(3));
      expect(await backend.question?.("00000000-0000-4000-8000-999999999999")).toBeNull();
      expect(await backend.question?.("not-a-uuid")).toBeNull();
    });

    it("keeps one vote per user per answer, and lets the user change it", async () => {
      const at = new Date(T0);
      const id = row(3).id;
      expect(await backend.vote({ questionId: id, userHash: "u1", vote: "good", at })).toBe("recorded");
      expect(await backend.vote({ questionId: id, userHash: "u1", vote: "bad", at })).toBe("recorded");
      expect(await backend.vote({ questionId: id, userHash: "u2", vote: "bad", at })).toBe("recorded");
      expect(await backend.vote({ questionId: id, userHash: "u3", vote: "good", at })).toBe("recorded");
      const three = (await backend.reportRows(new Date(T0))).find((r) => r.question === "question 3");
      expect(three).toMatchObject({ good: 1, bad: 2 });
    });

    it("refuses a vote for a question that is not logged", async () => {
      const missing = "00000000-0000-4000-8000-999999999999";
      const at = new Date(T0);
      expect(await backend.vote({ questionId: missing, userHash: "u1", vote: "bad", at })).toBe(
        "unknown_question",
      );
    });

    it("ignores a row written twice (a retried batch)", async () => {
      await backend.insertQuestions([row(4, { question: "changed" })]);
      const rows = await backend.reportRows(new Date(T0));
      expect(rows.filter((r) => r.question.startsWith("question 4"))).toHaveLength(1);
      expect(rows.some((r) => r.question === "changed")).toBe(false);
    });

    it("prunes questions older than a time, with their votes", async () => {
      await backend.vote({ questionId: row(1).id, userHash: "u1", vote: "bad", at: new Date(T0) });
      expect(await backend.prune(new Date(T0 + 2 * HOUR))).toBe(1);
      const rows = await backend.reportRows(new Date(0));
      expect(rows.map((r) => r.question)).toEqual(["question 2", "question 3", "question 4"]);
      // A vote on the pruned question is refused: it went with its question.
      expect(
        await backend.vote({ questionId: row(1).id, userHash: "u9", vote: "bad", at: new Date(T0) }),
      ).toBe("unknown_question");
    });
  });
}

contract("memory backend", async () => ({ backend: memoryBackend(), done: async () => {} }));

let pglite: OpenedStore;
contract("PGlite backend", async () => {
  pglite = await memoryStore();
  return { backend: sqlBackend(pglite.db), done: () => pglite.close() };
});

describe("PGlite migrations", () => {
  it("run once: a second start finds nothing to do", async () => {
    const store = await memoryStore();
    expect(await migrate(store.db as never)).toEqual([]);
    // The store's Postgres settings apply in memory too (PGlite once ignored them there).
    const settings = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(store.db);
    expect(settings.rows[0]?.shared_buffers).toBe("16MB");
    await store.close();
  }, 60_000);
});

describe("migrating while another client drops a table", () => {
  it("tries again when the table listing loses a table dropped meanwhile", async () => {
    const store = await memoryStore();
    // The error PostgreSQL gives Kysely's table listing (pg_get_serial_sequence) for a table
    // another client dropped between its catalog read and the call: once.
    let races = 1;
    const client = {
      async query(text: string, params: unknown[] = []) {
        if (races > 0 && text.includes("pg_get_serial_sequence")) {
          races--;
          throw Object.assign(new Error('column "question_key" of relation "learned_marks" does not exist'), {
            code: "42703",
          });
        }
        const result = await store.db.executeQuery(CompiledQuery.raw(text, params));
        return { rows: result.rows, affectedRows: Number(result.numAffectedRows ?? 0) };
      },
      async close() {},
    };
    const racing = new Kysely({ dialect: new PGliteDialect(client as never) });
    expect(await migrate(racing)).toEqual([]);
    expect(races).toBe(0);
    await store.close();
  }, 60_000);
});

describe.runIf(runPostgres)("PostgreSQL server", () => {
  contract("PostgreSQL backend", async () => {
    requirePostgresUrl();
    const schema = await freshSchemaUrl();
    const store = await openStore({ databaseUrl: schema.url, stateDir: "unused" });
    return {
      backend: sqlBackend(store.db),
      async done() {
        await store.close();
        await schema.drop();
      },
    };
  });

  it("two processes starting at once migrate once", async () => {
    const schema = await freshSchemaUrl();
    const [a, b] = await Promise.all([
      openStore({ databaseUrl: schema.url, stateDir: "unused" }),
      openStore({ databaseUrl: schema.url, stateDir: "unused" }),
    ]);
    await sqlBackend(a.db).insertQuestions([row(1)]);
    expect(await sqlBackend(b.db).reportRows(new Date(0))).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
    await schema.drop();
  });

  it("migrates the schema it writes to, even when another schema on its path is migrated", async () => {
    const other = await freshSchemaUrl();
    await (await openStore({ databaseUrl: other.url, stateDir: "unused" })).close();
    const own = await freshSchemaUrl();
    const url = new URL(own.url);
    const ownSchema = /search_path=(\w+)/.exec(url.searchParams.get("options") ?? "")?.[1];
    const otherSchema = /search_path=(\w+)/.exec(new URL(other.url).searchParams.get("options") ?? "")?.[1];
    url.searchParams.set("options", `-c search_path=${ownSchema},${otherSchema}`);
    const store = await openStore({ databaseUrl: url.toString(), stateDir: "unused" });
    await sqlBackend(store.db).insertQuestions([row(1)]);
    const tables = await sql<{ schema: string }>`
      select table_schema as schema from information_schema.tables where table_name = 'questions'
      and table_schema = ${ownSchema as string}`.execute(store.db);
    expect(tables.rows).toHaveLength(1);
    await store.close();
    await Promise.all([own.drop(), other.drop()]);
  });

  it("says which server it could not reach, within the connect timeout", async () => {
    const url = new URL(requirePostgresUrl());
    url.port = "1";
    await expect(openStore({ databaseUrl: url.toString(), stateDir: "unused" })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
