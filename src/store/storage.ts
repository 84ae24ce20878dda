import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { StateDirLockedError } from "./dir-lock";
import { openJournal } from "./journal";
import { type LearningBackend, sqlLearningBackend } from "./learning-backend";
import { type OpenedStore, openStore } from "./open";
import type { Database } from "./schema";
import { setAsideIn } from "./set-aside";
import { type SharedState, sharedState } from "./shared-calls";
import { sqlSharedBackend } from "./shared-state";
import { sqlBackend } from "./sql-backend";
import type { FeedbackStore, LogBackend, QuestionLog } from "./types";
import { hashUser, stateDirSecret } from "./user-hash";
import { RETRY, writeBehindLog } from "./write-behind";

/**
 * Storage for the running bot. Opening starts at once and runs beside indexing; nothing waits for
 * it. If it fails (a second process holds STATE_DIR, a full disk, an unreachable server), the bot
 * answers anyway, tries again with backoff and, once open, writes what was journaled meanwhile.
 * The failure is logged once and `status()` says so, for /health.
 */

export interface StoreStatus {
  /** unavailable: not open, or its writes fail; tried again unless `retrying` is false */
  state: "opening" | "ready" | "unavailable";
  kind: "embedded" | "postgres";
  questionLog: "on" | "off";
  /** why the store is unavailable, for the person running the bot */
  reason?: string;
  /** whether the store is tried again (with backoff) while unavailable */
  retrying?: boolean;
  /** questions recorded and not yet in the database (journaled, safe from a restart) */
  waiting?: number;
  /** questions the database refused, kept apart in STATE_DIR (see set-aside.ts) */
  setAside?: number;
}

export interface Storage {
  questionLog: QuestionLog;
  feedback: FeedbackStore;
  /** the rate limit and seen events, shared with other processes: only with DATABASE_URL */
  shared: SharedState | null;
  status(): StoreStatus;
  /** the backend once open, or null when it cannot be (the report reads through it) */
  backend(): Promise<LogBackend | null>;
  /** the database once open, or null (the teacher's page keeps its own tables in it) */
  database(): Promise<Kysely<Database> | null>;
  /** what classes taught (marks, links), once open; null when the store cannot open or the log is off */
  learning(): Promise<LearningBackend | null>;
  /** a user id as stored: the question log's keyed hash */
  userHash(platform: string, userId: string): string;
  /**
   * Writes what is queued (waiting, within the deadline, for a store still opening), then closes
   * the database. Past `deadlineMs` it gives up: what was not written stays in the journal.
   * Resolves to the questions left unwritten.
   */
  close(deadlineMs?: number): Promise<number>;
}

