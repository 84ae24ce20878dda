import { z } from "zod";
import type { ParsedDocument } from "./document";
import { extractQuantities } from "./quantities";
import { isUnspaced, segmentSentences, segmentWords } from "./segment";

/**
 * Splits a parsed document into facts: sentences, and long semicolon enumerations into their clauses.
 * Each fact keeps its document and section so an answer can cite where it came from.
 */

export const QuantitySchema = z.object({
  kind: z.enum(["count", "year", "range", "duration", "percent", "money", "date"]),
  raw: z.string(),
  value: z.number(),
  unit: z.string(),
  start: z.number().int().nonnegative(),
});

export const FactSchema = z.object({
  /** stable across runs for the same document text: `<document>#<section>.<n>` */
  id: z.string().regex(/^[a-z0-9-]+#\d+\.\d+$/),
  docId: z.string(),
  sectionIndex: z.number().int().nonnegative(),
  sectionHeading: z.string(),
  text: z.string().min(1),
  quantities: z.array(QuantitySchema),
  /** quoted programme names, e.g. "Start Your Business" */
  names: z.array(z.string()),
  /** organisations, acronyms and other proper names */
  organizations: z.array(z.string()),
  /** the paragraph within its section: sentences of one paragraph explain each other */
  paragraph: z.number().int().nonnegative().optional(),
});
export type Fact = z.infer<typeof FactSchema>;

const ABBREVIATIONS = new Set(
  "mr mrs ms dr prof st no nos vs etc eg ie inc ltd co corp jr sr jan feb mar apr jun jul aug sep sept oct nov dec fig approx dept govt est vol".split(
    " ",
  ),
);

/** The last run of letters and dots in `text`, lower-cased without dots ("U.S." -> "us"). */
function trailingWord(text: string): string {
  let i = text.length;
  while (i > 0 && /[A-Za-z.]/.test(text[i - 1] as string)) i--;
  return text.slice(i).toLowerCase().replace(/\./g, "");
}

/** Sentence boundaries: end punctuation, optional closing quote, space, then a capital, digit or quote. */
export function splitSentences(paragraph: string): string[] {
  if (isUnspaced(paragraph)) return segmentSentences(paragraph);
  const out: string[] = [];
  const re = /[.!?]["')\]]*\s+(?=["'([]?[\p{Lu}\p{N}])/gu;
  let last = 0;
  for (const m of paragraph.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].length;
    const before = paragraph.slice(last, m.index ?? 0);
    const lastWord = trailingWord(before);
    // "Dr. Smith", "U.S. Army", "e.g. Some": not the end of a sentence.
    if (ABBREVIATIONS.has(lastWord) || /^[a-z]$/.test(lastWord) || /\b[A-Z]\.[A-Z]$/.test(before)) continue;
    out.push(paragraph.slice(last, end).trim());
    last = end;
  }
  const tail = paragraph.slice(last).trim();
  if (tail) out.push(tail);
  return out;
}

const MIN_CLAUSE_WORDS = 5;

// Two short clauses ("X runs a course; 35 schools have taken part") lean on each other for meaning,
// so only enumerations (three or more parts) or long sentences are split.
const MIN_CLAUSES = 3;
const LONG_SENTENCE_WORDS = 40;

/** Splits a long enumeration on semicolons into its clauses; other sentences stay whole. */
export function splitClauses(sentence: string): string[] {
  const parts = sentence
    .split(/;\s*/)
    .map((p) => p.trim().replace(/^(and|or|but)\s+/i, ""))
    .filter((p) => p.length > 0 && !/^(and|or)$/i.test(p));
  if (parts.length < 2) return [tidy(sentence)];
  const enumeration = parts.length >= MIN_CLAUSES || sentence.split(/\s+/).length > LONG_SENTENCE_WORDS;
  const clauses = parts.every((p) => p.split(/\s+/).length >= MIN_CLAUSE_WORDS);
  return enumeration && clauses ? parts.map(tidy) : [tidy(sentence.replace(/;\s*$/, ""))];
}

/** Capitalises a clause and ends it with a full stop, dropping a trailing "; and". */
function tidy(text: string): string {
  let t = text
    .trim()
    .replace(/[;,]\s*(and|or)?$/i, "")
    .trim();
  t = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?:。]["')\]」』]*$/.test(t) ? t : `${t}.`;
}

const CONNECTORS = new Set(["of", "and", "for", "de", "du", "von"]);

/** Proper names: acronyms (ACWF) and runs of capitalised words ("Ministry of Civil Affairs"). */
export function extractOrganizations(sentence: string): string[] {
  // Most sentences have no capital past their first letter: nothing to find.
  if (!/\p{Lu}/u.test(sentence.slice(1))) return [];
  const found = new Set<string>();
  for (const m of sentence.matchAll(/\b[A-Z]{2,}[a-z]?\b/g)) found.add(m[0]);
  const tokens = sentence.split(/\s+/);
  let run: string[] = [];
  const flush = () => {
    while (run.length && CONNECTORS.has((run[run.length - 1] as string).toLowerCase())) run.pop();
    if (/^(the|a|an|in|on|at|since|for)$/i.test(run[0] ?? "")) run.shift();
    if (run.length >= 2) found.add(run.join(" ").replace(/[,.;:"')]+$/, ""));
    run = [];
  };
  tokens.forEach((token, i) => {
    const clean = token.replace(/^["'(]+/, "");
    const capital = /^\p{Lu}[\p{L}'-]*[,.;:"')]*$/u.test(clean);
    const connector = run.length > 0 && CONNECTORS.has(clean.toLowerCase());
    // The first word of a sentence is capitalised anyway; it starts a name only if the next is too.
    if (capital && (i > 0 || /^\p{Lu}/u.test(tokens[1] ?? ""))) {
      run.push(clean);
      if (/[,.;:")]$/.test(clean)) flush();
    } else if (connector) run.push(clean);
    else flush();
  });
  flush();
  return [...found];
}

export function extractNames(sentence: string): string[] {
  return [...sentence.matchAll(/"([^"]{2,100})"/g)].map((m) => (m[1] as string).replace(/[.,;:]$/, ""));
}

/** A sentence worth answering with: some words, not a lead-in ("The main initiatives include:"). */
function isFactLike(text: string): boolean {
  if (isUnspaced(text)) return segmentWords(text).length >= 4 && !/[:：]$/.test(text.trimEnd());
  let spaces = 0;
  for (let i = text.indexOf(" "); i >= 0 && spaces < 3; i = text.indexOf(" ", i + 1)) spaces++;
  return spaces >= 3 && !text.trimEnd().endsWith(":");
}

function makeFact(doc: ParsedDocument, sectionIndex: number, heading: string, n: number, text: string): Fact {
  // Built to FactSchema's shape; the tests validate every fact against it, which at start-up
  // would cost a tenth of the build time on a large corpus.
  return {
    id: `${doc.id}#${sectionIndex}.${n}`,
    docId: doc.id,
    sectionIndex,
    sectionHeading: heading,
    text,
    quantities: extractQuantities(text),
    names: extractNames(text),
    organizations: extractOrganizations(text),
  };
}

export function extractFacts(doc: ParsedDocument): Fact[] {
  const facts: Fact[] = [];
  for (const section of doc.sections) {
    let n = 0;
    // Table rows and "Label: value" lines are facts as written: short, and not sentences.
    for (const record of section.records ?? []) {
      const text = record.trim();
      if (text) facts.push(makeFact(doc, section.index, section.heading, n++, tidy(text)));
    }
    for (const [p, paragraph] of section.paragraphs.entries()) {
      for (const sentence of splitSentences(paragraph)) {
        for (const clause of splitClauses(sentence)) {
          if (!isFactLike(clause)) continue;
          facts.push({ ...makeFact(doc, section.index, section.heading, n++, clause), paragraph: p });
        }
      }
    }
  }
  return facts;
}
