import { Writable } from "node:stream";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { renderText } from "../src/adapters/console/render";
import { DiscordAdapter } from "../src/adapters/discord/discord-adapter";
import { discordCommands } from "../src/adapters/discord/discord-commands";
import { Learning } from "../src/app/learning";
import { type BotApp, createApp, type Incoming } from "../src/app/pipeline";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { memoryLearningBackend } from "../src/store/learning-backend";
import { quietChat } from "./helpers/console";
import { bundledIndex, silentLogger } from "./helpers/corpus";
import { interaction, startFakeDiscord, testDiscordConfig } from "./helpers/fake-discord";

/**
 * The teacher's `teach` and `forget` through the app's pipeline, as every adapter reaches them:
 * teachers only, privately, in the request's class (its channel), over that class's documents.
 */

const GARDEN = "test/eval/corpora/community-garden";
const ASKED = "who gets the veg";
const teacher = (channel: string): Incoming => ({
  platform: "slack",
  user: "UTEACHER",
  channel,
  teacher: true,
  teacherHint: "ask to be added to ADMIN_USER_IDS",
});
const student = (channel: string, user = "U5"): Incoming => ({
  platform: "slack",
  user,
  channel,
  teacherHint: "ask to be added to ADMIN_USER_IDS",
});

let index: CorpusIndex;
let article: CorpusIndex;
beforeAll(async () => {
  ({ index } = await loadCorpus(GARDEN));
  article = await bundledIndex();
});

function bot(learning?: Learning) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  );
  const used =
    learning ??
    new Learning({ backend: memoryLearningBackend(), userHash: (p, u) => `hash(${p}:${u})`, logger });
  // Channel CART sees the campaign article (CHANNEL_DOCUMENTS); the others, the garden page.
  const app: BotApp = createApp({
    index,
    scope: (channel) => (channel === "CART" ? article : index),
    logger,
    commandName: "campaign",
    learning: used,
  });
  const say = async (from: Incoming, text: string) => {
    const layout = await app.text(from, text);
    return { layout, text: renderText(layout) };
  };
  return { app, say, lines, learning: used };
}

