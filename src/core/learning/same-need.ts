import { english } from "../english";
import { analyzeQuestion } from "../question";
import { stem } from "../text";

/**
 * Whether two questions marked with the same passage ask for the same thing, so that the second
 * student confirms the first. They must want the same kind of answer ("when" is not "where"), and
 * share a word, a word WordNet relates, or a specific kind of answer (both ask "when"). A confused
 * student's "where do I park" marked on the passage others confirmed for "when did it open" stays
 * that student's alone.
 */

interface Read {
  type: string;
  words: string[];
  terms: Set<string>;
}

const cache = new Map<string, Read>();
const CACHE_LIMIT = 10_000;

function read(question: string): Read {
  let r = cache.get(question);
  if (!r) {
    const q = analyzeQuestion(question, () => false, new Set());
    r = { type: q.type, words: q.terms.map((t) => t.word), terms: new Set(q.terms.map((t) => t.term)) };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(question, r);
  }
  return r;
}

function relatedTerms(word: string): Set<string> {
  const en = english();
  return new Set([...en.related(word), ...en.kin(word)].map(stem));
}

export function sameNeed(a: string, b: string): boolean {
  const x = read(a);
  const y = read(b);
  if (x.type !== y.type && x.type !== "what" && y.type !== "what") return false;
  if (x.type === y.type && x.type !== "what") return true;
  for (const t of x.terms) if (y.terms.has(t)) return true;
  for (const w of x.words) {
    const near = relatedTerms(w);
    for (const t of y.terms) if (near.has(t)) return true;
  }
  return false;
}
