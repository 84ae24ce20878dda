import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FakeSlack } from "../helpers/fake-slack";
import {
  actionBody,
  eventBody,
  FORM,
  JSON_TYPE,
  signedHeaders,
  signSlackRequest,
  slashCommandBody,
} from "../helpers/slack-requests";
import { logLines, slackBot, startFakeSlack, terminate } from "./run-bot";

/** Defects 3-6 against the real process: silent failures, replays, odd bodies, log flooding. */

let fake: FakeSlack;
let bot: Awaited<ReturnType<typeof slackBot>>;
beforeAll(async () => {
  fake = await startFakeSlack();
  bot = await slackBot(fake, { RATE_LIMIT_MAX: "1000" });
});
afterAll(async () => {
  if (bot) await terminate(bot, "SIGTERM after the request fault tests");
  await fake?.close();
});

describe("nothing fails silently (defect 3)", () => {
  it("logs a failing chat.postMessage at warn with the method and Slack's error code", async () => {
    fake.fault("chat.postMessage", "channel_not_found");
    const mention = {
      type: "app_mention",
      user: "U9",
      text: "<@UBOT> how many trained",
      ts: "1.1",
      channel: "CNF",
    };
    await bot.post(eventBody(mention, "Ev-notfound"), JSON_TYPE);
    await vi.waitFor(() =>
      expect(logLines(bot)).toContainEqual(
        expect.objectContaining({ level: 40, method: "chat.postMessage", code: "channel_not_found" }),
      ),
    );
    fake.fault("chat.postMessage", null);
  });

  it("logs a hung chat.postMessage at warn when its call times out", async () => {
    fake.fault("chat.postMessage", "hang");
    const mention = { type: "app_mention", user: "U9", text: "<@UBOT> how many trained", ts: "1.1" };
    await bot.post(eventBody({ ...mention, channel: "CHUNG" }, "Ev-hung-call"), JSON_TYPE);
    // The first attempt is cut by the per-call timeout (4 s) and logged; nothing waits 30 minutes.
    await vi.waitFor(
      () =>
        expect(logLines(bot)).toContainEqual(
          expect.objectContaining({ level: 40, method: "chat.postMessage", error: expect.any(String) }),
        ),
      { timeout: 10_000 },
    );
    fake.fault("chat.postMessage", null);
  });

  it("answers a click on an unknown button privately, and logs it", async () => {
    const body = actionBody("x", `${fake.url}/respond/stale`, { type: "message" }).replace(
      "ask_suggestion_0",
      "old_feature_7",
    );
    expect((await bot.post(body, FORM)).status).toBe(200);
    const reply = await fake.waitFor(
      () => fake.responses.find((r) => r.path === "/respond/stale"),
      "the reply",
    );
    expect(reply.body).toMatchObject({ response_type: "ephemeral" });
    expect(reply.body.text).toMatch(/This button no longer works/);
    await vi.waitFor(() =>
      expect(logLines(bot)).toContainEqual(
        expect.objectContaining({ msg: "unknown button", platform: "slack", control: "old_feature_7" }),
      ),
    );
    // The user only as the question log's keyed hash (#19.10).
    const line = logLines(bot).find((l) => l.msg === "unknown button");
    expect(line?.user).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("each request is answered once (defect 4)", () => {
  it("ignores a signed slash command replayed within the window", async () => {
    const body = slashCommandBody("how many trained", `${fake.url}/respond/replay`, "U-replay");
    const headers = signedHeaders(body, FORM);
    const first = await bot.post(body, FORM, headers);
    const replay = await bot.post(body, FORM, headers);
    expect(first.text).toMatch(/30 million/);
    expect(replay.status).toBe(200);
    expect(replay.text).toBe("");
  });

  it("ignores a replayed button click", async () => {
    const body = actionBody("how many trained", `${fake.url}/respond/replay-click`, {
      type: "message",
      is_ephemeral: true,
    });
    const headers = signedHeaders(body, FORM);
    await bot.post(body, FORM, headers);
    await bot.post(body, FORM, headers);
    await fake.waitFor(() => fake.responses.find((r) => r.path === "/respond/replay-click"), "the answer");
    await vi.waitFor(() =>
      expect(logLines(bot)).toContainEqual(
        expect.objectContaining({ msg: "duplicate Slack request ignored" }),
      ),
    );
    expect(fake.responses.filter((r) => r.path === "/respond/replay-click")).toHaveLength(1);
  });
});

describe("odd bodies get a 400 (defect 5)", () => {
  const event = eventBody({ type: "app_mention", text: "hi", ts: "1.1", channel: "C1" }, "Ev-odd");
  const actionWithoutUser = `payload=${encodeURIComponent(
    JSON.stringify({ type: "block_actions", actions: [{ action_id: "ask_suggestion_0", value: "x" }] }),
  )}`;
  it.each([
    ["a JSON event sent as a form", event, FORM],
    ["payload=[1,2]", "payload=%5B1%2C2%5D", FORM],
    ["payload=null", "payload=null", FORM],
    ["an empty form", "", FORM],
    ["an event without event", JSON.stringify({ type: "event_callback", event_id: "Ev-x" }), JSON_TYPE],
    ["an action without user", actionWithoutUser, FORM],
    ["JSON null", "null", JSON_TYPE],
  ])("%s", async (_name, body, type) => {
    expect((await bot.post(body, type)).status).toBe(400);
  });
});

describe("logs cannot be flooded (defect 6)", () => {
  it("summarises bad signatures from one address", async () => {
    const body = slashCommandBody("how many trained", `${fake.url}/respond/bad`);
    const now = Math.floor(Date.now() / 1000);
    const forged = {
      ...signedHeaders(body, FORM),
      "x-slack-signature": signSlackRequest("wrong", now, body),
    };
    const before = logLines(bot).length;
    for (let batch = 0; batch < 10; batch++) {
      const statuses = await Promise.all(Array.from({ length: 30 }, () => bot.post(body, FORM, forged)));
      expect(new Set(statuses.map((s) => s.status))).toEqual(new Set([401]));
    }
    const warnings = logLines(bot)
      .slice(before)
      .filter((l) => l.level === 40);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(5);
  });
});
