import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentSetOf } from "../src/app/channel-documents";
import { buildReport } from "../src/report/build";
import { reportHtml } from "../src/report/html";
import { reportText } from "../src/report/text";
import { memoryBackend } from "../src/store/memory-backend";
import type { ReportRow } from "../src/store/types";
import { appFor, bundledContext } from "./helpers/corpus";
import { BOT_CWD, botArgs, botEnv } from "./helpers/spawn-bot";
import { seededStateDir, testStorage } from "./helpers/storage";

/** Issue 20.11: what the teacher's report showed, hid and deleted. */

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 15);
let n = 0;
const row = (question: string, extra: Partial<ReportRow> = {}): ReportRow => ({
  id: `r${++n}`,
  askedAt: new Date(NOW - DAY),
  question,
  tier: "unknown",
  factId: null,
  documents: null,
  good: 0,
  bad: 0,
  ...extra,
});

describe("the report", () => {
  const rows = [
    row("who wrote hamlet"),
    row("who wrote hamlett", { tier: "closest", factId: "f9" }),
    row("what about pensions", { tier: "closest", factId: "f3" }),
    row("how many trained", { tier: "answer", factId: "f1" }),
    row("how many trained", { tier: "answer", factId: "f1" }),
    row("when is the final exam", { tier: "answer", factId: "b1", documents: "bio101" }),
    row("what is osmosis", { documents: "bio101" }),
  ];

  it("lists unsure replies beside 'I don't know', labelled, and the answers given most, rated or not", () => {
    const report = buildReport(rows, NOW, {
      factText: (id) => (id === "f1" ? "Some 30 million women." : null),
    });
    expect(report.unanswered[0]).toEqual({
      question: "who wrote hamlet",
      count: 2,
      variants: ["who wrote hamlett"],
      unknown: 1,
      unsure: 1,
    });
    expect(report.unanswered.find((g) => g.question === "what about pensions")).toMatchObject({ unsure: 1 });
    expect(report.mostGiven[0]).toEqual({
      factId: "f1",
      text: "Some 30 million women.",
      given: 2,
      good: 0,
      bad: 0,
      asked: "how many trained",
    });
    const text = reportText(report);
    expect(text).toMatch(/2× who wrote hamlet \[I don't know 1, unsure 1\]/);
    expect(text).toMatch(/1× what about pensions \[unsure\]/);
    expect(text).toMatch(/2× Some 30 million women\. \(not rated; asked as: how many trained\)/);
    expect(reportHtml(report)).toMatch(/unsure[\s\S]*what about pensions/);
  });

  it("keeps document sets apart, and reports one set on its own", () => {
    const all = buildReport(rows, NOW);
    expect(all.byDocuments).toEqual([
      { documents: "all", count: 5 },
      { documents: "bio101", count: 2 },
    ]);
    expect(reportText(all)).toMatch(/By document set:\n +5 +all\n +2 +bio101/);
    const bio = buildReport(rows, NOW, { documents: "bio101" });
    expect(bio.total).toBe(2);
    expect(bio.unanswered.map((g) => g.question)).toEqual(["what is osmosis"]);
    expect(reportText(bio)).toMatch(/^Questions asked against the folder bio101 from \S+ to \S+: 2$/m);
  });

  it("says how many questions are still in the journal and how many the database refused", () => {
    const report = buildReport(rows, NOW, {
      waiting: new Set(["r1", "r2"]),
      setAside: [{ askedAt: new Date(NOW - DAY) }, { askedAt: new Date(NOW - 40 * DAY) }],
    });
    expect(report).toMatchObject({ waiting: 2, setAside: 1 });
    expect(reportText(report)).toMatch(/2 of them still in the journal[\s\S]*1 more could not be stored/);
  });
});

describe("the question log records the document set", () => {
  it("a class channel's folders, sorted; every document elsewhere", async () => {
    const backend = memoryBackend();
    const storage = testStorage(backend);
    const map = { C1: ["shared", "bio101"] };
    const context = {
      ...(await bundledContext()),
      questionLog: storage.questionLog,
      storage,
      documentSet: (channel: string | undefined) => documentSetOf(map, channel),
    };
    const ask = (channel: string) =>
      appFor(context).command({ user: "U1", platform: "slack", channel }, "ask", "how many trained");
    await ask("C1");
    await ask("C2");
    await storage.questionLog.flush();
    expect([...backend.questions.values()].map((q) => [q.channel, q.documents])).toEqual([
      ["C1", "bio101,shared"],
      ["C2", null],
    ]);
    await storage.close();
  });
});

describe("npm run report: pages, and deleting", () => {
  const run = (entry: string, env: NodeJS.ProcessEnv, args: string[] = [], input = "") =>
    spawnSync(process.execPath, botArgs(entry, args), {
      input,
      cwd: BOT_CWD,
      encoding: "utf8",
      env,
      timeout: 120_000,
    });

  it("--html writes the page without printing the report; QUESTION_LOG_DAYS=0 deletes nothing; --delete does, loudly", () => {
    // Its database already made (initdb is not what this tests; quick-chat.test.ts starts fresh).
    const env = botEnv({ QUESTION_LOG_DAYS: "30", LOG_LEVEL: "warn", STATE_DIR: seededStateDir() });
    const state = env.STATE_DIR as string;
    expect(run("src/main.ts", env, [], "how many trained\nwho wrote hamlet\n").status).toBe(0);

    const page = join(state, "report.html");
    const html = run("scripts/report.ts", env, ["--html", page]);
    expect(html.status).toBe(0);
    expect(html.stdout.trim()).toBe(`Wrote ${page} (2 questions)`);
    expect(readFileSync(page, "utf8")).toMatch(/who wrote hamlet/);

    // The log turned off: a bot start keeps what was logged.
    expect(run("src/main.ts", { ...env, QUESTION_LOG_DAYS: "0" }, [], "how many trained\n").status).toBe(0);
    expect(run("scripts/report.ts", env).stdout).toMatch(/^Questions from \S+ to \S+: 2$/m);

    const deleted = run("scripts/report.ts", env, ["--delete"]);
    expect(deleted.status).toBe(0);
    expect(deleted.stderr).toMatch(/DELETED the question log in STATE_DIR .*: 2 questions/);
    expect(run("scripts/report.ts", env).stdout).toMatch(/^Questions from \S+ to \S+: 0$/m);
    expect(existsSync(join(state, "question-log.set-aside.ndjson"))).toBe(false);
  }, 300_000);
});
