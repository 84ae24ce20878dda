import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConsoleAdapter } from "../src/adapters/console/console-adapter";
import { DiscordAdapter } from "../src/adapters/discord/discord-adapter";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import { answerQuestion } from "../src/core/answer";
import { bundledContext, silentLogger } from "./helpers/corpus";
import {
  BOT_ID,
  type FakeDiscord,
  guildCreatePayload,
  messagePayload,
  slashCommand,
  startFakeDiscord,
} from "./helpers/fake-discord";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import {
  eventBody,
  FORM,
  JSON_TYPE,
  signedHeaders,
  slashCommandBody,
  testSlackConfig,
} from "./helpers/slack-requests";

/**
 * One contract every adapter passes: the same question gives the same facts, an unknown command
 * is answered (not dropped), and the bot never answers itself. Each adapter is driven the way its
 * platform drives it; only what the user reads is compared.
 */

interface Driver {
  name: string;
  /** the user's question in, everything the user then reads out */
  ask(question: string): Promise<string>;
  unknownCommand(): Promise<string>;
  /**
   * a message from the bot itself, then one from a person; resolves, once the person is answered,
   * with whether anything was sent in answer to the bot's own message
   */
  selfMessage: (() => Promise<boolean>) | null;
}

const context = await bundledContext();
let fakeSlack: FakeSlack;
let fakeDiscord: FakeDiscord;
let slack: SlackAdapter;
let discord: DiscordAdapter;
const drivers: Driver[] = [];
let user = 0;
const nextUser = () => String(200000000000001000 + ++user);

beforeAll(async () => {
  fakeSlack = await startFakeSlack();
  fakeDiscord = await startFakeDiscord();
  const shared = { RATE_LIMIT_MAX: 1000, RATE_LIMIT_WINDOW_SECONDS: 30, COMMAND_NAME: "campaign" };
  slack = new SlackAdapter({
    config: testSlackConfig(fakeSlack.apiUrl, { ...shared, SLACK_BOT_TOKEN: "xoxb-contract" }),
    context,
    logger: silentLogger,
    host: "127.0.0.1",
  });
  await slack.start();
  discord = new DiscordAdapter({
    config: {
      ...shared,
      DISCORD_TOKEN: "contract.token",
      DISCORD_API_URL: fakeDiscord.apiUrl,
      DISCORD_REPLY_VISIBILITY: "public",
      // On, so the bot reads channel messages and must itself ignore its own.
      DISCORD_MESSAGE_CONTENT: true,
    },
    context,
    logger: silentLogger,
  });
  await discord.start();
  // Discord announces the server after READY; the bot then knows the channel messages come from.
  fakeDiscord.dispatch("GUILD_CREATE", guildCreatePayload());
  await vi.waitFor(() => expect(discord.client.guilds.cache.has("400000000000000001")).toBe(true));

  const console = new ConsoleAdapter({
    context,
    input: new PassThrough(),
    output: new PassThrough(),
    interactive: false,
  });
  const slackPost = async (body: string, type: string) => {
    const res = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
      method: "POST",
      headers: signedHeaders(body, type),
      body,
    });
    return res.text();
  };
  const discordSend = async (payload: { id: string }) => {
    fakeDiscord.dispatch("INTERACTION_CREATE", payload);
    const call = await fakeDiscord.waitFor(
      () => fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
      "callback",
    );
    return JSON.stringify(call.body);
  };

  drivers.push(
    {
      name: "console",
      ask: async (q) => console.say(q),
      unknownCommand: async () => console.say("/campaign-old how many trained"),
      selfMessage: null, // the terminal has no bot messages to ignore
    },
    {
      name: "slack",
      ask: (q) => slackPost(slashCommandBody(q, `${fakeSlack.url}/respond/c`, `U${nextUser()}`), FORM),
      unknownCommand: () =>
        slackPost(
          slashCommandBody("", `${fakeSlack.url}/respond/c`).replace(
            "command=%2Fcampaign",
            "command=%2Fcampaign-old",
          ),
          FORM,
        ),
      selfMessage: async () => {
        const dm = (channel: string, user: string, extra: Record<string, unknown>) => ({
          type: "message",
          channel_type: "im",
          channel,
          user,
          text: "how many trained",
          ts: "1.1",
          ...extra,
        });
        await slackPost(eventBody(dm("DSELF", "UBOT", { bot_id: "BBOT" }), "Ev-contract-self"), JSON_TYPE);
        await slackPost(eventBody(dm("DPERSON", `U${nextUser()}`, {}), "Ev-contract-person"), JSON_TYPE);
        await fakeSlack.waitFor(() => fakeSlack.calls.find((c) => c.body.channel === "DPERSON"), "answer");
        return fakeSlack.calls.some((c) => c.body.channel === "DSELF");
      },
    },
    {
      name: "discord",
      ask: (q) => discordSend(slashCommand("campaign", q, nextUser())),
      unknownCommand: () => discordSend(slashCommand("campaign-old", null, nextUser())),
      selfMessage: async () => {
        const mention = (id: string, author: Record<string, unknown>) =>
          messagePayload({
            id,
            channel_id: "300000000000000009",
            guild_id: "400000000000000001",
            author,
            content: `<@${BOT_ID}> how many trained`,
            mentions: [
              { id: BOT_ID, username: "campaignbot", discriminator: "0000", avatar: null, bot: true },
            ],
          });
        const replies = () =>
          fakeDiscord.calls.filter((c) => c.path === "/channels/300000000000000009/messages");
        const repliedTo = (id: string) =>
          replies().some(
            (c) =>
              (c.body as { message_reference?: { message_id?: string } }).message_reference?.message_id ===
              id,
          );
        fakeDiscord.dispatch("MESSAGE_CREATE", mention("800000000000000098", messagePayload({}).author));
        const person = { id: nextUser(), username: "student", discriminator: "0", avatar: null, bot: false };
        fakeDiscord.dispatch("MESSAGE_CREATE", mention("800000000000000099", person));
        // The gateway delivers in order: once the person is answered, the bot's own message was seen.
        await fakeDiscord.waitFor(() => (repliedTo("800000000000000099") ? true : undefined), "answer");
        return repliedTo("800000000000000098");
      },
    },
  );
});

