import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, HTTPReceiver } from "@slack/bolt";
import pg from "pg";
import pino from "pino";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import { createApp as appFor } from "../src/app/pipeline";
import { loadCorpus } from "../src/core/load";
import { startStorage } from "../src/store/storage";
import { startFakeSlack } from "../test/helpers/fake-slack";
import { SIGNING_SECRET, testSlackConfig } from "../test/helpers/slack-requests";

/**
 * The two servers the Slack benchmark loads, in their own process so the load generator does not
 * share their event loop: the bot, and a bare Bolt app whose command handler only acknowledges.
 * With BENCH_QUESTION_LOG=embedded (a fresh STATE_DIR) or =postgres (BENCH_DATABASE_URL), also the
 * bot with its question log on (and, on PostgreSQL, the shared rate limit unless BENCH_SHARED=off).
 * Prints their ports as one JSON line, then runs until killed.
 */

const logger = pino({ level: "silent" });
const fake = await startFakeSlack();
const { index } = await loadCorpus("data");

const bot = new SlackAdapter({
  config: testSlackConfig(fake.apiUrl, { SLACK_BOT_TOKEN: "xoxb-bench" }),
  app: appFor({ index, logger, commandName: "campaign" }),
  logger,
  host: "127.0.0.1",
});
await bot.start();

const logMode = process.env.BENCH_QUESTION_LOG;
let logged: SlackAdapter | null = null;
if (logMode === "embedded" || logMode === "postgres") {
  const since = new Date();
  // On PostgreSQL, a schema of this run's own: earlier runs' rows neither slow nor inflate it.
  const schema = logMode === "postgres" ? await benchSchema(process.env.BENCH_DATABASE_URL) : null;
  const storage = startStorage({
    databaseUrl: schema?.url,
    stateDir: mkdtempSync(join(tmpdir(), "bench-state-")),
    logDays: 30,
    secret: "bench-question-log-secret",
    logger,
  });
  if (!(await storage.backend()))
    throw new Error(`the ${logMode} store did not open: ${storage.status().reason}`);
  logged = new SlackAdapter({
    config: testSlackConfig(fake.apiUrl, { SLACK_BOT_TOKEN: "xoxb-bench" }),
    app: appFor({
      index,
      logger,
      commandName: "campaign",
      questionLog: storage.questionLog,
      // BENCH_SHARED=off: the PostgreSQL question log alone, without the shared rate limit.
      storage: process.env.BENCH_SHARED === "off" ? { ...storage, shared: null } : storage,
    }),
    logger,
    host: "127.0.0.1",
  });
  await logged.start();
  // On SIGTERM: write what is queued and say how many questions the log holds, so the benchmark
  // can check that none were dropped.
  process.once("SIGTERM", async () => {
    await storage.questionLog.flush();
    const rows = (await (await storage.backend())?.reportRows(since))?.length ?? 0;
    await storage.close();
    await schema?.drop();
    process.stdout.write(`${JSON.stringify({ logged: rows })}\n`);
    process.exit(0);
  });
}

const bare = new App({
  token: "xoxb-bench",
  receiver: new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: "/slack/events",
    logger: undefined,
  }),
  clientOptions: { slackApiUrl: fake.apiUrl },
});
bare.command("/campaign", async ({ ack }) => {
  await ack();
});
const server = (await bare.start({ port: 0, host: "127.0.0.1" })) as { address(): AddressInfo };

process.stdout.write(
  `${JSON.stringify({ bot: bot.port, bare: server.address().port, logged: logged?.port ?? null })}\n`,
);

async function benchSchema(base: string | undefined) {
  if (!base) throw new Error("BENCH_QUESTION_LOG=postgres needs BENCH_DATABASE_URL");
  const name = `bench_${Date.now().toString(36)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create schema ${name}`);
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${name}`);
  return { url: url.toString(), drop: () => admin(`drop schema ${name} cascade`) };
}
