import { extname } from "node:path";
import { DocumentError, type ParsedDocument, parseDocument, slug, titleFromFileName } from "../document";
import { buildDocument } from "./blocks";

/**
 * One entry point for every format: picks the reader by extension. Readers are imported when a
 * document of their format is first read: their parsers (pdf.js, mammoth, linkedom, micromark)
 * take about a second to load, which a folder of plain text should not wait for.
 */

export const DOCUMENT_EXTENSIONS = new Set([".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"]);

/**
 * The declared character set of a saved page (`<meta charset="gb2312">`, or the http-equiv form):
 * pages saved from older sites are often not UTF-8.
 */
function declaredCharset(data: Buffer): string | null {
  const head = data.subarray(0, 2048).toString("latin1");
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  const name = m?.[1]?.toLowerCase();
  return name && name !== "utf-8" && name !== "utf8" ? name : null;
}

function asText(fileName: string, data: Buffer, charset: string | null = null): string {
  let text: string;
  try {
    text = charset ? new TextDecoder(charset).decode(data) : data.toString("utf8");
  } catch {
    // An unknown charset name: read it as UTF-8, the likeliest.
    text = data.toString("utf8");
  }
  if (text.includes("\u0000") || /[\uFFFD]{3,}/.test(text)) {
    throw new DocumentError(fileName, "looks like a binary file, not text; skipped");
  }
  if (!text.trim()) throw new DocumentError(fileName, "is empty; skipped");
  return text;
}

/** Reads one file's bytes into a document; throws DocumentError with the reason it cannot. */
export async function readDocument(fileName: string, data: Buffer): Promise<ParsedDocument> {
  const ext = extname(fileName).toLowerCase();
  const base = { fileName, id: slug(fileName), fallbackTitle: titleFromFileName(fileName) };
  if (data.length === 0) throw new DocumentError(fileName, "is empty; skipped");
  switch (ext) {
    case ".md":
    case ".markdown": {
      const { readMarkdown } = await import("./markdown");
      const { meta, blocks } = readMarkdown(fileName, asText(fileName, data));
      return buildDocument(blocks, { ...base, meta });
    }
    case ".html":
    case ".htm": {
      const { readHtml } = await import("./html");
      const { meta, blocks } = readHtml(fileName, asText(fileName, data, declaredCharset(data)));
      return buildDocument(blocks, { ...base, meta });
    }
    case ".pdf": {
      const { readPdf } = await import("./pdf");
      const { meta, blocks } = await readPdf(fileName, data);
      return buildDocument(blocks, { ...base, meta });
    }
    case ".docx": {
      const { readDocx } = await import("./docx");
      const { meta, blocks } = await readDocx(fileName, data);
      return buildDocument(blocks, { ...base, meta });
    }
    default:
      return parseDocument(fileName, data.toString("utf8"));
  }
}
