import type { Logger } from "pino";
import { buildIndex } from "../core/build-index";
import type { CorpusIndex } from "../core/corpus-index";
import type { ParsedDocument } from "../core/document";
import { slug } from "../core/document";
import type { TeacherStore } from "../store/teacher-store";

/**
 * The documents teachers uploaded, per class, as every replica sees them: each replica polls the
 * classes' versions in the store (one small query a second) and rereads a class whose version moved,
 * so an upload in one process is answered from in all of them within a couple of seconds. A class's
 * index is its base (the folder's documents) with its uploads on top, built once per version.
 */

export type ReadStored = (fileName: string, bytes: Uint8Array) => Promise<ParsedDocument>;

export const POLL_MS = 1_000;

interface ClassUploads {
  version: number;
  documents: ParsedDocument[];
}

export class ClassLibrary {
  private readonly classes = new Map<string, ClassUploads>();
  private readonly built = new WeakMap<object, Map<string, { version: number; index: CorpusIndex }>>();
  private readonly noBase = {};
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly store: Pick<TeacherStore, "versions" | "documentBytes">,
    private readonly read: ReadStored,
    private readonly logger: Logger,
  ) {}

  /** Polls every `pollMs` until `stop`; the first refresh runs at once. */
  start(pollMs = POLL_MS): Promise<void> {
    const first = this.refresh();
    this.timer = setInterval(() => void this.refresh(), pollMs);
    this.timer.unref();
    return first;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Rereads the classes whose version moved. Never rejects; overlapping calls share one run. */
  refresh(): Promise<void> {
    this.refreshing ??= this.reread().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async reread(): Promise<void> {
    let versions: Map<string, number>;
    try {
      versions = await this.store.versions();
    } catch (error) {
      // Polled every second: said once when it starts failing, and once when it recovers.
      if (!this.failing) this.logger.warn({ err: error }, "cannot read class versions; uploads may be stale");
      this.failing = true;
      return;
    }
    if (this.failing) this.logger.info("class versions readable again");
    this.failing = false;
    for (const [classKey, version] of versions) {
      if (this.classes.get(classKey)?.version === version) continue;
      try {
        const rows = await this.store.documentBytes(classKey);
        const documents: ParsedDocument[] = [];
        for (const row of rows) {
          try {
            const doc = await this.read(row.fileName, row.bytes);
            // Ids unique beside the folder's documents and other classes' uploads.
            documents.push({ ...doc, id: `upload-${slug(classKey)}-${row.id.slice(0, 8)}-${doc.id}` });
          } catch (error) {
            this.logger.warn({ err: error, classKey, file: row.fileName }, "stored upload cannot be read");
          }
        }
        this.classes.set(classKey, { version, documents });
        this.logger.info({ classKey, version, documents: documents.length }, "class uploads reloaded");
      } catch (error) {
        this.logger.warn(
          { err: error, classKey },
          "cannot read a class's uploads; keeping the previous ones",
        );
      }
    }
  }

  /** The version of a class's uploads this process answers from (0: none yet). */
  version(classKey: string): number {
    return this.classes.get(classKey)?.version ?? 0;
  }

  uploads(classKey: string): readonly ParsedDocument[] {
    return this.classes.get(classKey)?.documents ?? [];
  }

  /**
   * The class's index: its base (the folder's documents it sees; null: none) with its uploads on
   * top. Built once per base index and upload version.
   */
  indexFor(classKey: string, base: BaseDocuments | null): CorpusIndex | null {
    const uploads = this.classes.get(classKey);
    if (!uploads || uploads.documents.length === 0) return base?.index ?? null;
    const key = base?.index ?? this.noBase;
    let byClass = this.built.get(key);
    if (!byClass) {
      byClass = new Map();
      this.built.set(key, byClass);
    }
    const cached = byClass.get(classKey);
    if (cached?.version === uploads.version) return cached.index;
    const index = buildIndex([...(base?.documents() ?? []), ...uploads.documents]);
    byClass.set(classKey, { version: uploads.version, index });
    return index;
  }
}

/** The index a class starts from, and (read only when a class index is built) its documents. */
export interface BaseDocuments {
  index: CorpusIndex;
  documents: () => readonly ParsedDocument[];
}

/**
 * The bot's per-channel scope with each class's uploads on top: `scope` is what the bot already
 * answers a channel from, `all` the corpus's parsed documents (the scope's index names which).
 */
export function withClassUploads(
  library: Pick<ClassLibrary, "indexFor">,
  scope: (channel: string | undefined) => CorpusIndex | null,
  all: () => readonly ParsedDocument[],
  classKeyOf: (channel: string | undefined) => string,
): (channel: string | undefined) => CorpusIndex | null {
  return (channel) => {
    const index = scope(channel);
    const base: BaseDocuments | null = index
      ? {
          index,
          documents: () => {
            const ids = new Set(index.documents.map((d) => d.id));
            return all().filter((d) => ids.has(d.id));
          },
        }
      : null;
    return library.indexFor(classKeyOf(channel), base);
  };
}
