import { z } from "zod";
import { isFaqLine } from "./readers/faq-line";
import { isUnspaced, segmentWords } from "./segment";
import { collapseSpaces, normalizeText } from "./text";

/**
 * Reads a saved web page or a Markdown/plain-text document the way a person would: metadata from the
 * header, sections from headings and numbered items, and the body, with page chrome (crumbs,
 * greetings, headline lists, footer link bars) left out by general rules rather than known strings.
 */

export const DocumentMetaSchema = z.object({
  title: z.string().min(1),
  source: z.string().optional(),
  published: z.string().optional(),
  author: z.string().optional(),
  url: z.string().optional(),
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

export interface Section {
  index: number;
  /** the heading path, outermost first ("Assessment > Grading") */
  heading: string;
  /** prose, split into sentences later */
  paragraphs: string[];
  /** facts that stand as written: table rows and "Label: value" lines */
  records?: string[];
  /** the PDF page this section's text is on */
  page?: number;
  /** questions an FAQ answers here; each answer is one of `records` (readers/faq.ts) */
  faq?: Array<{ question: string; answer: string }>;
}

export interface ParsedDocument {
  id: string;
  fileName: string;
  meta: DocumentMeta;
  sections: Section[];
  /** lines recognised as page chrome, kept so tests and `--debug` can show what was dropped */
  chrome: string[];
}

/** The heading given to text before a document's first heading. */
export const LEAD_SECTION = "Overview";

export class DocumentError extends Error {
  constructor(
    readonly fileName: string,
    message: string,
  ) {
    super(`${fileName}: ${message}`);
    this.name = "DocumentError";
  }
}

/** Header keys a document may give ("Release Date: ..."); a Map, as a key is the document's text. */
export const META_KEYS = new Map<string, keyof DocumentMeta>(
  Object.entries({
    title: "title",
    source: "source",
    publisher: "source",
    "published by": "source",
    "release date": "published",
    released: "published",
    published: "published",
    date: "published",
    "publication date": "published",
    author: "author",
    by: "author",
    url: "url",
    link: "url",
  }) as Array<[string, keyof DocumentMeta]>,
);

const SENTENCE_END = /[.!?;:。]["')\]」』]*$/;
const MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec";

function wordCount(line: string): number {
  if (isUnspaced(line)) return segmentWords(line).length;
  return line.split(/\s+/).filter(Boolean).length;
}

/** Parses "Key: value | Key: value" header lines; returns null unless every part is a known key. */
function metaPairs(line: string): Array<[keyof DocumentMeta, string]> | null {
  const parts = line.split(/\s+\|\s+|\s*\|\s*(?=[A-Za-z ]{2,20}:)/);
  const pairs: Array<[keyof DocumentMeta, string]> = [];
  for (const part of parts) {
    const m = /^([A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(.+)$/.exec(part.trim());
    const key = m && META_KEYS.get((m[1] as string).toLowerCase());
    if (!m || !key) return null;
    pairs.push([key, (m[2] as string).trim()]);
  }
  return pairs.length > 0 ? pairs : null;
}

const MONTH_NAMES =
  "january february march april may june july august september october november december".split(" ");

function monthNumber(name: string): number {
  const n = name.toLowerCase().replace(/\.$/, "");
  return n.length >= 3 ? MONTH_NAMES.findIndex((m) => m.startsWith(n)) + 1 : 0;
}

function isoDate(y: string, mo: string | number, d: string): string {
  return `${y}-${String(mo).padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/**
 * Turns loose dates (2010-7-29, 2010/07/29, July 29, 2010, 29 July 2010, 2010-07-29T08:00:00Z) into
 * ISO form; anything else is kept as written.
 */
export function normalizeDate(value: string): string {
  const v = value.trim();
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?$/.exec(v);
  if (iso) return isoDate(iso[1] as string, iso[2] as string, iso[3] as string);
  const mdy = /^(?:\w+day,? )?([A-Za-z]{3,9}\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(v);
  if (mdy && monthNumber(mdy[1] as string))
    return isoDate(mdy[3] as string, monthNumber(mdy[1] as string), mdy[2] as string);
  const dmy = /^(?:\w+day,? )?(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9}\.?),? (\d{4})$/.exec(v);
  if (dmy && monthNumber(dmy[2] as string))
    return isoDate(dmy[3] as string, monthNumber(dmy[2] as string), dmy[1] as string);
  return v;
}

function isDateLine(line: string): boolean {
  const l = line.toLowerCase().replace(/,/g, "");
  if (wordCount(l) > 6) return false;
  return (
    /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(l) ||
    new RegExp(`^(\\w+day )?(${MONTHS})\\w* \\d{1,2} \\d{4}$`).test(l) ||
    new RegExp(`^(\\w+day )?\\d{1,2} (${MONTHS})\\w* \\d{4}$`).test(l)
  );
}

export function isBreadcrumb(line: string): boolean {
  return /\s(>>|»|›|>|\/)\s/.test(line) && !SENTENCE_END.test(line) && wordCount(line) <= 15;
}

export function isLinkBar(line: string): boolean {
  const parts = line.split(/\s*[|•·]\s*/).filter(Boolean);
  return parts.length >= 3 && parts.every((p) => wordCount(p) <= 4 && !/[.!?]$/.test(p));
}

export function isGreeting(line: string): boolean {
  return /^(hello|hi|hey|welcome|dear|greetings)\b/i.test(line) && wordCount(line) <= 6;
}

/** A line a reader would take as prose: a sentence, or a long line. */
function isProse(line: string): boolean {
  if (isFaqLine(line)) return true;
  const n = wordCount(line);
  return n >= 12 || (n >= 3 && SENTENCE_END.test(line));
}

const NUMBERED = /^\(?(\d{1,2})[.)]\s+(.+)$/;

/** Splits a numbered item into its heading (the first short sentence) and the rest. */
function splitNumbered(text: string): { heading: string; rest: string } {
  const m = /^(.{3,160}?[.!?:]["')\]]*)\s+(.*)$/.exec(text);
  if (m && wordCount(m[1] as string) <= 16) {
    const heading = (m[1] as string).replace(/[.:](["')\]]*)$/, "$1");
    return { heading, rest: m[2] as string };
  }
  return { heading: text.split(/\s+/).slice(0, 8).join(" "), rest: text };
}

export function slug(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, "");
  const s = base
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s || "document";
}

export function titleFromFileName(fileName: string): string {
  // "science/bees.txt" -> "Bees": the folder is where it lives, not what it is called.
  const base = (fileName.split("/").pop() ?? fileName)
    .replace(/\.[^.]+$/, "")
    .replace(/[-_]+/g, " ")
    .trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : "Untitled document";
}

/** Reads Markdown front matter (`---` key: value `---`) into metadata and returns the remaining lines. */
function frontMatter(lines: string[], meta: Partial<DocumentMeta>): string[] {
  if (lines[0]?.trim() !== "---") return lines;
  const end = lines.indexOf("---", 1);
  if (end < 0) return lines;
  for (const line of lines.slice(1, end)) {
    const pairs = metaPairs(line);
    for (const [key, value] of pairs ?? []) meta[key] ??= value.replace(/^["']|["']$/g, "");
  }
  return lines.slice(end + 1);
}

/** Parses one document's text. Throws DocumentError when there is nothing a reader could use. */
export function parseDocument(fileName: string, raw: string): ParsedDocument {
  if (raw.includes("\u0000") || /[\uFFFD]{3,}/.test(raw)) {
    throw new DocumentError(fileName, "looks like a binary file, not text; skipped");
  }
  const text = collapseSpaces(normalizeText(raw));
  if (!text.trim()) throw new DocumentError(fileName, "is empty; skipped");

  const meta: Partial<DocumentMeta> = {};
  const chrome: string[] = [];
  const sections: Section[] = [{ index: 0, heading: LEAD_SECTION, paragraphs: [] }];
  let lines = frontMatter(text.split("\n"), meta);
  let seenProse = false;
  let shortRun: string[] = [];

  const current = () => sections[sections.length - 1] as Section;
  const startSection = (heading: string) => {
    sections.push({ index: sections.length, heading, paragraphs: [] });
  };
  // A run of short unpunctuated lines: one before prose is a heading; several are a link list.
  const flushShortRun = (next: string | undefined) => {
    if (shortRun.length === 1 && next !== undefined && isProse(next) && seenProse) {
      startSection(shortRun[0] as string);
    } else if (shortRun.length === 1 && !seenProse && !meta.title) {
      meta.title = shortRun[0] as string;
    } else {
      chrome.push(...shortRun);
    }
    shortRun = [];
  };

  lines = lines.filter((line, i, all) => line !== "" || all[i - 1] !== "");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    const heading = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
    if (heading) {
      flushShortRun(line);
      const level = (heading[1] as string).length;
      const title = (heading[2] as string).trim();
      if (level === 1 && !meta.title) meta.title = title;
      else if (level > 1 || title.toLowerCase() !== meta.title?.toLowerCase()) startSection(title);
      continue;
    }
    const pairs = !seenProse ? metaPairs(line) : null;
    if (pairs) {
      flushShortRun(line);
      for (const [key, value] of pairs) meta[key] = value;
      continue;
    }
    if (isBreadcrumb(line) || isLinkBar(line) || isGreeting(line) || (!seenProse && isDateLine(line))) {
      flushShortRun(undefined);
      chrome.push(line);
      continue;
    }
    const numbered = NUMBERED.exec(line);
    if (numbered && seenProse) {
      flushShortRun(line);
      const { heading: h, rest } = splitNumbered(numbered[2] as string);
      startSection(h);
      if (rest.trim()) current().paragraphs.push(rest.trim());
      continue;
    }
    if (isProse(line)) {
      flushShortRun(line);
      if (line === meta.title) continue;
      seenProse = true;
      current().paragraphs.push(line.replace(/^[-*+]\s+/, ""));
      continue;
    }
    if (meta.title && line.toLowerCase() === meta.title.toLowerCase()) {
      chrome.push(line);
      continue;
    }
    shortRun.push(line);
  }
  flushShortRun(undefined);

  // A title seen before the header's "Title:" line is a duplicate of it, not a separate heading.
  const title = (meta.title ?? titleFromFileName(fileName)).trim();
  const kept = sections.filter((s) => s.paragraphs.length > 0);
  if (kept.length === 0) throw new DocumentError(fileName, "has no readable paragraphs; skipped");
  kept.forEach((s, i) => {
    s.index = i;
  });
  const parsedMeta = DocumentMetaSchema.parse({
    ...meta,
    title,
    published: meta.published ? normalizeDate(meta.published) : undefined,
  });
  return { id: slug(fileName), fileName, meta: parsedMeta, sections: kept, chrome };
}
