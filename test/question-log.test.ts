import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConsoleAdapter } from "../src/adapters/console/console-adapter";
import { DiscordAdapter } from "../src/adapters/discord/discord-adapter";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import type { AppServices } from "../src/app/services";
import { type MemoryBackend, memoryBackend } from "../src/store/memory-backend";
import type { Storage } from "../src/store/storage";
import { hashUser } from "../src/store/user-hash";
import { quietChat } from "./helpers/console";
import { appFor, bundledContext, silentLogger } from "./helpers/corpus";
import {
  buttonClick,
  type FakeDiscord,
  slashCommand,
  startFakeDiscord,
  testDiscordConfig,
} from "./helpers/fake-discord";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { clickBody, FORM, signedHeaders, slashCommandBody, testSlackConfig } from "./helpers/slack-requests";
import { testStorage } from "./helpers/storage";

/** Every platform logs each question once, with where it came from, and never a raw user id. */

const SECRET = "question-log-test-secret";
const base = await bundledContext();

function withStorage(logDays = 30): { context: AppServices; backend: MemoryBackend; storage: Storage } {
  const backend = memoryBackend();
  const storage = testStorage(backend, { logDays, secret: SECRET });
  const context = { ...base, questionLog: storage.questionLog, feedback: storage.feedback, storage };
  return { context, backend, storage };
}

const rows = (backend: MemoryBackend) => [...backend.questions.values()];

