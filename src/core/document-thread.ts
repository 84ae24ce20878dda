import { Worker } from "node:worker_threads";
import { DocumentError, type ParsedDocument } from "./document";
import type { ReadOutcome } from "./read-document-file";

/**
 * Documents are read on a worker thread, one at a time, so that a hostile or huge file never
 * holds up the thread that answers questions. Each read has a time budget (past it the worker is
 * stopped) and the worker a heap limit (past it the worker dies); either way the file is reported
 * by name with the reason and the next file gets a fresh worker. An idle worker is stopped after
 * half a minute (at once if a big file grew it), so a running bot keeps no reader between reloads.
 */

export interface ReadBudget {
  /** seconds one document may take to read */
  seconds: number;
  /** megabytes of JavaScript heap the reader may use */
  memoryMb: number;
}

export const DEFAULT_READ_BUDGET: ReadBudget = { seconds: 30, memoryMb: 384 };

const WORKER = new URL("./read-worker.mjs", import.meta.url);
/** Loading the readers (tsx, mammoth, pdf.js...) takes about a second; far past that, give up. */
const START_SECONDS = 60;
const IDLE_MS = 30_000;
/** A reader whose heap grew past this (a big file) is stopped as soon as a load is done. */
const KEEP_HEAP_MB = 64;
// The young generation: small, whatever the process was started with (npm start asks 64 MB semi-spaces).
const YOUNG_MB = 16;

interface Job {
  path: string;
  fileName: string;
  budget: ReadBudget;
  resolve(doc: ParsedDocument): void;
  reject(error: Error): void;
}

interface Running {
  worker: Worker;
  ready: Promise<void>;
  memoryMb: number;
}

export class DocumentThread {
  private readonly queue: Job[] = [];
  private current: Running | null = null;
  private busy = false;
  private idle: NodeJS.Timeout | null = null;
  /** the reader's heap after its last read */
  private heapMb = 0;

  /** `worker`: the reader thread's script (a test gives one that misbehaves on cue). */
  constructor(private readonly worker: URL = WORKER) {}

  /** Reads one file (by path) into a document; rejects with a DocumentError naming the reason. */
  read(path: string, fileName: string, budget: ReadBudget = DEFAULT_READ_BUDGET): Promise<ParsedDocument> {
    return new Promise<ParsedDocument>((resolve, reject) => {
      this.queue.push({ path, fileName, budget, resolve, reject });
      void this.next();
    });
  }

  /**
   * A load calls this when it is done: a reader that grew big is stopped at once (unless another
   * load has files waiting), so that its memory is given back before the index is built; a small
   * one stays a moment for the next load (a reload soon after, the next set in an evaluation).
   */
  release(): void {
    if (!this.busy && this.queue.length === 0 && this.heapMb > KEEP_HEAP_MB) void this.close();
  }

  /** Stops the worker now (a reader under way is reported as stopped). */
  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    const running = this.current;
    this.current = null;
    await running?.worker.terminate();
  }

  private async next(): Promise<void> {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) {
      this.idle ??= setTimeout(() => {
        this.idle = null;
        void this.close();
      }, IDLE_MS).unref();
      return;
    }
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.busy = true;
    try {
      job.resolve(await this.run(job));
    } catch (error) {
      job.reject(error as Error);
    } finally {
      this.busy = false;
      void this.next();
    }
  }

  private start(memoryMb: number): Running {
    const worker = new Worker(this.worker, {
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: memoryMb,
        maxYoungGenerationSizeMb: YOUNG_MB,
      },
    });
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the document reader did not start within ${START_SECONDS} s`)),
        START_SECONDS * 1000,
      ).unref();
      worker.once("message", () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the document reader stopped as it started (exit code ${code})`));
      });
    });
    ready.catch(() => {});
    return { worker, ready, memoryMb };
  }

  private async run(job: Job): Promise<ParsedDocument> {
    if (this.current && this.current.memoryMb !== job.budget.memoryMb) await this.close();
    this.current ??= this.start(job.budget.memoryMb);
    const running = this.current;
    try {
      await running.ready;
    } catch (error) {
      this.current = null;
      void running.worker.terminate();
      throw new DocumentError(job.fileName, `could not be read (${(error as Error).message})`);
    }
    const { worker } = running;
    worker.ref();
    try {
      const outcome = await new Promise<ReadOutcome>((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          worker.off("message", onMessage);
          worker.off("error", onError);
          worker.off("exit", onExit);
        };
        const fail = (reason: string) => {
          cleanup();
          // A worker that ran out of time or memory is not reused: the next file gets a fresh one.
          if (this.current === running) this.current = null;
          void worker.terminate();
          reject(new DocumentError(job.fileName, reason));
        };
        const timer = setTimeout(
          () => fail(`took longer than ${job.budget.seconds} s to read; skipped`),
          job.budget.seconds * 1000,
        );
        const onMessage = (message: ReadOutcome & { heapMb?: number }) => {
          cleanup();
          this.heapMb = message.heapMb ?? 0;
          resolve(message);
        };
        const onError = (error: Error & { code?: string }) =>
          fail(
            error.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? `needs more than ${job.budget.memoryMb} MB of memory to read; skipped`
              : `could not be read (${error.message})`,
          );
        const onExit = (code: number) =>
          fail(`could not be read (the reader stopped with exit code ${code})`);
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
        worker.postMessage({ path: job.path, fileName: job.fileName });
      });
      if (!outcome.ok) throw new DocumentError(job.fileName, outcome.reason);
      return outcome.doc;
    } finally {
      worker.unref();
    }
  }
}

let shared: DocumentThread | null = null;

/** The process's one document reader: reads from every load and reload queue on it. */
export function documentThread(): DocumentThread {
  shared ??= new DocumentThread();
  return shared;
}
