import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type BotApp, createApp } from "../../src/app/pipeline";
import type { AppServices } from "../../src/app/services";
import type { CorpusIndex } from "../../src/core/corpus-index";
import { loadCorpus } from "../../src/core/load";

/** Shared fixtures: the bundled corpus, a silent logger, temporary document folders. */

let bundled: Promise<CorpusIndex> | null = null;

export function bundledIndex(): Promise<CorpusIndex> {
  bundled ??= loadCorpus("data").then((r) => r.index);
  return bundled;
}

export const silentLogger = pino({ level: "silent" });

export async function bundledContext(): Promise<AppServices> {
  return { index: await bundledIndex(), logger: silentLogger, commandName: "campaign" };
}

/** The app over `services`, as startup builds it; `max` questions per 30 s per user (default 5). */
export function appFor(services: AppServices, max?: number): BotApp {
  return createApp(max ? { ...services, rateLimit: { max, windowSeconds: 30 } } : services);
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
