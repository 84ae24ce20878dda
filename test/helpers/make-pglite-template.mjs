import { writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";

/**
 * `node make-pglite-template.mjs DIR`: an empty PGlite data folder in DIR/pgdata (initdb, as the
 * bot's first start makes one) and the same folder as PGlite's dump in DIR/pgdata.tar, which an
 * in-memory PGlite loads. A process of its own: initdb leaves hundreds of MB in the process that ran it.
 */

const dir = process.argv[2];
if (!dir) throw new Error("usage: make-pglite-template.mjs DIR");
const db = new PGlite(`${dir}/pgdata`);
await db.waitReady;
const dump = await db.dumpDataDir("none");
await db.close();
writeFileSync(`${dir}/pgdata.tar`, Buffer.from(await dump.arrayBuffer()));
