import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classFolders } from "./helpers/corpus";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { FORM, SIGNING_SECRET, signedHeaders, slashCommandBody } from "./helpers/slack-requests";
import { PROCESS_START_MS, spawnBot } from "./helpers/spawn-bot";

/** Per-class documents through the real `npm start` process (the "processes" test project). */

const dir = classFolders();

describe("per-class documents in Slack, through npm start", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("answers a slash command from the channel's folder, and stops at start-up on a missing one", async () => {
    const token = ["xoxb", "2024000000", "classdocs"].join("-");
    const bot = spawnBot({
      SLACK_BOT_TOKEN: token,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      DATA_DIR: dir,
      CHANNEL_DOCUMENTS: "CHIST=history;CBIO=biology",
      CHANNEL_DOCUMENTS_STRICT: "true",
    });
    try {
      const port = await fake.waitFor(
        () => /"port":(\d+)[^\n]*slack listening/.exec(bot.stderr())?.[1],
        "the bot to listen",
        PROCESS_START_MS,
      );
      const command = async (channel: string) => {
        const body = slashCommandBody("how many trained", `${fake.url}/respond/${channel}`, "U1", channel);
        const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
          method: "POST",
          headers: signedHeaders(body, FORM),
          body,
        });
        return JSON.stringify(await res.json());
      };
      expect(await command("CHIST")).toMatch(/30 million/);
      expect(await command("CBIO")).not.toMatch(/30 million/);
      expect(await command("CELSE")).toMatch(/No documents are set up for this channel/);
    } finally {
      bot.child.kill("SIGTERM");
      await bot.exited;
    }
    const broken = spawnBot({ DATA_DIR: dir, CHANNEL_DOCUMENTS: "CBIO=chemistry" });
    expect(await broken.exited).toBe(1);
    expect(broken.stderr()).toMatch(/channel CBIO is mapped to "chemistry"/);
  });
});
