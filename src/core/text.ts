import { stemmer } from "stemmer";
import { english } from "./english";
import { isUnspaced, segmentWords } from "./segment";

/**
 * Text handling shared by indexing and questions. Both sides go through the same `analyze`, so
 * whatever folding happens here (case, stems, synonyms, spelling variants) matches symmetrically.
 */

// Zero-width characters: a zero-width space is a word break (pasted text and some editors put one
// between words: "how\u200Bmany"); so is a joiner between letters of scripts that write words with
// spaces, where it joins nothing. Elsewhere (a byte-order mark, a joiner in an emoji or in Persian
// or Indic text) they are removed.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]+/g;
const SPACED_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{N}]/u;
// C0/C1 controls other than whitespace carry no meaning in a question or a document: removed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

/** A run of zero-width characters: a space where it breaks words, otherwise nothing. */
function zeroWidth(run: string, offset: number, text: string): string {
  const before = text[offset - 1] ?? " ";
  const after = text[offset + run.length] ?? " ";
  if (/\s/.test(before) || /\s/.test(after)) return "";
  if (run.includes("\u200B")) return " ";
  return SPACED_SCRIPT.test(before) && SPACED_SCRIPT.test(after) ? " " : "";
}

/** Unicode-normalises a string and folds typographic variants (spaces, quotes, dashes) to ASCII. */
export function normalizeText(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/\r\n?/g, "\n")
    .replace(ZERO_WIDTH, zeroWidth)
    .replace(CONTROL, "")
    .replace(/[\v\f\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u2026/g, "...");
}

/** Collapses runs of spaces and tabs (not newlines) and trims each line. */
export function collapseSpaces(input: string): string {
  return input
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n");
}

