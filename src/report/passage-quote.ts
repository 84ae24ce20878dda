import { rankQuestion, toAnswerFact } from "../core/answer";
import type { CorpusIndex } from "../core/corpus-index";
import type { Fact } from "../core/facts";
import { formatCitation } from "../core/reply";

/**
 * Passages by what a teacher quotes from them: which passage holds a quote (a teacher's `teach`,
 * in the app), and the shortest quote that names one passage alone (what the report suggests
 * teaching with). Pure functions of a class's index; here, below the app, so the report can use them.
 */

const MAX_LISTED = 5;
const LISTED_CHARS = 80;

/** Case, curly quotes and spacing do not matter in a quote. */
export function normaliseQuote(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

export type Quoted =
  | { ok: true; fact: Fact; others: Fact[] }
  | { ok: false; error: string; candidates: Fact[] };

/**
 * The passage holding `quote`. In several, the one `question` itself ranks first among them is
 * meant, and the others are named; if the question ranks none of them, the quote is ambiguous.
 */
export function findQuoted(index: CorpusIndex, question: string, quote: string): Quoted {
  const wanted = normaliseQuote(quote);
  const found = wanted ? index.facts.filter((f) => normaliseQuote(f.text).includes(wanted)) : [];
  if (found.length === 0)
    return { ok: false, error: `"${quote}" is in no passage of this class's documents`, candidates: [] };
  if (found.length === 1) return { ok: true, fact: found[0] as Fact, others: [] };
  const ranked = rankQuestion(index, question).ranked.map((r) => r.candidate.fact.id);
  const best = found
    .map((f) => ({ f, at: ranked.indexOf(f.id) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (!best)
    return {
      ok: false,
      error: `"${quote}" is in ${found.length} passages: ${listPassages(found)}; quote more of the one you mean`,
      candidates: found,
    };
  return { ok: true, fact: best.f, others: found.filter((f) => f !== best.f) };
}

/** "doc#1.2 "The fee is…"; doc#3.0 "…"" for a reply that names passages. */
export function listPassages(facts: readonly Fact[]): string {
  const shown = facts
    .slice(0, MAX_LISTED)
    .map((f) => `${f.id} "${short(f.text, LISTED_CHARS)}"`)
    .join("; ");
  return facts.length > MAX_LISTED ? `${shown}; and ${facts.length - MAX_LISTED} more` : shown;
}

export const short = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/**
 * The fewest leading words of the passage (at least three) that no other passage holds, so that
 * `teach QUESTION => QUOTE` picks this passage; the whole text when no shorter quote is its alone.
 */
export function uniqueQuote(index: CorpusIndex, fact: Fact): string {
  const words = fact.text.split(/\s+/).filter(Boolean);
  const texts = normalisedTexts(index);
  const own = normaliseQuote(fact.text);
  for (let n = Math.min(3, words.length); n < words.length; n++) {
    const wanted = normaliseQuote(words.slice(0, n).join(" "));
    if (!texts.some((t) => t !== own && t.includes(wanted))) return words.slice(0, n).join(" ");
  }
  return fact.text;
}

const normalised = new WeakMap<CorpusIndex, string[]>();
function normalisedTexts(index: CorpusIndex): string[] {
  let texts = normalised.get(index);
  if (!texts) {
    texts = index.facts.map((f) => normaliseQuote(f.text));
    normalised.set(index, texts);
  }
  return texts;
}

/** A passage as a teacher reads it in a reply: its text (with the sentence it needs) and citation. */
export function passageWithCitation(index: CorpusIndex, question: string, fact: Fact) {
  const shown = toAnswerFact(index, rankQuestion(index, question).ctx, fact);
  return { factId: fact.id, text: shown.text, citation: formatCitation(shown.source) };
}
