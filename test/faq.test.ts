import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";

/** A teacher's FAQ (issue 17, item 6): its questions are taught links to their answers. */

let index: CorpusIndex;
beforeAll(async () => {
  ({ index } = await loadCorpus("test/fixtures/faq"));
});

describe("FAQ documents", () => {
  it("no question is a fact of its own, and no answer keeps its A: prefix", () => {
    const texts = index.facts.map((f) => f.text);
    expect(texts.some((t) => /^(Q|A)\s*[:.]/i.test(t))).toBe(false);
    expect(texts.some((t) => t.includes("How will I know my grade"))).toBe(false);
    expect(index.faq.map((f) => f.question)).toEqual([
      "How will I know my grade?",
      "Can I hand in work late?",
      "Is there a textbook?",
      "Do I need goggles in the lab?",
      "When are labs held?",
      "Where is the lab?",
      "Who runs the lab?",
    ]);
  });

  it.each([
    ["how do i find out my grade", "Grades are posted on the class portal every Friday."],
    ["late homework ok?", "Yes. Late work loses ten percent per day."],
    ["need goggles?", "Safety goggles must be worn at all times in the lab."],
    ["where's the lab", "Room 204, science block."],
    ["do we need a textbook", "Campbell Biology, 12th edition, is required."],
  ])("%s is answered with the FAQ's answer and its citation", (q, text) => {
    const a = answerQuestion(index, q);
    expect(a.tier).toBe("answer");
    expect(a.answer?.text).toBe(text);
    expect(a.answer?.source.title).toMatch(/FAQ/);
    expect(a.learned).toBe(true);
  });

  it("a question the FAQ does not cover is not answered", () => {
    expect(answerQuestion(index, "is there a bus to school").tier).not.toBe("answer");
  });
});
