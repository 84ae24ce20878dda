/**
 * A per-user sliding-window rate limit. Pure apart from its own memory: the clock is passed in, so
 * tests step time instead of sleeping.
 */

export interface RateLimitDecision {
  allowed: boolean;
  /** when the user may ask again, in milliseconds from now (0 when allowed) */
  retryAfterMs: number;
}

export interface RateLimiter {
  check(userId: string): RateLimitDecision;
}

// Users are kept in order of last request, so forgetting the idle ones stops at the first active
// one: memory stays bounded and no request pays for a scan of everyone.
const MAX_USERS = 100_000;

export function createRateLimiter(options: {
  max: number;
  windowMs: number;
  now: () => number;
}): RateLimiter {
  const { max, windowMs, now } = options;
  const hits = new Map<string, number[]>();
  return {
    check(userId) {
      const t = now();
      const recent = (hits.get(userId) ?? []).filter((at) => t - at < windowMs);
      hits.delete(userId);
      for (const [id, times] of hits) {
        const idle = t - (times[times.length - 1] as number) >= windowMs;
        if (!idle && hits.size < MAX_USERS) break;
        hits.delete(id);
      }
      if (recent.length >= max) {
        hits.set(userId, recent);
        return { allowed: false, retryAfterMs: windowMs - (t - (recent[0] as number)) };
      }
      recent.push(t);
      hits.set(userId, recent);
      return { allowed: true, retryAfterMs: 0 };
    },
  };
}

export function rateLimitMessage(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `You're asking faster than I can keep up. Please wait ${seconds} second${seconds === 1 ? "" : "s"} and ask again.`;
}
