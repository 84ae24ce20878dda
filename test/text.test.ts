import { describe, expect, it } from "vitest";
import { editDistance, FuzzyVocabulary } from "../src/core/fuzzy";
import { contentTerms, normalizeText, stem, tokenize } from "../src/core/text";

describe("normalizeText", () => {
  it("folds non-breaking spaces, curly quotes and dashes to ASCII", () => {
    expect(normalizeText("a\u00A0b \u201Cq\u201D \u2018s\u2019 1991\u20132001")).toBe(
      "a b \"q\" 's' 1991-2001",
    );
  });
  it("drops zero-width and control characters, and reads vertical tabs and form feeds as spaces", () => {
    expect(normalizeText("tr\u200Bai\u0007ned\u000Cnow\u0000")).toBe("trained now");
  });
});

describe("stemming and synonyms", () => {
  it("gives inflections one term", () => {
    expect(stem("trained")).toBe(stem("training"));
    expect(stem("trainees")).toBe(stem("train"));
    expect(stem("ministries")).toBe(stem("ministry"));
    expect(stem("employed")).toBe(stem("employment"));
  });
  it("folds common synonyms and irregular forms", () => {
    expect(stem("began")).toBe(stem("launched"));
    expect(stem("start")).toBe(stem("begin"));
    expect(stem("women")).toBe(stem("woman"));
    expect(stem("jobless")).toBe(stem("unemployed"));
    expect(contentTerms("laid-off")).toContain(stem("jobless"));
    expect(contentTerms("took part")).toEqual(contentTerms("participated"));
  });
  it("keeps numbers whole and drops stop and question words", () => {
    expect(contentTerms("How many of the 4,700 groups?")).toEqual(["4700", stem("groups")]);
  });
  it("tokenises any script and ignores emoji", () => {
    expect(tokenize("女性 🎉 café").map((t) => t.word)).toEqual(["女性", "café"]);
  });
});

describe("fuzzy vocabulary", () => {
  it("computes edit distance with adjacent swaps as one edit", () => {
    expect(editDistance("mnay", "many")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
  it("finds words within the allowed edits and nothing further", () => {
    const v = new FuzzyVocabulary(["ministries", "women", "trained", "five"]);
    expect(v.lookup("ministires").map((m) => m.word)).toEqual(["ministries"]);
    expect(v.lookup("wmen").map((m) => m.word)).toEqual(["women"]);
    expect(v.lookup("traned").map((m) => m.word)).toEqual(["trained"]);
    expect(v.lookup("live")).toEqual([]);
    expect(v.lookup("xyz")).toEqual([]);
  });
});
