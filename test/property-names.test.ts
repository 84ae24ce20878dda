import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { loadCorpus } from "../src/core/load";
import { bundledIndex, tempCorpus } from "./helpers/corpus";
import { BOT_CWD, botArgs, botEnv, spawnBot } from "./helpers/spawn-bot";

/**
 * JavaScript's own property names ("constructor", "__proto__", "toString"...) are words like any
 * other: asked alone or inside a question, or written in a document, they are read as text. A
 * table keyed by words in a plain object would return a built-in for them instead.
 */

const NAMES = Object.getOwnPropertyNames(Object.prototype);
// Every name alone, inside questions of each kind, and lower-cased as the tokenizer sees it.
const QUESTIONS = NAMES.flatMap((name) => [
  name,
  name.toLowerCase(),
  `how many ${name} were trained?`,
  `how big is the ${name.toLowerCase()}`,
  `when did ${name} start`,
  `who published the ${name} article`,
  `wat r ${name.toLowerCase()} ${name.toLowerCase()} u ${name}`,
]);

// One document holding every name as a heading, a table header, a "Label: value" line, front matter
// and prose, beside a .txt whose header lines are keyed by them.
const markdown = [
  "---",
  ...NAMES.map((n) => `${n}: front matter value`),
  "title: Bridge Handbook",
  "---",
  "# Bridge Handbook",
  "",
  "The constructor of the Elm Street bridge was Harbor Works, which finished it in 1901.",
  "",
  ...NAMES.flatMap((n) => [
    `## ${n}`,
    "",
    `${n}: the ${n.toLowerCase()} entry`,
    "",
    `The word ${n} appears here.`,
    "",
  ]),
  `| ${NAMES.join(" | ")} |`,
  `| ${NAMES.map(() => "---").join(" | ")} |`,
  `| ${NAMES.map((_, i) => `cell ${i}`).join(" | ")} |`,
  "",
].join("\n");
const text = [
  ...NAMES.map((n) => `${n}: header value`),
  "",
  "Constructor crews repaired 14 bridges in 2019.",
].join("\n");

function run(args: string[], input = "", env: Record<string, string> = {}) {
  return spawnSync(process.execPath, botArgs("src/cli.ts", args), {
    input,
    encoding: "utf8",
    cwd: BOT_CWD,
    env: botEnv(env),
    timeout: 60_000,
  });
}

describe("JavaScript property names as words", () => {
  it("are answered by the core, alone and inside questions, like any word", async () => {
    const index = await bundledIndex();
    for (const question of QUESTIONS) {
      const answer = answerQuestion(index, question);
      expect(["answer", "closest", "unknown"], question).toContain(answer.tier);
      expect(typeof answer.question, question).toBe("string");
      expect(() => JSON.stringify(answer), question).not.toThrow();
    }
    // "constructor" is a word: it finds the fact about construction, not a built-in function.
    expect(answerQuestion(index, "constructor").closest?.text).toMatch(/construction/);
  });

  it("load from a document and are answered from it", async () => {
    const dir = tempCorpus({ "bridges.md": markdown, "crews.txt": text });
    const { index, problems, documents } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(documents.map((d) => d.meta.title)).toContain("Bridge Handbook");
    const answer = answerQuestion(index, "who was the constructor of the Elm Street bridge?");
    expect(answer.closest?.text).toMatch(/Harbor Works/);
    expect(answerQuestion(index, "how many bridges did constructor crews repair").closest?.text).toMatch(
      /14 bridges/,
    );
    for (const question of QUESTIONS)
      expect(answerQuestion(index, question).tier, question).toBeTypeOf("string");
  });

  it("ask --json gives exactly one JSON line per input line, each for its own question", {
    timeout: 60_000,
  }, () => {
    const r = run(["--json"], `${QUESTIONS.join("\n")}\n`);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(QUESTIONS.length);
    // Each line is the answer to its own question (cleaned as the bot cleans questions).
    lines.forEach((line, i) => {
      expect(JSON.parse(line).question).toBe((QUESTIONS[i] as string).trim());
    });
  });

  it("the readable CLI and the terminal chat answer them from a folder that contains them", async () => {
    const dir = tempCorpus({ "bridges.md": markdown, "crews.txt": text });
    const readable = run(["--data", dir, "who was the constructor of the Elm Street bridge?"]);
    expect(readable.status, readable.stderr).toBe(0);
    expect(readable.stdout).toMatch(/Harbor Works/);

    const bot = spawnBot({ DATA_DIR: dir }, "src/main.ts", { stdin: "pipe" });
    bot.child.stdin?.end(`${NAMES.join("\n")}\nwho was the constructor of the Elm Street bridge?\n`);
    expect(await bot.exited, bot.stderr()).toBe(0);
    expect(bot.stdout()).toMatch(/Harbor Works/);
    expect(bot.stdout()).not.toMatch(/something went wrong/);
  }, 90_000);
});
