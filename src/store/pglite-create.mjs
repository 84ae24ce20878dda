import { PGlite } from "@electric-sql/pglite";

/**
 * Creates an embedded data folder (initdb) and exits. Run as a process of its own on a first start:
 * initdb leaves about 500 MB behind in the process that ran it, which a worker thread ended does
 * not give back (measured: RSS 353 MB after creating in a worker, 298 MB here).
 */

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: pglite-create.mjs DATA_DIR");
const db = new PGlite(dataDir);
await db.waitReady;
await db.close();
