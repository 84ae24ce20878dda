import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConsoleAdapter } from "../src/adapters/console/console-adapter";
import { DiscordAdapter } from "../src/adapters/discord/discord-adapter";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import { ChannelScopes } from "../src/channel-documents";
import { answerQuestion } from "../src/core/answer";
import { loadCorpus } from "../src/core/load";
import { memoryBackend } from "../src/store/memory-backend";
import { startStorage } from "../src/store/storage";
import { classFolders, silentLogger, tempStateDir } from "./helpers/corpus";
import {
  autocomplete,
  BOT_ID,
  buttonClick,
  type FakeDiscord,
  guildCreatePayload,
  interaction,
  messagePayload,
  slashCommand,
  startFakeDiscord,
} from "./helpers/fake-discord";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import {
  clickBody,
  eventBody,
  FORM,
  JSON_TYPE,
  signedHeaders,
  slashCommandBody,
  testSlackConfig,
} from "./helpers/slack-requests";

/**
 * One contract every adapter passes: the same question gives the same facts, an unknown command
 * is answered (not dropped), the bot never answers itself, a 👎 on an answer reaches the teacher's
 * report, and a class channel answers from its own folder only. Each adapter is driven the way its
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
  /** asks, then marks the answer 👎 with the platform's own control; resolves to the acknowledgement */
  askAndMarkBad(question: string): Promise<string>;
  /** the teacher's report, as the platform shows it to a teacher (its text, line by line) */
  report(): Promise<string>;
  /** asks in a given channel (null: the terminal has no channels, it sees every document) */
  askIn: ((channel: string, question: string) => Promise<string>) | null;
}

// Two classes' folders (the campaign article and a garden page); the biology channel sees only
// its own. Channels not listed see everything, so the other tests compare with the whole index.
const BIOLOGY_SLACK = "CBIO";
const BIOLOGY_DISCORD = "300000000000000077";
const corpus = await loadCorpus(classFolders());
const scopes = new ChannelScopes(
  { [BIOLOGY_SLACK]: ["biology"], [BIOLOGY_DISCORD]: ["biology"] },
  false,
  () => corpus,
);
const backend = memoryBackend();
const storage = startStorage({
  stateDir: tempStateDir(),
  logDays: 30,
  secret: "contract-test-secret",
  logger: silentLogger,
  open: async () => ({ backend, close: async () => {} }),
});
const context = {
  index: corpus.index,
  logger: silentLogger,
  commandName: "campaign",
  scope: (channel: string | undefined) => scopes.indexFor(channel),
  questionLog: storage.questionLog,
  feedback: storage.feedback,
  storage,
};

