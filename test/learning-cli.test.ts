import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_CWD, botArgs, botEnv } from "./helpers/spawn-bot";

/** The batch form of `ask --json` (issue 17, item 7): one JSON line out for every line in, in order. */

const GARDEN = resolve("test/eval/corpora/community-garden");

function ask(args: string[], input = "", env: Record<string, string> = {}) {
  return spawnSync(process.execPath, botArgs("src/cli.ts", ["--json", "--data", GARDEN, ...args]), {
    input,
    encoding: "utf8",
    cwd: BOT_CWD,
    env: botEnv({ LOG_LEVEL: "silent", ...env }),
    timeout: 60_000,
  });
}

describe("ask --json, the batch form", () => {
  it("answers questions, marks and teach with exactly one JSON line each; a bad line gets an error", () => {
    const lines = [
      "how many plots",
      '{"user":"constructor","q":"who gets the veg"}',
      '{"user":"constructor","helpful":"riverside-garden#9.9"}',
      '{"user":"toString","unhelpful":true}',
      '{"teacher":"t1","teach":"who gets the veg","passage":"food bank"}',
      '{"user":"__proto__","q":"who gets the veg?"}',
      '{"user":"__proto__","unhelpful":true}',
      "{oops",
      '{"user":"s1"}',
      '{"user":"s1","q":42}',
      '{"teacher":"t1","teach":"where is it","passage":"a sentence nobody wrote"}',
      "[1, 2]",
    ];
    const r = ask([], `${lines.join("\n")}\n\n`);
    expect(r.status).toBe(0);
    const out = r.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(lines.length);
    const [
      plain,
      asked,
      notOffered,
      nothingAsked,
      taught,
      learned,
      thumbsDown,
      bad,
      noQ,
      notString,
      noQuote,
      array,
    ] = out.map((l) => JSON.parse(l));
    expect(plain).toMatchObject({ question: "how many plots", tier: expect.any(String) });
    // Every passage offered carries its factId.
    for (const p of [asked.answer, asked.closest, ...asked.alsoClose].filter(Boolean))
      expect(p.factId).toMatch(/^riverside-garden#\d+\.\d+$/);
    expect(asked.learned).toBeUndefined();
    expect(notOffered.error).toMatch(/was not offered for constructor's last question/);
    expect(nothingAsked.error).toMatch(/toString has asked nothing yet/);
    expect(taught).toMatchObject({ ok: true, taught: "riverside-garden#1.0", link: expect.any(String) });
    expect(learned).toMatchObject({
      answered: true,
      learned: true,
      answer: { factId: "riverside-garden#1.0" },
    });
    expect(learned.answer.text).toContain("food bank");
    expect(thumbsDown).toMatchObject({ ok: true, unhelpful: "riverside-garden#1.0" });
    expect(bad.error).toMatch(/not a JSON object/);
    expect(noQ.error).toMatch(/needs "q", "helpful" or "unhelpful"/);
    expect(notString.error).toMatch(/"q" must be a string/);
    expect(noQuote.error).toMatch(/is in no passage/);
    expect(array).toMatchObject({ question: "[1, 2]" });
  }, 120_000);

  it('--json "question" obeys CONFIDENCE_ANSWER as the stdin form does (#20.8)', () => {
    const env = { CONFIDENCE_ANSWER: "0.999", CONFIDENCE_CLOSEST: "0.01" };
    const one = JSON.parse(ask(["how many plots are there"], "", env).stdout);
    const stdin = JSON.parse(ask([], "how many plots are there\n", env).stdout);
    expect(one.tier).toBe("closest");
    expect(one.tier).toBe(stdin.tier);
  }, 120_000);
});
