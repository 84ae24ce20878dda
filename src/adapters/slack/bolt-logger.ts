import type { Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../logger";

/** Bolt's logger interface over our pino logger, so Bolt's own messages are redacted the same way. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = "info" as LogLevel;
  let log = logger.child({ component: "bolt" });
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg) => log.debug(text(msg)),
    info: (...msg) => log.info(text(msg)),
    warn: (...msg) => log.warn(text(msg)),
    error: (...msg) => log.error(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name) => {
      log = logger.child({ component: name });
    },
  };
}
