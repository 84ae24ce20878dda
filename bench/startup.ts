import { spawn } from "node:child_process";

/**
 * Time from `npm start` to the first answer on the bundled corpus, as a person piping a question in
 * would see it: npm, Node, tsx, the English word data, indexing, answering.
 */
export function timeToFirstAnswer(command: string, args: string[], timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: { ...process.env, LOG_LEVEL: "silent", SLACK_BOT_TOKEN: "", DISCORD_TOKEN: "" },
      stdio: ["pipe", "pipe", "ignore"],
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (/million/.test(out)) {
        clearTimeout(timer);
        resolve(performance.now() - started);
        child.kill();
      }
    });
    child.on("error", reject);
    child.stdin.end("how many trained\n");
  });
}

export async function medianOf(runs: number, measure: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await measure());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
