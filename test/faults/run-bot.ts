import { appendFileSync } from "node:fs";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack";
import { SIGNING_SECRET, signedHeaders } from "../helpers/slack-requests";
import { PROCESS_START_MS, spawnBot } from "../helpers/spawn-bot";

/**
 * The fault tests' harness: the real `npm start` process against the fake Slack (and Discord),
 * with faults injected in the fakes. Nothing here reads the developer's .env (see spawn-bot.ts).
 */

export type Bot = ReturnType<typeof spawnBot>;

export async function slackBot(fake: FakeSlack, env: Record<string, string> = {}) {
  const bot = spawnBot({
    SLACK_BOT_TOKEN: "xoxb-fault-test",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: "0",
    LOG_LEVEL: "info",
    ...env,
  });
  const port = await fake.waitFor(
    () => /"port":(\d+)[^\n]*slack listening/.exec(bot.stderr())?.[1],
    "the bot to listen",
    PROCESS_START_MS,
  );
  const base = `http://127.0.0.1:${port}`;
  const post = async (
    body: string,
    type: string,
    headers: Record<string, string> = signedHeaders(body, type),
  ) => {
    const res = await fetch(`${base}/slack/events`, { method: "POST", headers, body });
    return { status: res.status, text: await res.text() };
  };
  return { ...bot, port: Number(port), base, post };
}

/**
 * Sends SIGTERM and resolves with the exit code and how long the process took to exit. The time is
 * not asserted (shared machines are noisy); with FAULT_TIMINGS=<file> it is appended there, for the
 * figures in the report.
 */
export async function terminate(bot: Bot, label: string): Promise<number | null> {
  const started = performance.now();
  bot.child.kill("SIGTERM");
  const code = await bot.exited;
  const ms = Math.round(performance.now() - started);
  const file = process.env.FAULT_TIMINGS;
  if (file) appendFileSync(file, `${label}\t${ms} ms\texit ${code}\n`);
  return code;
}

/** Log lines (JSON) the bot wrote to stderr, parsed. */
export function logLines(bot: Bot): Array<Record<string, unknown>> {
  return bot
    .stderr()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export { startFakeSlack };
