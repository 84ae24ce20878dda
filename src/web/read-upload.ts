import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { CorpusIndex } from "../core/corpus-index";
import { DocumentError, type ParsedDocument } from "../core/document";
import { documentThread } from "../core/document-thread";

/**
 * An uploaded file, checked and read: its format is read from its bytes (a PDF's %PDF-, a Word
 * file's zip with word/document.xml, text that decodes), never trusted from its name; then the
 * bot's own readers read it, in this one place, so uploads and DATA_DIR are read alike.
 */

export type UploadFormat = "pdf" | "docx" | "html" | "markdown" | "text";

export const FORMAT_LABEL: Record<UploadFormat, string> = {
  pdf: "PDF",
  docx: "Word",
  html: "Web page",
  markdown: "Markdown",
  text: "Text",
};

const EXTENSION: Record<UploadFormat, string> = {
  pdf: ".pdf",
  docx: ".docx",
  html: ".html",
  markdown: ".md",
  text: ".txt",
};

// What each format's file may be called; a name claiming another format is refused.
const NAMES: Record<string, UploadFormat[]> = {
  ".pdf": ["pdf"],
  ".docx": ["docx"],
  ".html": ["html"],
  ".htm": ["html"],
  ".md": ["markdown", "text"],
  ".markdown": ["markdown", "text"],
  ".txt": ["text", "markdown"],
};

export interface ReadUpload {
  document: ParsedDocument;
  format: UploadFormat;
  facts: number;
  /** what the reader could not use, in words a teacher understands */
  problems: string[];
}

export class UploadRejected extends Error {
  constructor(
    readonly fileName: string,
    message: string,
  ) {
    super(message);
    this.name = "UploadRejected";
  }
}

const startsWith = (bytes: Uint8Array, text: string) =>
  bytes.length >= text.length && Buffer.from(bytes.subarray(0, text.length)).toString("latin1") === text;

/** The format the bytes are, or null: not a document the bot reads. */
export function sniffFormat(bytes: Uint8Array, fileName: string): UploadFormat | null {
  if (startsWith(bytes, "%PDF-")) return "pdf";
  if (startsWith(bytes, "PK\u0003\u0004")) {
    // A zip: a Word file names word/document.xml in its directory (the name is stored as is).
    return Buffer.from(bytes).includes("word/document.xml") ? "docx" : null;
  }
  const head = Buffer.from(bytes.subarray(0, 4096));
  if (head.includes(0)) return null;
  const text = head
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (/^(<!doctype html|<html|<head|<body|<meta|<!--)/.test(text)) return "html";
  const ext = extname(fileName).toLowerCase();
  return ext === ".md" || ext === ".markdown" ? "markdown" : "text";
}

/** A file name as shown and stored: its last path part, without control characters, bounded. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean.slice(0, 200) || "document";
}

export async function readUpload(name: string, bytes: Uint8Array, maxMb: number): Promise<ReadUpload> {
  const fileName = cleanFileName(name);
  if (bytes.length === 0) throw new UploadRejected(fileName, "is empty.");
  if (bytes.length > maxMb * 1024 * 1024)
    throw new UploadRejected(fileName, `is larger than ${maxMb} MB, the largest document the bot reads.`);
  const format = sniffFormat(bytes, fileName);
  if (!format)
    throw new UploadRejected(
      fileName,
      "is not a document the bot reads: upload a PDF, a Word file (.docx), a web page, Markdown or plain text.",
    );
  const ext = extname(fileName).toLowerCase();
  const named = NAMES[ext];
  if (named && !named.includes(format))
    throw new UploadRejected(
      fileName,
      `is called ${ext} but its content is ${FORMAT_LABEL[format].toLowerCase()}; rename it or upload the right file.`,
    );
  // The reader is chosen by the format found in the bytes, whatever the name says.
  const readAs = named ? fileName : `${fileName}${EXTENSION[format]}`;
  let document: ParsedDocument;
  // Read as DATA_DIR's files are: on the reader thread, within its time and memory budget, so a
  // hostile upload (a zip bomb, HTML nested thousands deep) costs the answering thread nothing.
  const dir = await mkdtemp(join(tmpdir(), "upload-"));
  try {
    const path = join(dir, "upload");
    await writeFile(path, bytes, { mode: 0o600 });
    document = await documentThread().read(path, readAs);
  } catch (error) {
    const reason =
      error instanceof DocumentError ? error.message.slice(readAs.length + 2) : "could not be read";
    throw new UploadRejected(fileName, `${reason.replace(/; skipped$/, "")}. Nothing was changed.`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const facts = new CorpusIndex([document]).size;
  if (facts === 0)
    throw new UploadRejected(fileName, "has no text the bot can answer from. Nothing was changed.");
  return { document: { ...document, fileName }, format, facts, problems: missingPages(document) };
}

/** PDF pages between the first and the last that gave no text (a scan without a text layer). */
function missingPages(doc: ParsedDocument): string[] {
  const pages = new Set(doc.sections.map((s) => s.page).filter((p): p is number => p !== undefined));
  if (pages.size === 0) return [];
  const last = Math.max(...pages);
  const missing: number[] = [];
  for (let p = 1; p <= last; p++) if (!pages.has(p)) missing.push(p);
  return missing.map((p) => `page ${p} has no text layer (a scan?): nothing on it can be answered`);
}
