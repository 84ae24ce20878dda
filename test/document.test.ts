import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DocumentError, parseDocument } from "../src/core/document";

const raw = readFileSync("data/women-making-achievements.txt", "utf8");

describe("parsing the bundled web page", () => {
  const doc = parseDocument("women-making-achievements.txt", raw);

  it("reads title, source and release date from the header", () => {
    expect(doc.meta.title).toBe("Women Making Achievements Campaign");
    expect(doc.meta.source).toBe("Chinese Women's Research Network");
    expect(doc.meta.published).toBe("2010-07-29");
  });

  it("finds the numbered initiatives as sections with their headings", () => {
    expect(doc.sections.map((s) => s.heading)).toEqual([
      "Overview",
      "Helping women start their own careers or become re-employed",
      'Establishing the "Model Group of Women"',
      'Implementing the "Community Service Program for Women"',
    ]);
  });

  it("leaves out crumbs, greetings, headline lists, link bars and the page date", () => {
    const body = doc.sections.flatMap((s) => s.paragraphs).join("\n");
    for (const chrome of [
      "Home >>",
      "Hello visitor",
      "Hot Articles",
      "Contact Us",
      "Monday, August",
      "CWRS Holds",
    ]) {
      expect(body).not.toContain(chrome);
    }
    expect(doc.chrome.length).toBeGreaterThanOrEqual(12);
  });

  it("normalises the non-breaking space in the body", () => {
    expect(doc.sections.flatMap((s) => s.paragraphs).join(" ")).not.toMatch(/\u00A0/);
  });
});

describe("parsing other documents", () => {
  it("reads Markdown front matter and headings", () => {
    const doc = parseDocument(
      "notes.md",
      "---\ntitle: Bees\nsource: Field Notes\npublished: 2020-1-2\n---\n# Bees\n\nBees visit flowers for nectar and pollen every day.\n\n## Hives\n\nA hive holds about 50,000 bees in summer.\n",
    );
    expect(doc.meta).toMatchObject({ title: "Bees", source: "Field Notes", published: "2020-01-02" });
    expect(doc.sections.map((s) => s.heading)).toEqual(["Overview", "Hives"]);
  });

  it("falls back to the file name for a title", () => {
    const doc = parseDocument(
      "river-report.txt",
      "The river rose by two metres during the spring floods this year.",
    );
    expect(doc.meta.title).toBe("River report");
  });

  it("rejects empty, binary and chrome-only documents by name", () => {
    expect(() => parseDocument("empty.txt", "  \n\n ")).toThrow(DocumentError);
    expect(() => parseDocument("empty.txt", "")).toThrow(/empty\.txt.*empty/);
    expect(() => parseDocument("image.txt", "GIF89a\u0000\u0001\u0002")).toThrow(/image\.txt.*binary/);
    expect(() => parseDocument("menu.txt", "Home >> News\nAbout | Jobs | Contact")).toThrow(
      /no readable paragraphs/,
    );
  });
});
