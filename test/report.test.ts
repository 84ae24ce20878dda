import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../src/report/build";
import { chartPng, chartSvg } from "../src/report/chart";
import { groupQuestions, sameQuestion } from "../src/report/group";
import { reportHtml } from "../src/report/html";
import { reportText } from "../src/report/text";
import type { ReportRow } from "../src/store/types";
import { BOT_CWD, botArgs, botEnv, PROCESS_START_MS } from "./helpers/spawn-bot";
import { seededStateDir } from "./helpers/storage";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 15);

let rowId = 0;
const row = (daysAgo: number, question: string, extra: Partial<ReportRow> = {}): ReportRow => ({
  id: `row-${++rowId}`,
  documents: null,
  askedAt: new Date(NOW - daysAgo * DAY),
  question,
  tier: "unknown",
  factId: null,
  good: 0,
  bad: 0,
  ...extra,
});

describe("grouping unanswered questions", () => {
  it("counts typos of one question as one", () => {
    const groups = groupQuestions([
      "how many trained",
      "how mnay trainde",
      "How many trained?",
      "how many trained",
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ question: "how many trained", count: 4 });
    expect(groups[0]?.variants.sort()).toEqual(["How many trained?", "how mnay trainde"]);
  });

  it("keeps apart questions that differ by a real word, however close as strings", () => {
    expect(sameQuestion("who wrote hamlet", "who wrote macbeth")).toBe(false);
    expect(sameQuestion("how many women", "how many men")).toBe(false);
    expect(sameQuestion("when did it start", "when did it begin")).toBe(false);
    expect(sameQuestion("whats the capital of frnace", "what is the capital of france")).toBe(true);
    expect(groupQuestions(["who wrote hamlet", "who wrote macbeth", "who wrote hamlett"])).toEqual([
      { question: "who wrote hamlet", count: 2, variants: ["who wrote hamlett"] },
      { question: "who wrote macbeth", count: 1, variants: [] },
    ]);
  });
});

describe("the teacher's report", () => {
  const rows = [
    row(20, "too old to count"),
    row(13, "who wrote hamlet"),
    row(2, "how many trained", { tier: "answer", factId: "f1", bad: 2, good: 1 }),
    row(2, "how mnay trainde", { tier: "answer", factId: "f1", bad: 1 }),
    row(1, "when did it start", { tier: "answer", factId: "f2", good: 3 }),
    row(0, "who wrote hamlett"),
    row(0, "what about pensions", { tier: "closest", factId: "f3", bad: 1 }),
  ];
  const report = buildReport(rows, NOW, {
    factText: (id) => (id === "f1" ? "Some 30 million women were trained." : null),
  });

  it("counts questions per day over the last 14 days, today included", () => {
    expect(report.from).toBe("2026-11-15");
    expect(report.to).toBe("2026-11-28");
    expect(report.perDay).toHaveLength(14);
    expect(report.perDay.map((d) => d.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2]);
    expect(report.total).toBe(6);
  });

  it("gives the answer rate by tier", () => {
    expect(report.byTier).toEqual([
      { tier: "answer", count: 3, share: 0.5 },
      { tier: "closest", count: 1, share: 1 / 6 },
      { tier: "unknown", count: 2, share: 2 / 6 },
    ]);
  });

  it("lists unanswered questions grouped, and answers by 👎 with their text", () => {
    expect(report.unanswered).toEqual([
      { question: "who wrote hamlet", count: 2, variants: ["who wrote hamlett"], unknown: 2, unsure: 0 },
      { question: "what about pensions", count: 1, variants: [], unknown: 0, unsure: 1 },
    ]);
    expect(report.mostDisliked).toEqual([
      {
        factId: "f1",
        text: "Some 30 million women were trained.",
        bad: 3,
        good: 1,
        asked: "how many trained",
      },
      { factId: "f3", text: null, bad: 1, good: 0, asked: "what about pensions" },
    ]);
  });

  it("reads as text with a bar per day", () => {
    const text = reportText(report);
    expect(text).toMatch(/Questions from 2026-11-15 to 2026-11-28: 6/);
    expect(text).toMatch(/11-26 +2 █{30}\n/);
    expect(text).toMatch(/unknown +2 +33%/);
    expect(text).toMatch(/2× who wrote hamlet \[I don't know\] \(also: who wrote hamlett\)/);
    expect(text).toMatch(/👎 3 👍 1 {2}Some 30 million women were trained\./);
  });

  it("writes a self-contained page: the chart inline, user text escaped, nothing fetched", () => {
    const html = reportHtml(buildReport([row(0, "<script>alert(1)</script>")], NOW));
    expect(html).toContain("<svg");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html.replace('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:|src=|<link/);
  });

  it("renders the chart to a PNG on the server", async () => {
    const png = await chartPng(chartSvg(report));
    expect(png?.subarray(1, 4).toString()).toBe("PNG");
    // 640 x 260, from the IHDR chunk.
    expect(png?.readUInt32BE(16)).toBe(640);
    expect(png?.readUInt32BE(20)).toBe(260);
  });
});

describe("npm run report", () => {
  // As npm start and npm run report run, in an empty folder and with only these variables.
  const run = (entry: string, args: string[], env: Record<string, string>, input = "") =>
    spawnSync(process.execPath, botArgs(entry, args), {
      input,
      cwd: BOT_CWD,
      encoding: "utf8",
      env: botEnv({ QUESTION_LOG_DAYS: "30", LOG_LEVEL: "warn", ...env }),
      timeout: PROCESS_START_MS,
    });

  it("reports what the bot logged, in the terminal and as a page", () => {
    // Its database already made (initdb is not what this tests).
    const state = seededStateDir();
    const chat = run(
      "src/main.ts",
      [],
      { STATE_DIR: state },
      "how many trained\nbad\nwho wrote hamlet\nwho wrote hamlte\n",
    );
    expect(chat.status).toBe(0);
    const page = join(state, "report.html");
    expect(run("scripts/report.ts", ["--html", page], { STATE_DIR: state }).status).toBe(0);
    const report = run("scripts/report.ts", [], { STATE_DIR: state });
    expect(report.stderr).toBe("");
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/answer +1 +33%/);
    expect(report.stdout).toMatch(/2× who wrote hamlet \[I don't know\] \(also: who wrote hamlte\)/);
    expect(report.stdout).toMatch(/👎 1 👍 0 {2}Some 30 million women/);
    expect(readFileSync(page, "utf8")).toMatch(/<svg[\s\S]*who wrote hamlet/);
  }, 120_000);
});
