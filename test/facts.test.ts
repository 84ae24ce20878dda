import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../src/core/document";
import { extractFacts, FactSchema, splitClauses, splitSentences } from "../src/core/facts";
import { extractQuantities } from "../src/core/quantities";

const doc = parseDocument(
  "women-making-achievements.txt",
  readFileSync("data/women-making-achievements.txt", "utf8"),
);
const facts = extractFacts(doc);

describe("splitting into facts", () => {
  it("splits sentences without breaking decimals, abbreviations or initials", () => {
    expect(splitSentences("It grew 5.86 million. Dr. Li agreed. The U.S. team left. Done.")).toEqual([
      "It grew 5.86 million.",
      "Dr. Li agreed.",
      "The U.S. team left.",
      "Done.",
    ]);
  });

  it("splits a long semicolon enumeration into clauses but keeps a short pair whole", () => {
    const list =
      "A fund was set up for new firms; a guide was sent to every town; and ten centres were built in the north.";
    expect(splitClauses(list)).toEqual([
      "A fund was set up for new firms.",
      "A guide was sent to every town.",
      "Ten centres were built in the north.",
    ]);
    expect(
      splitClauses("The garden runs a course for pupils; 35 schools have taken part so far."),
    ).toHaveLength(1);
  });

  it("gives every fact a valid schema, a stable id and its section", () => {
    for (const f of facts) expect(FactSchema.safeParse(f).success).toBe(true);
    expect(new Set(facts.map((f) => f.id)).size).toBe(facts.length);
    const again = extractFacts(
      parseDocument(
        "women-making-achievements.txt",
        readFileSync("data/women-making-achievements.txt", "utf8"),
      ),
    );
    expect(again.map((f) => f.id)).toEqual(facts.map((f) => f.id));
    const revolving = facts.find((f) => f.text.includes("revolving fund"));
    expect(revolving?.sectionHeading).toMatch(/^Helping women/);
  });

  it("does not turn a lead-in line into a fact", () => {
    expect(facts.some((f) => f.text.endsWith(":"))).toBe(false);
  });
});

describe("extracting figures", () => {
  const all = (s: string) => extractQuantities(s).map((q) => [q.kind, q.raw, q.value, q.unit]);

  it("reads counts with what they count, in digits and in words", () => {
    expect(all("Some 4,700 work groups have been honored.")).toEqual([
      ["count", "4,700", 4700, "work groups"],
    ]);
    expect(all("It trained 5.86 million laid-off women.")).toEqual([
      ["count", "5.86 million", 5_860_000, "laid-off women"],
    ]);
    expect(all("Presently, twenty-five ministries are involved.")).toEqual([
      ["count", "twenty-five", 25, "ministries"],
    ]);
  });

  it("tells years, ranges and durations apart from counts", () => {
    expect(all("In 1991 it began.")).toEqual([["year", "1991", 1991, ""]]);
    expect(all("the plan (2001-2005) ran")).toEqual([["range", "2001-2005", 2001, ""]]);
    expect(all("For 15 years, it ran.")).toEqual([["duration", "15", 15, "years"]]);
  });

  it("reads money and percentages, and skips ordinals and compound adjectives", () => {
    expect(all("It costs £45,000 a year, or 12% of the budget.")).toEqual([
      ["money", "£45,000", 45000, ""],
      ["percent", "12%", 12, ""],
    ]);
    expect(all("the 19th congress and the Five-Year Plan")).toEqual([]);
  });

  it("finds programme names and organisations in the bundled facts", () => {
    const community = facts.find((f) => f.text.startsWith("In 1999"));
    expect(community?.names).toContain("Community Service Program of Women");
    expect(community?.organizations).toEqual(expect.arrayContaining(["ACWF", "Ministry of Civil Affairs"]));
  });
});
