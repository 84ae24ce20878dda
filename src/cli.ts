import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { renderText } from "./adapters/console/render";
import { classKeyOf } from "./app/class-key";
import { Learning } from "./app/learning";
import { answerJson, batchSession } from "./batch";
import { loadConfig } from "./config";
import { type AnswerOptions, answerQuestion } from "./core/answer";
import type { CorpusIndex } from "./core/corpus-index";
import { isUserFacingStartupError, loadDotEnv, startCore } from "./startup";
import { memoryLearningBackend } from "./store/learning-backend";
import { hashUser } from "./store/user-hash";

/**
 * `npm run ask -- "question"` prints a readable answer; `--json` prints one JSON object per line on
 * stdout for the question given, or for each line of stdin when none is (logs go to stderr).
 */

const USAGE = `Usage:
  npm run ask -- "how many women were trained?"     print a readable answer
  npm run --silent ask -- --json < questions.txt    one JSON answer per input line
  npm run --silent ask -- --json "how many?"        one JSON answer for that question
  npm run --silent ask -- --json --state DIR        a class: questions, marks and teach as JSON lines
Options:
  --data DIR   answer from the documents in DIR (default: DATA_DIR or ./data)
  --state DIR  keep what the class taught in DIR (as STATE_DIR); without it nothing persists
  --json       write JSON lines; questions from the arguments, or else standard input
  --help       this text`;

export function toJsonLine(index: CorpusIndex, question: string, options: AnswerOptions = {}): string {
  return JSON.stringify(answerJson(answerQuestion(index, question, options)));
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  if (args.values.data) config.DATA_DIR = args.values.data;
  const state = args.values.state;
  if (state) config.STATE_DIR = state;
  const started = await startCore(config, true, { storage: Boolean(state) });
  const { context } = started;
  // CONFIDENCE_ANSWER and CONFIDENCE_CLOSEST hold for every form (#20.8).
  const answerOptions: AnswerOptions = context.thresholds ? { thresholds: context.thresholds } : {};

  // `--json "question"` answers that question; only `--json` alone reads questions from stdin.
  if (args.values.json && args.positionals.length > 0) {
    process.stdout.write(`${toJsonLine(context.index, args.positionals.join(" "), answerOptions)}\n`);
    return 0;
  }
  if (args.values.json) {
    // Without --state a batch still learns, in memory only, for as long as it runs.
    const secret = randomBytes(32).toString("hex");
    const learning = started.storage
      ? started.learning
      : new Learning({
          backend: memoryLearningBackend(),
          userHash: (platform, id) => hashUser(secret, platform, id),
          logger: started.logger,
        });
    // A state folder with no database yet holds nothing learned: answer at once while it opens
    // (marks and teach wait for it). Otherwise what it holds is read before the first answer.
    if (!state || existsSync(join(state, "pgdata")) || config.DATABASE_URL) await learning.ready;
    const session = batchSession({
      index: () => context.index,
      // The command line is the terminal's class: the terminal chat on the same STATE_DIR shares it.
      classKey: classKeyOf(undefined),
      learning,
      answerOptions,
    });
    const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) {
      if (line.trim()) process.stdout.write(`${await session.line(line)}\n`);
    }
    learning.close();
    await started.storage?.close();
    return 0;
  }
  const question = args.positionals.join(" ");
  if (!question.trim()) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const bold = process.stdout.isTTY ? (s: string) => `\u001b[1m${s}\u001b[22m` : undefined;
  process.stdout.write(
    `${renderText(await started.app.text({ user: "cli", platform: "cli" }, question), bold)}\n`,
  );
  return 0;
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      data: { type: "string" },
      state: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isUserFacingStartupError(error)) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
