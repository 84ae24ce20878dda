import { type StdioOptions, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigSchema } from "../../src/config";

/**
 * Runs a TypeScript entry point (src/main.ts by default) as its own process, as npm start does.
 * It runs in an empty folder, so a developer's own .env is never read, and none of the bot's
 * variables leak in from the environment the tests were started in: only `env` configures it.
 * Its store goes to a fresh temporary STATE_DIR unless the test names one, never a server, and the
 * question log is off unless asked for: creating a database takes seconds a test need not wait.
 */

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const TSX = fileURLToPath(import.meta.resolve("tsx"));
const EMPTY_DIR = mkdtempSync(join(tmpdir(), "bot-cwd-"));

export function botEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(ConfigSchema.shape)) delete clean[key];
  return {
    ...clean,
    DATA_DIR: join(ROOT, "data"),
    STATE_DIR: mkdtempSync(join(tmpdir(), "bot-state-")),
    QUESTION_LOG_DAYS: "0",
    ...env,
  };
}

// What package.json runs through scripts/run.mjs (npm start, ask, report): the tests run them so too.
const PACKAGE_SCRIPTS = Object.values(
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>,
).join("\n");

/**
 * node's arguments to run `entry` (relative to the project) as package.json does: through
 * scripts/run.mjs where an npm script does (an esbuild bundle, built once for every test: start-up
 * about half of tsx's), otherwise with tsx.
 */
export function botArgs(entry: string, args: string[] = []): string[] {
  return PACKAGE_SCRIPTS.includes(`scripts/run.mjs ${entry}`)
    ? ["--max-semi-space-size=64", join(ROOT, "scripts", "run.mjs"), entry, ...args]
    : ["--import", TSX, join(ROOT, entry), ...args];
}

export const BOT_CWD = EMPTY_DIR;

/**
 * How long a test waits for a started bot (or a CLI run) to be up or done. Generous: start-up is
 * about 2 s on a quiet machine, but a 2-core machine shared by several test runs slowed it past
 * 30 s, and a test must not fail only because the machine is busy. Still a bound: a bot that
 * never starts fails the test.
 */
export const PROCESS_START_MS = 120_000;

export function spawnBot(
  env: Record<string, string>,
  entry = "src/main.ts",
  options: { args?: string[]; stdin?: "ignore" | "pipe" } = {},
) {
  const stdio: StdioOptions = [options.stdin ?? "ignore", "pipe", "pipe"];
  const fullEnv = botEnv(env);
  const child = spawn(process.execPath, botArgs(entry, options.args), {
    env: fullEnv,
    cwd: EMPTY_DIR,
    stdio,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c) => {
    stdout += String(c);
  });
  child.stderr?.on("data", (c) => {
    stderr += String(c);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr, stateDir: fullEnv.STATE_DIR as string };
}
