import type { Adapter } from "./adapters/adapter";
import type { Logger } from "./logger";

/**
 * One way out of the process, with a deadline. stop() stops every adapter (each refuses new
 * requests and finishes those under way) and exits 0; if they are not done within the timeout it
 * logs what was abandoned and exits 1. fatal() is for an error only a person can fix (a rejected
 * token): the message goes to stderr and the process stops the same way, exiting 1, so a
 * supervisor restarts it. The exit and the timer are injected for tests.
 */

export interface ShutdownOptions {
  adapters: readonly Adapter[];
  logger: Logger;
  timeoutMs: number;
  exit: (code: number) => void;
  /** where a fatal message is written for the person running the bot (stderr) */
  tell: (message: string) => void;
  setTimer?: (run: () => void, ms: number) => unknown;
  /**
   * After the adapters stop, with the time left before the deadline: closing the store flushes the
   * question log, and gives up in time (what it does not write stays in the journal, safe).
   */
  afterAdapters?: (remainingMs: number) => Promise<unknown>;
  now?: () => number;
}

export interface Shutdown {
  stop(reason: string): Promise<void>;
  fatal(message: string): Promise<void>;
}

// Left between the store's own deadline and the process's, for the store to give up and log it.
const STORE_MARGIN_MS = 250;

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { adapters, logger, exit } = options;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms).unref());
  const now = options.now ?? (() => performance.now());
  let stopping: Promise<void> | null = null;
  let exitCode = 0;

  const run = (reason: string): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      let done = false;
      const finish = (code: number) => {
        if (done) return;
        done = true;
        logger.flush();
        exit(code);
        resolve();
      };
      logger.info({ reason, timeoutMs: options.timeoutMs }, "shutting down");
      const deadline = now() + options.timeoutMs;
      setTimer(() => {
        const abandoned = Object.fromEntries(adapters.map((a) => [a.name, a.pending?.() ?? 0]));
        logger.error(
          { abandoned, timeoutMs: options.timeoutMs },
          "shutdown deadline passed; abandoning the replies still under way",
        );
        finish(1);
      }, options.timeoutMs);
      void Promise.allSettled(adapters.map((a) => a.stop())).then(async (results) => {
        for (const r of results)
          if (r.status === "rejected") logger.error({ err: r.reason }, "adapter stop failed");
        await options
          .afterAdapters?.(Math.max(0, deadline - now() - STORE_MARGIN_MS))
          .catch((err: unknown) => logger.error({ err }, "closing the store failed"));
        logger.info("stopped");
        finish(exitCode);
      });
    });
    return stopping;
  };

  return {
    stop: run,
    fatal(message) {
      exitCode = 1;
      options.tell(message);
      logger.fatal({ problem: message }, "fatal error; stopping");
      return run("fatal error");
    },
  };
}
