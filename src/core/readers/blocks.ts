import {
  DocumentError,
  type DocumentMeta,
  DocumentMetaSchema,
  isBreadcrumb,
  isGreeting,
  isLinkBar,
  LEAD_SECTION,
  normalizeDate,
  type ParsedDocument,
  type Section,
} from "../document";
import { splitSentences } from "../facts";
import { collapseSpaces, normalizeText } from "../text";
import { isFaqLine } from "./faq-line";

/**
 * The structure every reader (Markdown, HTML, Word, PDF) produces, and the one place that turns it
 * into a ParsedDocument: headings nest into a section path, table rows and "Label: value" lines
 * become facts on their own, prose is left for sentence splitting.
 */

export type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "item"; text: string }
  | { kind: "table"; rows: string[][]; header: boolean }
  | { kind: "page"; page: number };

/** Collapses whitespace and folds typographic variants, as the plain-text reader does. */
export function clean(text: string): string {
  return collapseSpaces(normalizeText(text)).replace(/\s+/g, " ").trim();
}

// "Instructor: Dr. Maria Okafor", "Office hours: Tue 2-4 pm": a short label, then its value.
const LABEL = /^([\p{L}][\p{L}\p{N} '&/()-]{0,40}?)\s*:\s+(\S.*)$/u;
const MAX_LABEL_WORDS = 5;
// A value this long, or one of several sentences, is prose after a lead-in ("Note: ..."): it is
// split into sentences like any paragraph.
const MAX_VALUE_WORDS = 25;

/** The "Label: value" reading of a line, or null when it is prose that happens to hold a colon. */
export function labelled(text: string): { label: string; value: string } | null {
  const m = LABEL.exec(text);
  if (!m) return null;
  const label = (m[1] as string).trim();
  const value = (m[2] as string).trim();
  // "Q: ..." and "A: ..." are an FAQ's question and answer (readers/faq.ts), not a label and value.
  if (isFaqLine(text)) return null;
  if (label.split(/\s+/).length > MAX_LABEL_WORDS || value.split(/\s+/).length > MAX_VALUE_WORDS) return null;
  if (splitSentences(value).length > 1) return null;
  return { label, value };
}

/**
 * One fact per table row, keeping its headers: "Final exam — weight: 30%, date: December 12".
 * The first cell names the row; the others are labelled by their column's header.
 */
export function tableRecords(rows: string[][], header: boolean): string[] {
  const head = header ? (rows[0] ?? []) : [];
  const body = header ? rows.slice(1) : rows;
  const out: string[] = [];
  for (const row of body) {
    const cells = row.map(clean);
    if (cells.every((c) => !c)) continue;
    const [first, ...rest] = cells;
    const parts = rest
      .map((cell, i) => {
        if (!cell) return "";
        const label = clean(head[i + 1] ?? "");
        return label ? `${label.toLowerCase()}: ${cell}` : cell;
      })
      .filter(Boolean);
    const firstLabel = clean(head[0] ?? "");
    // "Week | Topic" rows start with a bare number: "Week 3", not "3".
    const name = /^[\d.]+$/.test(first ?? "") && firstLabel ? `${firstLabel} ${first}` : (first ?? "");
    const lead = name && parts.length === 0 && firstLabel ? `${firstLabel}: ${name}` : name;
    out.push(parts.length ? `${lead} — ${parts.join(", ")}` : lead);
  }
  return out.filter(Boolean);
}

export interface BuildOptions {
  fileName: string;
  id: string;
  meta: Partial<DocumentMeta>;
  /** used when neither the metadata nor a top-level heading gives a title */
  fallbackTitle: string;
}

/** Builds the document; throws DocumentError when nothing readable is left. */
export function buildDocument(blocks: Block[], options: BuildOptions): ParsedDocument {
  const meta: Partial<DocumentMeta> = { ...options.meta };
  const sections: Section[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let page: number | undefined;
  let current: Section | null = null;

  const open = () => {
    const heading = path.map((h) => h.text).join(" > ") || LEAD_SECTION;
    current = { index: sections.length, heading, paragraphs: [], records: [], page };
    sections.push(current);
    return current;
  };
  const section = (): Section => current ?? open();

  for (const block of blocks) {
    if (block.kind === "page") {
      page = block.page;
      if (current) current = null;
      continue;
    }
    if (block.kind === "heading") {
      const text = clean(block.text);
      if (!text) continue;
      // The first top-level heading before any text is the page's visible title, not a section.
      if (block.level === 1 && sections.length === 0 && path.length === 0) {
        meta.title ??= text;
        continue;
      }
      if (meta.title && text.toLowerCase() === meta.title.toLowerCase() && path.length === 0) continue;
      while (path.length && (path[path.length - 1] as { level: number }).level >= block.level) path.pop();
      path.push({ level: block.level, text });
      current = null;
      continue;
    }
    if (block.kind === "table") {
      section().records?.push(...tableRecords(block.rows, block.header));
      continue;
    }
    const text = clean(block.text);
    if (!text) continue;
    // Crumbs ("Home >> News"), link bars and greetings are page chrome in any format.
    if (block.kind === "paragraph" && (isBreadcrumb(text) || isLinkBar(text) || isGreeting(text))) continue;
    if (labelled(text)) section().records?.push(text);
    else if (block.kind === "item") section().paragraphs.push(/[.!?:;]$/.test(text) ? text : `${text}.`);
    else section().paragraphs.push(text);
  }

  const kept = sections.filter((s) => s.paragraphs.length > 0 || (s.records?.length ?? 0) > 0);
  if (kept.length === 0) throw new DocumentError(options.fileName, "has no readable paragraphs; skipped");
  kept.forEach((s, i) => {
    s.index = i;
  });
  const title = clean(String(meta.title ?? "")) || options.fallbackTitle;
  const parsedMeta = DocumentMetaSchema.parse({
    title,
    source: meta.source ? clean(String(meta.source)) : undefined,
    author: meta.author ? clean(String(meta.author)) : undefined,
    url: meta.url ? String(meta.url).trim() : undefined,
    published: meta.published ? normalizeDate(String(meta.published)) : undefined,
  });
  return { id: options.id, fileName: options.fileName, meta: parsedMeta, sections: kept, chrome: [] };
}
