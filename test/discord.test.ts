import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deployCommands, networkReason } from "../src/adapters/discord/deploy";
import { DiscordAdapter, type DiscordConfig } from "../src/adapters/discord/discord-adapter";
import { commands } from "../src/app/commands";
import { createLogger } from "../src/logger";
import { appFor, bundledContext } from "./helpers/corpus";
import {
  APP_ID,
  autocomplete,
  BOT_ID,
  buttonClick,
  type FakeDiscord,
  guildCreatePayload,
  messagePayload,
  type RestCall,
  slashCommand,
  startFakeDiscord,
  testDiscordConfig,
} from "./helpers/fake-discord";

const base = await bundledContext();
const logLines: string[] = [];
const logger = createLogger(
  "info",
  new Writable({
    write(chunk, _e, done) {
      logLines.push(String(chunk));
      done();
    },
  }) as never,
);
const context = { ...base, logger };
let fake: FakeDiscord;
let discord: DiscordAdapter;

function config(overrides: Partial<DiscordConfig> = {}): DiscordConfig {
  return testDiscordConfig(fake.apiUrl, overrides);
}

type Callback = {
  type: number;
  data: Record<string, unknown> & { flags?: number; embeds?: Array<Record<string, unknown>> };
};

/** Dispatches an interaction and returns the callback the Client sends for it. */
async function send(payload: { id: string }): Promise<Callback> {
  fake.dispatch("INTERACTION_CREATE", payload);
  const call = await fake.waitFor(
    () => fake.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`) && c.method === "POST"),
    `callback for ${payload.id}`,
  );
  return call.body as Callback;
}

const isEphemeral = (cb: Callback) => ((cb.data.flags ?? 0) & 64) === 64;
const embedText = (cb: Callback) => JSON.stringify(cb.data.embeds);

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 200 });
  discord = new DiscordAdapter({ config: config(), app: appFor(context), logger, readyTimeoutMs: 10_000 });
  await discord.start();
});
afterAll(async () => {
  await discord?.stop();
  await fake?.close();
});

describe("Discord with a real discord.js Client against a loopback Discord", () => {
  it("logged in over the gateway with only the Guilds intent", () => {
    expect(
      fake.calls.some((c) => c.path === "/gateway/bot" && c.authorization === "Bot fake-bot-token.for.tests"),
    ).toBe(true);
    expect(fake.identify[0]?.intents).toBe(1);
    expect(fake.identify[0]?.token).toBe("fake-bot-token.for.tests");
  });

  it("keeps the gateway alive with heartbeats the server acknowledges", async () => {
    await fake.waitFor(() => (fake.heartbeats() >= 2 ? true : undefined), "two heartbeats", 5000);
    expect(discord.client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it("autocompletes a partial question with up to 25 short suggestions", async () => {
    const cb = await send(autocomplete("campaign", "how many wo"));
    expect(cb.type).toBe(8);
    const choices = cb.data.choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    expect(choices[0]?.name).toMatch(/^How many women/);
  });

  it("answers a full question with an embed: bold figure, related facts, cited footer, no pings", async () => {
    const cb = await send(slashCommand("campaign", "how many trained"));
    expect(cb.type).toBe(4);
    expect(isEphemeral(cb)).toBe(false);
    const embed = cb.data.embeds?.[0] as {
      description: string;
      footer: { text: string };
      fields: Array<{ value: string }>;
    };
    expect(embed.description).toContain("**30 million women**");
    expect(embed.fields[0]?.value).toContain("5.86 million");
    expect(embed.footer.text).toBe(
      "Source: Women Making Achievements Campaign — Chinese Women's Research Network, 2010-07-29",
    );
    expect(cb.data.allowed_mentions).toEqual({ parse: [] });
  });

  it("offers suggestion buttons on 'I don't know', and a click asks the suggestion", async () => {
    const cb = await send(slashCommand("campaign", "who wrote Hamlet"));
    expect(embedText(cb)).toContain("I don't know");
    const row = (cb.data.components as Array<{ components: Array<{ custom_id: string; label: string }> }>)[0];
    const button = row?.components[0];
    expect(button?.custom_id).toMatch(/^ask:/);
    expect(button?.custom_id.length).toBeLessThanOrEqual(100);
    const clicked = await send(buttonClick(button?.custom_id as string));
    expect(clicked.type).toBe(4);
    expect(embedText(clicked)).not.toContain("I don't know");
    expect(clicked.data.embeds?.[0]?.footer).toBeDefined();
  });

  it("reaches help, topics and source as sibling commands, privately", async () => {
    const help = await send(slashCommand("campaign-help", null));
    expect(isEphemeral(help)).toBe(true);
    expect(embedText(help)).toContain("/campaign topics");
    expect(embedText(await send(slashCommand("campaign-topics", null)))).toContain(
      "Helping women start their own careers",
    );
    expect(embedText(await send(slashCommand("campaign-source", null)))).toContain(
      "Chinese Women's Research Network",
    );
    expect(embedText(await send(slashCommand("campaign", "help")))).toContain("Examples");
  });

  it("says so, privately, for a command it does not know", async () => {
    const cb = await send(slashCommand("campaign-old", null));
    expect(isEphemeral(cb)).toBe(true);
    expect(embedText(cb)).toContain("I don't know the command");
  });

  it("rate-limits a user with an ephemeral notice", async () => {
    const user = "200000000000000777";
    const replies: Callback[] = [];
    for (let i = 0; i < 6; i++)
      replies.push(await send(slashCommand("campaign", "how many ministries", user)));
    expect(replies.slice(0, 5).some(isEphemeral)).toBe(false);
    expect(isEphemeral(replies[5] as Callback)).toBe(true);
    expect(embedText(replies[5] as Callback)).toMatch(/Please wait \d+ seconds?/);
  });

  it("apologises with a reference when an interaction fails, logs it without the token, and keeps going", async () => {
    const payload = slashCommand("campaign", "how many enterprises", "200000000000000888");
    fake.failNext(new RegExp(`^/interactions/${payload.id}/`));
    fake.dispatch("INTERACTION_CREATE", payload);
    const apology = await fake.waitFor(
      () =>
        fake.calls.filter((c) => c.path.startsWith(`/interactions/${payload.id}/`))[1] as
          | RestCall
          | undefined,
      "apology",
    );
    const body = apology.body as Callback;
    expect(isEphemeral(body)).toBe(true);
    const reference = /reference ([0-9a-f]{8})/.exec(embedText(body))?.[1];
    expect(reference).toBeDefined();
    const log = logLines.join("");
    expect(log).toContain("discord interaction failed");
    expect(log).toContain(reference as string);
    expect(log).not.toContain(payload.token);
    // The user only as the keyed hash (#19.10).
    expect(log).toMatch(/"msg":"discord interaction failed"/);
    expect(log).not.toContain('"user":"200000000000000888"');
    expect((await send(slashCommand("campaign", "when did it start"))).type).toBe(4);
  });
});

describe("Discord bad input over the same path", () => {
  const ask = (q: string) => send(slashCommand("campaign", q, "200000000000000555"));

  it("answers an empty option with help, privately", async () => {
    const cb = await ask("");
    expect(isEphemeral(cb)).toBe(true);
    expect(embedText(cb)).toContain("Ask me a question");
  });

  it("answers 6,000 characters with a clear 'too long'", async () => {
    const cb = await ask("y".repeat(6000));
    expect(isEphemeral(cb)).toBe(true);
    expect(embedText(cb)).toMatch(/under 500/);
  });

  it("never pings @everyone or a role, and still answers the question", async () => {
    const cb = await ask("@everyone <@&123456789012345678> how many trained");
    expect(cb.data.allowed_mentions).toEqual({ parse: [] });
    // Only message content can ping, and the bot answers in embeds; the mention is not repeated.
    expect(cb.data.content).toBeUndefined();
    expect(embedText(cb)).not.toContain("@everyone");
    expect(embedText(cb)).toContain("30 million");
  });

  it("handles zero-width and control characters, emoji and Chinese", async () => {
    for (const q of ["how\u200B many\u0007 trained", "🎉 how many trained 🎓", "女性培训了多少人"]) {
      const cb = await ask(q);
      expect(cb.type).toBe(4);
      const embed = cb.data.embeds?.[0] as { title?: string; description: string };
      expect(embed.description.length).toBeGreaterThan(0);
      for (const hidden of ["\u0007", "\u200B"]) expect(embed.title ?? "").not.toContain(hidden);
    }
  });
});

describe("DISCORD_MESSAGE_CONTENT=true", () => {
  it("requests the privileged intents and answers @bot messages in a reply, ignoring itself", async () => {
    const fake2 = await startFakeDiscord();
    const withMessages = new DiscordAdapter({
      config: { ...config(), DISCORD_API_URL: fake2.apiUrl, DISCORD_MESSAGE_CONTENT: true },
      app: appFor(context),
      logger,
      readyTimeoutMs: 10_000,
    });
    await withMessages.start();
    try {
      expect((fake2.identify[0]?.intents as number) & (1 << 15)).toBe(1 << 15);
      // Discord sends each server the bot is in after READY; messages then refer to its channels.
      fake2.dispatch("GUILD_CREATE", guildCreatePayload());
      await vi.waitFor(() => expect(withMessages.client.guilds.cache.has("400000000000000001")).toBe(true));
      const message = (id: string, authorId: string, bot: boolean, content: string) =>
        messagePayload({
          id,
          channel_id: "300000000000000009",
          guild_id: "400000000000000001",
          author: { id: authorId, username: "someone", discriminator: "0", avatar: null, bot },
          content,
          mentions: [{ id: BOT_ID, username: "campaignbot", discriminator: "0000", avatar: null, bot: true }],
        });
      fake2.dispatch(
        "MESSAGE_CREATE",
        message("800000000000000001", BOT_ID, true, `<@${BOT_ID}> how many trained`),
      );
      fake2.dispatch(
        "MESSAGE_CREATE",
        message(
          "800000000000000002",
          "200000000000000003",
          false,
          `<@${BOT_ID}> @everyone when did it start`,
        ),
      );
      const posted = await fake2.waitFor(
        () =>
          fake2.calls.find((c) => c.method === "POST" && c.path === "/channels/300000000000000009/messages"),
        "reply",
      );
      const body = posted.body as {
        message_reference: { message_id: string };
        allowed_mentions: unknown;
        embeds: unknown[];
      };
      expect(body.message_reference.message_id).toBe("800000000000000002");
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      expect(JSON.stringify(body.embeds)).toContain("**1991**");
      // The bot's own message was dispatched first and the gateway delivers in order: it was
      // ignored by the time the person's message was answered.
      expect(fake2.calls.filter((c) => c.path.endsWith("/messages") && c.method === "POST")).toHaveLength(1);
    } finally {
      await withMessages.stop();
      await fake2.close();
    }
  });
});

describe("npm run discord:deploy", () => {
  it("bulk-overwrites the registry's commands, guild-scoped when a guild is given", async () => {
    const guild = await deployCommands({
      token: "fake-bot-token.for.tests",
      appId: APP_ID,
      guildId: "400000000000000001",
      apiUrl: fake.apiUrl,
      commandName: "campaign",
      commands,
    });
    expect(guild.names).toEqual([
      "campaign",
      "campaign-topics",
      "campaign-source",
      "campaign-report",
      "campaign-teach",
      "campaign-forget",
      "campaign-page",
      "campaign-help",
    ]);
    const put = fake.calls.find(
      (c) => c.method === "PUT" && c.path === `/applications/${APP_ID}/guilds/400000000000000001/commands`,
    );
    const body = put?.body as Array<{ name: string; options: Array<Record<string, unknown>> }>;
    expect(body[0]).toMatchObject({ name: "campaign" });
    // The report is shown only to members with Manage Server (1 << 5), and not in DMs.
    expect(body.find((c) => c.name === "campaign-report")).toMatchObject({
      default_member_permissions: "32",
      dm_permission: false,
    });
    // So is the teacher's page's sign-in link.
    expect(body.find((c) => c.name === "campaign-page")).toMatchObject({
      default_member_permissions: "32",
      dm_permission: false,
    });
    expect(body.find((c) => c.name === "campaign-topics")).not.toHaveProperty("default_member_permissions");
    expect(body[0]?.options[0]).toEqual({
      type: 3,
      name: "question",
      description: expect.any(String),
      required: true,
      max_length: 500,
      autocomplete: true,
    });
    await deployCommands({
      token: "t",
      appId: APP_ID,
      apiUrl: fake.apiUrl,
      commandName: "campaign",
      commands,
    });
    expect(fake.calls.some((c) => c.method === "PUT" && c.path === `/applications/${APP_ID}/commands`)).toBe(
      true,
    );
  });
});

describe("Discord errors a person can fix (#20.10)", () => {
  it("deploy names DISCORD_TOKEN when Discord answers 401", async () => {
    await expect(
      deployCommands({
        token: "rejected-bot-token",
        appId: APP_ID,
        apiUrl: fake.apiUrl,
        commandName: "campaign",
        commands,
      }),
    ).rejects.toThrow(/DISCORD_TOKEN was rejected by Discord \(401 Unauthorized\)/);
  });

  it("start says to check the network or DISCORD_API_URL when Discord cannot be reached", async () => {
    const unreachable = new DiscordAdapter({
      // A port nothing listens on: the connection is refused, as with no network at all.
      config: { ...config(), DISCORD_API_URL: "http://127.0.0.1:9/api" },
      app: appFor(context),
      logger,
      readyTimeoutMs: 10_000,
    });
    try {
      await expect(unreachable.start()).rejects.toThrow(
        /Discord could not be reached \(.*ECONNREFUSED.*\): check the network, or DISCORD_API_URL/,
      );
    } finally {
      await unreachable.stop();
    }
    expect(
      networkReason({ cause: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND discord.com" } }),
    ).toBe("getaddrinfo ENOTFOUND discord.com");
  });
});
