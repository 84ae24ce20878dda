import Fuse from "fuse.js";

/**
 * Groups questions that differ only by typos, so "how many trained" and "how mnay trainde" count as
 * one. fuse.js finds candidate groups by the whole question; then every word one question has and
 * the other lacks must have a near twin there (a typo or swapped letters), so "who wrote hamlet" and
 * "who wrote macbeth", close as strings, stay apart.
 */

export interface QuestionGroup {
  /** the most frequent wording */
  question: string;
  count: number;
  /** other wordings counted in this group */
  variants: string[];
}

const WHOLE_THRESHOLD = 0.3;
const WORD_THRESHOLD = 0.34;
// Distinct wordings compared; beyond this the rest are counted as they are (bounded work).
const MAX_DISTINCT = 5_000;

const fuseOptions = { includeScore: true, ignoreLocation: true, ignoreFieldNorm: true } as const;

export function normalizeQuestion(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function wordScore(a: string, b: string): number {
  const there = new Fuse([b], { ...fuseOptions, threshold: 1 }).search(a)[0]?.score ?? 1;
  const back = new Fuse([a], { ...fuseOptions, threshold: 1 }).search(b)[0]?.score ?? 1;
  return Math.max(there, back);
}

const sortedLetters = (w: string) => [...w].sort().join("");

function nearTwin(word: string, others: string[]): boolean {
  if (word.length <= 2) return true;
  return others.some((o) => sortedLetters(o) === sortedLetters(word) || wordScore(word, o) <= WORD_THRESHOLD);
}

export function sameQuestion(a: string, b: string): boolean {
  if (a === b) return true;
  const wa = a.split(" ");
  const wb = b.split(" ");
  const onlyA = wa.filter((w) => !wb.includes(w));
  const onlyB = wb.filter((w) => !wa.includes(w));
  return onlyA.every((w) => nearTwin(w, onlyB)) && onlyB.every((w) => nearTwin(w, onlyA));
}

/** Groups questions (as asked, repeats included), largest group first. */
export function groupQuestions(questions: string[]): QuestionGroup[] {
  return groupCountedQuestions(questions.map((question) => ({ question, count: 1 })));
}

/** The same from wordings already counted (the store's counts: no need to repeat each one). */
export function groupCountedQuestions(asked: Array<{ question: string; count: number }>): QuestionGroup[] {
  const counts = new Map<string, { count: number; wordings: Map<string, number> }>();
  for (const { question: q, count } of asked) {
    const key = normalizeQuestion(q);
    if (!key) continue;
    const entry = counts.get(key) ?? { count: 0, wordings: new Map() };
    entry.count += count;
    entry.wordings.set(q.trim(), (entry.wordings.get(q.trim()) ?? 0) + count);
    counts.set(key, entry);
  }
  // The most asked wording founds each group; rarer ones join it.
  const distinct = [...counts.entries()].sort((x, y) => y[1].count - x[1].count);
  const groups: Array<{ key: string; count: number; wordings: Map<string, number> }> = [];
  const fuse = new Fuse<string>([], { ...fuseOptions, threshold: WHOLE_THRESHOLD });
  distinct.forEach(([key, entry], i) => {
    const hit =
      i < MAX_DISTINCT
        ? fuse
            .search(key)
            .map((r) => r.refIndex)
            .find((g) => sameQuestion(key, (groups[g] as { key: string }).key))
        : undefined;
    const group = hit === undefined ? undefined : groups[hit];
    if (group) {
      group.count += entry.count;
      for (const [w, n] of entry.wordings) group.wordings.set(w, (group.wordings.get(w) ?? 0) + n);
      return;
    }
    groups.push({ key, count: entry.count, wordings: new Map(entry.wordings) });
    fuse.add(key);
  });
  return groups
    .map((g) => {
      const wordings = [...g.wordings.entries()].sort((x, y) => y[1] - x[1]).map(([w]) => w);
      return { question: wordings[0] ?? g.key, count: g.count, variants: wordings.slice(1) };
    })
    .sort((x, y) => y.count - x.count);
}