afterAll(async () => {
  await slack?.stop();
  await discord?.stop();
  await fakeSlack?.close();
  await fakeDiscord?.close();
});

/** Words only: what a reader sees, whatever the platform's escaping and markup. */
function plain(text: string): string {
  return (
    text
      .replace(/\\[nrt"]/g, " ")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(" ");
}

const questions = [
  "how many trained",
  "wen did it begin",
  "how mnay ministries",
  "who published this",
  "who wrote Hamlet",
];

describe.each(["console", "slack", "discord"])("adapter contract: %s", (name) => {
  const driver = () => drivers.find((d) => d.name === name) as Driver;

  it.each(questions)("gives the core's facts for %j", async (question) => {
    const expected = answerQuestion(context.index, question);
    const out = plain(await driver().ask(question));
    if (expected.answer) {
      for (const fact of [expected.answer, ...expected.related])
        expect(out).toContain(plain(fact.text.slice(0, 60)));
    } else if (expected.tier === "closest" && expected.closest) {
      // The middle tier: the passage, marked as not vouched for.
      expect(out).toContain("i m not sure");
      expect(out).toContain(plain(expected.closest.text.slice(0, 60)));
    } else {
      expect(out).toContain("i don t know");
    }
  });

  it("answers an unknown command instead of dropping it", async () => {
    expect(await driver().unknownCommand()).toMatch(/I don't know the command|Ask me a question/);
  });
});

// The terminal has no bot messages of its own to ignore, so only the chat platforms run this.
describe.each(["slack", "discord"])("adapter contract: %s", (name) => {
  it("never answers itself", async () => {
    const self = drivers.find((d) => d.name === name)?.selfMessage;
    expect(self).toBeTypeOf("function");
    expect(await (self as () => Promise<boolean>)()).toBe(false);
  });
});
