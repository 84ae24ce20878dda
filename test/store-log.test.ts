import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { lockStateDir, StateDirLockedError } from "../src/store/dir-lock";
import { memoryBackend } from "../src/store/memory-backend";
import { startStorage } from "../src/store/storage";
import type { AskedQuestion } from "../src/store/types";
import { hashUser } from "../src/store/user-hash";
import { writeBehindLog } from "../src/store/write-behind";
import { silentLogger } from "./helpers/corpus";
import { seededStateDir, testStorage } from "./helpers/storage";

const asked = (question: string, userId = "U123"): AskedQuestion => ({
  platform: "slack",
  workspace: "T1",
  channel: "C1",
  userId,
  question,
  tier: "answer",
  confidence: 0.9,
  factId: "f1",
});

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("write-behind question log", () => {
  it("hands out an id at once and writes the question once the store opens", async () => {
    const backend = memoryBackend();
    const opening = deferred<typeof backend | null>();
    const log = writeBehindLog({
      backend: opening.promise,
      hash: (p, u) => hashUser("s3cret-s3cret-s3cret", p, u),
      logger: silentLogger,
      now: () => 1_000,
    });
    const id = log.record(asked("how many trained"));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(backend.questions.size).toBe(0);
    opening.resolve(backend);
    await log.flush();
    const stored = backend.questions.get(id as string);
    expect(stored).toMatchObject({ question: "how many trained", tier: "answer", askedAt: new Date(1_000) });
    // Only the keyed hash is written, never the raw id.
    expect(stored?.userHash).toBe(hashUser("s3cret-s3cret-s3cret", "slack", "U123"));
    expect(JSON.stringify([...backend.questions.values()])).not.toContain("U123");
  });

  it("batches questions that arrive while a write is under way", async () => {
    const backend = memoryBackend();
    const insert = vi.spyOn(backend, "insertQuestions");
    const log = writeBehindLog({
      backend: Promise.resolve(backend),
      hash: (_p, u) => u,
      logger: silentLogger,
    });
    for (let i = 0; i < 50; i++) log.record(asked(`q${i}`));
    await log.flush();
    expect(backend.questions.size).toBe(50);
    expect(insert.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it("drops the oldest questions past its bound while the store is still opening", async () => {
    const backend = memoryBackend();
    const opening = deferred<typeof backend>();
    const log = writeBehindLog({
      backend: opening.promise,
      hash: (_p, u) => u,
      logger: silentLogger,
      maxPending: 3,
    });
    for (const q of ["a", "b", "c", "d", "e"]) log.record(asked(q));
    opening.resolve(backend);
    await log.flush();
    expect([...backend.questions.values()].map((q) => q.question)).toEqual(["c", "d", "e"]);
  });

  it("records nothing, and says so, when the store cannot open", async () => {
    const log = writeBehindLog({
      backend: Promise.reject(new Error("disk full")),
      hash: (_p, u) => u,
      logger: silentLogger,
    });
    await log.flush();
    expect(log.record(asked("anything"))).toBeNull();
  });
});

describe("storage", () => {
  it("logs, takes one changeable vote per user, and reports it", async () => {
    const backend = memoryBackend();
    const storage = testStorage(backend);
    const id = storage.questionLog.record(asked("how many trained")) as string;
    const vote = (userId: string, v: "good" | "bad") =>
      storage.feedback.vote({ questionId: id, platform: "slack", userId, vote: v });
    expect(await vote("U1", "good")).toBe("recorded");
    expect(await vote("U1", "bad")).toBe("recorded");
    expect(await vote("U2", "bad")).toBe("recorded");
    const rows = await (await storage.backend())?.reportRows(new Date(0));
    expect(rows).toMatchObject([{ question: "how many trained", good: 0, bad: 2 }]);
    expect(storage.status()).toEqual({
      state: "ready",
      kind: "embedded",
      questionLog: "on",
      waiting: 0,
      setAside: 0,
    });
    await storage.close();
  });

  it("prunes rows older than QUESTION_LOG_DAYS at start-up", async () => {
    const backend = memoryBackend();
    const day = 86_400_000;
    const now = 100 * day;
    const old = { question: "old", askedAt: new Date(now - 31 * day) };
    const recent = { question: "recent", askedAt: new Date(now - 29 * day) };
    await backend.insertQuestions(
      [old, recent].map((r, i) => ({
        ...r,
        id: `id-${i}`,
        platform: "console",
        workspace: null,
        channel: null,
        userHash: "h",
        tier: "unknown" as const,
        confidence: null,
        factId: null,
      })),
    );
    const storage = testStorage(backend, { now: () => now });
    await vi.waitFor(() =>
      expect([...backend.questions.values()].map((q) => q.question)).toEqual(["recent"]),
    );
    await storage.close();
  });

  it("with QUESTION_LOG_DAYS=0 records nothing and takes no votes", async () => {
    const backend = memoryBackend();
    const storage = testStorage(backend, { logDays: 0, secret: undefined });
    expect(storage.questionLog.record(asked("how many trained"))).toBeNull();
    expect(
      await storage.feedback.vote({ questionId: "x", platform: "slack", userId: "U1", vote: "bad" }),
    ).toBe("unavailable");
    expect(storage.status().questionLog).toBe("off");
    await storage.close();
  });

  it("does not keep shutdown waiting for a store still opening when nothing is queued", async () => {
    const storage = testStorage(undefined, { open: () => new Promise(() => {}) });
    // Resolves at once; with a question queued it would wait (bounded) for the store.
    await storage.close(60_000);
    expect(storage.status().state).toBe("opening");
  });

  it("keeps answering when the store cannot open, logs once, reports why and keeps trying", async () => {
    const errors: unknown[] = [];
    const logger = {
      ...silentLogger,
      error: (...args: unknown[]) => errors.push(args),
      info() {},
      warn() {},
      debug() {},
    };
    let attempts = 0;
    const storage = testStorage(undefined, {
      logger: logger as never,
      retry: { firstMs: 10, maxMs: 20 },
      open: async () => {
        attempts++;
        throw new Error("no space left on device");
      },
    });
    expect(storage.status().state).toBe("opening");
    await vi.waitFor(() => expect(attempts).toBeGreaterThan(3));
    expect(storage.status()).toMatchObject({ state: "unavailable", retrying: true });
    expect(storage.status().reason).toMatch(/no space left/);
    // Journaled meanwhile, for when it opens.
    expect(storage.questionLog.record(asked("q"))).toEqual(expect.any(String));
    expect(errors).toHaveLength(1);
    await storage.close(10);
  });

  it("does not try again when the configuration is missing: no secret with a server", async () => {
    const storage = startStorage({
      databaseUrl: "postgres://nobody@127.0.0.1:1/none",
      stateDir: mkdtempSync(join(tmpdir(), "state-")),
      logDays: 30,
      logger: silentLogger,
    });
    await vi.waitFor(() => expect(storage.status()).toMatchObject({ state: "unavailable", retrying: false }));
    expect(storage.status().reason).toMatch(/QUESTION_LOG_SECRET/);
    expect(storage.questionLog.record(asked("q"))).toBeNull();
    await storage.close();
  });
});

describe("STATE_DIR lock", () => {
  it("refuses a folder held by a live process and takes over one left by a dead process", () => {
    const dir = mkdtempSync(join(tmpdir(), "state-"));
    // The parent of this test process is alive and is not us.
    writeFileSync(join(dir, "bot.lock"), String(process.ppid));
    expect(() => lockStateDir(dir)).toThrow(StateDirLockedError);
    // No process has pid 2^22+1 (above Linux's pid_max default): a stale lock.
    writeFileSync(join(dir, "bot.lock"), String(4_194_305));
    const release = lockStateDir(dir);
    expect(() => lockStateDir(dir, process.pid + 1)).toThrow(/in use by another process/);
    release();
    lockStateDir(dir, process.pid + 1)();
    // Our own pid in the file, from an earlier life (pid 1 in a container restarted after SIGKILL).
    writeFileSync(join(dir, "bot.lock"), String(process.pid));
    lockStateDir(dir)();
  });

  it("a second bot on the same STATE_DIR answers without a store and says why", async () => {
    // Its database already made: a first start's initdb is tested through npm start (quick-chat.test.ts).
    const dir = seededStateDir();
    const first = startStorage({ stateDir: dir, logDays: 30, logger: silentLogger });
    await vi.waitFor(() => expect(first.status().state).toBe("ready"), { timeout: 60_000, interval: 100 });
    const second = startStorage({ stateDir: dir, logDays: 30, logger: silentLogger });
    await vi.waitFor(() => expect(second.status().state).toBe("unavailable"), { timeout: 10_000 });
    expect(second.status().reason).toMatch(/STATE_DIR .* is in use by another process .*set STATE_DIR/);
    const id = first.questionLog.record(asked("how many trained"));
    await second.close();
    await first.close();
    // Closing released the folder: a new start opens it and finds the question.
    const third = startStorage({ stateDir: dir, logDays: 30, logger: silentLogger });
    const rows = await (await third.backend())?.reportRows(new Date(0));
    expect(rows?.map((r) => r.question)).toEqual(["how many trained"]);
    expect(id).not.toBeNull();
    await third.close();
  }, 90_000);
});
