import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { loadCorpus } from "../src/core/load";
import { readEvalSet } from "./eval/evaluate";

/**
 * The same syllabus as Markdown, as a Word document and as a web page (Word's HTML) must give the
 * same facts and answer every evaluation question the same way, from the same section.
 */

const FORMATS = ["test/fixtures/syllabus-md", "test/fixtures/syllabus-docx", "test/fixtures/syllabus-html"];
const questions = readEvalSet("test/eval/syllabus-md.json").questions.map((q) => q.q);

describe("format parity", () => {
  it("reads the same facts in the same sections from every format", async () => {
    const corpora = await Promise.all(FORMATS.map((dir) => loadCorpus(dir)));
    const facts = corpora.map(({ index }) => index.facts.map((f) => `${f.sectionHeading} | ${f.text}`));
    expect(facts[0]?.length).toBeGreaterThan(20);
    expect(facts[1]).toEqual(facts[0]);
    expect(facts[2]).toEqual(facts[0]);
  });

  it.each(FORMATS.slice(1))("answers every syllabus question from %s as from the Markdown", async (dir) => {
    const md = (await loadCorpus(FORMATS[0] as string)).index;
    const other = (await loadCorpus(dir)).index;
    const view = (a: ReturnType<typeof answerQuestion>) => ({
      status: a.status,
      text: a.answer?.text ?? null,
      highlight: a.answer?.highlight ?? null,
      section: a.answer?.source.section ?? null,
      related: a.related.map((r) => r.text),
    });
    for (const q of questions) expect(view(answerQuestion(other, q)), q).toEqual(view(answerQuestion(md, q)));
  });
});
