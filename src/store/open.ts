import { execFile } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { lockStateDir } from "./dir-lock";
import { migrate } from "./migrations";
import { copyTemplate } from "./pglite-template";
import { type PGliteMemory, PGliteThread } from "./pglite-thread";
import type { Database } from "./schema";

/**
 * Opens the database: PGlite in STATE_DIR by default, a PostgreSQL server when DATABASE_URL is set.
 * One Kysely query layer over both; migrations run before the store is handed out.
 */

export interface OpenedStore {
  kind: "embedded" | "postgres";
  db: Kysely<Database>;
  /** PostgreSQL only: connections for the state processes share (rate limit, seen events) */
  sharedDb?: Kysely<Database>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  stateDir: string;
  /** an empty data folder a first start copies; null: run initdb; absent: the install's (pglite-template.ts) */
  template?: string | null;
}

// Every wait on the server has a bound: connecting, and each statement.
const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 10_000;

export async function openStore(options: OpenOptions): Promise<OpenedStore> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  const release = lockStateDir(options.stateDir);
  try {
    const dataDir = `${options.stateDir}/pgdata`;
    // Creating the data folder (initdb) leaves about 500 MB in the process that did it (measured:
    // RSS 831 MB after a first start, 311 MB reopening): a first start creates it in a process of
    // its own (pglite-create.mjs), and the store opens it in the worker.
    if (!existsSync(`${dataDir}/PG_VERSION`)) await createDataDir(dataDir, options.template);
    const client = await startPGlite(dataDir);
    return await withDatabase("embedded", pgliteKysely(client), release);
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Postgres's own buffers are sized for a server (128 MB); the question log's working set is a few
 * pages. 16 MB: RSS 209 MB for the store's worker instead of 320 (measured, after 50,000 rows).
 */
const PGLITE_MEMORY: PGliteMemory = { settings: ["shared_buffers=16MB"] };

const CREATE = fileURLToPath(new URL("./pglite-create.mjs", import.meta.url));
// A first start on a slow, loaded machine took 39 s to create the folder: bounded well above.
const CREATE_TIMEOUT_MS = 180_000;

/**
 * Creates the data folder beside its final place and renames it there once complete, so a process
 * killed meanwhile leaves nothing half-made to open; the child is killed if this process exits.
 */
function createDataDir(dataDir: string, template?: string | null): Promise<void> {
  const building = `${dataDir}.creating`;
  rmSync(building, { recursive: true, force: true });
  const place = () => {
    // A folder without PG_VERSION holds no database (an earlier start killed while creating it).
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(building, dataDir);
  };
  if (copyTemplate(building, template)) {
    place();
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [CREATE, building],
      { timeout: CREATE_TIMEOUT_MS },
      (error, _stdout, stderr) => {
        process.off("exit", stop);
        if (!error) {
          place();
          return resolve();
        }
        const why = String(stderr).trim().split("\n")[0] || error.message;
        reject(new Error(`could not create the embedded database in ${dataDir}: ${why}`));
      },
    );
    const stop = () => child.kill("SIGKILL");
    process.on("exit", stop);
  });
}

async function startPGlite(dataDir?: string, memory = PGLITE_MEMORY): Promise<PGliteThread> {
  const client = new PGliteThread(dataDir, memory);
  try {
    await client.ready;
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

/**
 * An in-memory PGlite, for tests: the real SQL, nothing on disk. `template`: a tar file of an empty
 * data folder (PGlite's dumpDataDir) to load instead of running initdb, which takes seconds each
 * time; the migrations run from empty either way.
 */
export async function openMemoryStore(options: { template?: string } = {}): Promise<OpenedStore> {
  const client = await startPGlite(
    undefined,
    options.template ? { ...PGLITE_MEMORY, loadDataDir: options.template } : PGLITE_MEMORY,
  );
  return withDatabase("embedded", pgliteKysely(client), () => {});
}

// The dialect needs only query() and close() of a PGlite; the thread proxy provides both.
const pgliteKysely = (client: PGliteThread) =>
  new Kysely<Database>({
    dialect: new PGliteDialect(client as unknown as ConstructorParameters<typeof PGliteDialect>[0]),
  });

async function openPostgres(url: string): Promise<OpenedStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 2_000,
  });
  // An idle client losing its connection emits here; without a listener it would crash the process.
  pool.on("error", () => {});
  // The shared state is written on every question, in the reply's path: its own connections, so
  // it never queues behind question-log batches, and without waiting for the WAL flush (a server
  // crash may forget the last moment's rate-limit counts; nothing else).
  const sharedPool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 2_000,
  });
  sharedPool.on("error", () => {});
  sharedPool.on("connect", (client) => {
    client.query("set synchronous_commit = off").catch(() => {});
  });
  const sharedDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: sharedPool }) });
  const store = await withDatabase(
    "postgres",
    new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    () => {},
  ).catch(async (error: unknown) => {
    await sharedDb.destroy().catch(() => {});
    throw error;
  });
  return {
    ...store,
    sharedDb,
    async close() {
      await Promise.allSettled([store.close(), sharedDb.destroy()]);
    },
  };
}

async function withDatabase(
  kind: OpenedStore["kind"],
  db: Kysely<Database>,
  release: () => void,
): Promise<OpenedStore> {
  try {
    await migrate(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    kind,
    db,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  };
}
