import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempCorpus } from "./helpers/corpus";

const TSX = ["--import", "tsx"];

function run(args: string[], input = "", env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [...TSX, ...args], {
    input,
    encoding: "utf8",
    // npm start opens a store: a temporary one, never the working tree's .state or a server, and
    // with the question log off (test/report.test.ts runs it with the log on).
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      STATE_DIR: mkdtempSync(join(tmpdir(), "cli-state-")),
      DATABASE_URL: "",
      QUESTION_LOG_DAYS: "0",
      ...env,
    },
    timeout: 30_000,
  });
}

describe("the ask CLI", () => {
  it("prints a readable answer", () => {
    const r = run(["src/cli.ts", "how many trained"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/30 million women[\s\S]*Source: /);
  });

  it("--json prints exactly one JSON object per question on stdout, logs on stderr", () => {
    const r = run(["src/cli.ts", "--json"], "how many trained\nwho wrote Hamlet\n\n女性\n");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    const [trained, hamlet] = lines.map((l) => JSON.parse(l));
    expect(trained).toMatchObject({
      question: "how many trained",
      answered: true,
      answer: {
        factId: expect.stringMatching(/#/),
        source: { title: "Women Making Achievements Campaign", published: "2010-07-29" },
      },
    });
    expect(Object.keys(trained).sort()).toEqual(["answer", "answered", "confidence", "question", "related"]);
    expect(trained.related[0]).toEqual({ text: expect.any(String), factId: expect.any(String) });
    expect(hamlet).toMatchObject({ answered: false, answer: null, related: [] });
    expect(r.stderr).toMatch(/corpus indexed/);
  });

  it("--data answers from another folder", () => {
    const dir = tempCorpus({ "bees.md": "# Bees\n\nA healthy hive holds about 50,000 bees in midsummer.\n" });
    const r = run(["src/cli.ts", "--json", "--data", dir], "how many bees in a hive\n");
    expect(JSON.parse(r.stdout).answer.source.title).toBe("Bees");
  });

  it("explains a bad configuration or data folder and exits non-zero", () => {
    const bad = run(["src/cli.ts", "how many trained"], "", { LOG_LEVEL: "loud" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/LOG_LEVEL/);
    const missing = run(["src/cli.ts", "--data", "/nonexistent", "x"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read the documents folder "\/nonexistent"/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe("npm start without tokens", () => {
  it("answers piped questions in the local chat and exits at end of input", () => {
    const r = run(["src/main.ts"], "how mnay ministries\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ministries/);
  });
});
