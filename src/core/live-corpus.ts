import type { Logger } from "pino";
import type { CorpusIndex } from "./corpus-index";
import type { ParsedDocument } from "./document";
import { type LoadOptions, type LoadResult, loadCorpus } from "./load";

/**
 * The corpus a running bot answers from, reloadable while it runs: a reload builds a whole new
 * index in the background and swaps it in with one assignment, so every question is answered from
 * either the old corpus or the new one, never a mix. A failed reload keeps the old corpus.
 */

export interface CorpusChange {
  added: string[];
  changed: string[];
  removed: string[];
}

/** What changed between two loads, from each file's size and modification time. */
export function diffStamps(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): CorpusChange {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [file, stamp] of after) {
    const old = before.get(file);
    if (old === undefined) added.push(file);
    else if (old !== stamp) changed.push(file);
  }
  for (const file of before.keys()) if (!after.has(file)) removed.push(file);
  return { added, changed, removed };
}

export class LiveCorpus {
  private loaded: LoadResult;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    initial: LoadResult,
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly options: LoadOptions = {},
    private readonly load: (dir: string, options: LoadOptions) => Promise<LoadResult> = loadCorpus,
  ) {
    this.loaded = initial;
  }

  get index(): CorpusIndex {
    return this.loaded.index;
  }

  /** the documents the current index was built from (per-channel indexes are built from them) */
  get documents(): readonly ParsedDocument[] {
    return this.loaded.documents;
  }

  /**
   * Rebuilds the index from the folder. Calls during a rebuild are folded into one more rebuild
   * after it, so a burst of changes ends with the folder's last state. Never rejects.
   */
  reload(reason: string): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.rebuild(reason);
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }

  private async rebuild(reason: string): Promise<void> {
    const started = performance.now();
    try {
      const next = await this.load(this.dir, { ...this.options, previous: this.loaded.outcomes });
      const change = diffStamps(this.loaded.stamps, next.stamps);
      for (const p of next.problems) this.logger.warn({ file: p.file }, `document ${p.file} ${p.reason}`);
      this.loaded = next;
      this.logger.info(
        {
          reason,
          ...change,
          documents: next.index.documents.length,
          facts: next.index.size,
          ms: Math.round(performance.now() - started),
        },
        `corpus reloaded (${describe(change)}); ${next.index.size} facts from ${next.index.documents.length} documents`,
      );
    } catch (error) {
      this.logger.error(
        { reason, err: error },
        `corpus reload failed; still answering from the previous documents: ${(error as Error).message}`,
      );
    }
  }
}

function describe(change: CorpusChange): string {
  const parts = [
    change.added.length ? `added ${change.added.join(", ")}` : "",
    change.changed.length ? `changed ${change.changed.join(", ")}` : "",
    change.removed.length ? `removed ${change.removed.join(", ")}` : "",
  ].filter(Boolean);
  return parts.join("; ") || "no document changed";
}
