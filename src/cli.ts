import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { renderText } from "./adapters/console/render";
import { loadConfig } from "./config";
import { answerQuestion } from "./core/answer";
import type { CorpusIndex } from "./core/corpus-index";
import { dispatchText } from "./dispatch";
import { isUserFacingStartupError, loadDotEnv, startCore } from "./startup";

/**
 * `npm run ask -- "question"` prints a readable answer; `--json` reads questions from stdin, one per
 * line, and prints one JSON object per line on stdout (logs go to stderr).
 */

const USAGE = `Usage:
  npm run ask -- "how many women were trained?"     print a readable answer
  npm run --silent ask -- --json < questions.txt    one JSON answer per input line
Options:
  --data DIR   answer from the documents in DIR (default: DATA_DIR or ./data)
  --json       read questions from standard input, write JSON lines
  --help       this text`;

export function toJsonLine(index: CorpusIndex, question: string): string {
  const a = answerQuestion(index, question);
  return JSON.stringify({
    question,
    answered: a.status === "answered",
    answer: a.answer
      ? {
          text: a.answer.text,
          factId: a.answer.factId,
          source: {
            title: a.answer.source.title,
            source: a.answer.source.source,
            published: a.answer.source.published,
          },
        }
      : null,
    confidence: a.confidence,
    related: a.related.map((r) => ({ text: r.text, factId: r.factId })),
  });
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
  const { context } = await startCore(config, true);

  if (args.values.json) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) {
      if (line.trim()) process.stdout.write(`${toJsonLine(context.index, line)}\n`);
    }
    return 0;
  }
  const question = args.positionals.join(" ");
  if (!question.trim()) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const bold = process.stdout.isTTY ? (s: string) => `\u001b[1m${s}\u001b[22m` : undefined;
  process.stdout.write(
    `${renderText(await dispatchText(question, { user: { id: "cli" }, platform: "cli" }, context), bold)}\n`,
  );
  return 0;
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { json: { type: "boolean" }, data: { type: "string" }, help: { type: "boolean", short: "h" } },
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
