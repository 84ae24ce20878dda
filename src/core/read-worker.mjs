import { parentPort } from "node:worker_threads";

/**
 * The document reader's thread (see document-thread.ts). Plain JavaScript, so the worker starts
 * under any runner (tsx, vitest, plain node): it loads the TypeScript reader through tsx's API.
 * Messages: { ready: true } out once loaded; { path, fileName } in; { ok, doc } or
 * { ok: false, reason } out, each with the heap it uses now (heapMb).
 */

const port = parentPort;
if (!port) throw new Error("read-worker must run as a worker thread");

const { tsImport } = await import("tsx/esm/api");
const { readFromDisk } = await tsImport("./read-document-file.ts", import.meta.url);

port.on("message", async ({ path, fileName }) => {
  const outcome = await readFromDisk(path, fileName);
  port.postMessage({ ...outcome, heapMb: process.memoryUsage().heapUsed / 1024 / 1024 });
});
port.postMessage({ ready: true });
