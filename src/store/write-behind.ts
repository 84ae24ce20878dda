import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AskedQuestion, LogBackend, QuestionLog, QuestionRow } from "./types";

/**
 * The question log as handlers see it: `record` returns at once; rows are written behind, in
 * batches (group commit: while one write runs, the next batch gathers). Until the store is open,
 * questions wait in memory (bounded); if it never opens, they are dropped and `record` says null.
 */

export interface Writer {
  backend: LogBackend;
  hash(platform: string, userId: string): string;
}

export interface WriteBehindOptions {
  /** resolves when the store is open, or to null when it cannot be */
  writer: Promise<Writer | null>;
  logger: Logger;
  now?: () => number;
  /** questions held while the store opens or a write runs; the oldest go first past this */
  maxPending?: number;
}

interface Pending extends AskedQuestion {
  id: string;
  askedAt: Date;
  done: () => void;
}

export function writeBehindLog(options: WriteBehindOptions): QuestionLog {
  const now = options.now ?? Date.now;
  const maxPending = options.maxPending ?? 10_000;
  let pending: Pending[] = [];
  const waiting = new Map<string, Promise<void>>();
  let writer: Writer | null | undefined; // undefined: still opening
  let running: Promise<void> | null = null;
  let warnedFull = false;
  let warnedWrite = false;

  const opened = options.writer.then(
    (w) => {
      writer = w;
      if (!w) drop();
    },
    () => {
      writer = null;
      drop();
    },
  );

  function drop(): void {
    for (const p of pending) p.done();
    pending = [];
  }

  const toRow = (w: Writer, p: Pending): QuestionRow => ({
    id: p.id,
    askedAt: p.askedAt,
    platform: p.platform,
    workspace: p.workspace ?? null,
    channel: p.channel ?? null,
    userHash: w.hash(p.platform, p.userId),
    question: p.question,
    tier: p.tier,
    confidence: p.confidence,
    factId: p.factId,
  });

  async function drain(): Promise<void> {
    await opened;
    while (writer && pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await writer.backend.insertQuestions(batch.map((p) => toRow(writer as Writer, p)));
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.done();
        // Logged once per failure streak: a database that is down would otherwise flood the log.
        if (!warnedWrite)
          options.logger.error({ err: error, lost: batch.length }, "question log write failed");
        warnedWrite = true;
        continue;
      }
      warnedWrite = false;
    }
  }

  function kick(): Promise<void> {
    running ??= drain().finally(() => {
      running = null;
      if (writer && pending.length > 0) void kick();
    });
    return running;
  }

  return {
    record(question) {
      if (writer === null) return null;
      if (pending.length >= maxPending) {
        pending.shift()?.done();
        if (!warnedFull)
          options.logger.warn({ maxPending }, "question log backlog full; dropping the oldest");
        warnedFull = true;
      }
      const id = randomUUID();
      let done = () => {};
      waiting.set(
        id,
        new Promise<void>((resolve) => {
          done = () => {
            waiting.delete(id);
            resolve();
          };
        }),
      );
      pending.push({ ...question, id, askedAt: new Date(now()), done });
      void kick();
      return id;
    },
    pending: () => pending.length + (running ? 1 : 0),
    written: (id) => waiting.get(id) ?? Promise.resolve(),
    async flush() {
      while (running || (writer && pending.length > 0)) await kick();
      await opened;
    },
  };
}
