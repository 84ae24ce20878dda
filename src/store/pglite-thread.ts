import { Worker } from "node:worker_threads";

/**
 * The part of PGlite that kysely-pglite-dialect uses (`query`, `close`), answered by PGlite in a
 * worker thread (pglite-worker.mjs), so opening and querying never block the bot's event loop.
 */

export interface QueryResult {
  rows: unknown[];
  affectedRows?: number;
}

export interface PGliteMemory {
  /** bytes of WASM memory to start with (it grows as needed) */
  initialMemory?: number;
  /** Postgres settings, "name=value" */
  settings?: string[];
  /** a data folder saved by PGlite's dumpDataDir (a tar file) to start from instead of initdb */
  loadDataDir?: string;
}

const WORKER = new URL("./pglite-worker.mjs", import.meta.url);

export class PGliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(v: QueryResult): void; reject(e: Error): void }>();
  private nextId = 1;
  private failed: Error | null = null;
  readonly ready: Promise<void>;

  /** `dataDir` undefined: in memory. */
  constructor(dataDir?: string, memory: PGliteMemory = {}) {
    this.worker = new Worker(WORKER, { workerData: { dataDir, ...memory }, execArgv: [] });
    // Referenced while it opens (so a script awaiting it stays alive), and while a query waits.
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once("message", (m: { ready: boolean; error?: { message: string } }) =>
        m.ready ? resolve() : reject(new Error(m.error?.message ?? "PGlite did not start")),
      );
      this.worker.once("error", reject);
    });
    this.ready.then(
      () => this.waiting.size === 0 && this.worker.unref(),
      () => {},
    );
    this.worker.on(
      "message",
      (m: {
        id?: number;
        ok: boolean;
        rows?: unknown[];
        affectedRows?: number;
        error?: { message: string; code?: string };
      }) => {
        if (m.id === undefined) return;
        const waiter = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (!waiter) return;
        if (m.ok)
          waiter.resolve({ rows: m.rows ?? [], ...(m.affectedRows ? { affectedRows: m.affectedRows } : {}) });
        else
          waiter.reject(
            Object.assign(new Error(m.error?.message ?? "query failed"), { code: m.error?.code }),
          );
      },
    );
    const fail = (error: Error) => {
      this.failed = error;
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the PGlite worker exited (code ${code})`)));
  }

  query(sql: string, params: unknown[] = []): Promise<QueryResult> {
    return this.send("query", sql, params);
  }

  async close(): Promise<void> {
    if (this.failed) return;
    await this.send("close").catch(() => {});
    await this.worker.terminate();
  }

  private send(op: "query" | "close", sql?: string, params?: unknown[]): Promise<QueryResult> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<QueryResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, op, sql, params });
    }).finally(() => {
      if (this.waiting.size === 0) this.worker.unref();
    });
  }
}
