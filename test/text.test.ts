import { describe, expect, it } from "vitest";
import { editDistance, FuzzyVocabulary } from "../src/core/fuzzy";
import { contentTerms, normalizeText, stem, tokenize } from "../src/core/text";

describe("normalizeText", () => {
  it("folds non-breaking spaces, curly quotes and dashes to ASCII", () => {
    expect(normalizeText("a\u00A0b \u201Cq\u201D \u2018s\u2019 1991\u20132001")).toBe(
      "a b \"q\" 's' 1991-2001",
    );
  });
  it("drops control characters, and reads vertical tabs and form feeds as spaces", () => {
    expect(normalizeText("trai\u0007ned\u000Cnow\u0000")).toBe("trained now");
  });
  it("reads a zero-width space, or a joiner between words of a spaced script, as a space", () => {
    expect(normalizeText("how\u200Bmany\u200B\u200Btrained")).toBe("how many trained");
    expect(normalizeText("how\u200Dmany\u2060trained\u200Cnow\uFEFFthen")).toBe("how many trained now then");
    expect(normalizeText("сколько\u200Bженщин")).toBe("сколько женщин");
    // Beside a space, at the start (a byte-order mark), in an emoji or in Persian, nothing is added.
    expect(normalizeText("\uFEFF---\ntitle \u200B x")).toBe("---\ntitle  x");
    expect(normalizeText("👩\u200D🔬")).toBe("👩🔬");
    expect(normalizeText("می\u200Cخواهم")).toBe("میخواهم");
  });
});

describe("stemming, lemmas and chat spellings", () => {
  it("gives inflections and irregular forms one term (WordNet's lemmatizer, then Porter)", () => {
    expect(stem("trained")).toBe(stem("training"));
    expect(stem("ministries")).toBe(stem("ministry"));
    expect(stem("went")).toBe(stem("go"));
    expect(stem("women")).toBe(stem("woman"));
    expect(stem("taught")).toBe(stem("teach"));
    expect(stem("children")).toBe(stem("child"));
  });
  it("reads multi-word expressions and chat spellings as the words they mean", () => {
    expect(contentTerms("took part")).toEqual(contentTerms("participated"));
    expect(contentTerms("laid-off")).toEqual(contentTerms("unemployed"));
    expect(tokenize("r u sure ppl").map((t) => t.word)).toEqual(["are", "you", "sure", "people"]);
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

describe("English word data", () => {
  it("relates words through WordNet and knows how common they are", async () => {
    const { english } = await import("../src/core/english");
    const en = english();
    expect(en.lemma("utilizing")).toBe("utilize");
    expect(en.related("utilizing")).toContain("use");
    expect(en.related("member")).toContain("membership");
    expect(en.related("jobless")).toContain("unemployed");
    expect(en.zipf("the")).toBeGreaterThan(en.zipf("utilize"));
    expect(en.isWord("models")).toBe(true);
    expect(en.isWord("mnay")).toBe(false);
  });
  it("lets a question word reach the corpus words WordNet relates to it, weighted below an exact match", async () => {
    const { loadCorpus } = await import("../src/core/load");
    const { tempCorpus } = await import("./helpers/corpus");
    const { index } = await loadCorpus(
      tempCorpus({
        "club.md": "# Club\n\nThe club has 40 members. Volunteers utilize the library every week.\n",
      }),
    );
    expect(index.expand(stem("employ"), "employ")).toContainEqual({ term: stem("utilize"), weight: 0.7 });
    expect(index.expand(stem("members"), "members")[0]).toEqual({ term: stem("member"), weight: 1 });
    // a common English word is not taken for a typo of a corpus word; a non-word is
    expect(index.expand(stem("club"), "clubs").map((e) => e.term)).toContain(stem("club"));
    expect(index.expand(stem("libary"), "libary").map((e) => e.term)).toContain(stem("library"));
  });
});
