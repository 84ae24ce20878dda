import pino from "pino";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../commands";
import { runCommand } from "../src/dispatch";
import { bundledContext } from "./helpers/corpus";

describe("runCommand's error boundary", () => {
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
    const ctx: CommandContext = { ...good, index: broken, logger };
    const reply = await runCommand("topics", { text: "", user: { id: "U1" }, platform: "test" }, ctx);
    expect(reply).toMatchObject({ kind: "error", visibility: "private" });
    const reference = /reference ([0-9a-f]{8})/.exec(reply.text)?.[1];
    expect(reference).toBeDefined();
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: "command failed",
        reference,
        command: "topics",
        platform: "test",
        user: "U1",
        err: expect.objectContaining({ message: "index unavailable" }),
      }),
    );
  });
});
