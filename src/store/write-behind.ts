import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Journal } from "./journal";
import type { LogBackend, QuestionLog, QuestionRow } from "./types";

/**
 * The question log as handlers see it: `record` returns at once; rows are written behind, in
 * batches (group commit: while one write runs, the next batch gathers). With a journal each row is
 * appended to it first, so it is safe from a kill before the answer leaves, and the database write
 * costs the answer nothing. Until the store is open, rows wait in memory (bounded; the journal
 * keeps what memory drops); if it never opens, `record` says null.
 */

export interface WriteBehindOptions {
  /** resolves when the store is open, or to null when it cannot be */
  backend: Promise<LogBackend | null>;
  /** the user as stored: a keyed hash, applied before anything is journaled or written */
  hash(platform: string, userId: string): string;
  journal?: Journal | null;
  logger: Logger;
  now?: () => number;
  /** questions held while the store opens or a write runs; the oldest go first past this */
  maxPending?: number;
  /** how long journaled rows gather before a write (nobody waits for them): fewer, larger writes */
  lingerMs?: number;
}

interface Pending {
  row: QuestionRow;
  /** the journal segment holding it, or null (not journaled: someone waits for `done`) */
  segment: string | null;
  done: () => void;
}

const LINGER_MS = 50;

export function writeBehindLog(options: WriteBehindOptions): QuestionLog {
  const now = options.now ?? Date.now;
  const maxPending = options.maxPending ?? 10_000;
  const journal = options.journal ?? null;
  const waiting = new Map<string, Promise<void>>();
  let backend: LogBackend | null | undefined; // undefined: still opening
  let running: Promise<void> | null = null;
  let warnedFull = false;
  let warnedWrite = false;
  let lingering: NodeJS.Timeout | undefined;
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

  async function drain(): Promise<void> {
    await opened;
    while (backend && pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await backend.insertQuestions(batch.map((p) => p.row));
        committed(batch);
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.done();
        // Logged once per failure streak: a database that is down would otherwise flood the log.
        // Journaled rows stay in the journal, for the next start to write.
        if (!warnedWrite)
          options.logger.error(
            { err: error, rows: batch.length, journaled: journal !== null },
            "question log write failed",
          );
        warnedWrite = true;
        continue;
      }
      warnedWrite = false;
    }
  }

  function kick(): Promise<void> {
    running ??= drain().finally(() => {
      running = null;
      if (backend && pending.length > 0) void kick();
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
        platform: question.platform,
        workspace: question.workspace ?? null,
        channel: question.channel ?? null,
        userHash: options.hash(question.platform, question.userId),
        question: question.question,
        tier: question.tier,
        confidence: question.confidence,
        factId: question.factId,
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
      while (running || (backend && pending.length > 0)) await kick();
      await opened;
    },
    close: () => journal?.close(),
  };
}
