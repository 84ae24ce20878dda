import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/**
 * PGlite runs Postgres as WebAssembly on the thread that calls it; creating a data folder blocks
 * that thread for seconds (measured: 1.9 s at once). So it lives here, in a worker thread, and
 * the bot's event loop only passes messages. Plain JavaScript, so the worker needs no TypeScript
 * loader wherever the bot runs (tsx, vitest, plain node). Messages: { id, op: "query" | "close",
 * sql, params } in; { id, ok, rows, affectedRows } or { id, ok: false, error } out.
 */

const port = parentPort;
if (!port) throw new Error("pglite-worker must run as a worker thread");

// Memory (see pglite-thread.ts): the WASM heap's starting size, and Postgres settings after PGlite's own.
// `loadDataDir`: a data folder saved by PGlite's dumpDataDir, loaded instead of running initdb.
// One options object: PGlite reads a second argument only after a data folder's name, so in memory
// (no folder) it ignored these settings.
const db = new PGlite({
  ...(workerData.dataDir ? { dataDir: workerData.dataDir } : {}),
  ...(workerData.loadDataDir ? { loadDataDir: new Blob([readFileSync(workerData.loadDataDir)]) } : {}),
  ...(workerData.initialMemory ? { initialMemory: workerData.initialMemory } : {}),
  startParams: [...PGlite.defaultStartParams, ...(workerData.settings ?? []).flatMap((s) => ["-c", s])],
});
db.waitReady.then(
  () => port.postMessage({ ready: true }),
  (error) => port.postMessage({ ready: false, error: describe(error) }),
);

function describe(error) {
  return { message: error?.message ?? String(error), code: error?.code };
}

port.on("message", async (request) => {
  try {
    if (request.op === "close") {
      await db.close();
      port.postMessage({ id: request.id, ok: true });
      port.close();
      return;
    }
    const result = await db.query(request.sql, request.params ?? []);
    port.postMessage({ id: request.id, ok: true, rows: result.rows, affectedRows: result.affectedRows });
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: describe(error) });
  }
});
