import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { isRowRejection, storableOrNull, storableText } from "./clean";
import type { Journal } from "./journal";
import type { SetAside } from "./set-aside";
import type { LogBackend, QuestionLog, QuestionRow } from "./types";

/**
 * The question log as handlers see it: `record` returns at once; rows are written behind, in
 * batches (group commit: while one write runs, the next batch gathers). With a journal each row is
 * appended to it first, so it is safe from a kill before the answer leaves, and the database write
 * costs the answer nothing. Until the store is open, rows wait in memory (bounded; the journal
 * keeps what memory drops); if it never opens, `record` says null. A write the database fails (down,
 * unreachable) is tried again with backoff; a row it refuses (what it holds, not the database) is
 * set aside alone, and the rest of its batch is written.
 */

export interface WriteBehindOptions {
  /** resolves when the store is open (however many attempts that takes), or to null when it never will */
  backend: Promise<LogBackend | null>;
  /** the user as stored: a keyed hash, applied before anything is journaled or written */
  hash(platform: string, userId: string): string;
  journal?: Journal | null;
  /** where a row the database refuses goes, instead of blocking its batch or being retried forever */
  setAside?: SetAside;
  /** told after each write: false while the database fails (down, unreachable), true once it works */
  onWrite?: (ok: boolean, error?: unknown) => void;
  logger: Logger;
  now?: () => number;
  /** questions held while the store opens or a write runs; the oldest go first past this */
  maxPending?: number;
  /** how long journaled rows gather before a write (nobody waits for them): fewer, larger writes */
  lingerMs?: number;
  /** waits between attempts while the database fails: doubling from `firstMs`, at most `maxMs` */
  retry?: { firstMs: number; maxMs: number };
}

interface Pending {
  row: QuestionRow;
  /** the journal segment holding it, or null (not journaled: someone waits for `done`) */
  segment: string | null;
  done: () => void;
}

const LINGER_MS = 50;
// The database back: rows written within this (plus a connect timeout), at the latest.
export const RETRY = { firstMs: 1_000, maxMs: 15_000 };

export function writeBehindLog(options: WriteBehindOptions): QuestionLog {
  const now = options.now ?? Date.now;
  const maxPending = options.maxPending ?? 10_000;
  const journal = options.journal ?? null;
  const retry = options.retry ?? RETRY;
  const waiting = new Map<string, Promise<void>>();
  let backend: LogBackend | null | undefined; // undefined: still opening
  let running: Promise<void> | null = null;
  let warnedFull = false;
  let failing = false;
  let lingering: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = retry.firstMs;
  // What an earlier process journaled and may not have written goes first.
  let pending: Pending[] = (journal?.replayed ?? []).map(({ segment, ...row }) => ({
    row,
    segment,
    done: () => {},
  }));

  const opened = options.backend.then(
    (b) => {
      backend = b;
      if (!b) drop();
    },
    () => {
      backend = null;
      drop();
    },
  );

  function drop(): void {
    for (const p of pending) p.done();
    pending = [];
    journal?.close();
  }

  function committed(batch: Pending[]): void {
    if (!journal) return;
    const bySegment = new Map<string, number>();
    for (const p of batch) if (p.segment) bySegment.set(p.segment, (bySegment.get(p.segment) ?? 0) + 1);
    for (const [segment, rows] of bySegment) journal.committed(segment, rows);
  }

  /**
   * Writes `batch`; returns what is left (the database failing) and why. A batch the database
   * refuses for its content is split until the row at fault is alone; that row is set aside.
   */
  async function write(b: LogBackend, batch: Pending[]): Promise<{ left: Pending[]; error?: unknown }> {
    try {
      await b.insertQuestions(batch.map((p) => p.row));
    } catch (error) {
      if (!isRowRejection(error)) return { left: batch, error };
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        const first = await write(b, batch.slice(0, half));
        if (first.left.length > 0) return { left: [...first.left, ...batch.slice(half)], error: first.error };
        return write(b, batch.slice(half));
      }
      const [p] = batch as [Pending];
      const reason = (error as Error).message ?? String(error);
      options.setAside?.add(p.row, reason);
      options.logger.error(
        { id: p.row.id, reason, setAside: options.setAside?.count() },
        "question log: the database refused a question; set aside, the others are written",
      );
    }
    committed(batch);
    for (const p of batch) p.done();
    return { left: [] };
  }

  async function drain(): Promise<void> {
    await opened;
    while (backend && pending.length > 0 && !retryTimer) {
      const batch = pending;
      pending = [];
      const { left, error } = await write(backend, batch);
      if (left.length === 0) {
        if (failing) options.logger.info({ rows: batch.length }, "question log writes again");
        failing = false;
        retryMs = retry.firstMs;
        options.onWrite?.(true);
        continue;
      }
      // The database is down or unreachable: the rows wait (journaled, for a restart too) and the
      // write is tried again later. Nobody waits for it meanwhile.
      pending = [...left, ...pending];
      for (const p of left) p.done();
      if (!failing)
        options.logger.error(
          { err: error, rows: left.length, journaled: journal !== null, retryMs },
          "question log write failed; trying again",
        );
      failing = true;
      options.onWrite?.(false, error);
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        void kick();
      }, retryMs);
      retryTimer.unref();
      retryMs = Math.min(retryMs * 2, retry.maxMs);
    }
  }

  function kick(): Promise<void> {
    running ??= drain().finally(() => {
      running = null;
      if (backend && pending.length > 0 && !retryTimer) void kick();
    });
    return running;
  }

  return {
    record(question) {
      if (backend === null) return null;
      if (pending.length >= maxPending) {
        pending.shift()?.done();
        if (!warnedFull)
          options.logger.warn({ maxPending, journaled: journal !== null }, "question log backlog full");
        warnedFull = true;
      }
      const row: QuestionRow = {
        id: randomUUID(),
        askedAt: new Date(now()),
        platform: storableText(question.platform),
        workspace: storableOrNull(question.workspace),
        channel: storableOrNull(question.channel),
        userHash: options.hash(question.platform, question.userId),
        question: storableText(question.question),
        tier: question.tier,
        confidence: question.confidence,
        factId: storableOrNull(question.factId),
        documents: storableOrNull(question.documents),
      };
      let segment: string | null = null;
      if (journal) {
        try {
          segment = journal.append(row);
        } catch (error) {
          options.logger.warn({ err: error }, "question journal append failed; waiting for the database");
        }
      }
      let done = () => {};
      if (segment === null) {
        waiting.set(
          row.id,
          new Promise<void>((resolve) => {
            done = () => {
              waiting.delete(row.id);
              resolve();
            };
          }),
        );
      }
      pending.push({ row, segment, done });
      if (segment === null) void kick();
      else
        lingering ??= setTimeout(() => {
          lingering = undefined;
          void kick();
        }, options.lingerMs ?? LINGER_MS).unref();
      return row.id;
    },
    pending: () => pending.length + (running ? 1 : 0),
    durable: (id) => waiting.get(id) ?? null,
    async flush() {
      clearTimeout(lingering);
      lingering = undefined;
      // One attempt now, whatever the wait between retries; if the database still fails, the rows
      // stay queued (and journaled) and flush gives up on them for now.
      clearTimeout(retryTimer);
      retryTimer = undefined;
      // A store still opening is waited for (callers bound the wait): rows recorded before it
      // opened were written by nothing else while their linger timer was cleared.
      await opened;
      while (running || (backend && pending.length > 0 && !retryTimer)) await kick();
    },
    close: () => {
      clearTimeout(lingering);
      clearTimeout(retryTimer);
      journal?.close();
    },
  };
}
