import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Two projects, both run by `npm test`: "fast" holds every test that runs in this process (the
 * adapters on loopback fakes included), "processes" the tests that start the bot as its own
 * process (`npm start`, the CLI, kill -9, several replicas). Those wait on process start-up, which
 * a busy machine can slow several-fold, so they get longer time-outs and fewer at a time.
 * `npx vitest run --project fast` is the quick loop.
 */

// Files that start the bot as a process (spawnBot, spawnSync, the fault harness's slackBot), found
// by what they call, so a new such file lands in the right project without being listed here.
const STARTS_A_PROCESS = /\b(spawnBot|spawnSync|spawn|slackBot)\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
}

export const PROCESS_TESTS = testFiles("test").filter((f) => STARTS_A_PROCESS.test(readFileSync(f, "utf8")));

export default defineConfig({
  test: {
    // Adapters bind loopback ports; files run in parallel workers, each on its own port 0.
    pool: "forks",
    // One empty PGlite data folder for every store a test opens, and the bot's bundle built once.
    globalSetup: ["test/helpers/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          // Each file in its own module graph. Sharing one per worker (isolate: false) saved the
          // sources', English data's and corpus's loading per file and passed here in shuffled
          // order, but in clean-clone CI runs the contract tests failed after other files in the
          // same worker (an earlier test's reply or click read as this one's; they pass alone).
          isolate: true,
          // Vitest's default is one worker fewer than the cores: one on this 2-core machine, which
          // left a core idle while the store and browser tests waited on their own threads.
          maxWorkers: 2,
          include: ["test/**/*.test.ts"],
          exclude: PROCESS_TESTS,
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "processes",
          include: PROCESS_TESTS,
          // Above the tests' own bound on a start (PROCESS_START_MS in test/helpers/spawn-bot.ts).
          testTimeout: 300_000,
          hookTimeout: 150_000,
          // Each file starts bots of its own: two at a time keep a 2-core machine answering.
          maxWorkers: 2,
          // After the fast project: vitest requires its own group when its workers differ (and
          // with CI=true the fast project's default differs from 2).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
