import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
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
