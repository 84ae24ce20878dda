import pino from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app/pipeline";
import type { AppServices } from "../src/app/services";
import { hashUser } from "../src/store/user-hash";
import { bundledContext } from "./helpers/corpus";

describe("the pipeline's error boundary", () => {
  it("turns a command that throws into a polite reply with a reference, logged with context", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const good = await bundledContext();
    // An index that fails when read: the topics command throws while handling the request.
    const broken = new Proxy(good.index, {
      get() {
        throw new Error("index unavailable");
      },
    });
    const userKey = (platform: string, id: string) => hashUser("log-secret-for-tests", platform, id);
    const ctx: AppServices = { ...good, index: broken, logger, userKey };
    const reply = await createApp(ctx).command({ user: "U1", platform: "test" }, "topics", "");
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
    const reference = /reference ([0-9a-f]{8})/.exec(reply.text)?.[1];
    expect(reference).toBeDefined();
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: "command failed",
        reference,
        command: "topics",
        platform: "test",
        // The user as the question log's keyed hash, never the platform's id (#19.10).
        user: hashUser("log-secret-for-tests", "test", "U1"),
        err: expect.objectContaining({ message: "index unavailable" }),
      }),
    );
    expect(JSON.stringify(lines)).not.toContain('"U1"');
  });

  it("answers a click on a button it no longer has, and logs the user's hash only", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const userKey = (platform: string, id: string) => hashUser("log-secret-for-tests", platform, id);
    const app = createApp({ ...(await bundledContext()), logger, userKey });
    const reply = await app.control({ user: "U1", platform: "test" }, "retired_button", "x");
    expect(reply).toMatchObject({ kind: "notice", visibility: "private" });
    expect(reply.text).toMatch(/This button no longer works/);
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: "unknown button",
        user: hashUser("log-secret-for-tests", "test", "U1"),
      }),
    );
    expect(JSON.stringify(lines)).not.toContain('"U1"');
  });
});
