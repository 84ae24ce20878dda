import type { Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../logger";

/** Bolt's logger interface over our pino logger, so Bolt's own messages are redacted the same way. */

// Bolt warns once per request with a bad signature, and the WebClient once per failed attempt
// without naming the method. http-receiver.ts and web-client-options.ts log those with the address
// or method, summarised, so these copies go to debug where a flood cannot fill the disk.
const PER_REQUEST_WARNINGS = [/^Failed to parse and verify the request data/, /^http request failed/];

// At debug level Bolt logs every request body it receives, and the WebClient every body it sends
// and gets back (chat.postMessage with the question and the user's id). The README promises users
// only as a keyed hash, so a debug line keeps its words and drops everything from the first JSON on.
export function withoutBodies(line: string): string {
  const at = line.search(/[[{]/);
  return at < 0 ? line : `${line.slice(0, at)}[body not logged]`;
}

export function boltLogger(logger: Logger): BoltLogger {
  let level = "info" as LogLevel;
  let log = logger.child({ component: "bolt" });
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg) => log.debug(withoutBodies(text(msg))),
    info: (...msg) => log.info(text(msg)),
    warn: (...msg) => {
      const line = text(msg);
      if (PER_REQUEST_WARNINGS.some((re) => re.test(line))) log.debug(line);
      else log.warn(line);
    },
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
