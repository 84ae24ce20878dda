import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BOT_SCOPES, slackManifest } from "../src/adapters/slack/manifest";
import { commands } from "../src/app/commands";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { eventBody, JSON_TYPE, SIGNING_SECRET, signedHeaders } from "./helpers/slack-requests";
import { PROCESS_START_MS, spawnBot } from "./helpers/spawn-bot";

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake?.close();
});

// Built at run time so no token-shaped literal sits in the repository.
const botToken = ["xoxb", "2024000000", "secretvaluexyz123"].join("-");

describe("npm start with Slack configured", () => {
  it("serves Slack, finishes a reply under way on SIGTERM, exits 0, and never logs a token", async () => {
    const bot = spawnBot({
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      LOG_LEVEL: "debug",
    });
    const port = await fake.waitFor(
      () => /"port":(\d+)[^\n]*slack listening/.exec(bot.stderr())?.[1],
      "the bot to listen",
      PROCESS_START_MS,
    );

    const event = {
      type: "app_mention",
      user: "U2",
      text: "<@UBOT> how many trained",
      ts: "1700000200.1",
      channel: "C200",
    };
    // The reply takes a second to post; SIGTERM arrives while it is under way.
    fake.fault("chat.postMessage", "slow");
    const body = eventBody(event, "Ev-shutdown");
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      headers: signedHeaders(body, JSON_TYPE),
      body,
    });
    expect(res.status).toBe(200);
    await fake.waitFor(() => (fake.hung("chat.postMessage") > 0 ? true : undefined), "the reply to start");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    fake.fault("chat.postMessage", null);
    // Recorded only if the bot was still there to receive Slack's answer.
    expect(fake.calls.some((c) => c.method === "chat.postMessage" && c.body.channel === "C200")).toBe(true);
    expect(bot.stderr()).toContain("shutting down");
    expect(bot.stderr()).not.toContain(botToken);
    expect(bot.stderr()).not.toContain(SIGNING_SECRET);
  });

  it("stops with a clear message when a Slack variable is wrong", async () => {
    const bot = spawnBot({ SLACK_BOT_TOKEN: "xoxp-user-token-value", SLACK_SIGNING_SECRET: "s" });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toMatch(
      /SLACK_BOT_TOKEN: must start with "xoxb-" \(value not shown\); copy the Bot User OAuth Token/,
    );
    expect(bot.stderr()).not.toContain("xoxp-user-token-value");
  });
});

describe("the Slack app manifest", () => {
  it("is generated from the command registry with only the scopes the bot needs", () => {
    const socket = slackManifest({ commandName: "campaign", commands });
    expect(socket.features.slash_commands).toHaveLength(1);
    expect(socket.features.slash_commands[0]?.command).toBe("/campaign");
    for (const c of commands.filter((c) => c.name !== "ask"))
      expect(socket.features.slash_commands[0]?.usage_hint).toContain(c.name);
    expect(socket.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.bot_events).toEqual(["app_mention", "message.im"]);

    const http = slackManifest({
      commandName: "ask-docs",
      commands,
      requestUrl: "https://bot.example.org/slack/events",
    });
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(http.settings.interactivity).toMatchObject({
      request_url: "https://bot.example.org/slack/events",
    });
    expect(http.features.slash_commands[0]).toMatchObject({
      command: "/ask-docs",
      url: "https://bot.example.org/slack/events",
    });
  });

  it("npm run slack:manifest prints valid YAML", async () => {
    const script = spawnBot({}, "scripts/slack-manifest.ts");
    expect(await script.exited).toBe(0);
    expect(parse(script.stdout()).oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
  });
});