export interface StorageOptions {
  databaseUrl?: string | undefined;
  stateDir: string;
  /** QUESTION_LOG_DAYS: 0 turns the log off (what was logged stays: deleting it is `npm run report -- --delete`) */
  logDays: number;
  secret?: string | undefined;
  logger: Logger;
  now?: () => number;
  /** replaces the real opener in tests */
  open?: () => Promise<
    OpenedStore | { backend: LogBackend; learning?: LearningBackend | null; close(): Promise<void> }
  >;
  /** waits between attempts to open (and to write): doubling from `firstMs`, at most `maxMs` */
  retry?: { firstMs: number; maxMs: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
// Longer than the longest rate-limit window (RATE_LIMIT_WINDOW_SECONDS <= 3600) and Slack's retries.
const SHARED_KEEP_MS = 2 * 60 * 60 * 1000;

/** A failure no retry mends (configuration): the store is not tried again. */
class PermanentStoreError extends Error {}

export function startStorage(options: StorageOptions): Storage {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const kind = options.databaseUrl ? "postgres" : "embedded";
  const logOn = options.logDays > 0;
  const retry = options.retry ?? RETRY;
  let state: StoreStatus["state"] = "opening";
  let reason: string | undefined;
  let retrying = true;
  let writeError: string | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let closing = false;
  let wakeUp: (() => void) | undefined;
  let firstAttemptDone = () => {};
  const firstAttempt = new Promise<void>((resolve) => {
    firstAttemptDone = resolve;
  });
  const started = performance.now();

  const open =
    options.open ?? (() => openStore({ databaseUrl: options.databaseUrl, stateDir: options.stateDir }));
  // The secret is known before the store opens: questions are hashed as they are journaled.
  let secret: string | undefined;
  let secretError: Error | undefined;
  try {
    secret = options.secret ?? (logOn && !options.databaseUrl ? stateDirSecret(options.stateDir) : undefined);
    if (logOn && !secret) secretError = new Error("QUESTION_LOG_SECRET is not set");
  } catch (error) {
    secretError = error as Error;
  }
  const describe = (error: unknown) =>
    error instanceof StateDirLockedError
      ? `${error.message}; stop it or set STATE_DIR to another folder`
      : `${(error as Error)?.message || String(error)}`;

  /** Opens the store, trying again with backoff until it opens or the bot stops. */
  async function openWithRetry() {
    let waitMs = retry.firstMs;
    for (let attempt = 1; ; attempt++) {
      try {
        // Opened while stopping: still used, to write what the journal holds (close() waits for it).
        return await open();
      } catch (error) {
        if (error instanceof PermanentStoreError || closing) throw error;
        state = "unavailable";
        firstAttemptDone();
        reason = describe(error);
        if (attempt === 1)
          logger.error(
            { err: error, kind, retryMs: waitMs },
            `store unavailable, answering and journaling questions until it opens; trying again: ${reason}`,
          );
        else logger.debug({ kind, attempt, retryMs: waitMs, reason }, "store still unavailable");
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        timer.unref();
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
      waitMs = Math.min(waitMs * 2, retry.maxMs);
    }
  }

  const opening = (async () => {
    if (secretError) throw new PermanentStoreError(secretError.message);
    const store = await openWithRetry();
    const backend = "backend" in store ? store.backend : sqlBackend(store.db);
    const sharedBackend =
      "db" in store && options.databaseUrl ? sqlSharedBackend(store.sharedDb ?? store.db) : null;
    const learning =
      "db" in store ? sqlLearningBackend(store.db) : "learning" in store ? store.learning : null;
    return { store, backend, sharedBackend, learning };
  })().then(
    (opened) => {
      firstAttemptDone();
      state = writeError ? "unavailable" : "ready";
      reason = writeError;
      logger.info({ kind, ms: Math.round(performance.now() - started) }, "store opened");
      const prune = () => {
        opened.sharedBackend
          ?.forget(new Date(now() - SHARED_KEEP_MS))
          .catch((error: unknown) => logger.warn({ err: error }, "shared state prune failed"));
        // Learning keeps what a second student or the teacher confirmed; QUESTION_LOG_DAYS=0 forgets all.
        const learning = opened.learning;
        if (learning)
          (logOn ? learning.prune(new Date(now() - options.logDays * DAY_MS)) : learning.clear()).catch(
            (error: unknown) => logger.warn({ err: error }, "learned marks prune failed"),
          );
        // The log off deletes nothing: deleting what was logged is an explicit act (npm run report -- --delete).
        if (!logOn) return;
        return opened.backend
          .prune(new Date(now() - options.logDays * DAY_MS))
          .then((n) => n > 0 && logger.info({ deleted: n }, "question log pruned"))
          .catch((error: unknown) => logger.warn({ err: error }, "question log prune failed"));
      };
      if (closing) return opened;
      void prune();
      pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
      pruneTimer.unref();
      return opened;
    },
    (error: unknown) => {
      firstAttemptDone();
      state = "unavailable";
      retrying = false;
      if (closing) return null;
      reason = describe(error);
      logger.error(
        { err: error, kind },
        `store unavailable, answering without the question log and feedback: ${reason}`,
      );
      return null;
    },
  );

  const logBackend = opening.then((o) => (o && logOn ? o.backend : null));
  const hash = (platform: string, id: string) => hashUser(secret ?? "", platform, id);
  // Opened after the store's own lock was taken (embedded: the same STATE_DIR), and only when
  // there is something to journal. No journal (a read-only folder): answers wait for the commit.
  const journaling = logOn && !secretError;
  const journal = journaling ? openJournal(options.stateDir) : null;
  if (journaling && !journal)
    logger.warn(
      { stateDir: options.stateDir },
      "no question journal in STATE_DIR; answers wait for the database",
    );
  const setAside = setAsideIn(logOn ? options.stateDir : null);
  const questionLog = logOn
    ? writeBehindLog({
        backend: logBackend,
        hash,
        journal,
        setAside,
        logger,
        now,
        retry,
        onWrite(ok, error) {
          writeError = ok ? undefined : `question log writes fail: ${describe(error)}`;
          if (state === "opening") return;
          if (ok && state === "unavailable" && retrying) {
            state = "ready";
            reason = undefined;
          } else if (!ok && state === "ready") {
            state = "unavailable";
            reason = writeError;
          }
        },
      })
    : offLog;

  const feedback: FeedbackStore = {
    async vote(input) {
      // A store failing (or between attempts to open) takes no vote rather than keep the voter waiting.
      await Promise.race([logBackend, firstAttempt]);
      const backend = state === "ready" ? await logBackend : null;
      if (!backend) return "unavailable";
      // The question may still be queued: write it first, so the vote has something to attach to.
      await questionLog.flush();
      return backend.vote({
        questionId: input.questionId,
        userHash: hash(input.platform, input.userId),
        vote: input.vote,
        at: new Date(now()),
      });
    },
  };

  const shared = options.databaseUrl
    ? sharedState({
        backend: opening.then((o) => o?.sharedBackend ?? null),
        ready: () => state === "ready",
        secret: options.secret,
        logger,
        now,
      })
    : null;

  return {
    questionLog,
    feedback,
    shared,
    status: () => ({
      state,
      kind,
      questionLog: logOn ? "on" : "off",
      ...(reason ? { reason } : {}),
      ...(state === "unavailable" ? { retrying } : {}),
      ...(logOn ? { waiting: questionLog.pending(), setAside: setAside.count() } : {}),
    }),
    backend: async () => (await opening)?.backend ?? null,
    database: async () => {
      const store = (await opening)?.store;
      return store && "db" in store ? store.db : null;
    },
    learning: async () => (logOn ? ((await opening)?.learning ?? null) : null),
    userHash: hash,
    async close(deadlineMs = 10_000) {
      closing = true;
      clearInterval(pruneTimer);
      // Still opening with nothing to write: close it once open, but keep nobody waiting for that.
      if (state !== "ready" && questionLog.pending() === 0) {
        wakeUp?.();
        questionLog.close();
        void opening.then((o) => o?.store.close()).catch(() => {});
        return 0;
      }
      // A store still opening is waited for (one more attempt now, if it was between attempts),
      // within the deadline: what it does not get stays in the journal for the next start.
      wakeUp?.();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
        timer.unref();
      });
      await Promise.race([
        (async () => {
          await questionLog.flush();
          const left = questionLog.pending();
          questionLog.close();
          await (await opening)?.store.close();
          return left;
        })().catch((error: unknown) => logger.warn({ err: error }, "store close failed")),
        deadline,
      ]);
      clearTimeout(timer);
      const left = questionLog.pending();
      if (left > 0) {
        questionLog.close();
        logger.warn(
          { questions: left, journaled: journal !== null, deadlineMs },
          journal
            ? "store not written in time; the questions left are in the journal, for the next start"
            : "store not written in time; the questions left are lost",
        );
      }
      return left;
    },
  };
}

const offLog: QuestionLog = {
  record: () => null,
  durable: () => null,
  close: () => {},
  flush: async () => {},
  pending: () => 0,
};
