import type { ParsedDocument } from "../src/core/document";

/**
 * Deterministic synthetic corpora for benchmarks: made-up words with a Zipf-like frequency, in
 * sentences of about fifteen words with a figure each, and questions built from a sentence's words
 * with one typo, so each question has a known right fact.
 */

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  "ka lo mi ren tas vo pel dra fin gu hor je lux mar nop qui ros sul tem ub vix wen yar zol bre cad".split(
    " ",
  );

function makeVocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

export interface SyntheticCorpus {
  documents: ParsedDocument[];
  sentences: string[];
  questions: Array<{ text: string; sentence: number }>;
}

function typo(word: string, random: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  return word.slice(0, i) + (word[i + 1] ?? "") + word[i] + word.slice(i + 2);
}

export function syntheticCorpus(facts: number, questions = 200, seed = 42): SyntheticCorpus {
  const random = rng(seed);
  const vocab = makeVocabulary(Math.min(50_000, Math.max(2_000, facts / 2)), random);
  const pick = () => vocab[Math.floor(vocab.length * random() ** 2.5)] as string;
  const sentences: string[] = [];
  for (let i = 0; i < facts; i++) {
    const words = Array.from({ length: 14 }, pick);
    words.splice(3, 0, String(10 + Math.floor(random() * 90_000)));
    const s = words.join(" ");
    sentences.push(`${s.charAt(0).toUpperCase()}${s.slice(1)}.`);
  }
  const perDoc = 1000;
  const documents: ParsedDocument[] = [];
  for (let d = 0; d * perDoc < facts; d++) {
    const chunk = sentences.slice(d * perDoc, (d + 1) * perDoc);
    documents.push({
      id: `synthetic-${d}`,
      fileName: `synthetic-${d}.txt`,
      meta: { title: `Synthetic document ${d}`, source: "benchmark", published: "2020-01-01" },
      sections: [{ index: 0, heading: "Overview", paragraphs: [chunk.join(" ")] }],
      chrome: [],
    });
  }
  const qs: SyntheticCorpus["questions"] = [];
  for (let i = 0; i < questions; i++) {
    const sentence = Math.floor(random() * facts);
    const words = (sentences[sentence] as string).toLowerCase().replace(/\.$/, "").split(" ");
    const chosen = [...words]
      .sort((a, b) => b.length - a.length)
      .filter((w) => !/^\d/.test(w))
      .slice(0, 4);
    chosen[0] = typo(chosen[0] as string, random);
    qs.push({ text: `how many ${chosen.join(" ")}`, sentence });
  }
  return { documents, sentences, questions: qs };
}
