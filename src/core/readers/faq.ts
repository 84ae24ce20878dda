import type { ParsedDocument, Section } from "../document";
import { A, Q } from "./faq-line";

/**
 * Answers a teacher already wrote: an FAQ. `Q:`/`A:` lines, a heading that is a question followed by
 * its answer, and a table row whose first cell is a question are read as a question and its answer.
 * The answer stays in the section as one fact as written (without its `A:`); the question becomes a
 * taught link to it (`Section.faq`), matched question to question, never a fact of its own.
 */

export interface FaqPair {
  question: string;
  answer: string;
}

// "Q: How will I know my grade? A: On the portal." in one paragraph.
const QA = /^\s*(?:q|question)\s*[:.)]\s*(\S[\s\S]*?\?)\s*(?:a|answer)\s*[:.)]\s*(\S[\s\S]*)$/i;
// A table row "How much is it? — answer: £5" (see blocks.tableRecords): a question in its first cell.
const ROW = /^(\S[^—]*\?)\s+—\s+(?:[^:—]{1,40}:\s+)?(\S[\s\S]*)$/;

function pairsOf(paragraphs: readonly string[]): { faq: FaqPair[]; rest: string[] } {
  const faq: FaqPair[] = [];
  const rest: string[] = [];
  let pending: { question: string; answer: string[] } | null = null;
  const flush = () => {
    if (pending?.answer.length) faq.push({ question: pending.question, answer: pending.answer.join(" ") });
    pending = null;
  };
  for (const p of paragraphs) {
    const both = QA.exec(p);
    const q = both ? null : Q.exec(p);
    const a = both || q ? null : A.exec(p);
    if (both) {
      flush();
      faq.push({ question: (both[1] as string).trim(), answer: (both[2] as string).trim() });
    } else if (q) {
      flush();
      pending = { question: (q[1] as string).trim(), answer: [] };
    } else if (pending && a) pending.answer.push((a[1] as string).trim());
    // A question's answer goes on until the next question (an answer of several paragraphs).
    else if (pending) pending.answer.push(p.trim());
    else if (a) rest.push((a[1] as string).trim());
    else rest.push(p);
  }
  flush();
  return { faq, rest };
}

function readSection(section: Section): Section {
  const { faq, rest } = pairsOf(section.paragraphs);
  const records: string[] = [];
  for (const r of section.records ?? []) {
    const row = ROW.exec(r);
    if (row) faq.push({ question: (row[1] as string).trim(), answer: (row[2] as string).trim() });
    else records.push(r);
  }
  let paragraphs = rest;
  const heading = section.heading.split(" > ").pop()?.trim() ?? "";
  if (faq.length === 0 && heading.endsWith("?") && paragraphs.length > 0) {
    faq.push({ question: heading, answer: paragraphs.join(" ") });
    paragraphs = [];
  }
  if (faq.length === 0) return section;
  return { ...section, paragraphs, records: [...records, ...faq.map((f) => f.answer)], faq };
}

/** The document with its FAQ read as questions and answers (unchanged if it has none). */
export function readFaq(doc: ParsedDocument): ParsedDocument {
  return { ...doc, sections: doc.sections.map(readSection) };
}

/** How an answer is compared with the fact made of it (facts are capitalised and end with a stop). */
export function answerKey(text: string): string {
  const t = text.trim().replace(/[.!?:。]["')\]]*$/, "");
  return t.charAt(0).toLowerCase() + t.slice(1);
}
