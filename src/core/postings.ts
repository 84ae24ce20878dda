import type { Fact } from "./facts";
import { STOP_WORDS, stem, wordPieces } from "./text";

/**
 * The inverted index over facts, built in one pass: term -> facts containing it, fact lengths (for
 * BM25), words as written (for typo lookup) and the terms figures count ("women" in "40 million
 * women").
 */

export interface Postings {
  postings: Map<string, Int32Array>;
  lengths: Float32Array;
  avgLength: number;
  /** lower-cased word as written -> its canonical term */
  surface: Map<string, string>;
  unitTerms: Set<string>;
}

export function buildPostings(facts: readonly Fact[]): Postings {
  const postings = new Map<string, Int32Array>();
  const surface = new Map<string, string>();
  const unitTerms = new Set<string>();
  // One pass per fact gives postings, lengths and the written words for typo lookup. Each word
  // costs one lookup in `lexicon` (word -> term id), which matters at 100k facts, where big-map
  // lookups dominate. Per-fact term counts are not kept: they are recomputed (and cached) only
  // for the facts a question shortlists.
  const lexicon = new Map<string, number>();
  const termIds = new Map<string, number>();
  const unitTermIds = new Set<number>();
  let tokens = new Int32Array(1 << 16);
  let tokenCount = 0;
  const factEnds = new Int32Array(facts.length);
  const lengths = new Float32Array(facts.length);
  let totalLength = 0;
  facts.forEach((fact, i) => {
    const start = tokenCount;
    for (const word of wordPieces(fact.text, true)) {
      let id = lexicon.get(word);
      if (id === undefined) {
        id = -1;
        if (!STOP_WORDS.has(word)) {
          const term = stem(word);
          id = termIds.get(term) ?? termIds.size;
          if (id === termIds.size) termIds.set(term, id);
          if (/\p{L}/u.test(word)) surface.set(word, term);
        }
        lexicon.set(word, id);
      }
      if (id < 0) continue;
      if (tokenCount === tokens.length) {
        const grown = new Int32Array(tokens.length * 2);
        grown.set(tokens);
        tokens = grown;
      }
      tokens[tokenCount++] = id;
    }
    factEnds[i] = tokenCount;
    lengths[i] = tokenCount - start;
    totalLength += tokenCount - start;
    // A unit's words are in the fact, so the lexicon already knows their terms.
    for (const q of fact.quantities) {
      if (!q.unit) continue;
      const unitWords = q.unit
        .toLowerCase()
        .replace(/'s\b/g, "")
        .replace(/[-']/g, "")
        .split(/[^\p{L}\p{N}]+/u);
      for (const word of unitWords) {
        const id = lexicon.get(word) ?? -1;
        if (id >= 0) unitTermIds.add(id);
      }
    }
  });
  // Postings in one shared buffer (counted, then filled): no per-term growing arrays.
  const termCount = termIds.size;
  const df = new Int32Array(termCount);
  const lastFact = new Int32Array(termCount).fill(-1);
  const eachToken = (visit: (id: number, fact: number) => void) => {
    let t = 0;
    for (let f = 0; f < factEnds.length; f++) {
      for (const end = factEnds[f] as number; t < end; t++) {
        const id = tokens[t] as number;
        if (lastFact[id] !== f) {
          lastFact[id] = f;
          visit(id, f);
        }
      }
    }
  };
  eachToken((id) => {
    df[id] = (df[id] as number) + 1;
  });
  const offsets = new Int32Array(termCount + 1);
  for (let id = 0; id < termCount; id++) offsets[id + 1] = (offsets[id] as number) + (df[id] as number);
  const buffer = new Int32Array(offsets[termCount] as number);
  const fill = offsets.slice(0, termCount);
  lastFact.fill(-1);
  eachToken((id, f) => {
    buffer[fill[id] as number] = f;
    fill[id] = (fill[id] as number) + 1;
  });
  const termNames: string[] = new Array(termCount);
  for (const [term, id] of termIds) {
    termNames[id] = term;
    postings.set(term, buffer.subarray(offsets[id] as number, offsets[id + 1] as number));
  }
  for (const id of unitTermIds) unitTerms.add(termNames[id] as string);
  const avgLength = totalLength / Math.max(1, facts.length);
  return { postings, lengths, avgLength, surface, unitTerms };
}
