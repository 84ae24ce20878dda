import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { openStore } from "../src/store/open";
import { tempStateDir } from "./helpers/corpus";

/**
 * A first start with the embedded store: it copies the empty database the install made
 * (scripts/pglite-template.mjs) instead of running initdb, and runs initdb when there is none.
 */

async function opensAndMigrates(stateDir: string, template: string | null) {
  const store = await openStore({ stateDir, template });
  try {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from questions`.execute(store.db);
    expect(rows[0]?.n).toBe(0);
  } finally {
    await store.close();
  }
}

describe("a first start of the embedded store", () => {
  it("copies the install's empty database into STATE_DIR (no initdb)", async () => {
    const template = join(mkdtempSync(join(tmpdir(), "template-")), "pgdata");
    cpSync(inject("pgliteTemplate").dir, template, { recursive: true });
    // initdb would not make this file: finding it proves the folder was copied.
    writeFileSync(join(template, "made-by-the-install"), "");
    const stateDir = tempStateDir();
    await opensAndMigrates(stateDir, template);
    expect(existsSync(join(stateDir, "pgdata", "made-by-the-install"))).toBe(true);
  });

  it("runs initdb when the install made none", { timeout: 180_000 }, async () => {
    const stateDir = tempStateDir();
    await opensAndMigrates(stateDir, join(tmpdir(), "no-such-template"));
    expect(existsSync(join(stateDir, "pgdata", "PG_VERSION"))).toBe(true);
    expect(existsSync(join(stateDir, "pgdata", "made-by-the-install"))).toBe(false);
  });
});
