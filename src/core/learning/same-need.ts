import { english } from "../english";
import { analyzeQuestion } from "../question";
import { stem } from "../text";

/**
 * Whether two questions marked with the same passage ask for the same thing, so that the second
 * student confirms the first. They must want the same kind of answer ("when" is not "where"), and
 * share a telling word (or one WordNet relates), or a specific kind of answer (both ask "when"). A
 * telling word is neither everyday English ("bring") nor one the class uses for many passages (the
 * page's subject). So a confused student's "where do I park", or "is there wifi at the skatepark",
 * marked on a passage others confirmed stays that student's alone.
 */

interface Read {
  type: string;
  /** each content word with its term */
  words: Array<{ word: string; term: string }>;
  terms: Set<string>;
}

const cache = new Map<string, Read>();
const CACHE_LIMIT = 10_000;
// An everyday word ("bring", "get") says nothing about which need a question is.
const EVERYDAY_ZIPF = 5;

function read(question: string): Read {
  let r = cache.get(question);
  if (!r) {
    const q = analyzeQuestion(question, () => false, new Set());
    const words = q.terms.map((t) => ({ word: t.word, term: t.term }));
    r = { type: q.type, words, terms: new Set(words.map((w) => w.term)) };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(question, r);
  }
  return r;
}

/** The terms of a question as sameNeed reads them (for counting how widely a class uses each). */
export function needTerms(question: string): ReadonlySet<string> {
  return read(question).terms;
}

/** `generic`: terms this class uses for many passages; they tell as little as everyday words. */
export function sameNeed(a: string, b: string, generic: (term: string) => boolean = () => false): boolean {
  const x = read(a);
  const y = read(b);
  if (x.type !== y.type && x.type !== "what" && y.type !== "what") return false;
  if (x.type === y.type && x.type !== "what") return true;
  const en = english();
  for (const { word, term } of x.words) {
    if (generic(term) || en.zipf(word) >= EVERYDAY_ZIPF) continue;
    if (y.terms.has(term)) return true;
    const near = new Set([...en.related(word), ...en.kin(word)].map(stem));
    for (const t of y.terms) if (near.has(t) && !generic(t)) return true;
  }
  return false;
}
