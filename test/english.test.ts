import { describe, expect, it } from "vitest";
import { English, serializeEnglish } from "../src/core/english";
import { ENGLISH_DATA_VERSION } from "../src/core/english-build";

// Small data in the cache's own format: lookups must find every key and nothing else, whatever
// its place in the sorted lines (first, last, between neighbours that share a prefix).
const zipf = { a: 7.3, an: 6.8, and: 7.1, zebra: 2.9, zeb: 1.0, "mother-in-law": 3.1 };
const lemma = { went: "go", women: "woman", mice: "mouse" };
const data = {
  version: ENGLISH_DATA_VERSION,
  zipf: new Map(Object.entries(zipf)),
  lemma: new Map(Object.entries(lemma)),
  related: new Map(Object.entries({ start: ["begin", "launch"], use: ["utilize"], begin: ["start"] })),
  broader: new Map(Object.entries({ launch: ["start"] })),
};

describe("the English word data, searched in place", () => {
  const en = new English(serializeEnglish(data));

  it("finds every key of every section, and only those", () => {
    for (const [w, z] of data.zipf) expect(en.zipf(w), w).toBe(z);
    for (const [w, l] of data.lemma) expect(en.lemma(w), w).toBe(l);
    expect(en.related("start")).toEqual(["begin", "launch"]);
    expect(en.related("use")).toEqual(["utilize"]);
    expect(en.kin("launch")).toEqual(["start"]);
    for (const absent of ["", "aa", "ab", "zebras", "zz", "0", "mother", "went2"]) {
      expect(en.zipf(absent), absent).toBe(0);
      expect(en.related(absent), absent).toEqual([]);
    }
    // A word's lemma carries its relations ("women" -> "woman"); a section never leaks into the next.
    expect(en.lemma("start")).toBe("start");
    expect(en.kin("start")).toEqual([]);
    expect(en.isWord("mice")).toBe(false);
  });

  it("reads the installed data: common words, lemmas and relations", async () => {
    const { english } = await import("../src/core/english");
    const real = english();
    expect(real.lemma("went")).toBe("go");
    expect(real.zipf("the")).toBeGreaterThan(6);
    expect(real.zipf("qzxv")).toBe(0);
    expect(real.related("utilize")).toContain("use");
  });
});