describe("console", () => {
  it("logs answered and unanswered questions, not help or empty input", async () => {
    const { context, backend, storage } = withStorage();
    const chat = quietChat(context);
    await chat.say("how many trained");
    await chat.say("who wrote Hamlet");
    await chat.say("help");
    await chat.say("/campaign");
    await storage.questionLog.flush();
    expect(rows(backend)).toMatchObject([
      { platform: "console", question: "how many trained", tier: "answer", factId: expect.any(String) },
      { platform: "console", question: "who wrote Hamlet", tier: "unknown", factId: null, confidence: null },
    ]);
    expect(rows(backend)[0]?.confidence).toBeGreaterThan(0);
    expect(rows(backend)[0]?.userHash).toBe(hashUser(SECRET, "console", "console"));
  });

  it("takes good / bad for the last answer, one vote that can change", async () => {
    const { context, backend } = withStorage();
    const chat = quietChat(context);
    expect(await chat.respond("good")).toMatch(/no answer to rate yet/);
    await chat.say("who wrote Hamlet");
    await chat.say("how many trained");
    expect(await chat.respond("good")).toMatch(/marked the last answer as good/);
    expect(await chat.respond("Bad!")).toMatch(/marked the last answer as bad/);
    const trained = rows(backend).find((r) => r.question === "how many trained");
    expect([...backend.votes.values()]).toEqual([
      { questionId: trained?.id, userHash: hashUser(SECRET, "console", "console"), vote: -1 },
    ]);
  });

  it("says feedback is off when QUESTION_LOG_DAYS=0", async () => {
    const { context, backend } = withStorage(0);
    const chat = quietChat(context);
    await chat.say("how many trained");
    expect(await chat.respond("bad")).toMatch(/Feedback is off/);
    expect(backend.questions.size).toBe(0);
  });

  it("answers lines in order when a rating waits on the store", async () => {
    const { context } = withStorage();
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (c) => {
      written += String(c);
    });
    const chat = new ConsoleAdapter({ app: appFor(context), input, output, interactive: false });
    await chat.start();
    input.write("how many trained\nbad\nwho wrote Hamlet\n");
    await vi.waitFor(() => expect(written).toMatch(/I don't know/));
    expect(written.indexOf("30 million")).toBeLessThan(written.indexOf("marked the last answer as bad"));
    expect(written.indexOf("marked the last answer as bad")).toBeLessThan(written.indexOf("I don't know"));
    await chat.stop();
  });
});

describe("Slack and Discord", () => {
  let fakeSlack: FakeSlack;
  let fakeDiscord: FakeDiscord;
  let slack: SlackAdapter;
  let discord: DiscordAdapter;
  const slackStore = withStorage();
  const discordStore = withStorage();

  beforeAll(async () => {
    fakeSlack = await startFakeSlack();
    fakeDiscord = await startFakeDiscord();
    slack = new SlackAdapter({
      config: testSlackConfig(fakeSlack.apiUrl),
      app: appFor(slackStore.context),
      logger: silentLogger,
      host: "127.0.0.1",
    });
    await slack.start();
    discord = new DiscordAdapter({
      config: testDiscordConfig(fakeDiscord.apiUrl),
      app: appFor(discordStore.context),
      logger: silentLogger,
      readyTimeoutMs: 10_000,
    });
    await discord.start();
  });
  afterAll(async () => {
    await slack?.stop();
    await discord?.stop();
    await fakeSlack?.close();
    await fakeDiscord?.close();
  });

  it("Slack logs the workspace, channel and a keyed hash of the user", async () => {
    const body = slashCommandBody("how many trained", `${fakeSlack.url}/respond/1`, "U777");
    const res = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
      method: "POST",
      headers: signedHeaders(body, FORM),
      body,
    });
    expect(res.status).toBe(200);
    await slackStore.storage.questionLog.flush();
    expect(rows(slackStore.backend).filter((r) => r.question === "how many trained")).toMatchObject([
      {
        platform: "slack",
        workspace: "T1",
        channel: "C1",
        userHash: hashUser(SECRET, "slack", "U777"),
        tier: "answer",
      },
    ]);
    expect(JSON.stringify(rows(slackStore.backend))).not.toContain("U777");
  });

  it("Slack logs a replayed slash command once, and answers it once", async () => {
    const body = slashCommandBody("how many women were trained", `${fakeSlack.url}/respond/2`, "U778");
    const headers = signedHeaders(body, FORM);
    const post = () =>
      fetch(`http://127.0.0.1:${slack.port}/slack/events`, { method: "POST", headers, body }).then((r) =>
        r.text(),
      );
    const [first, replay] = [await post(), await post()];
    expect(first).toMatch(/30 million/);
    expect(replay).toBe("");
    await slackStore.storage.questionLog.flush();
    expect(rows(slackStore.backend).filter((r) => r.question === "how many women were trained")).toHaveLength(
      1,
    );
  });

  it("Slack puts 👍 / 👎 under an answer; a click is one changeable vote, acknowledged privately", async () => {
    const postSigned = (body: string) =>
      fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
        method: "POST",
        headers: signedHeaders(body, FORM),
        body,
      });
    const res = await postSigned(slashCommandBody("when did it start", `${fakeSlack.url}/respond/20`, "U5"));
    const blocks = ((await res.json()) as { blocks: unknown }).blocks as Array<{
      type: string;
      elements?: Array<Record<string, unknown>>;
    }>;
    const buttons = blocks.at(-1)?.elements ?? [];
    expect(buttons.map((b) => b.action_id)).toEqual([
      expect.stringMatching(/^feedback:\d+:good:/),
      expect.stringMatching(/^feedback:\d+:bad:/),
    ]);
    const [goodId, badId] = buttons.map((b) => String(b.action_id));
    const bad = String(buttons[1]?.value);
    const good = String(buttons[0]?.value);
    expect(
      (await postSigned(clickBody(goodId as string, good, "U6", `${fakeSlack.url}/respond/21`))).status,
    ).toBe(200);
    expect(
      (await postSigned(clickBody(badId as string, bad, "U6", `${fakeSlack.url}/respond/22`))).status,
    ).toBe(200);
    const ack = await fakeSlack.waitFor(
      () => fakeSlack.responses.find((r) => r.path === "/respond/22"),
      "the acknowledgement",
    );
    expect(ack.body).toMatchObject({
      response_type: "ephemeral",
      text: expect.stringMatching(/marked the answer as bad/),
    });
    const question = rows(slackStore.backend).find((r) => r.question === "when did it start");
    expect([...slackStore.backend.votes.values()]).toEqual([
      { questionId: question?.id, userHash: hashUser(SECRET, "slack", "U6"), vote: -1 },
    ]);
  });

  it("Discord puts 👍 / 👎 under an answer and records a click", async () => {
    const payload = slashCommand("campaign", "how many trained", "200000000000000888");
    fakeDiscord.dispatch("INTERACTION_CREATE", payload);
    const call = await fakeDiscord.waitFor(
      () => fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
      "the answer",
    );
    const rowsOfButtons = (
      call.body as { data: { components: Array<{ components: Array<{ custom_id: string }> }> } }
    ).data.components;
    const ids = rowsOfButtons.at(-1)?.components.map((b) => b.custom_id) ?? [];
    expect(ids).toEqual([expect.stringMatching(/^feedback:good:/), expect.stringMatching(/^feedback:bad:/)]);
    const click = buttonClick(ids[1] as string, "200000000000000999");
    fakeDiscord.dispatch("INTERACTION_CREATE", click);
    const ack = await fakeDiscord.waitFor(
      () => fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${click.id}/`)),
      "the acknowledgement",
    );
    const data = (ack.body as { data: { flags: number; embeds: Array<{ description: string }> } }).data;
    expect(data.flags & 64).toBe(64);
    expect(data.embeds[0]?.description).toMatch(/marked the answer as bad/);
    expect([...discordStore.backend.votes.values()]).toMatchObject([
      { userHash: hashUser(SECRET, "discord", "200000000000000999"), vote: -1 },
    ]);
  });

  it("Discord logs the guild and channel", async () => {
    const payload = slashCommand("campaign", "who wrote Hamlet", "200000000000000777");
    fakeDiscord.dispatch("INTERACTION_CREATE", payload);
    await fakeDiscord.waitFor(
      () => fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
      "the reply",
    );
    await discordStore.storage.questionLog.flush();
    expect(rows(discordStore.backend).filter((r) => r.question === "who wrote Hamlet")).toMatchObject([
      {
        platform: "discord",
        workspace: "400000000000000001",
        channel: "300000000000000001",
        userHash: hashUser(SECRET, "discord", "200000000000000777"),
        question: "who wrote Hamlet",
        tier: "unknown",
      },
    ]);
  });
});