// Function words and question cues: they say what kind of answer is wanted, not what it is about.
export const STOP_WORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being below between
  both but by can could did do does doing done down during each either few for from further get gets got had
  has have having he her here hers him his how i if in into is it its itself just let me more most my
  neither no nor not now of off on once only or other our ours out over own please same she should so some
  such than that the their theirs them then there these they this those through to too under until up upon
  us very was we were what whats when whens where which while who whom whose why will with would you your
  yours tell know say said give show find list many much number count total amount long year years date
  time anyone someone something thing things really exactly approximately roughly about around tell me
  does doesnt dont didnt isnt wasnt arent werent ever may might must shall yes ok okay hi hey hello thanks
  thank pls give gave given get gets got gotten go goes going went come came happen happened happens become
  became like want need people persons individuals ppl folks run runs ran running exist exists existed
  last lasted lasts today currently presently nowadays still already yet`.split(/\s+/),
);

// How people type in chat: these spellings stand for the words, in any document. A Map, as every
// table keyed by a word here: a plain object would answer "constructor" with a built-in.
const CHAT_SPELLINGS = new Map<string, string>(
  Object.entries({
    r: "are",
    u: "you",
    ur: "your",
    ya: "you",
    y: "why",
    n: "and",
    ppl: "people",
    pls: "please",
    plz: "please",
    wat: "what",
    wut: "what",
    wht: "what",
    thx: "thanks",
    ty: "thanks",
    abt: "about",
    bc: "because",
    cuz: "because",
    coz: "because",
    b4: "before",
    w: "with",
    rn: "now",
    acc: "according",
    yr: "year",
    yrs: "years",
    tho: "though",
    thru: "through",
    biz: "business",
    govt: "government",
    gov: "government",
    info: "information",
    intl: "international",
    org: "organization",
    orgs: "organizations",
    dept: "department",
    approx: "approximately",
    smth: "something",
    sth: "something",
    msg: "message",
    pic: "picture",
    yeah: "yes",
  }),
);

// Multi-word expressions read as the one word they mean, before tokenising.
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\blaid[- ]off\b|\bout of work\b/g, "unemployed"],
  [/\btak(?:e|es|ing|en)[- ]part\b|\btook part\b/g, "participate"],
  [/\bset(?:s|ting)?[- ]up\b/g, "establish"],
  [/\bkick(?:ed|s|ing)?[- ]off\b/g, "start"],
  [/\b(?:be|been|being|is|are|was|were) (?:a )?part of\b/g, "participate"],
  // Time phrases say when, not what: "so far", "to date", "up to now".
  [/\b(?:so far|to date|up to now|until now|right now)\b/g, " "],
];

// A cheap test that skips the phrase rewrites for the many texts that contain none of them.
const PHRASE_HINT = /laid|out of|part|set|kick|far|date|now/;

const stemCache = new Map<string, string>();

/**
 * Maps one lower-case word to its canonical term: its lemma from WordNet's lemmatizer (irregular
 * forms: "went" -> "go", "women" -> "woman"), then its Porter stem; British -ise as -ize.
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  let w = CHAT_SPELLINGS.get(word) ?? word;
  if (/^[a-z]+$/.test(w)) w = english().lemma(w);
  if (/[a-z]{3}is(e|ed|es|ing|ation|ations)$/.test(w)) w = w.replace(/is(e|ed|es|ing|ation|ations)$/, "iz$1");
  let out = /^[a-z]+$/.test(w) && w.length > 2 ? stemmer(w) : w;
  // Porter turns a final y into i only in some forms (employed -> emploi, employment -> employ).
  out = out.replace(/i$/, "y");
  if (stemCache.size < 200_000) stemCache.set(word, out);
  return out;
}

/** The word a chat spelling stands for ("r" -> "are"), or the word itself. */
export function spelledOut(word: string): string {
  return CHAT_SPELLINGS.get(word) ?? word;
}

export interface Token {
  /** lower-cased surface form */
  word: string;
  /** canonical stem used for matching */
  term: string;
  /** whether it is a function word or question cue */
  stop: boolean;
}

/** Splits text into lower-case word tokens (letters and digits of any script); `normalized` skips
 * `normalizeText` for text that has been through it already. */
export function words(text: string, normalized = false): string[] {
  let t = (normalized ? text : normalizeText(text)).toLowerCase();
  if (PHRASE_HINT.test(t)) for (const [re, replacement] of PHRASES) t = t.replace(re, replacement);
  // Keep decimals and thousands together (5.86, 4,700); drop apostrophes inside words (women's).
  t = t
    .replace(/(\d)[,.](?=\d)/g, "$1")
    .replace(/(\p{L})'s\b/gu, "$1")
    .replace(/(\p{L})'(\p{L})/gu, "$1$2");
  const found = t.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
  // Chinese, Japanese, Thai...: a "word" between spaces is a whole phrase; ICU splits it.
  return isUnspaced(t) ? found.flatMap((w) => (isUnspaced(w) ? segmentWords(w) : [w])) : found;
}

/** Words for matching: hyphenated compounds give both the joined word and their longer parts. */
export function wordPieces(text: string, normalized = false): string[] {
  const all = words(text, normalized);
  if (!text.includes("-")) return all;
  const out: string[] = [];
  for (const raw of all) {
    if (!raw.includes("-")) {
      out.push(raw);
      continue;
    }
    out.push(raw.replace(/-/g, ""));
    for (const part of raw.split("-")) if (part.length > 2) out.push(part);
  }
  return out;
}

/** Tokens for matching, each with its canonical term and whether it is a stop word. */
export function tokenize(text: string, normalized = false): Token[] {
  return wordPieces(text, normalized).map((word) => {
    const spelled = spelledOut(word);
    const stop = STOP_WORDS.has(spelled);
    return { word: spelled, term: stop ? spelled : stem(spelled), stop };
  });
}

/** The content terms of a text, in order, duplicates kept. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) if (!token.stop) out.push(token.term);
  return out;
}

const termCache = new Map<string, readonly string[]>();
const TERM_CACHE_LIMIT = 100_000;

/** `contentTerms` memoised, for the short strings (words, units, names) read on every question. */
export function cachedTerms(text: string): readonly string[] {
  let terms = termCache.get(text);
  if (terms === undefined) {
    if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
    terms = contentTerms(text);
    termCache.set(text, terms);
  }
  return terms;
}
