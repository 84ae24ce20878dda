import type { Logger } from "pino";
import { StateDirLockedError } from "./dir-lock";
import { openJournal } from "./journal";
import { type LearningBackend, sqlLearningBackend } from "./learning-backend";
import { type OpenedStore, openStore } from "./open";
import { type SharedState, sharedState } from "./shared-calls";
import { sqlSharedBackend } from "./shared-state";
import { sqlBackend } from "./sql-backend";
import type { FeedbackStore, LogBackend, QuestionLog } from "./types";
import { hashUser, stateDirSecret } from "./user-hash";
import { writeBehindLog } from "./write-behind";

/**
 * Storage for the running bot. Opening starts at once and runs beside indexing; nothing waits for
 * it. If it fails (a second process holds STATE_DIR, a full disk, an unreachable server), the bot
 * answers anyway: the failure is logged once and `status()` says so, for /health.
 */

export interface StoreStatus {
  state: "opening" | "ready" | "unavailable";
  kind: "embedded" | "postgres";
  questionLog: "on" | "off";
  /** why the store is unavailable, for the person running the bot */
  reason?: string;
}

export interface Storage {
  questionLog: QuestionLog;
  feedback: FeedbackStore;
  /** the rate limit and seen events, shared with other processes: only with DATABASE_URL */
  shared: SharedState | null;
  status(): StoreStatus;
  /** the backend once open, or null when it cannot be (the report reads through it) */
  backend(): Promise<LogBackend | null>;
  /** what classes taught (marks, links), once open; null when the store cannot open or the log is off */
  learning(): Promise<LearningBackend | null>;
  /** a user id as stored: the question log's keyed hash */
  userHash(platform: string, userId: string): string;
  /** writes what is queued, then closes the database; bounded by `deadlineMs` */
  close(deadlineMs?: number): Promise<void>;
}

export interface StorageOptions {
  databaseUrl?: string | undefined;
  stateDir: string;
  /** QUESTION_LOG_DAYS: 0 turns the log off (and deletes what was logged) */
  logDays: number;
  secret?: string | undefined;
  logger: Logger;
  now?: () => number;
  /** replaces the real opener in tests */
  open?: () => Promise<
    OpenedStore | { backend: LogBackend; learning?: LearningBackend | null; close(): Promise<void> }
  >;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
// Longer than the longest rate-limit window (RATE_LIMIT_WINDOW_SECONDS <= 3600) and Slack's retries.
const SHARED_KEEP_MS = 2 * 60 * 60 * 1000;

export function startStorage(options: StorageOptions): Storage {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const kind = options.databaseUrl ? "postgres" : "embedded";
  const logOn = options.logDays > 0;
  let state: StoreStatus["state"] = "opening";
  let reason: string | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let closing = false;
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
  const opening = (async () => {
    if (secretError) throw secretError;
    const store = await open();
    const backend = "backend" in store ? store.backend : sqlBackend(store.db);
    const sharedBackend =
      "db" in store && options.databaseUrl ? sqlSharedBackend(store.sharedDb ?? store.db) : null;
    const learning =
      "db" in store ? sqlLearningBackend(store.db) : "learning" in store ? store.learning : null;
    return { store, backend, sharedBackend, learning };
  })().then(
    (opened) => {
      state = "ready";
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
      state = "unavailable";
      reason =
        error instanceof StateDirLockedError
          ? `${error.message}; stop it or set STATE_DIR to another folder`
          : `${(error as Error).message ?? String(error)}`;
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
  const questionLog = logOn ? writeBehindLog({ backend: logBackend, hash, journal, logger, now }) : offLog;

  const feedback: FeedbackStore = {
    async vote(input) {
      const backend = await logBackend;
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
    status: () => ({ state, kind, questionLog: logOn ? "on" : "off", ...(reason ? { reason } : {}) }),
    backend: async () => (await opening)?.backend ?? null,
    learning: async () => (logOn ? ((await opening)?.learning ?? null) : null),
    userHash: hash,
    async close(deadlineMs = 10_000) {
      closing = true;
      clearInterval(pruneTimer);
      // Still opening with nothing to write: close it once open, but keep nobody waiting for that.
      if (state === "opening" && questionLog.pending() === 0) {
        questionLog.close();
        void opening.then((o) => o?.store.close()).catch(() => {});
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
        timer.unref();
      });
      await Promise.race([
        (async () => {
          await questionLog.flush();
          questionLog.close();
          await (await opening)?.store.close();
        })().catch((error: unknown) => logger.warn({ err: error }, "store close failed")),
        deadline,
      ]);
      clearTimeout(timer);
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
