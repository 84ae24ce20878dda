import { readFileSync } from "node:fs";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { handoutPdf } from "../scripts/make-fixtures";
import { answerQuestion } from "../src/core/answer";
import { CorpusIndex } from "../src/core/corpus-index";
import { DocumentError, normalizeDate } from "../src/core/document";
import { extractFacts } from "../src/core/facts";
import { loadCorpus } from "../src/core/load";
import { readDocument } from "../src/core/readers";

const md = (text: string) => readDocument("notes.md", Buffer.from(text));
const texts = async (doc: ReturnType<typeof md>) => extractFacts(await doc).map((f) => f.text);

describe("Markdown through mdast", () => {
  it("nests headings into a section path and reads front matter with YAML", async () => {
    const doc = await md(
      "---\ntitle: 'Bees: a field guide'\npublished: July 29, 2010\nauthor: Ana Ruiz\nunknown: [1, 2]\n---\n# Ignored as title\n\n## Hives\n\nA hive holds about 50,000 bees in summer.\n\n### Winter\n\nIn winter the colony shrinks to about 10,000 bees.\n\n## Honey\n\nA strong hive makes 25 kg of honey a year.\n",
    );
    expect(doc.meta).toMatchObject({
      title: "Bees: a field guide",
      published: "2010-07-29",
      author: "Ana Ruiz",
    });
    expect(doc.sections.map((s) => s.heading)).toEqual(["Hives", "Hives > Winter", "Honey"]);
  });

  it("turns inline markup into plain text and leaves code and raw HTML out", async () => {
    const facts = await texts(
      md(
        "# Club\n\nThe **chess club** meets in the [library](https://x.org) every *Friday* &amp; Monday at noon.\n\n```\nprint('this is code, not a fact at all')\n```\n\n<div>Raw HTML is not a fact either, whatever it says.</div>\n\n    indented code is code too and not a fact\n",
      ),
    );
    expect(facts).toEqual(["The chess club meets in the library every Friday & Monday at noon."]);
  });

  it("makes each table row a fact that keeps its row and column headers", async () => {
    const facts = await texts(
      md(
        "# Course\n\n## Grading\n\n| Component | Weight | Date |\n| --- | --- | --- |\n| Final exam | 30% | December 12 |\n| Quizzes | 10% | |\n",
      ),
    );
    expect(facts).toEqual(["Final exam — weight: 30%, date: December 12.", "Quizzes — weight: 10%."]);
  });

  it("keeps 'Label: value' lines and bullets as facts, however short", async () => {
    const doc = await md(
      "# BIO 101\n\n- Instructor: Dr. Maria Okafor\n- Office hours: Tue 2–4 pm\n\nRoom: 214\nPhone: 555 0100\n",
    );
    expect(extractFacts(doc).map((f) => f.text)).toEqual([
      "Instructor: Dr. Maria Okafor.",
      "Office hours: Tue 2-4 pm.",
      "Room: 214.",
      "Phone: 555 0100.",
    ]);
    const index = new CorpusIndex([doc]);
    expect(answerQuestion(index, "who is the instructor").answer?.text).toBe("Instructor: Dr. Maria Okafor.");
    expect(answerQuestion(index, "when are office hours").answer?.text).toBe("Office hours: Tue 2-4 pm.");
  });

  it("reads a long or several-sentence line after a label as prose", async () => {
    const facts = await texts(
      md(
        "# Lab\n\nRequired textbook: Campbell Biology, 12th edition (Pearson, 2020). A used copy is fine.\n",
      ),
    );
    expect(facts).toEqual([
      "Required textbook: Campbell Biology, 12th edition (Pearson, 2020).",
      "A used copy is fine.",
    ]);
  });

  it("reports broken front matter by name", async () => {
    await expect(md("---\ntitle: [unclosed\n---\nSome text here that is long enough.\n")).rejects.toThrow(
      /notes\.md: has front matter that is not valid YAML/,
    );
  });
});

describe("dates", () => {
  it("normalises the ways documents write a date", () => {
    expect(normalizeDate("2010-7-29")).toBe("2010-07-29");
    expect(normalizeDate("July 29, 2010")).toBe("2010-07-29");
    expect(normalizeDate("29 July 2010")).toBe("2010-07-29");
    expect(normalizeDate("2025-03-08T07:30:00+00:00")).toBe("2025-03-08");
    expect(normalizeDate("sometime in spring")).toBe("sometime in spring");
  });
});

