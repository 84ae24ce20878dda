import { rmSync } from "node:fs";
import pino from "pino";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Learning, POLL_MS } from "../src/app/learning";
import type { CorpusIndex } from "../src/core/corpus-index";
import { classKey } from "../src/core/learning/trust";
import { loadCorpus } from "../src/core/load";
import {
  type LearningBackend,
  memoryLearningBackend,
  sqlLearningBackend,
} from "../src/store/learning-backend";
import { type OpenedStore, openStore } from "../src/store/open";
import { freshSchemaUrl, runPostgres } from "./helpers/postgres";
import { seededStateDir } from "./helpers/storage";

/** What a class taught is kept in the store: it survives a restart, and replicas see it. */

const CLASS = classKey();
const ASKED = "who gets the veg";
const teacher = { platform: "test", userId: "t1", classKey: CLASS };

function learningOver(store: OpenedStore, pollMs = 0) {
  return new Learning({
    backend: sqlLearningBackend(store.db),
    userHash: (p, u) => `${p}:${u}`,
    logger: pino({ level: "silent" }),
    pollMs,
  });
}

let index: CorpusIndex;
beforeAll(async () => {
  ({ index } = await loadCorpus("test/eval/corpora/community-garden"));
});

async function survivesRestart(open: () => Promise<OpenedStore>) {
  const first = await open();
  const before = learningOver(first);
  await before.ready;
  expect((await before.teach({ ...teacher, index, question: ASKED, quote: "food bank" })).ok).toBe(true);
  await before.helpful({
    platform: "test",
    userId: "s1",
    classKey: CLASS,
    index,
    question: "any bees",
    factId: "riverside-garden#1.2",
  });
  before.close();
  await first.close();

  const second = await open();
  try {
    const after = learningOver(second);
    await after.ready;
    expect(after.answer(index, CLASS, `${ASKED}?`).answer?.text).toContain("food bank");
    expect(after.links(CLASS).map((l) => [l.question, l.trusted])).toEqual([
      [ASKED, true],
      ["any bees", false],
    ]);
    after.close();
  } finally {
    await second.close();
  }
}

describe("learned links in the store", () => {
  it("survive a restart on PGlite (STATE_DIR)", async () => {
    // Created (initdb) by the global setup: the restart is what is tested here.
    const dir = seededStateDir();
    try {
      await survivesRestart(() => openStore({ stateDir: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  describe.runIf(runPostgres)("on PostgreSQL", () => {
    it("survive a restart", async () => {
      const { url, drop } = await freshSchemaUrl();
      try {
        await survivesRestart(() => openStore({ databaseUrl: url, stateDir: "unused" }));
      } finally {
        await drop();
      }
    });

    it("a replica answers with a link another one learned within 5 s", async () => {
      const { url, drop } = await freshSchemaUrl();
      const a = await openStore({ databaseUrl: url, stateDir: "unused" });
      const b = await openStore({ databaseUrl: url, stateDir: "unused" });
      const here = learningOver(a, POLL_MS);
      const there = learningOver(b, POLL_MS);
      try {
        await Promise.all([here.ready, there.ready]);
        expect(there.answer(index, CLASS, `${ASKED}?`).tier).not.toBe("answer");
        await here.teach({ ...teacher, index, question: ASKED, quote: "food bank" });
        await vi.waitFor(
          () => expect(there.answer(index, CLASS, `${ASKED}?`).answer?.text).toContain("food bank"),
          {
            timeout: 5_000,
            interval: 100,
          },
        );
      } finally {
        here.close();
        there.close();
        await Promise.allSettled([a.close(), b.close()]);
        await drop();
      }
    });
  });
});

describe("expiry (QUESTION_LOG_DAYS)", () => {
  const DAY = 86_400_000;
  const mark = (user: string, passage: string, daysAgo: number, role: "student" | "teacher" = "student") => ({
    classKey: CLASS,
    userHash: user,
    role,
    question: `question of ${user}`,
    factId: "f#0.0",
    passage,
    vote: 1 as const,
    at: new Date(Date.UTC(2026, 10, 30) - daysAgo * DAY),
  });
  const cutoff = new Date(Date.UTC(2026, 10, 30) - 30 * DAY);

  async function expires(backend: LearningBackend) {
    await backend.putMark(mark("alone-old", "P1", 40));
    await backend.putMark(mark("alone-new", "P2", 1));
    await backend.putMark(mark("pair-a", "P3", 40));
    await backend.putMark(mark("pair-b", "P3", 40));
    await backend.putMark(mark("taught", "P4", 40, "teacher"));
    expect(await backend.prune(cutoff)).toBe(1);
    const left = (await backend.load()).marks.map((m) => m.userHash).sort();
    expect(left).toEqual(["alone-new", "pair-a", "pair-b", "taught"]);
  }

  it("deletes single marks older than the log's days; confirmed and taught ones stay (memory)", async () => {
    await expires(memoryLearningBackend());
  });

  it.runIf(runPostgres)("the same on PostgreSQL", async () => {
    const { url, drop } = await freshSchemaUrl();
    const store = await openStore({ databaseUrl: url, stateDir: "unused" });
    try {
      await expires(sqlLearningBackend(store.db));
    } finally {
      await store.close();
      await drop();
    }
  });
});
