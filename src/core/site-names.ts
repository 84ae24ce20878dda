import type { ParsedDocument } from "./document";

/**
 * Web pages put their site's name in the title ("Spring trip | Lakeview High School"), which then
 * shows in every citation and topic. It is taken off when the page names its site (og:site_name)
 * or, failing that, when several web pages' titles end with the same part.
 */

// Between a title and a site's name: " | ", " - ", " — ", " · ", " :: ".
const SEPARATOR = /\s+(?:[|–—·•~-]|::)\s+|\s*[|·•]\s*/g;

export interface TitleEnd {
  text: string;
  /** where the title proper ends (tail) or starts (head) */
  at: number;
}

/** The part after a title's last separator and the part before its first, if it has any. */
export function titleEnds(title: string): { head: TitleEnd | null; tail: TitleEnd | null } {
  const seps = [...title.matchAll(SEPARATOR)];
  const first = seps[0];
  const last = seps[seps.length - 1];
  if (!first || !last || first.index === 0) return { head: null, tail: null };
  const tailText = title.slice(last.index + last[0].length).trim();
  const headText = title.slice(0, first.index).trim();
  return {
    tail: tailText ? { text: tailText, at: last.index } : null,
    head: headText ? { text: headText, at: first.index + first[0].length } : null,
  };
}

const comparable = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

export function sameName(a: string, b: string): boolean {
  const x = comparable(a);
  return x.length > 0 && x === comparable(b);
}

/**
 * Takes a title ending shared by two or more web pages (.html) off their titles, and gives it as
 * their source where they name none. Only pages: "BIO 101 | Syllabus" in Word is a title as meant.
 * The documents are changed in place.
 */
export function stripSharedSiteNames(documents: ParsedDocument[]): void {
  const byName = new Map<string, ParsedDocument[]>();
  for (const doc of documents) {
    if (!/\.html?$/i.test(doc.fileName)) continue;
    const tail = titleEnds(doc.meta.title).tail;
    if (!tail) continue;
    const key = tail.text.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), doc]);
  }
  for (const docs of byName.values()) {
    if (docs.length < 2) continue;
    for (const doc of docs) {
      const tail = titleEnds(doc.meta.title).tail as TitleEnd;
      doc.meta.source ??= tail.text;
      doc.meta.title = doc.meta.title.slice(0, tail.at).trim();
    }
  }
}
