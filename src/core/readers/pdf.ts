import { getDocumentProxy, getMeta } from "unpdf";
import { DocumentError, type DocumentMeta } from "../document";
import { type Block, labelled } from "./blocks";

/**
 * A PDF through unpdf (pdf.js): text by page, lines rejoined into paragraphs (and words split by a
 * hyphen at a line end rejoined), lines in a larger type than the body taken as headings.
 */

interface TextItem {
  str: string;
  transform: number[];
  hasEOL?: boolean;
}

interface Line {
  text: string;
  size: number;
  y: number;
}

function pageLines(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of items) {
    const size = Math.abs(item.transform[3] ?? item.transform[0] ?? 0);
    const y = item.transform[5] ?? 0;
    if (!current || Math.abs(current.y - y) > size / 2) {
      if (current?.text.trim()) lines.push(current);
      current = { text: "", size: 0, y };
    }
    current.text += item.str;
    if (item.str.trim()) current.size = Math.max(current.size, size);
    if (item.hasEOL) {
      if (current.text.trim()) lines.push(current);
      current = null;
    }
  }
  if (current?.text.trim()) lines.push(current);
  return lines;
}

/** The most common type size: the body text's. */
function bodySize(lines: Line[]): number {
  const counts = new Map<number, number>();
  for (const l of lines)
    counts.set(Math.round(l.size), (counts.get(Math.round(l.size)) ?? 0) + l.text.length);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

function join(a: string, b: string): string {
  if (!a) return b;
  // "phos-" + "phorylation": a word broken at the line end, not a hyphenated compound.
  if (/\p{Ll}-$/u.test(a) && /^\p{Ll}/u.test(b)) return a.slice(0, -1) + b;
  return `${a} ${b}`;
}

function pdfDate(raw: unknown): string | undefined {
  const m = typeof raw === "string" ? /^D:(\d{4})(\d{2})(\d{2})/.exec(raw) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export async function readPdf(
  fileName: string,
  data: Buffer,
): Promise<{ meta: Partial<DocumentMeta>; blocks: Block[] }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // verbosity 0: errors only; pdf.js warnings would otherwise go to stdout (and break --json).
    pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
  } catch (error) {
    throw new DocumentError(fileName, `is not a readable PDF (${(error as Error).message}); skipped`);
  }
  try {
    const info = ((await getMeta(pdf)).info ?? {}) as Record<string, unknown>;
    const meta: Partial<DocumentMeta> = {
      title: typeof info.Title === "string" && info.Title.trim() ? info.Title : undefined,
      author: typeof info.Author === "string" && info.Author.trim() ? info.Author : undefined,
      published: pdfDate(info.CreationDate),
    };
    const blocks: Block[] = [];
    let chars = 0;
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const items = (await page.getTextContent()).items as TextItem[];
      const lines = pageLines(items);
      blocks.push({ kind: "page", page: p });
      const body = bodySize(lines);
      let paragraph = "";
      let previous: Line | null = null;
      const flush = () => {
        if (paragraph.trim()) blocks.push({ kind: "paragraph", text: paragraph });
        paragraph = "";
      };
      for (const line of lines) {
        const text = line.text.trim();
        chars += text.length;
        if (line.size > body * 1.15 && text.split(/\s+/).length <= 12) {
          flush();
          blocks.push({ kind: "heading", level: line.size > body * 1.6 ? 1 : 2, text });
          previous = null;
          continue;
        }
        // A gap wider than a line and a half ends the paragraph; a bullet or a label starts a new one.
        const bullet = /^[•▪◦‣*-]\s+/.test(text);
        if ((previous && previous.y - line.y > line.size * 1.8) || bullet) flush();
        if (bullet || (text.length <= 100 && labelled(text))) {
          blocks.push({ kind: bullet ? "item" : "paragraph", text: text.replace(/^[•▪◦‣*-]\s+/, "") });
          previous = null;
          continue;
        }
        paragraph = join(paragraph, text);
        previous = line;
      }
      flush();
      page.cleanup();
    }
    if (chars === 0) throw new DocumentError(fileName, "has no text layer; skipped");
    return { meta, blocks };
  } finally {
    await pdf.destroy();
  }
}
