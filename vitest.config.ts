import { defineConfig } from "vitest/config";

/**
 * Two projects, both run by `npm test`: "fast" holds every test that runs in this process (the
 * adapters on loopback fakes included), "processes" the tests that start the bot as its own
 * process (`npm start`, the CLI, kill -9, several replicas). Those wait on process start-up, which
 * a busy machine can slow several-fold, so they get longer time-outs and fewer at a time.
 * `npx vitest run --project fast` is the quick loop.
 */

// Files that spawn the bot (spawnBot, spawnSync or the fault harness's slackBot).
export const PROCESS_TESTS = [
  "test/channel-documents-process.test.ts",
  "test/cli.test.ts",
  "test/container.test.ts",
  "test/discord-process.test.ts",
  "test/multi-process.test.ts",
  "test/report.test.ts",
  "test/sigkill.test.ts",
  "test/slack-process.test.ts",
  "test/faults/*.test.ts",
];

export default defineConfig({
  test: {
    // Adapters bind loopback ports; files run in parallel workers, each on its own port 0.
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
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
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Each file starts bots of its own: two at a time keep a 2-core machine answering.
          maxWorkers: 2,
        },
      },
    ],
  },
});
