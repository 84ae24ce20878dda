import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { freshSchemaUrl, requirePostgresUrl, runPostgres } from "./helpers/postgres";
import {
  clickBody,
  eventBody,
  FORM,
  JSON_TYPE,
  SIGNING_SECRET,
  signedHeaders,
  slashCommandBody,
} from "./helpers/slack-requests";
import { PROCESS_START_MS, spawnBot } from "./helpers/spawn-bot";

/**
 * Two real bot processes in HTTP mode, as behind a load balancer, on one PostgreSQL server and the
 * fake Slack: a user is rate-limited whichever process they reach, a retried event is answered
 * once, and a 👎 clicked on one process shows up in the report asked of the other.
 */

describe.runIf(runPostgres)("two bot processes on one PostgreSQL server", () => {
  let schema: Awaited<ReturnType<typeof freshSchemaUrl>>;
  let fake: FakeSlack;
  let bots: Array<ReturnType<typeof spawnBot>> = [];
  let ports: string[] = [];

  beforeAll(async () => {
    requirePostgresUrl();
    schema = await freshSchemaUrl();
    fake = await startFakeSlack();
    const env = {
      SLACK_BOT_TOKEN: "xoxb-multi-process",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      LOG_LEVEL: "info",
      DATABASE_URL: schema.url,
      QUESTION_LOG_DAYS: "30",
      QUESTION_LOG_SECRET: "multi-process-test-secret",
      ADMIN_USER_IDS: "UTEACHER",
      RATE_LIMIT_MAX: "5",
      RATE_LIMIT_WINDOW_SECONDS: "600",
    };
    bots = [spawnBot(env), spawnBot(env)];
    ports = await Promise.all(
      bots.map((bot) =>
        fake.waitFor(
          () => /"port":(\d+)[^\n]*slack listening/.exec(bot.stderr())?.[1],
          "a bot to listen",
          PROCESS_START_MS,
        ),
      ),
    );
    for (const port of ports) {
      await vi.waitFor(
        async () => {
          const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
            store?: { state: string; kind: string };
          };
          expect(health.store).toMatchObject({ state: "ready", kind: "postgres" });
        },
        { timeout: 30_000, interval: 100 },
      );
    }
  }, 2 * PROCESS_START_MS);

  afterAll(async () => {
    for (const bot of bots) bot.child.kill("SIGTERM");
    await Promise.all(bots.map((b) => b.exited));
    await fake?.close();
    await schema?.drop();
  });

  const post = (port: string | undefined, body: string, type: string, extra: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      headers: { ...signedHeaders(body, type), ...extra },
      body,
    });
  const command = async (port: string | undefined, text: string, user: string) =>
    (await (await post(port, slashCommandBody(text, `${fake.url}/respond/${user}`, user), FORM)).json()) as {
      text: string;
      blocks: Array<{ elements?: Array<{ value?: string; action_id?: string }> }>;
    };

  it("limits a user's sixth question within the window, whichever process receives it", async () => {
    for (let i = 0; i < 5; i++) {
      const reply = await command(ports[i % 2], "how many trained", "ULIMIT");
      expect(reply.text).not.toMatch(/asking faster/);
    }
    expect((await command(ports[0], "how many trained", "ULIMIT")).text).toMatch(/asking faster/);
    expect((await command(ports[1], "how many trained", "ULIMIT")).text).toMatch(/asking faster/);
    // Another user is not affected.
    expect((await command(ports[1], "how many trained", "UOTHER")).text).not.toMatch(/asking faster/);
  });

  it("answers an event retried to the other process once", async () => {
    const event = {
      type: "app_mention",
      user: "U8",
      text: "<@UBOT> how many trained",
      ts: "1700000300.1",
      channel: "CRETRY",
    };
    const body = eventBody(event, "Ev-retried-1");
    expect((await post(ports[0], body, JSON_TYPE)).status).toBe(200);
    const retry = { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" };
    expect((await post(ports[1], body, JSON_TYPE, retry)).status).toBe(200);
    const answers = () =>
      fake.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === "CRETRY");
    await fake.waitFor(() => (answers().length > 0 ? true : undefined), "the answer", 10_000);
    // One process took the event; the other logged it as a duplicate and sent nothing.
    await fake.waitFor(
      () =>
        bots.some((b) => /"key":"event:Ev-retried-1"[^\n]*duplicate Slack request ignored/.test(b.stderr()))
          ? true
          : undefined,
      "the duplicate to be ignored",
      10_000,
    );
    expect(answers()).toHaveLength(1);
  });

  it("shows a 👎 clicked on one process in the report asked of the other", async () => {
    const asked = await command(ports[0], "how many ministries", "UASK");
    const button = asked.blocks.at(-1)?.elements?.[1];
    const bad = String(button?.value);
    expect(bad).toMatch(/^bad:/);
    // A person clicks seconds later; by then the asking process has written the question.
    const client = new pg.Client({ connectionString: schema.url });
    await client.connect();
    await vi.waitFor(
      async () =>
        expect(
          (await client.query("select 1 from questions where question = 'how many ministries'")).rowCount,
        ).toBe(1),
      { timeout: 10_000, interval: 50 },
    );
    await client.end();
    const clicked = await post(
      ports[1],
      clickBody(String(button?.action_id), bad, "UVOTER", `${fake.url}/respond/vote`),
      FORM,
    );
    expect(clicked.status).toBe(200);
    const ack = await fake.waitFor(
      () => fake.responses.find((r) => r.path === "/respond/vote"),
      "the thanks",
      10_000,
    );
    expect(ack.body.text).toMatch(/marked the answer as bad/);
    const report = await command(ports[0], "report", "UTEACHER");
    expect(JSON.stringify(report.blocks)).toMatch(/👎 1 👍 0/);
  });

  it("answers on one process with a passage two students marked on the other, within 5 s", async () => {
    const MARKED = "5.86 million";
    // Clicks "This answered it" under the passage holding MARKED, on process 0.
    const mark = async (user: string) => {
      const reply = await command(ports[0], "how do they help poor women", user);
      const blocks = reply.blocks as Array<{
        text?: { text?: string };
        elements?: Array<{ value?: string; action_id?: string }>;
      }>;
      const at = blocks.findIndex((b) => b.text?.text?.includes(MARKED));
      const button = blocks[at + 1]?.elements?.[0];
      expect(button?.action_id).toMatch(/^answered:/);
      const path = `/respond/mark-${user}`;
      await post(
        ports[0],
        clickBody(String(button?.action_id), String(button?.value), user, `${fake.url}${path}`),
        FORM,
      );
      const ack = await fake.waitFor(() => fake.responses.find((r) => r.path === path), "the thanks", 10_000);
      return String(ack.body.text);
    };
    const confident = async (user: string) => {
      const reply = await command(ports[1], "how are poor women helped", user);
      return !/not sure/.test(reply.text) && reply.text.includes(MARKED);
    };
    expect(await confident("UPROBE0")).toBe(false);
    expect(await mark("UMARK1")).toMatch(/noted that this answered/);
    expect(await mark("UMARK2")).toMatch(/confirmed now/);
    let n = 0;
    await vi.waitFor(async () => expect(await confident(`UPROBE${++n}`)).toBe(true), {
      timeout: 5_000,
      interval: 250,
    });
  });
});