describe("HTML through Readability", () => {
  it("keeps the article and its metadata, and drops navigation, side boxes and footer", async () => {
    const file = "library-reopens.html";
    const doc = await readDocument(file, readFileSync(`test/fixtures/news-html/${file}`));
    expect(doc.meta).toMatchObject({
      title: "Millbrook library reopens after two-year renovation",
      author: "Priya Raman",
      source: "Millbrook Gazette",
      published: "2025-03-08",
    });
    const all = extractFacts(doc)
      .map((f) => f.text)
      .join("\n");
    expect(all).toContain("£6.2 million");
    expect(all).toContain("Sunday — opens: 11 am, closes: 4 pm.");
    for (const chrome of [
      "Bus fares",
      "Subscribe",
      "newsletter",
      "company number",
      "Share on",
      "window.dataLayer",
    ])
      expect(all).not.toContain(chrome);
  });
});

/** Encodes text as GB2312 (Node decodes it but has no encoder): a table from decoding every pair. */
function gb2312(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb2312");
  for (let hi = 0xa1; hi <= 0xf7; hi++)
    for (let lo = 0xa1; lo <= 0xfe; lo++) table.set(decoder.decode(Buffer.from([hi, lo])), [hi, lo]);
  return Buffer.from(
    [...text].flatMap((ch) => (ch.charCodeAt(0) < 128 ? [ch.charCodeAt(0)] : (table.get(ch) ?? []))),
  );
}

describe("character sets", () => {
  it("decodes a saved page in the charset it declares", async () => {
    const html =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>花园</title></head><body><article><p>社区花园于2014年开放，志愿者每年种植大约18吨蔬菜。</p></article></body></html>';
    const doc = await readDocument("garden.html", gb2312(html));
    expect(doc.meta.title).toBe("花园");
    expect(doc.sections[0]?.paragraphs[0]).toContain("志愿者每年种植大约18吨蔬菜");
  });
});

describe("definition lists", () => {
  it("reads <dt>/<dd> pairs as labelled facts", async () => {
    const page =
      "<html><head><title>Club</title></head><body><article><h1>Club</h1><p>The chess club is open to every student of the school, beginners included, and meets all year.</p><dl><dt>Coach</dt><dd>Ms. Ana Ruiz</dd><dt>Fee:</dt><dd>$10 a term</dd></dl></article></body></html>";
    const facts = extractFacts(await readDocument("club.html", Buffer.from(page))).map((f) => f.text);
    expect(facts).toContain("Coach: Ms. Ana Ruiz.");
    expect(facts).toContain("Fee: $10 a term.");
  });
});

describe("PDF through unpdf", () => {
  it("reads text by page, rejoins hyphenated lines and cites the page", async () => {
    const { index } = await loadCorpus("test/fixtures/handout-pdf");
    const a = answerQuestion(index, "at what angle do I lower the cover slip");
    expect(a.answer?.text).toContain("45 degrees");
    expect(a.answer?.source).toMatchObject({ section: "Preparing a wet mount", page: 2 });
    const first = answerQuestion(index, "how much does the eyepiece magnify");
    expect(first.answer?.source.page).toBe(1);
    expect(index.facts.map((f) => f.text).join(" ")).not.toMatch(/\w- \w/);
  });

  it("says a PDF without a text layer has none, by name", async () => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((r) => doc.on("end", () => r()));
    doc.rect(50, 50, 300, 400).fill("#888"); // a "scan": marks on the page, no text
    doc.end();
    await done;
    await expect(readDocument("scan.pdf", Buffer.concat(chunks))).rejects.toThrow(
      new DocumentError("scan.pdf", "has no text layer; skipped"),
    );
  });

  it("builds two-page handouts the way the fixture script does", async () => {
    const pdf = await handoutPdf(
      [
        [
          { heading: "Title" },
          { text: "Page one has one sentence about owls and oxidative phos-\nphorylation." },
        ],
        [{ text: "Page two has a sentence about bats." }],
      ],
      { Title: "Owls and bats" },
    );
    const doc = await readDocument("owls.pdf", pdf);
    expect(doc.sections.map((s) => [s.page, s.paragraphs.join(" ")])).toEqual([
      [1, "Page one has one sentence about owls and oxidative phosphorylation."],
      [2, "Page two has a sentence about bats."],
    ]);
  });
});

describe("Word through mammoth", () => {
  it("keeps headings, bullets and tables", async () => {
    const file = "bio101-syllabus.docx";
    const doc = await readDocument(file, readFileSync(`test/fixtures/syllabus-docx/${file}`));
    expect(doc.meta).toMatchObject({ title: "BIO 101: Introduction to Biology", author: "Maria Okafor" });
    expect(doc.sections.map((s) => s.heading)).toContain("Grading > Late work");
    const facts = extractFacts(doc).map((f) => f.text);
    expect(facts).toContain("Instructor: Dr. Maria Okafor.");
    expect(facts).toContain("Final exam — weight: 30%, date: December 12.");
  });

  it("reports a file that is not a Word document by name", async () => {
    await expect(readDocument("notes.docx", Buffer.from("plain text, not a zip"))).rejects.toThrow(
      /notes\.docx: is not a readable Word document/,
    );
  });
});
