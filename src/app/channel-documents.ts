import { statSync } from "node:fs";
import { join } from "node:path";
import { buildIndex } from "../core/build-index";
import type { CorpusIndex } from "../core/corpus-index";
import type { ParsedDocument } from "../core/document";

/**
 * Per-class documents: CHANNEL_DOCUMENTS gives a channel the documents under some subfolders of
 * DATA_DIR, and everything asked there (answers, topics, sources, suggestions, autocomplete) comes
 * from those alone. A channel not listed sees every document, or none with CHANNEL_DOCUMENTS_STRICT.
 */

export type ChannelFolders = Record<string, string[]>;

/** A channel mapped to a folder DATA_DIR lacks is a configuration error naming both: the problems. */
export function checkChannelFolders(dataDir: string, map: ChannelFolders): string[] {
  const problems: string[] = [];
  for (const [channel, folders] of Object.entries(map)) {
    for (const folder of folders) {
      let isFolder = false;
      try {
        isFolder = statSync(join(dataDir, folder)).isDirectory();
      } catch {}
      if (!isFolder)
        problems.push(
          `CHANNEL_DOCUMENTS: channel ${channel} is mapped to "${folder}", which is not a folder in DATA_DIR (${dataDir}); create it or correct the mapping`,
        );
    }
  }
  return problems;
}

/** A channel's folders as the question log records them, sorted ("bio101,shared"); null: every document. */
export function documentSetOf(map: ChannelFolders, channel: string | undefined): string | null {
  const folders = channel === undefined ? undefined : map[channel];
  return folders ? [...new Set(folders)].sort().join(",") : null;
}

export function inFolder(fileName: string, folder: string): boolean {
  return fileName.startsWith(`${folder}/`);
}

export class ChannelScopes {
  // One index per folder set and corpus version, built on first use: a reload makes new ones.
  private readonly built = new WeakMap<CorpusIndex, Map<string, CorpusIndex | null>>();

  constructor(
    private readonly map: ChannelFolders,
    private readonly strict: boolean,
    private readonly current: () => { index: CorpusIndex; documents: readonly ParsedDocument[] },
  ) {}

  /** The index a channel sees; null when it sees no documents (strict and not listed, or empty). */
  indexFor(channel: string | undefined): CorpusIndex | null {
    const { index, documents } = this.current();
    const folders = channel === undefined ? undefined : this.map[channel];
    // No channel (the terminal, a tool): the person running the bot sees everything.
    if (!folders) return this.strict && channel !== undefined ? null : index;
    let byFolders = this.built.get(index);
    if (!byFolders) {
      byFolders = new Map();
      this.built.set(index, byFolders);
    }
    const key = [...folders].sort().join("\n");
    if (!byFolders.has(key)) {
      const own = documents.filter((d) => folders.some((f) => inFolder(d.fileName, f)));
      byFolders.set(key, own.length ? buildIndex([...own]) : null);
    }
    return byFolders.get(key) ?? null;
  }
}
