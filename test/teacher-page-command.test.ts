import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordAdapter } from "../src/adapters/discord/discord-adapter";
import type { AppServices as CommandContext } from "../src/app/services";
import type { OpenedStore } from "../src/store/open";
import { teacherDb } from "../src/store/teacher-schema";
import { teacherStore } from "../src/store/teacher-store";
import { signIn } from "../src/web/sign-in";
import { startTeacherPage, type TeacherPage } from "../src/web/teacher-page";
import { quietChat } from "./helpers/console";
import { appFor, bundledContext, silentLogger } from "./helpers/corpus";
import { type FakeDiscord, interaction, startFakeDiscord, testDiscordConfig } from "./helpers/fake-discord";
import { memoryStore } from "./helpers/storage";

/**
 * The page command in the chats other than Slack (the browser test drives Slack): Discord's
 * /campaign-page for members with Manage Server, privately, bound to the guild's channel; the
 * terminal's `page`; and, without PUBLIC_URL, what to set.
 */

const MANAGE_SERVER = String(1 << 5);
let opened: OpenedStore;
let page: TeacherPage;
let context: CommandContext;
let fakeDiscord: FakeDiscord;
let discord: DiscordAdapter;

beforeAll(async () => {
  opened = await memoryStore();
  context = await bundledContext();
  page = startTeacherPage({
    publicUrl: "https://bot.example.org",
    port: 0,
    hostname: "127.0.0.1",
    commandName: "campaign",
    maxDocumentMb: 20,
    logger: silentLogger,
    database: async () => opened.db,
    hashUser: (platform, id) => `hash:${platform}:${id}`,
    documents: () => [],
  });
  context.teacherPage = page;
  fakeDiscord = await startFakeDiscord();
  discord = new DiscordAdapter({
    config: testDiscordConfig(fakeDiscord.apiUrl),
    app: appFor(context),
    logger: silentLogger,
    readyTimeoutMs: 10_000,
  });
  await discord.start();
}, 60_000);

afterAll(async () => {
  await discord?.stop();
  await fakeDiscord?.close();
  await page?.close();
  await opened?.close();
});

async function discordPage(permissions: string) {
  const payload = interaction(2, { id: "902", name: "campaign-page", type: 1, options: [] });
  payload.member.permissions = permissions;
  fakeDiscord.dispatch("INTERACTION_CREATE", payload);
  const call = await fakeDiscord.waitFor(
    () => fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
    "the page command's reply",
  );
  return (call.body as { data: { flags: number; embeds: Array<{ description: string }>; content?: string } })
    .data;
}

const linkIn = (text: string) => /https:\/\/bot\.example\.org\/sign-in\/([\w-]+)/.exec(text)?.[1];

describe("the page command", () => {
  it("Discord: /campaign-page gives a member with Manage Server a private link to the channel's class", async () => {
    const data = await discordPage(MANAGE_SERVER);
    expect(data.flags & 64).toBe(64);
    const secret = linkIn(JSON.stringify(data));
    expect(secret).toBeTruthy();
    const signedIn = await signIn(teacherStore(teacherDb(opened.db)), secret as string, Date.now());
    expect(signedIn.status === "ok" && signedIn.session).toMatchObject({
      platform: "discord",
      workspace: "400000000000000001",
      classKey: "300000000000000001",
      userHash: "hash:discord:200000000000000001",
    });
  });

  it("Discord: a member without Manage Server gets no link", async () => {
    const data = await discordPage("2048");
    expect(data.flags & 64).toBe(64);
    expect(JSON.stringify(data)).toMatch(/Only teachers .*Manage Server/);
    expect(linkIn(JSON.stringify(data))).toBeUndefined();
  });

  it("terminal: `page` gives the person at the terminal a link to the terminal's class", async () => {
    const text = await quietChat(context).say("page");
    const secret = linkIn(text);
    expect(text).toMatch(/works once, only for you, for 10 minutes/);
    const signedIn = await signIn(teacherStore(teacherDb(opened.db)), secret as string, Date.now());
    expect(signedIn.status === "ok" && signedIn.session.classKey).toBe("terminal");
  });

  it("without PUBLIC_URL, says what to set", async () => {
    const { teacherPage: _off, ...withoutPage } = context;
    const text = await quietChat(withoutPage).say("page");
    expect(text).toMatch(/The teacher's page is off.*PUBLIC_URL/);
  });
});
