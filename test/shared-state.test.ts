import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RateLimitDecision } from "../src/rate-limit";
import { type OpenedStore, openStore } from "../src/store/open";
import { sharedState } from "../src/store/shared-calls";
import { type SharedBackend, sqlSharedBackend } from "../src/store/shared-state";
import { silentLogger } from "./helpers/corpus";
import { freshSchemaUrl, requirePostgresUrl, runPostgres } from "./helpers/postgres";
import { memoryStore } from "./helpers/storage";

/**
 * The state bot processes share on one database: the rate limit and the events already taken.
 * The same contract on PGlite and on a PostgreSQL server, where two connection pools stand in for
 * two processes racing.
 */

const T0 = Date.UTC(2026, 10, 1, 12);
const WINDOW = 30_000;

// One request's worth of work, as a batch of one (or of several users, for hitMany).
const hitMany = async (b: SharedBackend, keys: string[], max: number, windowMs: number, at: Date) =>
  (await b.apply({ seen: [], hits: keys, max, windowMs, at })).decisions;
const hit = async (b: SharedBackend, key: string, max: number, windowMs: number, at: Date) =>
  (await hitMany(b, [key], max, windowMs, at)).get(key) as RateLimitDecision;
const firstSeen = async (b: SharedBackend, id: string, at: Date) =>
  (await b.apply({ seen: [id], hits: [], max: 0, windowMs: 0, at })).firstSeen.has(id);

function contract(name: string, setup: () => Promise<{ shared: SharedBackend; done(): Promise<void> }>) {
  describe(name, () => {
    let shared: SharedBackend;
    let done: () => Promise<void>;
    beforeAll(async () => {
      ({ shared, done } = await setup());
    }, 60_000);
    afterAll(() => done?.());

    it("lets a user ask max times in the window, then says when to ask again", async () => {
      const at = (s: number) => new Date(T0 + s * 1000);
      for (let i = 0; i < 5; i++) {
        expect(await hit(shared, "user-a", 5, WINDOW, at(i))).toEqual({ allowed: true, retryAfterMs: 0 });
      }
      // Refused at 10 s: the oldest counted question (0 s) leaves the window at 30 s.
      expect(await hit(shared, "user-a", 5, WINDOW, at(10))).toEqual({
        allowed: false,
        retryAfterMs: 20_000,
      });
      expect((await hit(shared, "user-b", 5, WINDOW, at(10))).allowed).toBe(true);
      // A refused question is not counted: at 30 s one slot is free again, and only one.
      expect((await hit(shared, "user-a", 5, WINDOW, at(30))).allowed).toBe(true);
      expect((await hit(shared, "user-a", 5, WINDOW, at(30.5))).allowed).toBe(false);
    });

    it("counts several users in one statement", async () => {
      const at = new Date(T0);
      const first = await hitMany(shared, ["m1", "m2", "m3"], 1, WINDOW, at);
      expect([...first.values()].map((d) => d.allowed)).toEqual([true, true, true]);
      const second = await hitMany(shared, ["m1", "m2", "m4"], 1, WINDOW, new Date(T0 + 1000));
      expect(Object.fromEntries([...second].map(([k, d]) => [k, d.allowed]))).toEqual({
        m1: false,
        m2: false,
        m4: true,
      });
    });

    it("batched as adapters call it, a burst from one user still lets exactly max through", async () => {
      const calls = sharedState({
        backend: Promise.resolve(shared),
        ready: () => true,
        logger: silentLogger,
        now: () => T0,
        deadlineMs: 10_000,
      });
      await Promise.resolve();
      const burst = await Promise.all(
        Array.from({ length: 12 }, (_, i) => calls.hit("slack", i < 8 ? "burst" : `other-${i}`, 5, WINDOW)),
      );
      expect(burst.slice(0, 8).filter((d) => d?.allowed)).toHaveLength(5);
      expect(burst.slice(8).every((d) => d?.allowed)).toBe(true);
    });

    it("claims events and counts users of a burst in one round trip; a retry in the burst is first once", async () => {
      const apply = vi.spyOn(shared, "apply");
      const calls = sharedState({
        backend: Promise.resolve(shared),
        ready: () => true,
        logger: silentLogger,
        now: () => T0 + 5_000,
        deadlineMs: 10_000,
      });
      await Promise.resolve();
      const [seen, hits] = await Promise.all([
        Promise.all(["slack:EvBurst", "slack:EvBurst", "slack:EvOther"].map((id) => calls.firstSeen(id))),
        Promise.all(["u1", "u2", "u3"].map((u) => calls.hit("slack", u, 5, WINDOW))),
      ]);
      expect(seen).toEqual([true, false, true]);
      expect(hits.every((d) => d?.allowed)).toBe(true);
      // The first request goes alone; everything asked while it ran shares the next statement.
      expect(apply.mock.calls.length).toBe(2);
      apply.mockRestore();
    });

    it("takes an event id once", async () => {
      expect(await firstSeen(shared, "slack:Ev1", new Date(T0))).toBe(true);
      expect(await firstSeen(shared, "slack:Ev1", new Date(T0 + 1000))).toBe(false);
      expect(await firstSeen(shared, "slack:Ev2", new Date(T0 + 1000))).toBe(true);
    });

    it("forgets old entries", async () => {
      await firstSeen(shared, "slack:old", new Date(T0 - 3_600_000));
      await hit(shared, "user-old", 1, WINDOW, new Date(T0 - 3_600_000));
      await shared.forget(new Date(T0 - 60_000));
      expect(await firstSeen(shared, "slack:old", new Date(T0))).toBe(true);
      expect(await firstSeen(shared, "slack:Ev1", new Date(T0))).toBe(false);
      expect((await hit(shared, "user-old", 1, WINDOW, new Date(T0))).allowed).toBe(true);
    });
  });
}

