import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs a TypeScript entry point (src/main.ts by default) as its own process, as npm start does.
 * Its store goes to a fresh temporary STATE_DIR unless the test names one; never a server. The
 * question log is off unless asked for: creating a database takes seconds a test need not wait.
 */
export function spawnBot(env: Record<string, string>, entry = "src/main.ts") {
  const stateDir = mkdtempSync(join(tmpdir(), "bot-state-"));
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { ...process.env, STATE_DIR: stateDir, DATABASE_URL: "", QUESTION_LOG_DAYS: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => {
    stdout += String(c);
  });
  child.stderr.on("data", (c) => {
    stderr += String(c);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr, stateDir: env.STATE_DIR ?? stateDir };
}