describe("teach and forget through the pipeline", () => {
  it("refuses a student, who learns nothing and is told who may; 'teach me …' stays a question", async () => {
    const { say } = bot();
    const refused = await say(student("C1"), `teach ${ASKED} => food bank`);
    expect(refused.text).toMatch(/Only teachers can see \/campaign teach: ask to be added to ADMIN_USER_IDS/);
    expect(refused.layout.visibility).toBe("private");
    expect((await say(student("C1"), `${ASKED}?`)).layout.kind).not.toBe("answer");
    // A student's question that starts with the word is still a question.
    expect((await say(student("C1"), "teach me about the bees")).text).not.toMatch(/Only teachers/);
  });

  it("teaches in the request's class: answered confidently there, not in another class; forget undoes it", async () => {
    const { say, lines } = bot();
    const taught = await say(teacher("C1"), `teach ${ASKED} => Millbrook food bank`);
    expect(taught.layout.visibility).toBe("private");
    expect(taught.text).toMatch(/Taught/);
    expect(taught.text).toContain("Most of the harvest goes to the Millbrook food bank");
    expect(taught.text).toMatch(/Source: .*Riverside/i);
    const id = /forget ([0-9a-f]{10})/.exec(taught.text)?.[1] as string;
    expect(id).toBeTruthy();
    // Logged with the teacher's keyed hash, never the id.
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "teacher taught a link", teacher: "hash(slack:UTEACHER)", link: id }),
    );

    const here = await say(student("C1", "U7"), "who gets the veg?");
    expect(here.layout.kind).toBe("answer");
    expect(here.text).toContain("food bank");
    const elsewhere = await say(student("C2", "U7"), "who gets the veg?");
    expect(elsewhere.layout.kind).not.toBe("answer");

    // Forgetting in another class finds nothing; in its own class it undoes the link.
    expect((await say(teacher("C2"), `forget ${id}`)).text).toMatch(/Nothing was forgotten. No learned link/);
    const forgot = await say(teacher("C1"), `forget ${id}`);
    expect(forgot.text).toMatch(/Forgotten/);
    expect(forgot.text).toContain(`"${ASKED}" no longer leads to "Most of the harvest`);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: "teacher forgot a link", teacher: "hash(slack:UTEACHER)", link: id }),
    );
    expect((await say(student("C1", "U7"), "who gets the veg?")).layout.kind).not.toBe("answer");
  });

  it("says which passages when a quote is in none or in several", async () => {
    const { say } = bot();
    const none = await say(teacher("C1"), `teach ${ASKED} => free ice cream`);
    expect(none.text).toMatch(
      /Nothing was taught. "free ice cream" is in no passage of this class's documents/,
    );
    const several = await say(teacher("C1"), "teach xyzzy plugh => the");
    expect(several.text).toMatch(/is in \d+ passages: riverside-garden#[\d.]+ "/);
    expect(several.text).toMatch(/quote more of the one you mean/);
    // Several, settled by the question's own ranking: taught, and the others named.
    const settled = await say(teacher("C1"), "teach how many hives do the beekeepers keep => the");
    expect(settled.text).toMatch(/Taught/);
    expect(settled.text).toContain("12 hives");
    expect(settled.text).toMatch(/The quote is also in[\s\S]*riverside-garden#/);
  });

  it("acts over the class's own documents: a quote from another class's is in no passage here", async () => {
    const { say } = bot();
    expect((await say(teacher("CART"), `teach ${ASKED} => food bank`)).text).toMatch(
      /Nothing was taught. "food bank" is in no passage of this class's documents/,
    );
    expect((await say(teacher("CART"), "teach how many were trained => 30 million")).text).toMatch(/Taught/);
  });

  it("without the => or an id, says how; with learning off, says so and why", async () => {
    const { say } = bot();
    expect((await say(teacher("C1"), "teach")).text).toMatch(/teach QUESTION => QUOTE/);
    expect((await say(teacher("C1"), "forget")).text).toMatch(/forget ID.*report/);
    const off = new Learning({
      backend: null,
      userHash: (p, u) => `${p}:${u}`,
      logger: pino({ level: "silent" }),
      offReason: "QUESTION_LOG_DAYS=0 turns it off",
    });
    const { say: sayOff } = bot(off);
    expect((await sayOff(teacher("C1"), `teach ${ASKED} => food bank`)).text).toMatch(
      /Nothing was taught. Learning is off: QUESTION_LOG_DAYS=0 turns it off/,
    );
  });

  it("the terminal's operator teaches the terminal's class", async () => {
    const { app } = bot();
    const chat = quietChat(app);
    expect(await chat.say(`teach ${ASKED} => food bank`)).toMatch(/Taught/);
    expect(await chat.say(`${ASKED}?`)).toContain("food bank");
  });

  it("Discord registers /campaign-teach and /campaign-forget for Manage Server, with their options", () => {
    const { app } = bot();
    const registered = discordCommands("campaign", app.commands) as Array<{
      name: string;
      options?: Array<{ name: string; required?: boolean }>;
    }>;
    const teachCommand = registered.find((c) => c.name === "campaign-teach");
    expect(teachCommand).toMatchObject({ default_member_permissions: String(1 << 5), dm_permission: false });
    expect(teachCommand?.options?.map((o) => [o.name, o.required])).toEqual([
      ["question", true],
      ["passage", true],
    ]);
    expect(registered.find((c) => c.name === "campaign-forget")?.options?.map((o) => o.name)).toEqual(["id"]);
  });
});

describe("Discord's /campaign-teach", () => {
  it("teaches from its question and passage options, privately, in the interaction's channel", async () => {
    const { app, learning } = bot();
    const fake = await startFakeDiscord();
    const discord = new DiscordAdapter({
      config: testDiscordConfig(fake.apiUrl),
      app,
      logger: silentLogger,
      readyTimeoutMs: 10_000,
    });
    try {
      await discord.start();
      const payload = interaction(2, {
        id: "903",
        name: "campaign-teach",
        type: 1,
        options: [
          { name: "question", type: 3, value: ASKED },
          { name: "passage", type: 3, value: "Millbrook food bank" },
        ],
      });
      payload.member.permissions = String(1 << 5);
      fake.dispatch("INTERACTION_CREATE", payload);
      const call = await fake.waitFor(
        () => fake.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
        "the teach reply",
      );
      const data = (call.body as { data: { flags: number } }).data;
      expect(data.flags & 64).toBe(64);
      expect(JSON.stringify(data)).toContain("Taught");
      expect(learning.links("300000000000000001").map((l) => l.question)).toEqual([ASKED]);
    } finally {
      await discord.stop();
      await fake.close();
    }
  });
});
