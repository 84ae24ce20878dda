import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buttonClick, type FakeDiscord, slashCommand, startFakeDiscord } from "../helpers/fake-discord";
import { PROCESS_START_MS, spawnBot } from "../helpers/spawn-bot";
import { logLines, terminate } from "./run-bot";

/** Defects 3 and 4 on Discord, against the real process: rate-limited callbacks, unknown buttons. */

let fake: FakeDiscord;
let bot: ReturnType<typeof spawnBot>;
const token = ["MTAwMDAwMDAwMDAwMDAwMDAx", "GabcdE", "x".repeat(38)].join(".");

beforeAll(async () => {
  fake = await startFakeDiscord();
  bot = spawnBot({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: "info" });
  await fake.waitFor(
    () => (bot.stderr().includes("discord connected") ? true : undefined),
    "connect",
    PROCESS_START_MS,
  );
});
afterAll(async () => {
  if (bot) await terminate(bot, "SIGTERM after the Discord fault tests");
  await fake?.close();
});

const callbacks = (id: string) => fake.calls.filter((c) => c.path.startsWith(`/interactions/${id}/`));

describe("Discord under faults", () => {
  it("does not retry a callback rate-limited past its 3-second window, and logs it", async () => {
    const question = slashCommand("campaign", "how many trained");
    fake.rateLimit(new RegExp(`^/interactions/${question.id}/`), 5, 4);
    fake.dispatch("INTERACTION_CREATE", question);
    await vi.waitFor(
      () =>
        expect(logLines(bot)).toContainEqual(
          expect.objectContaining({
            level: 40,
            interactionId: question.id,
            msg: expect.stringMatching(/window/),
          }),
        ),
      { timeout: 10_000 },
    );
    // One attempt (answered 429), no retry: waiting 5 s would miss the window.
    expect(callbacks(question.id)).toHaveLength(1);
  });

  it("answers a click on an unknown button privately, and logs it", async () => {
    const click = buttonClick("legacy:feature");
    fake.dispatch("INTERACTION_CREATE", click);
    const call = await fake.waitFor(() => callbacks(click.id)[0], "the reply");
    const body = call.body as {
      type: number;
      data: { flags?: number; embeds: Array<{ description?: string }> };
    };
    expect(body.data.flags).toBe(64);
    expect(JSON.stringify(body.data.embeds)).toMatch(/This button no longer works/);
    await vi.waitFor(() =>
      expect(logLines(bot)).toContainEqual(
        expect.objectContaining({ msg: "unknown button", platform: "discord", control: "legacy" }),
      ),
    );
    // The user only as the question log's keyed hash (#19.10).
    const line = logLines(bot).find((l) => l.msg === "unknown button");
    expect(line?.user).toMatch(/^[0-9a-f]{64}$/);
  });
});
