import { cpSync, existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * An empty embedded database made once, when the bot is installed (`npm ci` runs
 * scripts/pglite-template.mjs), so that a first start copies a folder (well under a second) instead of
 * running initdb (7 s on a quiet 2-core machine, 30-40 s on a loaded one: the first mark of a new
 * class waited for it). Keyed by PGlite's version; without it a first start runs initdb as before.
 */

const PGLITE_PACKAGE = new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url);

export function pgliteVersion(): string {
  return (JSON.parse(readFileSync(PGLITE_PACKAGE, "utf8")) as { version: string }).version;
}

/** Where the install keeps it: node_modules/.cache, which a Docker image's node_modules carries. */
export function templateDir(version = pgliteVersion()): string {
  return fileURLToPath(new URL(`../../node_modules/.cache/campaign-bot/pgdata-${version}`, import.meta.url));
}

/** Copies the template to `target` if there is a whole one; false: there is none (run initdb). */
export function copyTemplate(target: string, template: string | null = safeTemplateDir()): boolean {
  if (!template || !existsSync(`${template}/PG_VERSION`)) return false;
  cpSync(template, target, { recursive: true });
  return true;
}

function safeTemplateDir(): string | null {
  try {
    return templateDir();
  } catch {
    return null;
  }
}
