import { beforeAll, describe, expect, it } from "vitest";
import type { ReplyLayout } from "../src/app/layout";
import { Learning } from "../src/app/learning";
import { createApp, type Incoming } from "../src/app/pipeline";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { startStorage } from "../src/store/storage";
import { silentLogger, tempStateDir } from "./helpers/corpus";
import { freshSchemaUrl, runPostgres } from "./helpers/postgres";
import { TEST_SECRET } from "./helpers/storage";

/**
 * What students marked in the chat survives a restart, in the store the bot really opens: after
 * it, the next student gets the confident answer, and a click on a reply given before the restart
 * still marks its passage (found in the question log, by its id).
 */

const RAINWATER = "A rainwater system collects";
let index: CorpusIndex;
beforeAll(async () => {
  ({ index } = await loadCorpus("test/eval/corpora/community-garden"));
});

async function bot(store: { stateDir: string; databaseUrl?: string }) {
  const storage = startStorage({ ...store, logDays: 30, secret: TEST_SECRET, logger: silentLogger });
  const learning = new Learning({
    backend: storage.learning(),
    userHash: storage.userHash,
    logger: silentLogger,
  });
  await learning.ready;
  const app = createApp({
    index,
    logger: silentLogger,
    commandName: "campaign",
    questionLog: storage.questionLog,
    feedback: storage.feedback,
    storage,
    learning,
  });
  const from = (user: string): Incoming => ({ platform: "slack", user, channel: "CGARDEN" });
  const click = async (user: string, reply: ReplyLayout, quote: string) => {
    const passage = [reply.main, ...(reply.others?.passages ?? [])].find((p) => p?.text.includes(quote));
    const control = passage?.controls[0];
    if (!control) throw new Error(`no "This answered it" on "${quote}"`);
    return (await app.control(from(user), control.name, control.payload)).text;
  };
  return {
    ask: (user: string, q: string) => app.text(from(user), q),
    click,
    async stop() {
      learning.close();
      await storage.close();
    },
  };
}

async function survivesRestart(store: { stateDir: string; databaseUrl?: string }) {
  const first = await bot(store);
  let before: ReplyLayout;
  try {
    for (const [user, q] of [
      ["s1", "how do plants get water"],
      ["s2", "wat waters the plants"],
    ] as const)
      expect(await first.click(user, await first.ask(user, q), RAINWATER)).toMatch(/Thanks/);
    before = await first.ask("s4", "how much to rent a plot");
    expect(before.tier).toBe("closest");
  } finally {
    await first.stop();
  }
  const second = await bot(store);
  try {
    const answer = await second.ask("s3", "how do the plants get watered");
    expect(answer.tier).toBe("answer");
    expect(answer.main?.text).toContain(RAINWATER);
    // A reply given before the restart: its closest passage is still found (the question log).
    expect(await second.click("s4", before, before.main?.text ?? "")).toMatch(/Thanks/);
  } finally {
    await second.stop();
  }
}

// On PostgreSQL: the same SQL runs on PGlite, whose restart test/learning-store.test.ts already makes
// at the store's level (opening PGlite twice costs half a minute on a busy machine; the chat adds
// nothing PGlite-specific).
describe.runIf(runPostgres)("marks made in the chat survive a restart", () => {
  it("on PostgreSQL", async () => {
    const { url, drop } = await freshSchemaUrl();
    try {
      await survivesRestart({ stateDir: tempStateDir(), databaseUrl: url });
    } finally {
      await drop();
    }
  }, 60_000);
});
