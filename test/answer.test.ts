import { describe, expect, it } from "vitest";
import { answerQuestion, MAX_QUESTION_LENGTH } from "../src/core/answer";
import { DEFAULT_MODEL } from "../src/core/confidence";
import { bundledIndex } from "./helpers/corpus";

const index = await bundledIndex();
const ask = (q: string) => answerQuestion(index, q);
const ANSWER_FROM = DEFAULT_MODEL.thresholds.answer;

describe("answering the bundled article", () => {
  it("answers 'how many trained' with both training figures, highlighted, and cites the page", () => {
    const a = ask("how many trained");
    expect(a.status).toBe("answered");
    expect(a.type).toBe("count");
    const texts = [a.answer?.text, ...a.related.map((r) => r.text)].join("\n");
    expect(texts).toContain("30 million");
    expect(texts).toContain("5.86 million");
    expect(a.answer?.highlight).toMatch(/million/);
    expect(a.answer?.source).toEqual({
      title: "Women Making Achievements Campaign",
      source: "Chinese Women's Research Network",
      published: "2010-07-29",
      section: null,
      page: null,
    });
    expect(a.related.length).toBeLessThanOrEqual(3);
    expect(a.tier).toBe("answer");
    expect(a.closest).toEqual(a.answer);
    expect(a.confidence).toBeGreaterThanOrEqual(ANSWER_FROM);
    expect(a.confidence).toBeLessThanOrEqual(1);
  });

  it("reads misspelt question words and content words", () => {
    expect(ask("wen did it begin").closest?.highlight).toBe("1991");
    expect(ask("how mnay ministries").answer?.highlight).toMatch(/ministries/);
    expect(ask("hw many wmen were traned").answer?.text).toMatch(/30 million|5\.86 million/);
    // a typo of a function word is not what the question is about
    expect(ask("what happend in 1999").answer?.text).toMatch(/^In 1999/);
  });

  it("reads chat spellings as the words they stand for", () => {
    expect(ask("how many ministries r involved now").answer?.highlight).toMatch(/twenty-five/);
  });

  it("takes 'it' to mean what the document is about", () => {
    expect(ask("/campaign question: when did it start").closest?.highlight).toBe("1991");
    expect(ask("who runs it").closest?.text).toMatch(/ACWF/);
  });

  it("offers the closest passage, unvouched, between answering and not knowing", () => {
    const thresholds = { answer: 0.99, closest: 0 };
    const a = answerQuestion(index, "how many trained", { thresholds });
    expect(a.tier).toBe("closest");
    expect(a.status).toBe("unknown");
    expect(a.answer).toBeNull();
    expect(a.closest?.text).toMatch(/million/);
    // Unsure, it offers the passages nearly as close too: the answer is often the second one.
    const offered = [a.closest?.text, ...a.related.map((r) => r.text)].join("\n");
    expect(offered).toContain("30 million");
    expect(offered).toContain("5.86 million");
    const unknown = answerQuestion(index, "how many trained", { thresholds: { answer: 1.01, closest: 1 } });
    expect(unknown.tier).toBe("unknown");
    expect(unknown.related).toEqual([]);
  });

  it("answers questions about the document from its metadata", () => {
    expect(ask("who published this").answer?.highlight).toBe("Chinese Women's Research Network");
    expect(ask("when was it released").answer?.highlight).toBe("2010-07-29");
    expect(ask("what is the source").answer?.factId).toBe("women-making-achievements#meta");
  });

  it("knows a question about the document through typos and 'is this from'", () => {
    expect(ask("who publishd this artical").answer?.factId).toBe("women-making-achievements#meta");
    expect(ask("which site is this from").answer?.factId).toBe("women-making-achievements#meta");
    expect(ask("what country is this from").answer?.factId).not.toBe("women-making-achievements#meta");
  });

  it("abstains on off-topic questions even when they share words, with suggestions", () => {
    for (const q of [
      "how many moons does Mars have",
      "when was the Eiffel Tower built",
      "who wrote Hamlet",
    ]) {
      const a = ask(q);
      expect(a.status, q).toBe("unknown");
      expect(a.tier, q).not.toBe("answer");
      expect(a.answer).toBeNull();
      expect(a.confidence).toBeLessThan(ANSWER_FROM);
    }
    expect(ask("how many moons does Mars have").suggestions.length).toBeGreaterThan(0);
  });
});

describe("bad input", () => {
  it("treats empty and whitespace-only input as empty", () => {
    expect(ask("").status).toBe("empty");
    expect(ask(" \t\n ").status).toBe("empty");
    expect(ask("/campaign").status).toBe("empty");
  });

  it("refuses questions over the length limit", () => {
    expect(ask("x".repeat(MAX_QUESTION_LENGTH + 1)).status).toBe("too_long");
    expect(ask("how many trained ".repeat(40)).status).toBe("too_long");
  });

  it("strips control and zero-width characters before answering", () => {
    const a = ask("how\u0000 many\u200B tra\u0007ined");
    expect(a.question).toBe("how many trained");
    expect(a.status).toBe("answered");
  });

  it("reads zero-width spaces between words as spaces", () => {
    const a = ask("how\u200Bmany\u200Btrained");
    expect(a.question).toBe("how many trained");
    expect(a.answer?.factId).toBe(ask("how many trained").answer?.factId);
    expect(a.tier).toBe("answer");
  });

  it("handles other scripts, emoji, mentions and binary noise without throwing", () => {
    for (const q of [
      "女性培训了多少人",
      "🎉🎉🎉",
      "@everyone how many trained",
      "<!channel>",
      "\uFFFD\uFFFD\u0001\u0002",
      "ñ ü ß ø",
      "١٢٣",
    ]) {
      const a = ask(q);
      expect(["answered", "unknown", "empty"], q).toContain(a.status);
    }
  });
});

describe("choosing between figures", () => {
  it("prefers the figure stated as current unless a year is asked for", async () => {
    const { loadCorpus } = await import("../src/core/load");
    const { tempCorpus } = await import("./helpers/corpus");
    const dir = tempCorpus({
      "club.md":
        "# Chess club\n\nIn 2001 the chess club had 12 members and met in the library on Fridays.\n\nToday the chess club has 40 members and meets twice a week.\n",
    });
    const { index: club } = await loadCorpus(dir);
    expect(answerQuestion(club, "how many members does the chess club have").answer?.highlight).toBe(
      "40 members",
    );
    expect(answerQuestion(club, "how many members did the chess club have in 2001").answer?.highlight).toBe(
      "12 members",
    );
  });
});
