/**
 * "Have we already handled this request?" Slack re-sends events it thinks went unanswered, and a
 * signed request can be replayed within its five-minute window; each must be answered once. The
 * interface is async so a store shared by several processes (a database) can implement it later.
 */
export interface Deduper {
  /** Records the key; resolves true the first time it is seen within the window, false after. */
  claim(key: string): Promise<boolean>;
}

export interface MemoryDeduperOptions {
  /** how long a key is remembered (Slack's replay window is five minutes) */
  windowMs?: number;
  /** most keys kept; the oldest are forgotten first, so memory stays bounded under a flood */
  capacity?: number;
  now?: () => number;
}

/** One process's memory of recent keys, oldest first. */
export class MemoryDeduper implements Deduper {
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: MemoryDeduperOptions = {}) {
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.capacity = options.capacity ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  claim(key: string): Promise<boolean> {
    return Promise.resolve(this.claimNow(key));
  }

  /** The same, synchronously (the in-memory store never waits). */
  claimNow(key: string): boolean {
    const t = this.now();
    for (const [k, at] of this.seen) {
      if (t - at < this.windowMs && this.seen.size < this.capacity) break;
      this.seen.delete(k);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, t);
    return true;
  }
}
