import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { loadCorpus } from "../src/core/load";
import { SuggestionIndex } from "../src/core/suggestions";

/**
 * Every question the bot offers (did-you-mean buttons, starters, help's examples, autocomplete) is
 * one it answers confidently with the fact it was written from, on every corpus the eval sets name.
 */

const corpora = [
  ...new Set(
    readdirSync("test/eval")
      .filter((f) => f.endsWith(".json"))
      .map((f) => (JSON.parse(readFileSync(join("test/eval", f), "utf8")) as { data: string }).data),
  ),
];

// Words a question cannot end on, and "How many" before a singular verb: the garbling seen.
const GARBLED = /\s(the|a|an|to|of|in|on|at|for|with|by|and|or)\?$|^How many \S+ (is|was|has)\b/i;

describe("suggested questions", () => {
  it.each(corpora)("%s: each offered question is answered with its own fact", async (dir) => {
    const { index } = await loadCorpus(dir);
    const s = index.suggestions;
    const offered = [
      ...s.starters(5),
      ...s.search("", 25),
      ...s.search("how many", 25),
      ...s.search("what", 25),
      ...index.facts.map((f) => s.forFact(f.id)).filter((x) => x !== undefined),
    ];
    expect(offered.length).toBeGreaterThan(0);
    for (const suggestion of new Set(offered)) {
      const a = answerQuestion(index, suggestion.question);
      expect(a.tier, suggestion.question).toBe("answer");
      if (suggestion.factId) expect(a.answer?.factId, suggestion.question).toBe(suggestion.factId);
      else expect(a.answer?.factId, suggestion.question).toMatch(/#meta$/);
      expect(suggestion.question).not.toMatch(GARBLED);
    }
  });

  it("offers nothing the bot cannot answer, checking each question once", () => {
    const all = [
      { question: "How many works?", factId: "d#0.1" },
      { question: "How many fails?", factId: "d#0.2" },
      { question: "How many strays?", factId: "d#0.3" },
    ];
    const asked: string[] = [];
    const index = new SuggestionIndex(all, (q) => {
      asked.push(q);
      return q === "How many works?" ? "d#0.1" : q === "How many strays?" ? "d#9.9" : null;
    });
    expect(index.starters(3).map((x) => x.question)).toEqual(["How many works?"]);
    expect(index.forFact("d#0.2")).toBeUndefined();
    expect(index.search("how many", 5).map((x) => x.question)).toEqual(["How many works?"]);
    expect(asked.sort()).toEqual(["How many fails?", "How many strays?", "How many works?"]);
  });
});
