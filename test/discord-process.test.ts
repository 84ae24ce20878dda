import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, slashCommand, startFakeDiscord } from "./helpers/fake-discord";
import { PROCESS_START_MS, spawnBot } from "./helpers/spawn-bot";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});

// Shaped like a real bot token, built at run time so no such literal sits in the repository.
const token = ["MTAwMDAwMDAwMDAwMDAwMDAx", "GabcdE", "x".repeat(38)].join(".");

describe("npm start with Discord configured", () => {
  it("answers over the gateway, closes it cleanly on SIGTERM, exits 0, and never logs a token", async () => {
    const bot = spawnBot({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: "debug" });
    await fake.waitFor(
      () => (bot.stderr().includes("discord connected") ? true : undefined),
      "the bot to connect",
      PROCESS_START_MS,
    );

    const question = slashCommand("campaign", "how many trained");
    fake.dispatch("INTERACTION_CREATE", question);
    await fake.waitFor(
      () => fake.calls.find((c) => c.path.startsWith(`/interactions/${question.id}/`)),
      "the answer",
    );
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(fake.closes()).toBeGreaterThanOrEqual(1);
    expect(bot.stderr()).toContain("shutting down");
    expect(bot.stderr()).not.toContain(token);
    expect(bot.stderr()).not.toContain(question.token);
  });

  it("stops with a clear message when Discord rejects the token", async () => {
    const bot = spawnBot({ DISCORD_TOKEN: "a-rejected-token", DISCORD_API_URL: fake.apiUrl });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toMatch(/DISCORD_TOKEN/);
    expect(bot.stderr()).not.toMatch(/at .*\.js:\d+/);
  });
});