contract("PGlite", async () => {
  const store = await memoryStore();
  return { shared: sqlSharedBackend(store.db), done: () => store.close() };
});

describe.runIf(runPostgres)("PostgreSQL server", () => {
  let schema: Awaited<ReturnType<typeof freshSchemaUrl>>;
  let a: OpenedStore;
  let b: OpenedStore;
  beforeAll(async () => {
    requirePostgresUrl();
    schema = await freshSchemaUrl();
    [a, b] = await Promise.all([
      openStore({ databaseUrl: schema.url, stateDir: "unused" }),
      openStore({ databaseUrl: schema.url, stateDir: "unused" }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await schema?.drop();
  });

  contract("PostgreSQL", async () => ({ shared: sqlSharedBackend(a.db), done: async () => {} }));

  it("two processes racing count a user's questions once: exactly max get through", async () => {
    const pools = [sqlSharedBackend(a.db), sqlSharedBackend(b.db)];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        hit(pools[i % 2] as SharedBackend, "racer", 5, WINDOW, new Date(T0 + i)),
      ),
    );
    expect(results.filter((r) => r?.allowed)).toHaveLength(5);
  });

  it("two processes racing for one event: exactly one takes it", async () => {
    const pools = [sqlSharedBackend(a.db), sqlSharedBackend(b.db)];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        firstSeen(pools[i % 2] as SharedBackend, "slack:EvRace", new Date(T0)),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("the shared state as adapters call it", () => {
  it("answers null past its deadline, or when the database fails, so the process decides alone", async () => {
    vi.useFakeTimers();
    try {
      const backend = (apply: SharedBackend["apply"]): SharedBackend => ({
        apply,
        forget: async () => {},
      });
      const calls = (b: SharedBackend) =>
        sharedState({
          backend: Promise.resolve(b),
          ready: () => true,
          logger: silentLogger,
          now: () => T0,
          deadlineMs: 1000,
        });
      const stuck = calls(backend(() => new Promise(() => {})));
      const failing = calls(backend(() => Promise.reject(new Error("connection terminated"))));
      await vi.advanceTimersByTimeAsync(0);
      const hit = stuck.hit("slack", "U1", 5, WINDOW);
      const seen = stuck.firstSeen("slack:Ev1");
      await vi.advanceTimersByTimeAsync(1000);
      expect(await hit).toBeNull();
      expect(await seen).toBeNull();
      expect(await failing.firstSeen("slack:Ev1")).toBeNull();
      expect(await failing.hit("slack", "U1", 5, WINDOW)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("is not asked while the store is not ready", async () => {
    const asked: string[] = [];
    const backend: SharedBackend = {
      apply: async ({ hits }) => {
        asked.push("hit");
        return {
          firstSeen: new Set(),
          decisions: new Map(hits.map((k) => [k, { allowed: true, retryAfterMs: 0 }])),
        };
      },
      forget: async () => {},
    };
    let ready = false;
    const shared = sharedState({
      backend: Promise.resolve(backend),
      ready: () => ready,
      logger: silentLogger,
      now: () => T0,
    });
    await Promise.resolve();
    expect(await shared.hit("slack", "U1", 5, WINDOW)).toBeNull();
    ready = true;
    expect(await shared.hit("slack", "U1", 5, WINDOW)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(asked).toEqual(["hit"]);
  });
});
