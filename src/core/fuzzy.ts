/**
 * Typo-tolerant lookup of words in a vocabulary. A symmetric-delete index (every word with one letter
 * dropped) finds candidates with a few map lookups instead of scanning the vocabulary, so it stays
 * fast at any corpus size; candidates are then confirmed with the true edit distance.
 */

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (d[(i - 2) * cols + j - 2] as number) + 1);
      }
      d[i * cols + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return d[rows * cols - 1] as number;
}

/** How many edits a word of this length may carry and still be recognised. */
export function allowedEdits(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

function sorted(word: string): string {
  return [...word].sort().join("");
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export interface FuzzyMatch {
  word: string;
  distance: number;
}

export class FuzzyVocabulary {
  private readonly words: Set<string>;
  // A word, or several words, per deleted form: most forms belong to one word, so no array for those.
  private readonly byDelete = new Map<string, string | string[]>();

  constructor(vocabulary: Iterable<string>) {
    this.words = new Set();
    for (const word of vocabulary) this.add(word);
  }

  /** Adds a word (the learned questions' vocabulary grows one question at a time). */
  add(word: string): void {
    if (this.words.has(word)) return;
    this.words.add(word);
    if (word.length < 4) return;
    let previous = "";
    for (let i = 0; i < word.length; i++) {
      const d = word.slice(0, i) + word.slice(i + 1);
      if (d === previous) continue; // "ll" in "hello" gives the same form twice in a row
      previous = d;
      const entry = this.byDelete.get(d);
      if (entry === undefined) this.byDelete.set(d, word);
      else if (typeof entry === "string") {
        if (entry !== word) this.byDelete.set(d, [entry, word]);
      } else if (entry[entry.length - 1] !== word) entry.push(word);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  get size(): number {
    return this.words.size;
  }

  /** Vocabulary words within the allowed edit distance of `query`, closest first. */
  lookup(query: string): FuzzyMatch[] {
    const max = allowedEdits(query.length);
    if (max === 0) return [];
    const candidates = new Set<string>();
    const probe = (key: string) => {
      if (this.words.has(key)) candidates.add(key);
      const entry = this.byDelete.get(key);
      if (typeof entry === "string") candidates.add(entry);
      else if (entry) for (const w of entry) candidates.add(w);
    };
    probe(query);
    const first = new Set(deletes(query));
    for (const d of first) probe(d);
    if (max >= 2) for (const d of first) for (const dd of deletes(d)) probe(dd);
    const out: FuzzyMatch[] = [];
    for (const word of candidates) {
      if (word === query) continue;
      // Short words rarely have their first letter mistyped, and sharing it cuts false friends
      // ("live" is not "five"). In four letters a changed letter is more often another word
      // ("rent", "rest") than a typo, so only a dropped letter or a swap counts there.
      if (query.length <= 5 && word[0] !== query[0]) continue;
      if (query.length <= 4 && word.length === query.length && sorted(word) !== sorted(query)) continue;
      const distance = editDistance(query, word, max);
      if (distance <= max && distance <= allowedEdits(word.length)) out.push({ word, distance });
    }
    return out.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
  }
}
