import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { FORM, signedHeaders, slashCommandBody } from "../test/helpers/slack-requests";

/**
 * `npm run bench:slack`: signed slash commands per second through the HTTP endpoint on loopback,
 * with p50/p99 latency, for the bot and for a bare Bolt app that only acknowledges, run alternately
 * in the same session. The ratio is what answering costs on top of Bolt itself. With
 * BENCH_QUESTION_LOG=embedded or =postgres the bot with its question log on runs alternately too,
 * and its throughput is compared with the bot's (log off).
 */

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const servers = spawn(process.execPath, ["--import", "tsx", "bench/slack-servers.ts"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const lines = createInterface({ input: servers.stdout });
const ports = await new Promise<{ bot: number; bare: number; logged: number | null }>((resolve) => {
  lines.once("line", (line) => resolve(JSON.parse(line)));
});

let user = 0;
let loggedAnswers = 0;
async function load(port: number, expected: string | null) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    // The bot must really answer (not, say, apologise for an error, which would be faster).
    ...(expected ? { verifyBody: (body?: string | Buffer) => String(body ?? "").includes(expected) } : {}),
    connections: 10,
    duration: DURATION_S,
    requests: [
      {
        method: "POST",
        // A fresh signature and a different user each time, as real traffic would have (and so the
        // per-user rate limit does not turn answers into cheaper notices).
        setupRequest: (req) => {
          const body = slashCommandBody("how many trained", "http://127.0.0.1:9/respond", `U${++user}`);
          return { ...req, body, headers: signedHeaders(body, FORM) };
        },
      },
    ],
  });
  if (port === ports.logged) loggedAnswers += result["2xx"];
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.mismatches,
  };
}

type Stats = Awaited<ReturnType<typeof load>>;
const runs: Record<"bot" | "bare" | "logged", Stats[]> = { bot: [], bare: [], logged: [] };
const ANSWER = "30 million women";
await load(ports.bare, null); // warm-up all
await load(ports.bot, ANSWER);
if (ports.logged) await load(ports.logged, ANSWER);
for (let round = 0; round < ROUNDS; round++) {
  runs.bare.push(await load(ports.bare, null));
  runs.bot.push(await load(ports.bot, ANSWER));
  if (ports.logged) runs.logged.push(await load(ports.logged, ANSWER));
}
const logged = ports.logged
  ? new Promise<number>((resolve) => lines.once("line", (line) => resolve(JSON.parse(line).logged)))
  : Promise.resolve(0);
servers.kill("SIGTERM");
const loggedRows = await logged;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const summary = (name: "bot" | "bare" | "logged") => ({
  rps: median(runs[name].map((r) => r.rps)),
  p50: median(runs[name].map((r) => r.p50)),
  p99: median(runs[name].map((r) => r.p99)),
  errors: runs[name].reduce((n, r) => n + r.errors, 0),
});
const bot = summary("bot");
const bare = summary("bare");
console.log(
  `Signed slash commands on loopback, 10 connections, ${ROUNDS} rounds of ${DURATION_S} s (median):`,
);
console.log("| server | requests/s | p50 ms | p99 ms | errors or wrong answers |");
console.log("|---|---|---|---|---|");
console.log(
  `| bare Bolt app (ack only) | ${bare.rps.toFixed(0)} | ${bare.p50} | ${bare.p99} | ${bare.errors} |`,
);
console.log(`| campaign bot (answers) | ${bot.rps.toFixed(0)} | ${bot.p50} | ${bot.p99} | ${bot.errors} |`);
console.log(
  `| bot / bare | ${(bot.rps / bare.rps).toFixed(2)}x throughput | | ${(bot.p99 / Math.max(1, bare.p99)).toFixed(2)}x p99 | |`,
);
if (ports.logged) {
  console.log(`Question log: ${loggedRows} rows written for ${loggedAnswers} answers.`);
  const logged = summary("logged");
  console.log(
    `| bot + question log (${process.env.BENCH_QUESTION_LOG}) | ${logged.rps.toFixed(0)} | ${logged.p50} | ${logged.p99} | ${logged.errors} |`,
  );
  console.log(
    `| log on / log off | ${(logged.rps / bot.rps).toFixed(2)}x throughput | | ${(logged.p99 / Math.max(1, bot.p99)).toFixed(2)}x p99 | |`,
  );
}
