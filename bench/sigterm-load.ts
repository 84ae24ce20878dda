import { request } from "node:http";
import type { RequestCounts } from "../src/adapters/slack/http-receiver";
import { startFakeSlack } from "../test/helpers/fake-slack";
import { FORM, SIGNING_SECRET, signedHeaders, slashCommandBody } from "../test/helpers/slack-requests";
import { spawnBot } from "../test/helpers/spawn-bot";

/**
 * `npm run bench:sigterm`: the real bot (as npm start runs it) under a steady stream of signed
 * slash commands, a new connection each, 20 at a time, gets SIGTERM mid-stream. The client counts
 * answers (200 with the answer), refusals (connection refused once the port is closed, or 503
 * while stopping) and resets. A reset is a request the bot accepted and dropped, or a connection
 * still waiting in the kernel's listen queue when the port closed, which the bot never accepted;
 * the number of connections the bot accepted ("requests" in its "slack http server closed" log
 * line) against the responses the client got tells them apart.
 */

const CONCURRENCY = 20;
const ANSWER = "30 million women";
const fake = await startFakeSlack();
const bot = spawnBot({
  SLACK_BOT_TOKEN: "xoxb-bench",
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
  PORT: "0",
  LOG_LEVEL: "info",
  RATE_LIMIT_MAX: "1000",
});
const port = Number(
  await fake.waitFor(() => /"port":(\d+)[^\n]*slack listening/.exec(bot.stderr())?.[1], "listen", 15_000),
);

type Outcome = "answered" | "refused" | "stopping" | "reset" | "wrong";
const outcomes: Record<Outcome, number> = { answered: 0, refused: 0, stopping: 0, reset: 0, wrong: 0 };
let user = 0;

function one(): Promise<Outcome> {
  const body = slashCommandBody("how many trained", "http://127.0.0.1:9/respond", `U${++user}`);
  return new Promise((resolve) => {
    const options = { host: "127.0.0.1", port, path: "/slack/events", method: "POST", agent: false };
    const req = request({ ...options, headers: signedHeaders(body, FORM) }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += String(c);
      });
      res.on("end", () => {
        if (res.statusCode === 200 && text.includes(ANSWER)) resolve("answered");
        else resolve(res.statusCode === 503 ? "stopping" : "wrong");
      });
      res.on("error", () => resolve("reset"));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED" ? "refused" : "reset"));
    req.end(body);
  });
}

let running = true;
const workers = Array.from({ length: CONCURRENCY }, async () => {
  while (running) {
    const o = await one();
    outcomes[o]++;
    if (o === "refused") running = false;
  }
});
await fake.waitFor(() => (outcomes.answered >= 2000 ? true : undefined), "load", 60_000);
const started = performance.now();
bot.child.kill("SIGTERM");
const exitCode = await bot.exited;
const exitMs = Math.round(performance.now() - started);
running = false;
await Promise.all(workers);
await fake.close();

const closed = /"requests":(\{[^}]*\})[^\n]*slack http server closed/.exec(bot.stderr())?.[1];
const server = closed ? (JSON.parse(closed) as RequestCounts) : null;
console.log(`SIGTERM during load (${CONCURRENCY} connections): exit ${exitCode} after ${exitMs} ms`);
console.log(`client: ${JSON.stringify(outcomes)}`);
if (server) {
  // One request per connection: every connection the bot accepted should have brought the client
  // a response (an answer, or a 503 while stopping). Resets beyond those connections were still in
  // the kernel's listen queue when the port closed; the bot never accepted them.
  const responses = outcomes.answered + outcomes.stopping + outcomes.wrong;
  const lost = server.connections - responses;
  console.log(
    `bot accepted ${server.connections} connections; the client got a response on ${responses} ` +
      `(${((100 * responses) / server.connections).toFixed(2)}%); ${lost} accepted connection(s) ` +
      `ended in a reset, ${outcomes.reset - lost} reset(s) never accepted; bot's counts ${JSON.stringify(server)}`,
  );
}
if (!server) console.log("bot did not log its request counts");
