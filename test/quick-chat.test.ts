import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BOT_CWD, botArgs, botEnv } from "./helpers/spawn-bot";

/**
 * Issue 19.5: questions piped into a fresh `npm start` are answered before the store has opened,
 * and the stop comes soon after. Every one of them must be in `npm run report` right after, one
 * with a NUL byte included, whether the stop had time to write them (they are in the database) or
 * not (they are in the journal), and a stop that gives up on the store still exits 0: what it did
 * not write is safe in the journal.
 */

const QUESTIONS = "how many trained\nhow many\0 trained\nwhen did it start\nwho wrote hamlet\n";

function run(entry: string, env: NodeJS.ProcessEnv, input = "") {
  return spawnSync(process.execPath, botArgs(entry), {
    input,
    cwd: BOT_CWD,
    encoding: "utf8",
    env,
    timeout: 120_000,
  });
}

describe("a quick chat in a fresh STATE_DIR", () => {
  for (const [label, timeout] of [
    ["with time to write them", "30"],
    ["with a stop deadline shorter than the store takes to open", "1"],
  ] as const) {
    it(`has every question in the report right after the stop, ${label}`, () => {
      const env = botEnv({ QUESTION_LOG_DAYS: "30", LOG_LEVEL: "warn", SHUTDOWN_TIMEOUT_SECONDS: timeout });
      const chat = run("src/main.ts", env, QUESTIONS);
      expect(chat.stderr).not.toMatch(/deadline passed/);
      expect(chat.status).toBe(0);
      const report = run("scripts/report.ts", env);
      expect(report.stderr).toBe("");
      expect(report.stdout).toMatch(/^Questions from \S+ to \S+: 4$/m);
      expect(report.stdout).toMatch(/answer +2 +50%/);
      expect(report.stdout).toMatch(/who wrote hamlet \[I don't know\]/);
    }, 240_000);
  }
});
