import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../helpers/fake-discord";
import type { FakeSlack } from "../helpers/fake-slack";
import { eventBody, JSON_TYPE, SIGNING_SECRET } from "../helpers/slack-requests";
import { PROCESS_START_MS, spawnBot } from "../helpers/spawn-bot";
import { slackBot, startFakeSlack } from "./run-bot";

/** Defect 2: a rejected token, on either platform, at start-up or later, stops the process (exit 1). */

let fake: FakeSlack;
let discord: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeSlack();
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
  await discord?.close();
});

// Shaped like a real bot token, built at run time so no such literal sits in the repository.
const discordToken = ["MTAwMDAwMDAwMDAwMDAwMDAx", "GabcdE", "x".repeat(38)].join(".");
const noStack = /at .*\.(js|ts):\d+/;
/** What a person reads on stderr: everything but the JSON log lines. */
const said = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => !l.startsWith("{"))
    .join("\n");

describe("fatal errors stop the process and name the variable", () => {
  it("Slack HTTP mode: auth.test says invalid_auth at start-up", async () => {
    fake.fault("auth.test", "invalid_auth");
    const bot = spawnBot({
      SLACK_BOT_TOKEN: "xoxb-revoked",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
    });
    expect(await bot.exited).toBe(1);
    fake.fault("auth.test", null);
    expect(bot.stderr()).toMatch(/SLACK_BOT_TOKEN was rejected by Slack \(invalid_auth\)/);
    expect(bot.stderr()).not.toMatch(/slack listening|unhandled rejection/);
    expect(said(bot.stderr())).not.toMatch(noStack);
  });

  it("Slack: a token revoked mid-session stops the process", async () => {
    const bot = await slackBot(fake);
    fake.fault("chat.postMessage", "token_revoked");
    const mention = {
      type: "app_mention",
      user: "U9",
      text: "<@UBOT> how many trained",
      ts: "1.1",
      channel: "CREV",
    };
    await bot.post(eventBody(mention, "Ev-revoked"), JSON_TYPE);
    expect(await bot.exited).toBe(1);
    fake.fault("chat.postMessage", null);
    expect(bot.stderr()).toMatch(/SLACK_BOT_TOKEN was rejected by Slack \(token_revoked\)/);
  });

  it("Discord: gateway close 4004 at start-up", async () => {
    const rejecting = await startFakeDiscord({ identifyClose: 4004 });
    const bot = spawnBot({ DISCORD_TOKEN: discordToken, DISCORD_API_URL: rejecting.apiUrl });
    expect(await bot.exited).toBe(1);
    await rejecting.close();
    expect(bot.stderr()).toMatch(/DISCORD_TOKEN was rejected by Discord \(gateway close 4004\)/);
    expect(said(bot.stderr())).not.toMatch(noStack);
  });

  it("Discord: close 4004 mid-session stops a process that also runs Slack", async () => {
    const bot = spawnBot({
      DISCORD_TOKEN: discordToken,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-both",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      LOG_LEVEL: "info",
    });
    await discord.waitFor(
      () => (bot.stderr().includes('"adapter":"discord"') ? true : undefined),
      "both adapters to start",
      PROCESS_START_MS,
    );
    discord.closeGateway(4004);
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toMatch(/DISCORD_TOKEN was rejected by Discord \(gateway close 4004\)/);
    expect(bot.stderr()).toMatch(/shutting down/);
  });
});
