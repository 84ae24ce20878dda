import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { CorpusIndex } from "./corpus-index";
import { DocumentError, type ParsedDocument } from "./document";
import { DOCUMENT_EXTENSIONS, readDocument } from "./readers";
import { readFaq } from "./readers/faq";

/** Loads a folder of documents into an index, skipping (and reporting) the ones it cannot read. */

export { DOCUMENT_EXTENSIONS };
/** More than this in one folder tree is almost certainly a mistake in DATA_DIR. */
export const MAX_DOCUMENTS = 10_000;
/** Larger files are almost certainly not documents; refuse them instead of stalling start-up. */
export const DEFAULT_MAX_DOCUMENT_MB = 20;

export interface LoadOptions {
  /** files larger than this are reported and skipped (MAX_DOCUMENT_MB) */
  maxDocumentMb?: number;
  /** called after each file is read, with how many are done out of how many */
  onProgress?: (done: number, total: number) => void;
}

export interface LoadProblem {
  file: string;
  reason: string;
}

export interface LoadResult {
  index: CorpusIndex;
  documents: ParsedDocument[];
  problems: LoadProblem[];
  /** size and modification time of every file read, to tell later what changed */
  stamps: Map<string, string>;
}

export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CorpusError";
  }
}

export async function loadDocuments(
  dir: string,
  options: LoadOptions = {},
): Promise<{ documents: ParsedDocument[]; problems: LoadProblem[]; stamps: Map<string, string> }> {
  const maxMb = options.maxDocumentMb ?? DEFAULT_MAX_DOCUMENT_MB;
  let entries: string[];
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new CorpusError(`DATA_DIR "${dir}" is a file, not a folder of documents.`);
    // Subfolders count too (a folder per course or topic); hidden ones are skipped.
    entries = (await readdir(dir, { recursive: true }))
      .map((p) => p.split(sep).join("/"))
      .filter((p) => !p.split("/").some((part) => part.startsWith(".") || part === "node_modules"))
      .sort();
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(
      `Cannot read the documents folder "${dir}" (${(error as NodeJS.ErrnoException).code ?? "error"}). ` +
        "Set DATA_DIR (or --data) to a folder of documents (.txt, .md, .html, .pdf, .docx).",
    );
  }
  const documents: ParsedDocument[] = [];
  const problems: LoadProblem[] = [];
  const stamps = new Map<string, string>();
  const ids = new Set<string>();
  const candidates = entries.filter((file) => DOCUMENT_EXTENSIONS.has(extname(file).toLowerCase()));
  if (candidates.length > MAX_DOCUMENTS) {
    problems.push({
      file: dir,
      reason: `holds ${candidates.length} documents; only the first ${MAX_DOCUMENTS} were read`,
    });
  }
  const chosen = candidates.slice(0, MAX_DOCUMENTS);
  let done = 0;
  for (const file of chosen) {
    const path = join(dir, file);
    options.onProgress?.(done++, chosen.length);
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      stamps.set(file, `${info.size}:${info.mtimeMs}`);
      if (info.size > maxMb * 1024 * 1024) {
        problems.push({ file, reason: `is larger than ${maxMb} MB (MAX_DOCUMENT_MB); skipped` });
        continue;
      }
      const doc = readFaq(await readDocument(file, await readFile(path)));
      // Two files with the same slug ("a b.txt", "a-b.md") would share fact ids; keep ids unique.
      let id = doc.id;
      for (let n = 2; ids.has(id); n++) id = `${doc.id}-${n}`;
      ids.add(id);
      documents.push({ ...doc, id });
    } catch (error) {
      const reason =
        error instanceof DocumentError
          ? error.message.slice(file.length + 2)
          : `could not be read (${(error as Error).message})`;
      problems.push({ file, reason });
    }
  }
  options.onProgress?.(done, chosen.length);
  if (documents.length === 0) {
    const why = problems.length ? ` (${problems.map((p) => `${p.file} ${p.reason}`).join("; ")})` : "";
    throw new CorpusError(
      `No readable documents (.txt, .md, .html, .pdf, .docx) in "${dir}"${why}. Add some, or point DATA_DIR (or --data) elsewhere.`,
    );
  }
  return { documents, problems, stamps };
}

export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const { documents, problems, stamps } = await loadDocuments(dir, options);
  return { index: new CorpusIndex(documents), documents, problems, stamps };
}
