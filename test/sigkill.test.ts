import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryBackend } from "../src/store/memory-backend";
import { openStore } from "../src/store/open";
import { startStorage } from "../src/store/storage";
import { appFor, bundledContext, silentLogger, tempStateDir } from "./helpers/corpus";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { FORM, SIGNING_SECRET, signedHeaders, slashCommandBody } from "./helpers/slack-requests";
import { PROCESS_START_MS, spawnBot } from "./helpers/spawn-bot";
import { seededStateDir, testStorage } from "./helpers/storage";

/**
 * A bot killed with SIGKILL in the middle of a burst has logged every question it answered: the
 * question is journaled in STATE_DIR before the answer leaves, and the next start writes what the
 * database did not get. Answers carry their log id in the 👍 / 👎 buttons.
 */

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake?.close();
});

describe("SIGKILL in the middle of a burst", () => {
  it(
    "loses no logged question whose answer was already sent",
    async () => {
      // Its database already made (initdb is not what this tests): the burst starts sooner.
      const stateDir = seededStateDir();
      const bot = spawnBot({
        SLACK_BOT_TOKEN: "xoxb-sigkill-test",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: "0",
        LOG_LEVEL: "info",
        STATE_DIR: stateDir,
        QUESTION_LOG_DAYS: "30",
        RATE_LIMIT_MAX: "1000",
      });
      const port = await fake.waitFor(
        () => /"port":(\d+)[^\n]*slack listening/.exec(bot.stderr())?.[1],
        "the bot to listen",
        PROCESS_START_MS,
      );
      await vi.waitFor(
        async () => {
          const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
            store?: { state: string };
          };
          expect(health.store?.state).toBe("ready");
        },
        { timeout: PROCESS_START_MS, interval: 100 },
      );

      const answered: string[] = [];
      let user = 0;
      let killed = false;
      const ask = async (): Promise<void> => {
        while (!killed) {
          const body = slashCommandBody("how many trained", `${fake.url}/respond/k`, `U${++user}`);
          try {
            const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
              method: "POST",
              headers: signedHeaders(body, FORM),
              body,
            });
            const text = await res.text();
            const id = /"value":"good:([0-9a-f-]{36})"/.exec(text)?.[1];
            if (id) answered.push(id);
          } catch {
            return; // the connection died with the process
          }
          if (answered.length >= 200 && !killed) {
            killed = true;
            bot.child.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, ask));
      await bot.exited;

      // The next start (its storage) writes what the killed process journaled.
      const restarted = startStorage({ stateDir, logDays: 30, logger: silentLogger });
      await restarted.backend();
      await restarted.close();
      const store = await openStore({ stateDir });
      try {
        const rows = await store.db.selectFrom("questions").select("id").execute();
        const logged = new Set(rows.map((r) => r.id));
        expect(answered.length).toBeGreaterThanOrEqual(200);
        expect(answered.filter((id) => !logged.has(id))).toEqual([]);
      } finally {
        await store.close();
      }
    },
    3 * PROCESS_START_MS,
  );
});

describe("an answer waits for its journal line, not the database", () => {
  it("is handed out while the write is stuck, and the next start writes it", async () => {
    const stateDir = tempStateDir();
    const stuck = memoryBackend();
    stuck.insertQuestions = () => new Promise<void>(() => {});
    const storage = testStorage(stuck, { stateDir });
    await storage.backend();
    const context = { ...(await bundledContext()), questionLog: storage.questionLog, storage };
    const { questionId } = await appFor(context).command(
      { user: "U1", platform: "slack" },
      "ask",
      "how many trained",
    );
    expect(questionId).toBeDefined();
    expect(stuck.questions.size).toBe(0);
    // As if killed: the slot is let go with the row still unwritten.
    storage.questionLog.close();

    const backend = memoryBackend();
    const next = testStorage(backend, { stateDir });
    await next.backend();
    await next.questionLog.flush();
    expect(backend.questions.get(questionId as string)).toMatchObject({ question: "how many trained" });
    await next.close();
  });
});
