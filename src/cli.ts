import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { renderText } from "./adapters/console/render";
import { loadConfig } from "./config";
import { type AnswerFact, type AnswerOptions, answerQuestion } from "./core/answer";
import type { CorpusIndex } from "./core/corpus-index";
import { isUserFacingStartupError, loadDotEnv, startCore } from "./startup";

/**
 * `npm run ask -- "question"` prints a readable answer; `--json` prints one JSON object per line on
 * stdout for the question given, or for each line of stdin when none is (logs go to stderr).
 */

const USAGE = `Usage:
  npm run ask -- "how many women were trained?"     print a readable answer
  npm run --silent ask -- --json < questions.txt    one JSON answer per input line
  npm run --silent ask -- --json "how many?"        one JSON answer for that question
Options:
  --data DIR   answer from the documents in DIR (default: DATA_DIR or ./data)
  --json       write JSON lines; questions from the arguments, or else standard input
  --help       this text`;

function factJson(f: AnswerFact | null) {
  return f
    ? {
        text: f.text,
        factId: f.factId,
        source: {
          title: f.source.title,
          source: f.source.source,
          published: f.source.published,
          section: f.source.section,
          page: f.source.page,
        },
      }
    : null;
}

export function toJsonLine(index: CorpusIndex, question: string, options: AnswerOptions = {}): string {
  const a = answerQuestion(index, question, options);
  return JSON.stringify({
    question,
    answered: a.tier === "answer",
    answer: factJson(a.tier === "answer" ? a.answer : null),
    confidence: a.confidence,
    // `related` keeps its meaning (facts beside an answer); an unsure reply's others are `alsoClose`.
    related: a.tier === "answer" ? a.related.map((r) => ({ text: r.text, factId: r.factId })) : [],
    tier: a.tier,
    closest: factJson(a.closest),
    alsoClose: a.tier === "closest" ? a.related.map(factJson) : [],
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
  const { context, app } = await startCore(config, true);

  // `--json "question"` answers that question; only `--json` alone reads questions from stdin.
  if (args.values.json && args.positionals.length > 0) {
    process.stdout.write(`${toJsonLine(context.index, args.positionals.join(" "))}\n`);
    return 0;
  }
  if (args.values.json) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) {
      if (line.trim())
        process.stdout.write(
          `${toJsonLine(context.index, line, context.thresholds ? { thresholds: context.thresholds } : {})}\n`,
        );
    }
    return 0;
  }
  const question = args.positionals.join(" ");
  if (!question.trim()) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const bold = process.stdout.isTTY ? (s: string) => `\u001b[1m${s}\u001b[22m` : undefined;
  process.stdout.write(`${renderText(await app.text({ user: "cli", platform: "cli" }, question), bold)}\n`);
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
