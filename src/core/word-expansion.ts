import { english } from "./english";
import type { FuzzyVocabulary } from "./fuzzy";
import { stem } from "./text";

/**
 * How a question's word meets a corpus's words: the corpus terms it may stand for, each with how
 * surely (its own term; words WordNet relates to it; for a word everyday English lacks or rarely
 * uses, words within a typo or two; for a compound, its tail), and how much it weighs when the
 * corpus lacks it (by how rare it is in English).
 */

/** What a corpus offers for matching words: its terms, its written words and their terms. */
export interface Lexicon {
  terms: ReadonlySet<string>;
  vocabulary: FuzzyVocabulary;
  /** written word -> canonical term */
  surface: ReadonlyMap<string, string>;
}

export interface Expansion {
  term: string;
  weight: number;
}

// Fuzzy matches count for less than exact ones, so a typo never outranks the real word.
const EDIT_WEIGHT = [1, 0.85, 0.7];
const COMPOUND_WEIGHT = 0.8;
// A word WordNet relates to the one asked about (utilize ~ use, member ~ membership).
const RELATED_WEIGHT = 0.7;
// A broader or narrower word (start ~ launch) is a weaker match.
const KIN_WEIGHT = 0.5;
// Common English words are not typos of corpus words ("models" is not "modes").
const TYPO_BELOW_ZIPF = 3;
// Word rarity from Zipf frequency: 1.5 or less is rare (weighs fully), 5.5 is everyday.
const RARE_ZIPF = 5.5;
const ZIPF_SPAN = 4;
const MIN_RARITY = 0.1;
const MAX_EXPANSIONS = 5;

export function expandWord(lex: Lexicon, term: string, word: string, name: boolean): Expansion[] {
  if (/^\d+$/.test(term)) return lex.terms.has(term) ? [{ term, weight: 1 }] : [];
  const out = new Map<string, number>();
  const known = lex.terms.has(term);
  if (known) out.set(term, 1);
  const en = english();
  // A name ("Hamlet") means that one thing, not what the common word means (a hamlet, a village).
  const relations = name
    ? []
    : ([
        [en.related(word), RELATED_WEIGHT],
        [en.kin(word), KIN_WEIGHT],
      ] as const);
  for (const [words, weight] of relations) {
    for (const related of words) {
      const t = stem(related);
      if (t !== term && lex.terms.has(t) && !out.has(t)) out.set(t, weight);
      if (out.size >= MAX_EXPANSIONS) break;
    }
  }
  if (!known && (!en.isWord(word) || en.zipf(word) < TYPO_BELOW_ZIPF)) {
    for (const m of lex.vocabulary.lookup(word).slice(0, 8)) {
      const t = lex.surface.get(m.word) as string;
      out.set(t, Math.max(out.get(t) ?? 0, EDIT_WEIGHT[m.distance] ?? 0));
    }
  }
  if (out.size === 0) {
    for (let i = 3; i <= word.length - 4; i++) {
      const tail = stem(word.slice(i));
      if (lex.terms.has(tail)) {
        out.set(tail, COMPOUND_WEIGHT);
        break;
      }
    }
  }
  return [...out]
    .sort((a, b) => b[1] - a[1])
    .map(([t, weight]) => ({ term: t, weight }))
    .slice(0, MAX_EXPANSIONS);
}

/**
 * How much a word the corpus lacks says about the question, up to `rarest` (the weight of a term no
 * fact has): a name or rare word ("Antioch") is probably what it is about; a common English word
 * ("utilizing") is probably just how it was put.
 */
export function missingWeight(word: string, name: boolean, rarest: number): number {
  const en = english();
  if (name || !en.isWord(word)) return rarest;
  return rarest * Math.min(1, Math.max(MIN_RARITY, (RARE_ZIPF - en.zipf(word)) / ZIPF_SPAN));
}

/**
 * A word's expansions, remembered: the same words come back question after question, and their
 * expansions change only with the lexicon (`clear` then). Past `limit` entries it starts again.
 */
export class ExpansionCache {
  private readonly cached = new Map<string, Expansion[]>();

  constructor(
    private readonly lexicon: Lexicon,
    private readonly limit: number,
  ) {}

  expand(term: string, word: string = term, name = false): Expansion[] {
    const key = `${term}\u0000${word}\u0000${name ? 1 : 0}`;
    let found = this.cached.get(key);
    if (!found) {
      if (this.cached.size >= this.limit) this.cached.clear();
      found = expandWord(this.lexicon, term, word, name);
      this.cached.set(key, found);
    }
    return found;
  }

  clear(): void {
    this.cached.clear();
  }
}

/** BM25's inverse document frequency of a term in `df` of `n` documents. */
export function bm25Idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
