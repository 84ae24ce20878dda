import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCommand } from "../src/dispatch";
import { memoryBackend } from "../src/store/memory-backend";
import { openStore } from "../src/store/open";
import { startStorage } from "../src/store/storage";
import { bundledContext, silentLogger } from "./helpers/corpus";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { FORM, SIGNING_SECRET, signedHeaders, slashCommandBody } from "./helpers/slack-requests";
import { spawnBot } from "./helpers/spawn-bot";

/**
 * A bot killed with SIGKILL in the middle of a burst has logged every question it answered: the
 * row is committed before the answer leaves. Answers carry their log id in the 👍 / 👎 buttons.
 */

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake?.close();
});

describe("SIGKILL in the middle of a burst", () => {
  it("loses no logged question whose answer was already sent", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "sigkill-state-"));
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
      30_000,
    );
    await vi.waitFor(
      async () => {
        const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
          store?: { state: string };
        };
        expect(health.store?.state).toBe("ready");
      },
      { timeout: 60_000, interval: 100 },
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
          const id = /feedback:good:([0-9a-f-]{36})/.exec(text)?.[1];
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

    const store = await openStore({ stateDir });
    try {
      const rows = await store.db.selectFrom("questions").select("id").execute();
      const logged = new Set(rows.map((r) => r.id));
      expect(answered.length).toBeGreaterThanOrEqual(200);
      expect(answered.filter((id) => !logged.has(id))).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe("an answer waits for its row", () => {
  it("is not handed to the adapter until the question is committed", async () => {
    const backend = memoryBackend();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const insert = backend.insertQuestions.bind(backend);
    backend.insertQuestions = async (rows) => {
      await gate;
      await insert(rows);
    };
    const storage = startStorage({
      stateDir: "unused",
      logDays: 30,
      secret: "sigkill-unit-test-secret",
      logger: silentLogger,
      open: async () => ({ backend, close: async () => {} }),
    });
    await storage.backend();
    const context = { ...(await bundledContext()), questionLog: storage.questionLog, storage };
    let answered = false;
    const reply = runCommand(
      "ask",
      { text: "how many trained", user: { id: "U1" }, platform: "slack" },
      context,
    ).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    expect(backend.questions.size).toBe(0);
    release();
    const { questionId } = await reply;
    expect(backend.questions.has(questionId as string)).toBe(true);
  });
});
