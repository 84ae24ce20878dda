import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildEnglishData, ENGLISH_DATA_VERSION, type EnglishData } from "./english-build";

/**
 * General English, from maintained word data (see `english-build.ts`): a word's lemma, the words
 * WordNet relates to it, and how common it is. Built once and cached as plain text, which loads in a
 * few tens of milliseconds where the JSON took a third of a second.
 */

const SECTION = "\n#\n";

export function serializeEnglish(data: EnglishData): string {
  const lines = (entries: Array<[string, string]>) =>
    entries
      .map(([k, v]) => `${k}\t${v}`)
      .sort((a, b) => compareKeys(a, b))
      .join("\n");
  return [
    `v${data.version}`,
    lines([...data.zipf].map(([w, z]) => [w, String(z)])),
    lines([...data.lemma]),
    lines([...data.related].map(([w, r]) => [w, r.join(" ")])),
    lines([...data.broader].map(([w, r]) => [w, r.join(" ")])),
  ].join(SECTION);
}

function keyOf(line: string): string {
  const tab = line.indexOf("\t");
  return tab < 0 ? line : line.slice(0, tab);
}

function compareKeys(a: string, b: string): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * One section of sorted `key\tvalue` lines, searched in place: splitting is all that loading costs,
 * where building maps of 150,000 entries took a fifth of a second at every start.
 */
class SortedLines {
  private readonly lines: string[];
  private readonly memo = new Map<string, string | null>();

  constructor(text: string) {
    this.lines = text ? text.split("\n") : [];
  }

  get(key: string): string | null {
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    let lo = 0;
    let hi = this.lines.length - 1;
    let found: string | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const line = this.lines[mid] as string;
      const k = keyOf(line);
      if (k === key) {
        found = line.slice(k.length + 1);
        break;
      }
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(key, found);
    return found;
  }
}

export class English {
  private readonly zipfs: SortedLines;
  private readonly lemmas: SortedLines;
  private readonly relatedWords: SortedLines;
  private readonly broaderWords: SortedLines;

  constructor(text: string) {
    const [, zipf = "", lemma = "", related = "", broader = ""] = text.split(SECTION);
    this.zipfs = new SortedLines(zipf);
    this.lemmas = new SortedLines(lemma);
    this.relatedWords = new SortedLines(related);
    this.broaderWords = new SortedLines(broader);
  }

  /** The dictionary form of a lower-case word ("went" -> "go"); the word itself when unknown. */
  lemma(word: string): string {
    return this.lemmas.get(word) ?? word;
  }

  /** Zipf frequency: 7 for "the", about 3 for "utilize", 0 for a word everyday English lacks. */
  zipf(word: string): number {
    const z = this.zipfs.get(word) ?? this.zipfs.get(this.lemma(word));
    return z === null ? 0 : Number(z);
  }

  /** Whether this is an English word at all (a typo or a name usually is not). */
  isWord(word: string): boolean {
    return this.zipfs.get(word) !== null || this.relatedWords.get(this.lemma(word)) !== null;
  }

  /** Synonyms and derived forms of the word's lemma, commonest senses first. */
  related(word: string): string[] {
    const raw = this.relatedWords.get(this.lemma(word));
    return raw ? raw.split(" ") : [];
  }

  /** Broader and narrower words of the word's commonest senses ("start" -> "launch"). */
  kin(word: string): string[] {
    const raw = this.broaderWords.get(this.lemma(word));
    return raw ? raw.split(" ") : [];
  }
}

const here = dirname(fileURLToPath(import.meta.url));
/** Where the built data is kept: a cache folder inside node_modules, as build tools do. */
export const ENGLISH_CACHE = join(
  here,
  "..",
  "..",
  "node_modules",
  ".cache",
  "campaign-bot",
  `english-v${ENGLISH_DATA_VERSION}-sorted.txt`,
);

let loaded: English | null = null;

/** The English data: read from the cache, or built and cached on first use (about 2.5 s, once). */
export function english(cache = ENGLISH_CACHE): English {
  if (loaded) return loaded;
  let text: string | null = null;
  try {
    text = readFileSync(cache, "utf8");
    if (!text.startsWith(`v${ENGLISH_DATA_VERSION}\n`)) text = null;
  } catch {
    text = null;
  }
  if (text === null) {
    const data = buildEnglishData();
    try {
      text = writeEnglishCache(data, cache);
    } catch {
      // A read-only install still works; it just builds the data at every start.
      text = serializeEnglish(data);
    }
  }
  loaded = new English(text);
  return loaded;
}

/** Writes the data where `english()` looks for it, atomically (parallel test workers may race). */
export function writeEnglishCache(data: EnglishData, cache = ENGLISH_CACHE): string {
  const text = serializeEnglish(data);
  mkdirSync(dirname(cache), { recursive: true });
  const tmp = `${cache}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, cache);
  return text;
}
