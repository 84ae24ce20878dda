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
      const result = await bounded("rate limit", (b) =>
        b.hit(rateLimitKey(platform, userId, hash), max, windowMs, new Date(options.now())),
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
