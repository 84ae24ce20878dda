import { english } from "./english";
import { editDistance } from "./fuzzy";
import type { Measure } from "./quantities";
import { englishCues } from "./question-words";
import { STOP_WORDS, tokenize } from "./text";

/**
 * Reads a question: what kind of answer it wants (a count, a date, a name...) and which content
 * terms it is about. Question words are read even when misspelt ("wen", "hw mnay").
 */

export type QuestionType = "count" | "date" | "duration" | "who" | "where" | "what";

export interface QuestionTerm {
  /** canonical stem */
  term: string;
  /** the word as typed */
  word: string;
  /** less than 1 for a term the question implies rather than says ("it": the document's subject) */
  weight?: number;
  /** written capitalised mid-sentence ("who wrote Hamlet"): a name, however common the word */
  name?: boolean;
}

export interface AnalyzedQuestion {
  text: string;
  type: QuestionType;
  terms: QuestionTerm[];
  /** the kind of measurement asked for ("how big": a size), if any */
  measure: Measure | null;
  /** the noun right after "how many" ("how many women ..."), as a term */
  counted: string | null;
  /** uses a pronoun ("when did it start") that stands for the document's own subject */
  pronoun: boolean;
  /** asks about the document itself (publisher, release date, title) rather than its content */
  meta: "published" | "source" | "title" | "author" | null;
}

// "how big", "how far": a measured quantity, read like "how much", in a family of units.
// Maps, like every table keyed by a word: a plain object would read "constructor" as a built-in.
const MEASURES = new Map<string, Measure | null>(
  Object.entries({
    big: "size",
    large: "size",
    small: "size",
    tall: "length",
    far: "length",
    high: "length",
    wide: "length",
    deep: "length",
    heavy: "weight",
    old: "age",
    expensive: "money",
    costly: "money",
    cheap: "money",
    often: null,
  }),
);
const ANSWER_KINDS = new Set(
  "organisation organization organisations organizations agency agencies body bodies institution institutions person persons".split(
    " ",
  ),
);
const PRONOUNS = new Set(["it", "its", "this", "they", "them", "their"]);
const CUES = ["how", "many", "much", "when", "where", "who", "whom", "what", "which", "long", "year", "date"];

/** Corrects a misspelt question word ("wen" -> "when") unless the word is a real corpus term. */
function asCue(word: string, known: (term: string) => boolean, term: string): string | null {
  if (CUES.includes(word)) return word;
  if (known(term) || word.length < 2 || word.length > 6) return null;
  for (const cue of CUES) if (editDistance(word, cue, 1) <= 1 && word[0] === cue[0]) return cue;
  return null;
}

function detectType(cues: string[], words: string[]): QuestionType {
  const s = ` ${cues.join(" ")} `;
  const w = ` ${words.join(" ")} `;
  if (/ how long /.test(s) || / how many years /.test(w) || / for how many /.test(w)) return "duration";
  if (/ how (many|much) /.test(s) || / number of | amount of | total | count /.test(w)) return "count";
  if (
    / when /.test(s) ||
    /( what| which) (year|date) /.test(s) ||
    / since when /.test(w) ||
    / what year /.test(w)
  )
    return "date";
  if (/ (who|whom) /.test(s) || / which (organi[sz]ation|ministry|ministries|group|agency) /.test(w))
    return "who";
  if (/ where /.test(s)) return "where";
  return "what";
}

const META_WORDS = new Map<string, AnalyzedQuestion["meta"]>(
  Object.entries({
    publish: "source",
    publisher: "source",
    sourc: "source",
    releas: "published",
    post: "published",
    titl: "title",
    call: "title",
    name: "title",
    write: "author",
    author: "author",
  }),
);
// Words that point at the document itself rather than its content.
const DOC_WORDS = new Set([
  "inform",
  "data",
  "fact",
  "figur",
  "statist",
  "articl",
  "page",
  "document",
  "doc",
  "text",
  "story",
  "piec",
  "report",
  "websit",
  "site",
  "origin",
  "sourc",
]);

const META_SPELLINGS = [...META_WORDS.keys()];
const DOC_SPELLINGS = [...DOC_WORDS].filter((w) => w.length >= 5);

/** A word for the document itself, allowing one typo in longer words ("artical"). */
function isDocWord(t: QuestionTerm): boolean {
  if (DOC_WORDS.has(t.term)) return true;
  return t.term.length >= 5 && DOC_SPELLINGS.some((d) => editDistance(t.term, d, 1) <= 1);
}

