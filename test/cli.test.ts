import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tempCorpus } from "./helpers/corpus";
import { BOT_CWD, botArgs, botEnv, PROCESS_START_MS } from "./helpers/spawn-bot";

function run([entry, ...args]: string[], input = "", env: Record<string, string> = {}) {
  return spawnSync(process.execPath, botArgs(entry as string, args), {
    input,
    encoding: "utf8",
    cwd: BOT_CWD,
    env: botEnv({ LOG_LEVEL: "info", ...env }),
    timeout: PROCESS_START_MS,
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
    expect(Object.keys(trained).sort()).toEqual([
      "alsoClose",
      "answer",
      "answered",
      "closest",
      "confidence",
      "question",
      "related",
      "tier",
    ]);
    expect(trained.related[0]).toEqual({ text: expect.any(String), factId: expect.any(String) });
    expect(trained).toMatchObject({ tier: "answer", closest: trained.answer });
    expect(hamlet).toMatchObject({ answered: false, answer: null, related: [], tier: "unknown" });
    // the top-ranked passage is reported even when the bot does not commit to it
    expect(hamlet.closest).toMatchObject({ text: expect.any(String), factId: expect.any(String) });
    expect(r.stderr).toMatch(/corpus indexed/);
  });

  it("--json gives an unsure reply's other passages as alsoClose, leaving related to answers", () => {
    const env = { CONFIDENCE_ANSWER: "0.99", CONFIDENCE_CLOSEST: "0" };
    const unsure = JSON.parse(run(["src/cli.ts", "--json"], "how many trained\n", env).stdout);
    expect(unsure).toMatchObject({ answered: false, answer: null, tier: "closest", related: [] });
    const offered = [unsure.closest, ...unsure.alsoClose].map((f: { text: string }) => f.text).join("\n");
    expect(offered).toContain("30 million");
    expect(offered).toContain("5.86 million");
    expect(unsure.alsoClose[0].source).toMatchObject({ title: "Women Making Achievements Campaign" });
  });

  it("--data answers from another folder; an undated document's date is null, its section named", () => {
    const dir = tempCorpus({
      "bees.md": "# Bees\n\n## Hives\n\nA healthy hive holds about 50,000 bees in midsummer.\n",
    });
    const r = run(["src/cli.ts", "--json", "--data", dir], "how many bees in a hive\n");
    expect(JSON.parse(r.stdout).answer.source).toEqual({
      title: "Bees",
      source: "bees.md",
      published: null,
      section: "Hives",
      page: null,
    });
    const text = run(["src/cli.ts", "--data", dir, "how many bees in a hive"]);
    expect(text.stdout).toContain("Source: Bees — bees.md (section: Hives)");
    expect(text.stdout).not.toMatch(/undated|null/);
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

describe("npm start's arguments (#20.7)", () => {
  it("answers from --data DIR, as ask does", () => {
    const dir = tempCorpus({
      "choir.txt": "Title: The Choir\n\nThe school choir has 42 singers this year.\n",
    });
    const r = run(["src/main.ts", "--data", dir], "how many singers\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/42 singers/);
  });

  it("refuses an argument it does not know, with the usage", () => {
    const r = run(["src/main.ts", "--dta", "docs"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--dta[\s\S]*Usage: npm start[\s\S]*--data DIR/);
  });
});
