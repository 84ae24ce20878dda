import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL server for tests: TEST_DATABASE_URL, which .ci/run sets after starting the server.
 * Without it the server tests are skipped on a developer's machine but fail in CI (CI=true).
 */

export const postgresUrl = process.env.TEST_DATABASE_URL;
export const postgresRequired = process.env.CI === "true";
export const runPostgres = Boolean(postgresUrl) || postgresRequired;

export function requirePostgresUrl(): string {
  if (!postgresUrl) {
    throw new Error("CI=true but TEST_DATABASE_URL is not set: .ci/run must start PostgreSQL and export it");
  }
  return postgresUrl;
}

/** A fresh schema of its own, so test files and runs never see each other's rows. */
export async function freshSchemaUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = requirePostgresUrl();
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5000 });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
