import type { Logger } from "pino";
import type { RateLimitDecision } from "../rate-limit";
import { rateLimitKey, type SharedBackend } from "./shared-state";
import { hashUser } from "./user-hash";

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

  // Group commit for the rate limit: while one statement runs, the next questions gather, and go
  // together (one round trip for many users). A user twice in a burst waits for the next batch.
  interface Waiting {
    key: string;
    max: number;
    windowMs: number;
    resolve(decision: RateLimitDecision | null): void;
    reject(error: unknown): void;
  }
  let queue: Waiting[] = [];
  let flushing = false;
  const MAX_BATCH = 500;
  function flushHits(b: SharedBackend): void {
    const head = queue[0];
    if (flushing || !head) return;
    flushing = true;
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys = new Set<string>();
    for (const w of queue) {
      const fits = w.max === head.max && w.windowMs === head.windowMs && !keys.has(w.key);
      if (fits && batch.length < MAX_BATCH) {
        keys.add(w.key);
        batch.push(w);
      } else rest.push(w);
    }
    queue = rest;
    b.hitMany([...keys], head.max, head.windowMs, new Date(options.now()))
      .then(
        (decisions) => {
          for (const w of batch) w.resolve(decisions.get(w.key) ?? null);
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        flushing = false;
        flushHits(b);
      });
  }
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
      const result = await bounded(
        "rate limit",
        (b) =>
          new Promise<RateLimitDecision | null>((resolve, reject) => {
            queue.push({ key, max, windowMs, resolve, reject });
            flushHits(b);
          }),
      );
      if (result) warned = false;
      return result;
    },
    firstSeen: async (id) => {
      const result = await bounded("seen events", (b) => b.firstSeen(id, new Date(options.now())));
      if (result !== null) warned = false;
      return result;
    },
  };
}
