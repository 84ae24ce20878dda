import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackAdapter, type SlackConfig } from "../src/adapters/slack/slack-adapter";
import { loadCorpus } from "../src/core/load";
import { appFor, bundledContext, silentLogger, tempCorpus } from "./helpers/corpus";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import {
  actionBody,
  eventBody,
  FORM,
  JSON_TYPE,
  signedHeaders,
  slashCommandBody,
  testSlackConfig,
} from "./helpers/slack-requests";

const context = await bundledContext();
let fake: FakeSlack;
let slack: SlackAdapter;
let base: string;

const config = (overrides: Partial<SlackConfig> = {}) => testSlackConfig(fake.apiUrl, overrides);

async function post(body: string, type: string, headers: Record<string, string> = signedHeaders(body, type)) {
  const res = await fetch(`${base}/slack/events`, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

const posted = (channel: string) =>
  fake.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel);
const blocksText = (body: Record<string, unknown>) => JSON.stringify(body.blocks);

/**
 * Waits until the bot has handled everything sent before: a direct message sent now is answered
 * only after earlier ones were handled (or ignored), so no test sleeps to see that nothing happened.
 */
let barriers = 0;
async function settled() {
  const channel = `DBARRIER${++barriers}`;
  const dm = { type: "message", channel_type: "im", channel, user: "UBARRIER", text: "help", ts: "1.1" };
  await post(eventBody(dm, `Ev-barrier-${barriers}`), JSON_TYPE);
  await fake.waitFor(() => posted(channel)[0], "the barrier's answer");
}

beforeAll(async () => {
  fake = await startFakeSlack();
  slack = new SlackAdapter({
    config: config(),
    app: appFor(context),
    logger: silentLogger,
    host: "127.0.0.1",
  });
  await slack.start();
  base = `http://127.0.0.1:${slack.port}`;
});
afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

describe("Slack over HTTP with Bolt", () => {
  it("answers GET /health once ready", async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("answers a slash command in the channel with the fact, bold figure and citation", async () => {
    const body = slashCommandBody("how many trained", `${fake.url}/respond/1`);
    const res = await post(body, FORM);
    expect(res.status).toBe(200);
    const message = res.json();
    expect(message.response_type).toBe("in_channel");
    expect(message.text).toMatch(/30 million women/);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("*30 million women*");
    expect(text).toMatch(
      /Source: Women Making Achievements Campaign — Chinese Women's Research Network, 2010-07-29/,
    );
    expect(text).toMatch(/5\.86 million/);
  });

  it("shows help privately for an empty command and for /campaign help", async () => {
    for (const text of ["", "help"]) {
      const message = (await post(slashCommandBody(text, `${fake.url}/respond/2`), FORM)).json();
      expect(message.response_type).toBe("ephemeral");
      expect(JSON.stringify(message.blocks)).toMatch(/Ask me a question|\/campaign topics/);
    }
  });

  it("on 'I don't know' offers suggestions as buttons", async () => {
    const message = (await post(slashCommandBody("who wrote Hamlet", `${fake.url}/respond/3`), FORM)).json();
    expect(message.text).toMatch(/^I don't know/);
    const actions = message.blocks.find((b: { type: string }) => b.type === "actions");
    expect(actions.elements.length).toBeGreaterThan(0);
    expect(actions.elements[0]).toMatchObject({
      type: "button",
      action_id: expect.stringMatching(/^ask:0:/),
      value: expect.any(String),
    });
  });

  it("answers a mention in a thread under the question", async () => {
    const event = {
      type: "app_mention",
      user: "U2",
      text: "<@UBOT> how many ministries?",
      ts: "1700000001.000100",
      channel: "C42",
    };
    expect((await post(eventBody(event, "Ev-mention"), JSON_TYPE)).status).toBe(200);
    const call = await fake.waitFor(() => posted("C42")[0], "threaded reply");
    expect(call.body.thread_ts).toBe("1700000001.000100");
    expect(blocksText(call.body)).toMatch(/ministries/);
    expect(call.authorization).toBe("Bearer xoxb-test-token");
  });

  it("answers a direct message in the DM and ignores bots, itself included", async () => {
    const dm = {
      type: "message",
      channel_type: "im",
      channel: "D7",
      user: "U3",
      text: "when did it start",
      ts: "1700000002.1",
    };
    await post(eventBody(dm, "Ev-dm"), JSON_TYPE);
    const call = await fake.waitFor(() => posted("D7")[0], "DM reply");
    expect(blocksText(call.body)).toContain("*1991*");
    expect(call.body.thread_ts).toBeUndefined();

    const fromBot = { ...dm, channel: "D8", user: "UBOT", bot_id: "BBOT", ts: "1700000003.1" };
    const fromOtherBot = { ...dm, channel: "D8", user: "U9", bot_id: "B9", ts: "1700000004.1" };
    await post(eventBody(fromBot, "Ev-bot1"), JSON_TYPE);
    await post(eventBody(fromOtherBot, "Ev-bot2"), JSON_TYPE);
    await settled();
    expect(posted("D8")).toHaveLength(0);
  });

  it("re-asks a suggestion when its button is clicked", async () => {
    const container = { type: "message", channel_id: "C77", message_ts: "1700000005.1", is_ephemeral: false };
    const res = await post(
      actionBody("How many women have participated in the campaign?", `${fake.url}/respond/4`, container),
      FORM,
    );
    expect(res.status).toBe(200);
    const call = await fake.waitFor(() => posted("C77")[0], "suggestion answer");
    expect(call.body.thread_ts).toBe("1700000005.1");
    expect(blocksText(call.body)).toContain("40 million");
  });

  it("answers url_verification with the challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", token: "t", challenge: "chal-123" });
    const res = await post(body, JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.text).toContain("chal-123");
  });

  it("answers a retried event once only", async () => {
    const event = {
      type: "app_mention",
      user: "U2",
      text: "<@UBOT> how many enterprises",
      ts: "1700000006.1",
      channel: "C55",
    };
    const body = eventBody(event, "Ev-retry");
    await post(body, JSON_TYPE);
    const retryHeaders = {
      ...signedHeaders(body, JSON_TYPE),
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    };
    expect((await post(body, JSON_TYPE, retryHeaders)).status).toBe(200);
    await fake.waitFor(() => posted("C55")[0], "first answer");
    await settled();
    expect(posted("C55")).toHaveLength(1);
  });

  it("rejects a bad signature and a stale timestamp with 401 and no reply", async () => {
    const before = fake.calls.length;
    const body = slashCommandBody("how many trained", `${fake.url}/respond/5`);
    const bad = { ...signedHeaders(body, FORM), "x-slack-signature": `v0=${"0".repeat(64)}` };
    expect((await post(body, FORM, bad)).status).toBe(401);
    const old = signedHeaders(body, FORM, Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await post(body, FORM, old)).status).toBe(401);
    expect((await post(body, FORM, { "content-type": FORM })).status).toBe(401);
    const event = eventBody(
      { type: "app_mention", user: "U2", text: "<@UBOT> hi", ts: "1.2", channel: "C66" },
      "Ev-forged",
    );
    expect(
      (await post(event, JSON_TYPE, { ...signedHeaders(event, JSON_TYPE), "x-slack-signature": "v0=forged" }))
        .status,
    ).toBe(401);
    // A 401 is the whole answer: Bolt rejects before any listener runs.
    expect(fake.calls.length).toBe(before);
  });
});

