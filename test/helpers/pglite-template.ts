import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/**
 * One empty PGlite data folder for the tests (global-setup.ts), made once and kept in the temporary folder
 * (keyed by PGlite's version), which the tests' stores copy instead of each running initdb (about
 * 7 s on this machine, the better part of the store tests' time). The migrations still run from
 * empty in every store, and the bot's own first start (initdb in STATE_DIR) is still tested where
 * it matters (test/store-log.test.ts, the STATE_DIR lock).
 */

export interface PGliteTemplate {
  /** an empty data folder, to copy into STATE_DIR/pgdata */
  dir: string;
  /** the same as PGlite's dump, for openMemoryStore({ template }) */
  tar: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: PGliteTemplate;
  }
}

const MAKE = fileURLToPath(new URL("./make-pglite-template.mjs", import.meta.url));
const VERSION = JSON.parse(
  readFileSync(new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url), "utf8"),
).version as string;
// Bounds the one initdb (39 s was seen on a loaded machine).
const MAKE_TIMEOUT_MS = 180_000;

export async function pgliteTemplate(): Promise<PGliteTemplate> {
  const home = join(tmpdir(), `campaign-bot-pglite-template-${VERSION}-${process.getuid?.() ?? "user"}`);
  const ready = (d: string) =>
    existsSync(join(d, "pgdata", "PG_VERSION")) && existsSync(join(d, "pgdata.tar"));
  if (!ready(home)) {
    // Made beside its place and renamed there whole, so concurrent runs never read half of one.
    const building = mkdtempSync(`${home}.building-`);
    try {
      await promisify(execFile)(process.execPath, [MAKE, building], { timeout: MAKE_TIMEOUT_MS });
      try {
        renameSync(building, home);
      } catch (error) {
        // Another run got there first: use theirs.
        if (!ready(home)) throw error;
      }
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  }
  return { dir: join(home, "pgdata"), tar: join(home, "pgdata.tar") };
}
