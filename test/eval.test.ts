import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../src/core/load";
import { DEFAULT_MIN_SCORE, evaluate, readEvalSet } from "./eval/evaluate";

const dir = "test/eval";
const sets = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => readEvalSet(join(dir, f)));

describe("evaluation sets", () => {
  it("has the coverage the project promises", () => {
    const campaign = sets.find((s) => s.data === "data");
    expect(campaign?.questions.length).toBeGreaterThanOrEqual(60);
    expect(campaign?.questions.filter((q) => q.expect === null).length).toBeGreaterThanOrEqual(10);
    const others = sets.filter((s) => s.data !== "data");
    expect(others.some((s) => s.questions.length >= 20)).toBe(true);
  });

  it.each(sets.map((s) => [s.name, s] as const))("%s keeps its score", async (_name, set) => {
    const { index } = await loadCorpus(set.data);
    const result = evaluate(set, index);
    const allowed = set.questions.length * (1 - (set.minScore ?? DEFAULT_MIN_SCORE));
    expect(result.misses.length <= allowed + 1e-9, JSON.stringify(result.misses, null, 2)).toBe(true);
  });
});

describe("suggestions", () => {
  it("every suggested question for the bundled corpus is answered", async () => {
    const { index } = await loadCorpus("data");
    const { answerQuestion } = await import("../src/core/answer");
    const unanswered = index.suggestions.all.filter(
      (s) => answerQuestion(index, s.question).status !== "answered",
    );
    expect(unanswered).toEqual([]);
  });
});