describe("Slack injection and bad input", () => {
  it("never echoes <!channel>, <!everyone> or a user mention, and escapes links", async () => {
    const text = "<!channel> <!everyone> <@U123> <https://evil.example|click> how many trained";
    const message = (await post(slashCommandBody(text, `${fake.url}/respond/6`), FORM)).json();
    const all = JSON.stringify(message);
    for (const markup of ["<!channel>", "<!everyone>", "<@U123>", "<https://"])
      expect(all).not.toContain(markup);
    expect(all).toContain("&lt;https://evil.example|click&gt;");
  });

  it("round-trips what people typed: a typed < shows as <, a typed &lt; shows as &lt;", async () => {
    // Slack sends a typed "<b>" as "&lt;b&gt;" and a typed "&lt;" as "&amp;lt;".
    const message = (
      await post(slashCommandBody("&lt;b&gt; &amp;lt; how many trained", `${fake.url}/respond/6b`), FORM)
    ).json();
    const question = message.blocks[0].elements[0].text as string;
    expect(question).toBe("*Q:* &lt;b&gt; &amp;lt; how many trained");
    expect(JSON.stringify(message)).not.toContain("<b>");
  });

  it("answers 10,000 characters, emoji and Chinese with a clear reply", async () => {
    const long = (
      await post(slashCommandBody("x".repeat(10_000), `${fake.url}/respond/7`, "U20"), FORM)
    ).json();
    expect(long.response_type).toBe("ephemeral");
    expect(long.text).toMatch(/under 500/);
    for (const text of ["🎉🎓 how many trained 🎉", "女性培训了多少人"]) {
      const res = await post(slashCommandBody(text, `${fake.url}/respond/8`, "U21"), FORM);
      expect(res.status).toBe(200);
      expect(res.json().text.length).toBeGreaterThan(0);
    }
  });

  it("keeps every section under 3,000 characters and a message under 50 blocks", async () => {
    // A document with more and longer sections than one Slack message can hold.
    const long = "The volunteers planted rows of beans and recorded every harvest in the shared ledger. ";
    const heading = (i: number) =>
      `Section ${i} on planting, watering, weeding, harvesting and sharing the crop`;
    const sections = Array.from({ length: 80 }, (_, i) => `## ${heading(i)}\n\n${long.repeat(5)}\n`).join(
      "\n",
    );
    const dir = tempCorpus({ "big.md": `# A very long handbook\n\n${sections}` });
    const { index } = await loadCorpus(dir);
    const big = new SlackAdapter({
      config: config(),
      app: appFor({ index, logger: silentLogger, commandName: "campaign" }),
      logger: silentLogger,
      host: "127.0.0.1",
    });
    await big.start();
    try {
      const body = slashCommandBody("topics", `${fake.url}/respond/9`, "U22");
      const res = await fetch(`http://127.0.0.1:${big.port}/slack/events`, {
        method: "POST",
        headers: signedHeaders(body, FORM),
        body,
      });
      const message = (await res.json()) as { blocks: Array<{ text?: { text: string } }> };
      expect(message.blocks.length).toBeGreaterThan(1);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      for (const b of message.blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    } finally {
      await big.stop();
    }
  });

  it("rate-limits a user politely and privately", async () => {
    const replies = [];
    for (let i = 0; i < 6; i++)
      replies.push(
        (await post(slashCommandBody("how many trained", `${fake.url}/respond/10`, "U30"), FORM)).json(),
      );
    expect(replies.slice(0, 5).every((r) => r.response_type === "in_channel")).toBe(true);
    expect(replies[5].response_type).toBe("ephemeral");
    expect(replies[5].text).toMatch(/Please wait \d+ seconds?/);
    const other = (
      await post(slashCommandBody("how many trained", `${fake.url}/respond/11`, "U31"), FORM)
    ).json();
    expect(other.response_type).toBe("in_channel");
  });
});

describe("start-up problems", () => {
  it("says which variable to change when PORT is taken", async () => {
    const clash = new SlackAdapter({
      config: config({ PORT: slack.port }),
      app: appFor(context),
      logger: silentLogger,
      host: "127.0.0.1",
    });
    await expect(clash.start()).rejects.toThrow(
      /PORT \d+ cannot be used \(EADDRINUSE\): set PORT to a free port/,
    );
  });
});

describe("SLACK_REPLY_VISIBILITY=ephemeral", () => {
  it("makes answers private", async () => {
    const privateSlack = new SlackAdapter({
      config: config({ SLACK_REPLY_VISIBILITY: "ephemeral" }),
      app: appFor(context),
      logger: silentLogger,
      host: "127.0.0.1",
    });
    await privateSlack.start();
    try {
      const body = slashCommandBody("how many trained", `${fake.url}/respond/12`);
      const res = await fetch(`http://127.0.0.1:${privateSlack.port}/slack/events`, {
        method: "POST",
        headers: signedHeaders(body, FORM),
        body,
      });
      const message = (await res.json()) as { response_type: string; text: string };
      expect(message.response_type).toBe("ephemeral");
      expect(message.text).toMatch(/30 million/);
    } finally {
      await privateSlack.stop();
    }
  });
});