/** Every string a platform payload shows, one per line: what a reader could see. */
function shown(payload: unknown): string {
  if (typeof payload === "string") return payload;
  if (Array.isArray(payload)) return payload.map(shown).join("\n");
  if (payload && typeof payload === "object") return Object.values(payload).map(shown).join("\n");
  return "";
}
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
    config: testSlackConfig(fakeSlack.apiUrl, {
      ...shared,
      SLACK_BOT_TOKEN: "xoxb-contract",
      ADMIN_USER_IDS: ["UTEACHER"],
    }),
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
  const discordCallback = async (payload: { id: string }) => {
    fakeDiscord.dispatch("INTERACTION_CREATE", payload);
    const call = await fakeDiscord.waitFor(
      () => fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
      "callback",
    );
    return call.body;
  };
  const discordSend = async (payload: { id: string }) => JSON.stringify(await discordCallback(payload));
  const inDiscordChannel = (channel: string, question: string) =>
    interaction(
      2,
      { id: "900", name: "campaign", type: 1, options: [{ name: "question", type: 3, value: question }] },
      nextUser(),
      { channel_id: channel, channel: { id: channel, type: 0, guild_id: "400000000000000001", name: "bio" } },
    );
  const badButton = (ids: string[]) => {
    const id = ids.find((i) => /bad/.test(i));
    if (!id) throw new Error("the answer carried no 👎 button");
    return id;
  };

  drivers.push(
    {
      name: "console",
      ask: async (q) => console.say(q),
      unknownCommand: async () => console.say("/campaign-old how many trained"),
      selfMessage: null, // the terminal has no bot messages to ignore
      askAndMarkBad: async (q) => {
        await console.say(q);
        return console.respond("bad");
      },
      // The person at the terminal runs the bot: the report is theirs.
      report: () => console.say("report"),
      askIn: null,
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
      askAndMarkBad: async (q) => {
        const answer = JSON.parse(
          await slackPost(slashCommandBody(q, `${fakeSlack.url}/respond/c`, `U${nextUser()}`), FORM),
        ) as { blocks: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> };
        const buttons = answer.blocks.flatMap((b) => b.elements ?? []);
        const bad = badButton(buttons.map((b) => b.action_id ?? ""));
        const value = buttons.find((b) => b.action_id === bad)?.value ?? "";
        const path = `/respond/bad-${nextUser()}`;
        await slackPost(clickBody(bad, value, `U${nextUser()}`, `${fakeSlack.url}${path}`), FORM);
        const ack = await fakeSlack.waitFor(() => fakeSlack.responses.find((r) => r.path === path), "ack");
        return shown(ack.body);
      },
      report: async () =>
        shown(
          JSON.parse(
            await slackPost(slashCommandBody("report", `${fakeSlack.url}/respond/r`, "UTEACHER"), FORM),
          ),
        ),
      askIn: (channel, q) =>
        slackPost(slashCommandBody(q, `${fakeSlack.url}/respond/c`, `U${nextUser()}`, channel), FORM),
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
      askAndMarkBad: async (q) => {
        const answer = (await discordCallback(slashCommand("campaign", q, nextUser()))) as {
          data: { components?: Array<{ components: Array<{ custom_id: string }> }> };
        };
        const ids = (answer.data.components ?? []).flatMap((row) => row.components.map((b) => b.custom_id));
        return shown(await discordCallback(buttonClick(badButton(ids), nextUser())));
      },
      report: async () => {
        const payload = interaction(2, { id: "901", name: "campaign-report", type: 1, options: [] });
        payload.member.permissions = String(1 << 5); // Manage Server
        // A reply with the chart is multipart: the JSON part holds what the teacher reads.
        const raw = String(await discordCallback(payload));
        return shown(
          JSON.parse(/name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n(.*)\r\n/.exec(raw)?.[1] ?? "{}"),
        );
      },
      askIn: (channel, q) => discordSend(inDiscordChannel(channel, q)),
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

// A question each, so each platform's 👎 is its own line in the one report they share.
const disliked: Record<string, string> = {
  console: "how many ministries",
  slack: "how many trained",
  discord: "how many model groups",
};

describe.each(["console", "slack", "discord"])("adapter contract (teachers): %s", (name) => {
  const driver = () => drivers.find((d) => d.name === name) as Driver;

  it("takes a 👎 on an answer, and the teacher's report shows it", async () => {
    const question = disliked[name] as string;
    expect(await driver().askAndMarkBad(question)).toMatch(/marked the (last )?answer as bad/);
    const report = await driver().report();
    expect(report).toMatch(/Questions per day/);
    expect(report).toMatch(new RegExp(`👎 1 👍 0 [^\\n]*\\(asked as: ${question}\\)`));
  });

  it("answers a class channel from its own folder only", async () => {
    const askIn = driver().askIn;
    if (!askIn) {
      // The terminal has no channel: the person running the bot sees every document.
      expect(plain(await driver().ask("how many trained"))).toContain("30 million");
      return;
    }
    expect(
      plain(await askIn(name === "slack" ? BIOLOGY_SLACK : BIOLOGY_DISCORD, "how many trained")),
    ).not.toContain("30 million");
    expect(
      plain(await askIn(name === "slack" ? "CHIST" : "300000000000000066", "how many trained")),
    ).toContain("30 million");
  });
});

describe("adapter contract (teachers): discord autocomplete", () => {
  it("suggests questions from the channel's own folder only", async () => {
    const suggest = async (channel: string) => {
      const payload = autocomplete("campaign", "how many", nextUser());
      const inChannel = { ...payload, channel_id: channel, channel: { ...payload.channel, id: channel } };
      fakeDiscord.dispatch("INTERACTION_CREATE", inChannel);
      const call = await fakeDiscord.waitFor(
        () => fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
        "suggestions",
      );
      return (call.body as { data: { choices: Array<{ name: string }> } }).data.choices.map((c) => c.name);
    };
    const everywhere = await suggest("300000000000000066");
    const biology = await suggest(BIOLOGY_DISCORD);
    expect(everywhere.join(" ")).toMatch(/women|ministries|model/i);
    expect(biology.length).toBeGreaterThan(0);
    expect(biology.join(" ")).not.toMatch(/women|ministries|model/i);
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
