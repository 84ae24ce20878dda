import pino from "pino";
import { expect, vi } from "vitest";
import { DiscordAdapter } from "../../src/adapters/discord/discord-adapter";
import { SlackAdapter } from "../../src/adapters/slack/slack-adapter";
import type { AppServices } from "../../src/app/services";
import { quietChat } from "./console";
import { appFor, silentLogger } from "./corpus";
import {
  BOT_ID,
  buttonClick,
  type FakeDiscord,
  guildCreatePayload,
  interaction,
  messagePayload,
  slashCommand,
  startFakeDiscord,
  testDiscordConfig,
} from "./fake-discord";
import { type FakeSlack, startFakeSlack } from "./fake-slack";
import {
  clickBody,
  eventBody,
  FORM,
  JSON_TYPE,
  signedHeaders,
  slashCommandBody,
  testSlackConfig,
} from "./slack-requests";

/**
 * The contract suite's drivers: the console, Slack (signed HTTP requests to a real Bolt app) and
 * Discord (a real discord.js client on a fake gateway), each driven the way its platform drives it.
 */

export interface Driver {
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
  /**
   * asks as `user`, then says "this answered it" for the reply's `n`th passage (1: the closest) with
   * the platform's own control; resolves to the reply and the acknowledgement, as the user read them
   */
  askAndMarkPassage(question: string, n: number, user: string): Promise<{ reply: string; ack: string }>;
  /** the class (channel) `ask` and `askAs` put questions in: where marks are kept */
  classKey: string;
  /** the teacher's report, as the platform shows it to a teacher (its text, line by line) */
  report(): Promise<string>;
  /** asks as a given person (null: the terminal has one person, whoever runs it) */
  askAs: ((user: string, question: string) => Promise<string>) | null;
  /** asks in a given channel (null: the terminal has no channels, it sees every document) */
  askIn: ((channel: string, question: string) => Promise<string>) | null;
}

/** The classes' channels CHANNEL_DOCUMENTS maps to the biology folder in the contract suite. */
export const BIOLOGY_SLACK = "CBIO";
export const BIOLOGY_DISCORD = "300000000000000077";

export /** Every string a platform payload shows, one per line: what a reader could see. */
function shown(payload: unknown): string {
  if (typeof payload === "string") return payload;
  if (Array.isArray(payload)) return payload.map(shown).join("\n");
  if (payload && typeof payload === "object") return Object.values(payload).map(shown).join("\n");
  return "";
}

/** A click on a Slack button and everything the bot sent in answer, once its work is done. */
export interface SlackClick {
  /** posts to the click's response URL */
  responses: Array<Record<string, unknown>>;
  /** acknowledgements of the click (HTTP responses, or Socket Mode envelope acks) */
  acks: number;
  /** what the bot logged at error level meanwhile (Bolt's ReceiverMultipleAckError among them) */
  errors: string[];
}

export interface Drivers {
  drivers: Driver[];
  fakeDiscord: FakeDiscord;
  /** asks a question in Slack, then clicks its 👎 over HTTP or Socket Mode */
  slackClickBad(mode: "http" | "socket", question: string): Promise<SlackClick>;
  /** asks a question in Slack, then clicks the first button whose action id matches, over HTTP or Socket Mode */
  slackClick(mode: "http" | "socket", question: string, action: RegExp): Promise<SlackClick>;
  /** asks in Discord, clicks the first button whose custom id matches; every callback the click got */
  discordClick(question: string, action: RegExp): Promise<unknown[]>;
  nextUser(): string;
  stop(): Promise<void>;
}