/** The metadata a word asks about, allowing one typo in longer words ("relased"). */
function metaKind(t: QuestionTerm): AnalyzedQuestion["meta"] {
  const exact = META_WORDS.get(t.term);
  if (exact) return exact;
  if (t.term.length < 5) return null;
  const near = META_SPELLINGS.find((m) => m.length >= 5 && editDistance(t.term, m, 1) <= 1);
  return near ? (META_WORDS.get(near) ?? null) : null;
}

/** Strips a leading slash command and an option label ("/campaign question: when ..."). */
export function stripCommandPrefix(text: string): string {
  return (
    text
      // Chat mention markup (@everyone, <@U123>, <!channel>) addresses people; it asks nothing.
      .replace(/<[@#!][^>\s]*>|(^|\s)@[\p{L}\p{N}_.-]+/gu, " ")
      .replace(/^\s*\/[\p{L}\p{N}_-]+\s*/u, "")
      .replace(/^\s*(question|q|ask)\s*:\s*/i, "")
      .trim()
  );
}

/** Words written with a capital letter other than at the start of a sentence, lower-cased. */
function capitalised(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<=[\p{L}\p{N},;:'"()]\s+)\p{Lu}[\p{L}\p{N}'-]*/gu))
    out.add(m[0].toLowerCase());
  return out;
}

const LONG_STOP_WORDS = [...STOP_WORDS].filter((w) => w.length >= 4);

/** "happend", "becuase": a typo of a function word, not a word the question is about. */
function misspeltStopWord(word: string, term: string, known: (term: string) => boolean): boolean {
  if (word.length < 4 || known(term) || english().isWord(word)) return false;
  return LONG_STOP_WORDS.some((s) => s[0] === word[0] && editDistance(word, s, 1) <= 1);
}

export function analyzeQuestion(
  text: string,
  known: (term: string) => boolean,
  documentTerms: ReadonlySet<string>,
): AnalyzedQuestion {
  const cleaned = stripCommandPrefix(text);
  const cues: string[] = [];
  const words: string[] = [];
  const terms: QuestionTerm[] = [];
  let counted: string | null = null;
  let measure: Measure | null = null;
  // Question words of other languages ("сколько", "combien", "多少") read as their English cue.
  for (const token of tokenize(englishCues(cleaned))) {
    const afterHow = words[words.length - 1] === "how" && MEASURES.has(token.word);
    if (afterHow) measure = MEASURES.get(token.word) ?? null;
    const cue = afterHow ? "much" : asCue(token.word, known, token.term);
    const previous = words[words.length - 1];
    words.push(cue ?? token.word);
    if (cue) cues.push(cue);
    else if (!token.stop && !misspeltStopWord(token.word, token.term, known)) {
      terms.push({ term: token.term, word: token.word });
      if (previous === "many" && counted === null) counted = token.term;
    }
  }
  const type = detectType(cues, words);
  // "which organisation launched it": the kind of answer wanted, not something to look for.
  for (let i = terms.length - 1; i >= 0; i--) {
    const t = terms[i] as QuestionTerm;
    const at = words.indexOf(t.word);
    if (at > 0 && /^(which|what)$/.test(words[at - 1] as string) && ANSWER_KINDS.has(t.word))
      terms.splice(i, 1);
  }
  const pronoun = words.some((w) => PRONOUNS.has(w));
  const names = capitalised(cleaned);
  for (const t of terms) if (names.has(t.word)) t.name = true;

  // "who published this", "when was it released": metadata, if nothing else is asked about.
  let meta: AnalyzedQuestion["meta"] = null;
  const metaTerm = terms.find((t) => metaKind(t) !== null);
  // "where does this come from", "which site is this from": only words for the document, then "from".
  const comesFrom =
    (type === "where" && /\bcomes? from\b/i.test(cleaned)) || /\b(is|was) (this|it) from\W*$/i.test(cleaned);
  if (comesFrom && terms.every(isDocWord)) meta = "source";
  else if (metaTerm) {
    const rest = terms.filter((t) => t !== metaTerm && !isDocWord(t) && !documentTerms.has(t.term));
    if (rest.length === 0) {
      meta = metaKind(metaTerm);
      if (meta === "source" && type === "date") meta = "published";
      if (meta === "published" && type === "who") meta = "source";
    }
  }
  if (!measure && /\b(cost|costs|price|pay|fee|spend|budget)\b/i.test(cleaned) && type === "count")
    measure = "money";
  return { text: cleaned, type, terms, meta, pronoun, counted, measure };
}
