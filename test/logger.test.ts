import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { boltLogger } from "../src/adapters/slack/bolt-logger";
import { createLogger, scrubSecrets } from "../src/logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger("info", stream as never) };
}

// Built at run time so no secret-shaped literal sits in the repository.
const slackToken = ["xoxb", "1234567890", "abcdefghijklmnop"].join("-");
const discordToken = `${"M".repeat(24)}.${"G".repeat(6)}.${"x".repeat(30)}`;

describe("logger redaction", () => {
  it("scrubs tokens inside strings, including interaction tokens in URLs", () => {
    expect(scrubSecrets(`token ${slackToken} here`)).toBe("token [redacted] here");
    expect(scrubSecrets(discordToken)).toBe("[redacted]");
    expect(scrubSecrets(`POST /interactions/123456/${"a".repeat(40)}/callback`)).toBe(
      "POST /interactions/123456/[redacted]/callback",
    );
  });

  it("never writes a token, whether in a message, a field or an error", () => {
    const { lines, logger } = capture();
    logger.info(
      { token: "plain-secret-value", config: { SLACK_BOT_TOKEN: slackToken } },
      `using ${slackToken}`,
    );
    logger.error({ err: new Error(`login failed for ${discordToken}`) }, "boom");
    const out = lines.join("");
    expect(out).not.toContain(slackToken);
    expect(out).not.toContain(discordToken);
    expect(out).not.toContain("plain-secret-value");
    expect(out).toContain("[redacted]");
  });
});

describe("logged errors", () => {
  it("keep their type, code, data and cause, with secrets still scrubbed", () => {
    const { lines, logger } = capture();
    class StoreError extends Error {
      constructor(
        message: string,
        readonly code: string,
        readonly data: Record<string, unknown>,
        options?: ErrorOptions,
      ) {
        super(message, options);
      }
    }
    const cause = new Error(`disk full while writing ${slackToken}`);
    logger.error(
      { err: new StoreError("journal write failed", "ENOSPC", { file: "journal/1" }, { cause }) },
      "store",
    );
    const line = JSON.parse(lines[0] as string) as { err: Record<string, unknown> };
    expect(line.err.type).toBe("StoreError");
    expect(line.err.code).toBe("ENOSPC");
    expect(line.err.data).toEqual({ file: "journal/1" });
    expect(line.err.message).toMatch(/journal write failed: disk full/);
    expect(JSON.stringify(line)).not.toContain(slackToken);
  });

  it("keep the fields of something thrown that is not an Error", () => {
    const { lines, logger } = capture();
    logger.error({ err: { code: "ENOSPC", errno: -28, syscall: "write" } }, "store");
    const line = JSON.parse(lines[0] as string) as { err: Record<string, unknown> };
    expect(line.err).toEqual({ code: "ENOSPC", errno: -28, syscall: "write" });
  });
});

describe("Bolt's debug output", () => {
  it("keeps what Bolt did and drops the bodies, which carry questions and user ids (#19.10)", () => {
    const lines: string[] = [];
    const logger = createLogger(
      "debug",
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }) as never,
    );
    const bolt = boltLogger(logger);
    bolt.debug(
      `http request body: ${JSON.stringify({ channel: "C1", user: "U0SECRET", text: "my private question" })}`,
    );
    bolt.debug(JSON.stringify({ event: { user: "U0SECRET", text: "my private question" } }));
    bolt.debug("apiCall('chat.postMessage') start");
    const out = lines.join("");
    expect(out).not.toContain("U0SECRET");
    expect(out).not.toContain("my private question");
    expect(out).toContain("http request body: [body not logged]");
    expect(out).toContain("apiCall('chat.postMessage') start");
  });
});
