import { readFileSync } from "node:fs";
import { createServer, type Server, Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SERVER_LIMITS } from "../src/adapters/slack/http-receiver";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import { createShutdown } from "../src/shutdown";
import { openJournal, readJournal } from "../src/store/journal";
import { memoryBackend } from "../src/store/memory-backend";
import { type OpenedStore, openStore } from "../src/store/open";
import { SET_ASIDE_FILE } from "../src/store/set-aside";
import { sqlBackend } from "../src/store/sql-backend";
import { startStorage } from "../src/store/storage";
import type { AskedQuestion, LogBackend, Tier } from "../src/store/types";
import { appFor, bundledContext, silentLogger, tempStateDir } from "./helpers/corpus";
import { startFakeSlack } from "./helpers/fake-slack";
import { freshSchemaUrl, requirePostgresUrl, runPostgres } from "./helpers/postgres";
import { testSlackConfig } from "./helpers/slack-requests";
import { memoryStore, TEST_SECRET, testStorage } from "./helpers/storage";

/**
 * The question log under faults: text the database cannot hold, a row it refuses, a database down
 * at start or gone mid-run. Nothing asked is lost, and one bad row never blocks the others.
 */

const asked = (question: string, extra: Partial<AskedQuestion> = {}): AskedQuestion => ({
  platform: "console",
  userId: "local",
  question,
  tier: "answer",
  confidence: 0.9,
  factId: "doc#0.1",
  ...extra,
});
const FAST = { firstMs: 20, maxMs: 100 };
const questions = async (backend: LogBackend) =>
  (await backend.reportRows(new Date(0))).map((r) => r.question).sort();

function refusingContract(name: string, open: () => Promise<{ store: OpenedStore; done(): Promise<void> }>) {
  describe(name, () => {
    let store: OpenedStore;
    let done: () => Promise<void>;
    beforeAll(async () => {
      ({ store, done } = await open());
    }, 60_000);
    afterAll(() => done?.());

    it("stores a question with a NUL byte and control characters, cleaned, and sets aside a row it still refuses", async () => {
      const stateDir = tempStateDir();
      const backend = sqlBackend(store.db);
      const storage = testStorage(backend, { stateDir });
      const log = storage.questionLog;
      log.record(asked("how many trained"));
      log.record(asked("how many\0 trained\u0007 now"));
      // A tier the table's check constraint refuses: a row no cleaning can save.
      const refused = log.record(asked("when did it start", { tier: "bogus" as Tier }));
      log.record(asked("who founded it"));
      await log.flush();
      expect(await questions(backend)).toEqual([
        "how many trained",
        "how many trained now",
        "who founded it",
      ]);
      expect(storage.status()).toMatchObject({ state: "ready", setAside: 1, waiting: 0 });
      const aside = readFileSync(join(stateDir, SET_ASIDE_FILE), "utf8").trim().split("\n");
      expect(aside.map((l) => JSON.parse(l).row.id)).toEqual([refused]);
      expect(JSON.parse(aside[0] as string).reason).toMatch(/check/);
      await storage.close();
      // Nothing is left for the next start to retry.
      expect(readJournal(stateDir)).toEqual([]);
      expect(openJournal(stateDir)?.replayed).toEqual([]);
    });
  });
}

refusingContract("a row PGlite refuses", async () => {
  const store = await memoryStore();
  return { store, done: () => store.close() };
});

describe.runIf(runPostgres)("a row PostgreSQL refuses", () => {
  refusingContract("on the server", async () => {
    const schema = await freshSchemaUrl();
    const store = await openStore({ databaseUrl: schema.url, stateDir: tempStateDir() });
    return {
      store,
      async done() {
        await store.close();
        await schema.drop();
      },
    };
  });
});

