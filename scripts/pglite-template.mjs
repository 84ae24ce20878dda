import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Run by `npm ci` (postinstall): makes the empty embedded database a first start copies
 * (src/store/pglite-template.ts). Never fails the install: without it a first start runs initdb.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
try {
  const { version } = JSON.parse(
    readFileSync(`${root}node_modules/@electric-sql/pglite/package.json`, "utf8"),
  );
  const target = `${root}node_modules/.cache/campaign-bot/pgdata-${version}`;
  if (!existsSync(`${target}/PG_VERSION`)) {
    mkdirSync(dirname(target), { recursive: true });
    const building = `${target}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    execFileSync(process.execPath, [`${root}src/store/pglite-create.mjs`, building], {
      stdio: "inherit",
      timeout: 180_000,
    });
    rmSync(target, { recursive: true, force: true });
    renameSync(building, target);
  }
} catch (error) {
  console.warn(`no ready-made embedded database (a first start will make one): ${error.message}`);
}
