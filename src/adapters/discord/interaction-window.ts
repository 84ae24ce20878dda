import type { RateLimitData } from "discord.js";

/**
 * Discord gives a bot 3 seconds to answer an interaction's callback, and 15 minutes to edit or
 * follow up through its webhook. A callback that is rate-limited past its window can never
 * succeed, so it is not retried: discord.js's REST asks rejectOnRateLimit, and this says no once
 * the wait would end after the window. Interactions are remembered from when they arrived (our
 * clock, not the snowflake's, so clock skew does not matter).
 */

export const CALLBACK_WINDOW_MS = 3_000;
const FORGET_AFTER_MS = 15 * 60_000;
const MAX_REMEMBERED = 10_000;

export class InteractionWindows {
  private readonly arrived = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes when an interaction arrived. */
  arrive(id: string): void {
    const t = this.now();
    for (const [k, at] of this.arrived) {
      if (t - at < FORGET_AFTER_MS && this.arrived.size < MAX_REMEMBERED) break;
      this.arrived.delete(k);
    }
    this.arrived.set(id, t);
  }

  /** For discord.js's rejectOnRateLimit: true when waiting would miss the callback's window. */
  readonly rejectRateLimited = (limit: Pick<RateLimitData, "url" | "retryAfter">): boolean => {
    const id = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(limit.url)?.[1];
    if (!id) return false;
    const at = this.arrived.get(id);
    return at === undefined || this.now() + limit.retryAfter > at + CALLBACK_WINDOW_MS;
  };
}