describe("a store that fails", () => {
  it("down at start: answers are journaled, the store is tried again with backoff, and all are written once it opens", async () => {
    const backend = memoryBackend();
    let attempts = 0;
    let up = false;
    const storage = testStorage(backend, {
      retry: FAST,
      open: async () => {
        attempts++;
        if (!up)
          throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        return { backend, close: async () => {} };
      },
    });
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(3));
    expect(storage.status()).toMatchObject({ state: "unavailable", retrying: true, reason: /ECONNREFUSED/ });
    const ids = ["one", "two", "three"].map((q) => storage.questionLog.record(asked(q)));
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(storage.status().waiting).toBe(3);
    up = true;
    await vi.waitFor(() => expect(storage.status().state).toBe("ready"));
    await vi.waitFor(async () => expect(await questions(backend)).toEqual(["one", "three", "two"]));
    expect(storage.status().waiting).toBe(0);
    await storage.close();
  });

  it("failing writes mid-run: unavailable meanwhile, tried again, written once the database is back", async () => {
    const backend = memoryBackend();
    let down = false;
    let attempts = 0;
    const failing: LogBackend = {
      ...backend,
      async insertQuestions(rows) {
        attempts++;
        if (down) throw Object.assign(new Error("Connection terminated unexpectedly"), {});
        return backend.insertQuestions(rows);
      },
    };
    const storage = testStorage(failing, { retry: FAST });
    storage.questionLog.record(asked("before"));
    await storage.questionLog.flush();
    expect(storage.status().state).toBe("ready");
    down = true;
    storage.questionLog.record(asked("during"));
    await vi.waitFor(() =>
      expect(storage.status()).toMatchObject({ state: "unavailable", reason: /terminated/ }),
    );
    const tried = attempts;
    await vi.waitFor(() => expect(attempts).toBeGreaterThan(tried + 1));
    expect(await questions(backend)).toEqual(["before"]);
    down = false;
    await vi.waitFor(() => expect(storage.status().state).toBe("ready"));
    expect(await questions(backend)).toEqual(["before", "during"]);
    await storage.close();
  });

  it("a store still opening at stop is waited for, within the deadline, and then written", async () => {
    const backend = memoryBackend();
    let open!: () => void;
    const storage = testStorage(backend, {
      open: () =>
        new Promise((resolve) => {
          open = () => resolve({ backend, close: async () => {} });
        }),
    });
    storage.questionLog.record(asked("quick chat"));
    const closing = storage.close(60_000);
    open();
    expect(await closing).toBe(0);
    expect(await questions(backend)).toEqual(["quick chat"]);
  });

  it("past the deadline, stop leaves what it could not write in the journal, for the next start and the report", async () => {
    const stateDir = tempStateDir();
    const storage = testStorage(memoryBackend(), { stateDir, open: () => new Promise(() => {}) });
    storage.questionLog.record(asked("asked while opening"));
    expect(await storage.close(50)).toBe(1);
    expect(readJournal(stateDir).map((r) => r.question)).toEqual(["asked while opening"]);
    const next = memoryBackend();
    const restarted = testStorage(next, { stateDir });
    await restarted.questionLog.flush();
    expect(await questions(next)).toEqual(["asked while opening"]);
    await restarted.close();
  });
});

/**
 * A loopback TCP proxy in front of the real server, which the test stops and starts: the shared
 * server itself is never touched. Stopping refuses new connections and cuts the open ones.
 */
async function tcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = new Socket();
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
        upstream.connect(target.port, target.host, () => {
          client.pipe(upstream).pipe(client);
        });
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = ((server as Server).address() as { port: number }).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
    });
  await start();
  return { port: () => port, start, stop };
}

describe.runIf(runPostgres)("PostgreSQL unreachable (through a proxy the test stops)", () => {
  it("down at start, then stopped mid-run: every question asked meanwhile is written once it is back, without a restart", async () => {
    const schema = await freshSchemaUrl();
    const real = new URL(requirePostgresUrl());
    const proxy = await tcpProxy({ host: real.hostname || "127.0.0.1", port: Number(real.port || 5432) });
    const viaProxy = new URL(schema.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port());
    await proxy.stop();
    const storage = startStorage({
      databaseUrl: viaProxy.toString(),
      stateDir: tempStateDir(),
      logDays: 30,
      secret: TEST_SECRET,
      logger: silentLogger,
      retry: { firstMs: 50, maxMs: 200 },
    });
    const reader = await openStore({ databaseUrl: schema.url, stateDir: tempStateDir() });
    try {
      await vi.waitFor(
        () => expect(storage.status()).toMatchObject({ state: "unavailable", retrying: true }),
        {
          timeout: 15_000,
        },
      );
      for (const q of ["down 1", "down 2"]) storage.questionLog.record(asked(q));
      await proxy.start();
      await vi.waitFor(() => expect(storage.status().state).toBe("ready"), { timeout: 20_000, interval: 50 });
      await vi.waitFor(
        async () => expect(await questions(sqlBackend(reader.db))).toEqual(["down 1", "down 2"]),
        {
          timeout: 20_000,
          interval: 50,
        },
      );

      await proxy.stop();
      for (const q of ["gone 1", "gone 2"]) storage.questionLog.record(asked(q));
      await vi.waitFor(() => expect(storage.status().state).toBe("unavailable"), {
        timeout: 20_000,
        interval: 50,
      });
      await proxy.start();
      await vi.waitFor(
        async () =>
          expect(await questions(sqlBackend(reader.db))).toEqual(["down 1", "down 2", "gone 1", "gone 2"]),
        { timeout: 20_000, interval: 50 },
      );
      await vi.waitFor(() => expect(storage.status().state).toBe("ready"), { timeout: 20_000, interval: 50 });
    } finally {
      await storage.close(5_000);
      await proxy.stop();
      await reader.close();
      await schema.drop();
    }
  }, 90_000);
});

