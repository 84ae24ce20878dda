import type { Logger } from "pino";
import type { RateLimitDecision } from "../rate-limit";
import type { SharedBackend } from "./shared-state";
import { hashUser, rateLimitKey } from "./user-hash";

/**
 * The shared state as the adapters use it. Every call is bounded: past the deadline, or while the
 * store is opening or down, it answers null and the caller decides in its own memory (one
 * process's view), so a slow database never costs an answer or Slack's 3-second acknowledgement.
 */

export interface SharedState {
  hit(platform: string, userId: string, max: number, windowMs: number): Promise<RateLimitDecision | null>;
  firstSeen(id: string): Promise<boolean | null>;
}

const DEADLINE_MS = 1_000;

export function sharedState(options: {
  backend: Promise<SharedBackend | null>;
  ready: () => boolean;
  secret?: string | undefined;
  logger: Logger;
  now: () => number;
  deadlineMs?: number;
}): SharedState {
  let backend: SharedBackend | null = null;
  void options.backend.then((b) => {
    backend = b;
  });
  let warned = false;

  // One round trip for everything asked while the previous one ran (group commit): the events to
  // claim and the users to count, from every request in flight, go in one statement. A user (or an
  // event id) twice in a burst waits for the next batch, so the database counts each once.
  interface Waiting {
    kind: "seen" | "hit";
    key: string;
    max: number;
    windowMs: number;
    resolve(value: RateLimitDecision | boolean | null): void;
    reject(error: unknown): void;
  }
  let queue: Waiting[] = [];
  let flushing = false;
  const MAX_BATCH = 500;
  function flush(b: SharedBackend): void {
    if (flushing || queue.length === 0) return;
    flushing = true;
    const head = queue.find((w) => w.kind === "hit");
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const seen = new Set<string>();
    const hits = new Set<string>();
    for (const w of queue) {
      const keys = w.kind === "seen" ? seen : hits;
      const fits =
        !keys.has(w.key) &&
        batch.length < MAX_BATCH &&
        (w.kind === "seen" || (w.max === head?.max && w.windowMs === head.windowMs));
      if (fits) {
        keys.add(w.key);
        batch.push(w);
      } else rest.push(w);
    }
    queue = rest;
    b.apply({
      seen: [...seen],
      hits: [...hits],
      max: head?.max ?? 0,
      windowMs: head?.windowMs ?? 0,
      at: new Date(options.now()),
    })
      .then(
        ({ firstSeen, decisions }) => {
          for (const w of batch)
            w.resolve(w.kind === "seen" ? firstSeen.has(w.key) : (decisions.get(w.key) ?? null));
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        flushing = false;
        flush(b);
      });
  }
  const ask = <T>(b: SharedBackend, kind: Waiting["kind"], key: string, max = 0, windowMs = 0) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ kind, key, max, windowMs, resolve: resolve as Waiting["resolve"], reject });
      flush(b);
    });
  const hash = options.secret
    ? (p: string, id: string) => hashUser(options.secret as string, p, id)
    : undefined;

  async function bounded<T>(what: string, work: (b: SharedBackend) => Promise<T>): Promise<T | null> {
    if (!backend || !options.ready()) return null;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), options.deadlineMs ?? DEADLINE_MS);
    });
    try {
      const result = await Promise.race([work(backend), deadline]);
      if (result === null && !warned) {
        warned = true;
        options.logger.warn({ what }, "shared state slow; deciding in this process");
      }
      return result;
    } catch (error) {
      // Logged once per failure streak: a database that is down would otherwise flood the log.
      if (!warned) options.logger.warn({ err: error, what }, "shared state failed; deciding in this process");
      warned = true;
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    hit: async (platform, userId, max, windowMs) => {
      const key = rateLimitKey(platform, userId, hash);
      const result = await bounded("rate limit", (b) =>
        ask<RateLimitDecision | null>(b, "hit", key, max, windowMs),
      );
      if (result) warned = false;
      return result;
    },
    firstSeen: async (id) => {
      const result = await bounded("seen events", (b) => ask<boolean>(b, "seen", id));
      if (result !== null) warned = false;
      return result;
    },
  };
}
