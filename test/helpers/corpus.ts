import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { CommandContext } from "../../commands";
import type { CorpusIndex } from "../../src/core/corpus-index";
import { loadCorpus } from "../../src/core/load";

/** Shared fixtures: the bundled corpus, a silent logger, temporary document folders. */

let bundled: Promise<CorpusIndex> | null = null;

export function bundledIndex(): Promise<CorpusIndex> {
  bundled ??= loadCorpus("data").then((r) => r.index);
  return bundled;
}

export const silentLogger = pino({ level: "silent" });

export async function bundledContext(): Promise<CommandContext> {
  return { index: await bundledIndex(), logger: silentLogger, commandName: "campaign" };
}

/** Writes files into a new temporary folder and returns its path. */
export function tempCorpus(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "corpus-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A fresh STATE_DIR for a store opened in a test (its journal lives there). */
export const tempStateDir = () => mkdtempSync(join(tmpdir(), "state-"));

/** Two classes' folders of DATA_DIR: the campaign article (history) and the garden page (biology). */
export function classFolders(): string {
  const dir = mkdtempSync(join(tmpdir(), "classes-"));
  mkdirSync(join(dir, "history"));
  mkdirSync(join(dir, "biology"));
  cpSync("data", join(dir, "history"), { recursive: true });
  cpSync("test/eval/corpora/community-garden", join(dir, "biology"), { recursive: true });
  return dir;
}