export async function startDrivers(context: AppServices): Promise<Drivers> {
  let fakeSlack: FakeSlack | undefined;
  let fakeDiscord: FakeDiscord | undefined;
  let slack: SlackAdapter | undefined;
  let slackSocket: SlackAdapter | undefined;
  // Error lines of both Slack adapters: a button handled twice shows here (over HTTP).
  const slackErrors: string[] = [];
  const slackLogger = pino({ level: "error" }, { write: (line: string) => void slackErrors.push(line) });
  let discord: DiscordAdapter | undefined;
  const drivers: Driver[] = [];
  let user = 0;
  // BigInt: past 2^53 a number would give every "new" user the same id.
  const nextUser = () => String(200000000000001000n + BigInt(++user));
  fakeSlack = await startFakeSlack();
  fakeDiscord = await startFakeDiscord();
  // One app for every platform, as in the bot; a limit no test reaches.
  const app = appFor(context, 1000);
  const shared = { COMMAND_NAME: "campaign" };
  slack = new SlackAdapter({
    config: testSlackConfig(fakeSlack.apiUrl, {
      ...shared,
      SLACK_BOT_TOKEN: "xoxb-contract",
      ADMIN_USER_IDS: ["UTEACHER"],
    }),
    app,
    logger: slackLogger,
    host: "127.0.0.1",
  });
  await slack.start();
  // The same app in Socket Mode: envelopes over the fake's WebSocket, acknowledged on it.
  slackSocket = new SlackAdapter({
    config: testSlackConfig(fakeSlack.apiUrl, {
      ...shared,
      SLACK_BOT_TOKEN: "xoxb-contract-socket",
      SLACK_SIGNING_SECRET: undefined,
      SLACK_APP_TOKEN: "xapp-contract",
    }),
    app,
    logger: slackLogger,
  });
  await slackSocket.start();
  await fakeSlack.socketConnected();
  discord = new DiscordAdapter({
    // Message content on, so the bot reads channel messages and must itself ignore its own.
    config: testDiscordConfig(fakeDiscord.apiUrl, { ...shared, DISCORD_MESSAGE_CONTENT: true }),
    app,
    logger: silentLogger,
    // Replies are read from the interaction's callback: on a busy machine a slow reply (the
    // report) came as a deferred edit instead. The window itself is tested in resilience-units.test.ts.
    deferAfterMs: 120_000,
  });
  await discord.start();
  // Discord announces the server after READY; the bot then knows the channel messages come from.
  fakeDiscord.dispatch("GUILD_CREATE", guildCreatePayload());
  await vi.waitFor(() => expect(discord.client.guilds.cache.has("400000000000000001")).toBe(true));

  const console = quietChat(app);
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
  const nth = (ids: string[], pattern: RegExp, n: number) => {
    const id = ids.filter((i) => pattern.test(i))[n - 1];
    if (!id) throw new Error(`the reply carried no button ${n} matching ${pattern}`);
    return id;
  };
  type SlackReply = { blocks: Array<{ elements?: Array<{ action_id?: string; value?: string }> }> };
  const slackButtons = (reply: SlackReply) => reply.blocks.flatMap((b) => b.elements ?? []);
  type DiscordReply = { data: { components?: Array<{ components: Array<{ custom_id: string }> }> } };
  const discordIds = (reply: DiscordReply) =>
    (reply.data.components ?? []).flatMap((row) => row.components.map((b) => b.custom_id));
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
      // The terminal numbers the passages it offers; typing the number marks one.
      askAndMarkPassage: async (q, n) => {
        const reply = await console.respond(q);
        return { reply, ack: await console.respond(String(n)) };
      },
      classKey: "terminal",
      // The person at the terminal runs the bot: the report is theirs.
      report: () => console.say("report"),
      askAs: null,
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
      askAndMarkPassage: async (q, n, user) => {
        const raw = await slackPost(slashCommandBody(q, `${fakeSlack.url}/respond/c`, `U${user}`), FORM);
        const buttons = slackButtons(JSON.parse(raw) as SlackReply);
        const id = nth(
          buttons.map((b) => b.action_id ?? ""),
          /^answered:/,
          n,
        );
        const value = buttons.find((b) => b.action_id === id)?.value ?? "";
        const path = `/respond/mark-${nextUser()}`;
        await slackPost(clickBody(id, value, `U${user}`, `${fakeSlack.url}${path}`), FORM);
        const ack = await fakeSlack.waitFor(() => fakeSlack.responses.find((r) => r.path === path), "ack");
        return { reply: shown(JSON.parse(raw)), ack: shown(ack.body) };
      },
      classKey: "C1",
      report: async () =>
        shown(
          JSON.parse(
            await slackPost(slashCommandBody("report", `${fakeSlack.url}/respond/r`, "UTEACHER"), FORM),
          ),
        ),
      askAs: (user, q) => slackPost(slashCommandBody(q, `${fakeSlack.url}/respond/c`, `U${user}`), FORM),
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
      askAndMarkPassage: async (q, n, user) => {
        const reply = (await discordCallback(slashCommand("campaign", q, user))) as DiscordReply;
        const id = nth(discordIds(reply), /^answered:/, n);
        return { reply: shown(reply), ack: shown(await discordCallback(buttonClick(id, user))) };
      },
      classKey: "300000000000000001",
      report: async () => {
        const payload = interaction(2, { id: "901", name: "campaign-report", type: 1, options: [] });
        payload.member.permissions = String(1 << 5); // Manage Server
        // A reply with the chart is multipart: the JSON part holds what the teacher reads.
        const raw = String(await discordCallback(payload));
        return shown(
          JSON.parse(/name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n(.*)\r\n/.exec(raw)?.[1] ?? "{}"),
        );
      },
      askAs: (user, q) => discordSend(slashCommand("campaign", q, user)),
      askIn: (channel, q) => discordSend(inDiscordChannel(channel, q)),
    },
  );
  let envelope = 0;
  const slackClick = async (
    mode: "http" | "socket",
    question: string,
    action: RegExp,
  ): Promise<SlackClick> => {
    const user = `U${nextUser()}`;
    const answer = JSON.parse(
      await slackPost(slashCommandBody(question, `${fakeSlack.url}/respond/c`, user), FORM),
    ) as SlackReply;
    const button = slackButtons(answer).find((b) => action.test(b.action_id ?? ""));
    if (!button) throw new Error(`the answer carried no button matching ${action}`);
    const path = `/respond/click-${mode}-${nextUser()}`;
    const body = clickBody(button.action_id ?? "", button.value ?? "", user, `${fakeSlack.url}${path}`);
    const errorsBefore = slackErrors.length;
    let acks = 0;
    const id = `env-click-${++envelope}`;
    if (mode === "http") {
      const res = await fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
        method: "POST",
        headers: signedHeaders(body, FORM),
        body,
      });
      await res.text();
      acks = res.ok ? 1 : 0;
    } else {
      const payload = JSON.parse(new URLSearchParams(body).get("payload") ?? "{}");
      fakeSlack.sendEnvelope({
        envelope_id: id,
        type: "interactive",
        accepts_response_payload: false,
        payload,
      });
    }
    await fakeSlack.waitFor(() => fakeSlack.responses.find((r) => r.path === path), "the click's answer");
    // Every listener Bolt ran has finished (each is tracked): nothing more can come for this click.
    const adapter = mode === "http" ? slack : slackSocket;
    await vi.waitFor(() => expect(adapter?.pending()).toBe(0));
    if (mode === "socket") acks = fakeSlack.socketAcks.filter((a) => a.envelope_id === id).length;
    return {
      responses: fakeSlack.responses.filter((r) => r.path === path).map((r) => r.body),
      acks,
      errors: slackErrors.slice(errorsBefore),
    };
  };
  const discordClick = async (question: string, action: RegExp): Promise<unknown[]> => {
    const user = nextUser();
    const reply = (await discordCallback(slashCommand("campaign", question, user))) as DiscordReply;
    const click = buttonClick(nth(discordIds(reply), action, 1), user);
    await discordCallback(click);
    // Every interaction the bot took up has finished: nothing more can come for this click.
    await vi.waitFor(() => expect(discord?.pending()).toBe(0));
    return fakeDiscord.calls
      .filter((c) => c.path.startsWith(`/interactions/${click.id}/`))
      .map((c) => c.body);
  };
  return {
    drivers,
    fakeDiscord,
    slackClickBad: (mode, question) => slackClick(mode, question, /bad/),
    slackClick,
    discordClick,
    nextUser,
    async stop() {
      await slack?.stop();
      await slackSocket?.stop();
      await discord?.stop();
      await fakeSlack?.close();
      await fakeDiscord?.close();
    },
  };
}
