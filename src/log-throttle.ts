import type { Logger } from "./logger";

/**
 * Keeps a flood of identical warnings (bad signatures from one address, a failing API) from
 * filling the disk: the first of each kind in a window is logged as is, the rest are counted and
 * summarised once ("412 more in the last 10 s") when the next one arrives after the window or on
 * flush(). The clock is injected so tests step time instead of sleeping.
 */

export interface LogThrottle {
  warn(key: string, fields: Record<string, unknown>, message: string): void;
  /** logs the summaries still pending (at shutdown) */
  flush(): void;
}

interface Entry {
  since: number;
  suppressed: number;
  fields: Record<string, unknown>;
  message: string;
}

const MAX_KEYS = 1000;

export function createLogThrottle(
  logger: Logger,
  options: { windowMs?: number; now?: () => number } = {},
): LogThrottle {
  const windowMs = options.windowMs ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const summarise = (e: Entry) => {
    if (e.suppressed === 0) return;
    logger.warn(
      { ...e.fields, suppressed: e.suppressed },
      `${e.message} (${e.suppressed} more in the last ${Math.round(windowMs / 1000)} s)`,
    );
  };
  return {
    warn(key, fields, message) {
      const t = now();
      const entry = entries.get(key);
      if (entry && t - entry.since < windowMs) {
        entry.suppressed++;
        return;
      }
      if (entry) {
        summarise(entry);
        entries.delete(key);
      }
      // Forget the oldest kinds first; their counts are logged, not lost.
      for (const [k, e] of entries) {
        if (entries.size < MAX_KEYS) break;
        summarise(e);
        entries.delete(k);
      }
      entries.set(key, { since: t, suppressed: 0, fields, message });
      logger.warn(fields, message);
    },
    flush() {
      for (const e of entries.values()) summarise(e);
      entries.clear();
    },
  };
}
