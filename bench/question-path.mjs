/**
 * `node --import tsx bench/question-path.mjs [ROOT]`: which files one Slack slash command runs code
 * in, from the bot's own V8 coverage taken just before and just after the question (a warmed-up
 * bot, the question log on). ROOT is a checkout of the project (default: this one), so two versions
 * can be compared. The README's Architecture section quotes its result.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = process.argv[2] ?? fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const hook = fileURLToPath(new URL("coverage-hook.mjs", import.meta.url));
const { startFakeSlack } = await import(`${root}/test/helpers/fake-slack.ts`);
const { signedHeaders, slashCommandBody, FORM, SIGNING_SECRET } = await import(
  `${root}/test/helpers/slack-requests.ts`
);
const fake = await startFakeSlack();
const covDir = mkdtempSync(join(tmpdir(), "cov-"));
const child = spawn(
  process.execPath,
  ["--import", `${root}/node_modules/tsx/dist/loader.mjs`, "--import", hook, `${root}/src/main.ts`],
  {
    cwd: mkdtempSync(join(tmpdir(), "cwd-")),
    env: {
      PATH: process.env.PATH,
      NODE_V8_COVERAGE: covDir,
      SLACK_BOT_TOKEN: "xoxb-path",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      LOG_LEVEL: "info",
      DATA_DIR: `${root}/data`,
      STATE_DIR: mkdtempSync(join(tmpdir(), "st-")),
      QUESTION_LOG_DAYS: "30",
    },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
let err = "";
child.stderr.on("data", (c) => {
  err += c;
});
const wait = async (re) => {
  for (let i = 0; i < 2400; i++) {
    const m = re.exec(err);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${re}: ${err}`);
};
const port = (await wait(/"port":(\d+)[^\n]*slack listening/))[1];
const ask = async (q, user) => {
  const body = slashCommandBody(q, `${fake.url}/respond/x`, user);
  const r = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: signedHeaders(body, FORM),
    body,
  });
  return r.text();
};
// Warm: the store open and a few questions answered, so nothing runs for the first time below.
for (let i = 0; i < 600; i++) {
  const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
  if (health.store?.state === "ready") break;
  await new Promise((r) => setTimeout(r, 100));
}
for (let i = 0; i < 3; i++) await ask("how many trained", `UWARM${i}`);
const snap = async () => {
  const before = readdirSync(covDir).length;
  child.kill("SIGUSR2");
  while (readdirSync(covDir).length === before) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  return readdirSync(covDir)
    .sort((a, b) => a.localeCompare(b))
    .filter((f) => f.endsWith(".json"));
};
const files1 = await snap();
const answer = await ask("how many ministries", "UPATH");
const files2 = await snap();
child.kill("SIGTERM");
const newest = (list, not) => list.filter((f) => !not.includes(f));
const load = (f) => JSON.parse(readFileSync(join(covDir, f), "utf8")).result;
const counts = (result) => {
  const m = new Map();
  for (const s of result) {
    // src/, and commands/ where an older checkout keeps them.
    if (!s.url.includes(`${root}/src/`) && !s.url.includes(`${root}/commands/`)) continue;
    let n = 0;
    for (const fn of s.functions) n += fn.ranges[0].count;
    m.set(s.url.replace(`file://${root}/`, ""), n);
  }
  return m;
};
const pick = (list) => list.map((f) => load(f)).sort((x, y) => y.length - x.length)[0];
// takeCoverage resets the counters: the second snapshot holds what ran for the question alone.
const b = counts(pick(newest(files2, files1)));
const crossed = [...b]
  .filter(([, n]) => n > 0)
  .map(([f]) => f)
  .sort();
console.log(answer.slice(0, 80));
console.log(crossed.join("\n"));
const outside = crossed.filter((f) => !f.startsWith("src/core/") && !f.startsWith("src/store/"));
console.log(`${crossed.length} files ran; ${outside.length} outside src/core and src/store`);
await fake.close();
process.exit(0);