describe("GET /health while the store is down", () => {
  it("says degraded (still 200: the bot answers) with the store's reason, and ok once it is back", async () => {
    const backend = memoryBackend();
    let up = false;
    const storage = testStorage(backend, {
      retry: FAST,
      open: async () => {
        if (!up)
          throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
        return { backend, close: async () => {} };
      },
    });
    const fake = await startFakeSlack();
    const context = { ...(await bundledContext()), storage, questionLog: storage.questionLog };
    const slack = new SlackAdapter({
      config: testSlackConfig(fake.apiUrl),
      app: appFor(context),
      logger: silentLogger,
      host: "127.0.0.1",
    });
    await slack.start();
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${slack.port}/health`);
      return { code: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    try {
      await vi.waitFor(async () =>
        expect(await health()).toMatchObject({
          code: 200,
          body: {
            status: "degraded",
            store: { state: "unavailable", retrying: true, reason: /ECONNREFUSED/ },
          },
        }),
      );
      up = true;
      await vi.waitFor(async () =>
        expect(await health()).toMatchObject({
          code: 200,
          body: { status: "ok", store: { state: "ready" } },
        }),
      );
    } finally {
      await slack.stop();
      await fake.close();
      await storage.close();
    }
  });
});

describe("shutdown", () => {
  it("gives the store the time left before the deadline, so it gives up before the process does", async () => {
    let clock = 0;
    const exits: number[] = [];
    const given: number[] = [];
    const shutdown = createShutdown({
      adapters: [
        {
          name: "fake",
          start: async () => {},
          stop: async () => {
            clock += 3_000;
          },
        },
      ],
      logger: silentLogger as never,
      timeoutMs: 10_000,
      exit: (code) => exits.push(code),
      tell: () => {},
      setTimer: () => undefined,
      now: () => clock,
      afterAdapters: async (remainingMs) => {
        given.push(remainingMs);
      },
    });
    await shutdown.stop("end of input");
    expect(given).toEqual([10_000 - 3_000 - 250]);
    expect(exits).toEqual([0]);
  });
});

describe("the Slack HTTP receiver's limits", () => {
  it("cut a stalled body within the README's 10 s, counting Node's check interval", () => {
    // Node looks for expired requests once per interval: a request is cut up to one interval late.
    const latest = (SERVER_LIMITS.requestTimeout ?? 0) + (SERVER_LIMITS.connectionsCheckingInterval ?? 0);
    expect(latest).toBeLessThanOrEqual(10_000);
    const headers = (SERVER_LIMITS.headersTimeout ?? 0) + (SERVER_LIMITS.connectionsCheckingInterval ?? 0);
    expect(headers).toBeLessThanOrEqual(10_000);
  });
});

describe("QUESTION_LOG_DAYS=0", () => {
  it("turns the log off and deletes nothing that was logged", async () => {
    const backend = memoryBackend();
    await backend.insertQuestions([
      {
        id: "old",
        askedAt: new Date(0),
        platform: "console",
        workspace: null,
        channel: null,
        userHash: "h",
        question: "logged before",
        tier: "answer",
        confidence: 0.9,
        factId: null,
      },
    ]);
    const prune = vi.spyOn(backend, "prune");
    const off = testStorage(backend, { logDays: 0 });
    // The store prunes (if it does) the moment it is ready.
    await vi.waitFor(() => expect(off.status().state).toBe("ready"));
    expect(prune).not.toHaveBeenCalled();
    expect(await questions(backend)).toEqual(["logged before"]);
    await off.close();
    const on = testStorage(backend, { logDays: 30 });
    await vi.waitFor(() => expect(prune).toHaveBeenCalled());
    await on.close();
  });
});
