import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { CorpusIndex } from "./corpus-index";
import { DocumentError, type ParsedDocument, parseDocument } from "./document";

/** Loads a folder of documents into an index, skipping (and reporting) the ones it cannot read. */

export const DOCUMENT_EXTENSIONS = new Set([".txt", ".md", ".markdown"]);
/** More than this in one folder tree is almost certainly a mistake in DATA_DIR. */
export const MAX_DOCUMENTS = 10_000;
/** Larger files are almost certainly not articles; refuse them instead of stalling start-up. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

export interface LoadProblem {
  file: string;
  reason: string;
}

export interface LoadResult {
  index: CorpusIndex;
  documents: ParsedDocument[];
  problems: LoadProblem[];
}

export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CorpusError";
  }
}

export async function loadDocuments(
  dir: string,
): Promise<{ documents: ParsedDocument[]; problems: LoadProblem[] }> {
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
        "Set DATA_DIR (or --data) to a folder of .txt or .md files.",
    );
  }
  const documents: ParsedDocument[] = [];
  const problems: LoadProblem[] = [];
  const ids = new Set<string>();
  const candidates = entries.filter((file) => DOCUMENT_EXTENSIONS.has(extname(file).toLowerCase()));
  if (candidates.length > MAX_DOCUMENTS) {
    problems.push({
      file: dir,
      reason: `holds ${candidates.length} documents; only the first ${MAX_DOCUMENTS} were read`,
    });
  }
  for (const file of candidates.slice(0, MAX_DOCUMENTS)) {
    const path = join(dir, file);
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      if (info.size > MAX_DOCUMENT_BYTES) {
        problems.push({ file, reason: `is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; skipped` });
        continue;
      }
      const doc = parseDocument(file, await readFile(path, "utf8"));
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
  if (documents.length === 0) {
    const why = problems.length ? ` (${problems.map((p) => `${p.file} ${p.reason}`).join("; ")})` : "";
    throw new CorpusError(
      `No readable .txt or .md documents in "${dir}"${why}. Add some, or point DATA_DIR (or --data) elsewhere.`,
    );
  }
  return { documents, problems };
}

export async function loadCorpus(dir: string): Promise<LoadResult> {
  const { documents, problems } = await loadDocuments(dir);
  return { index: new CorpusIndex(documents), documents, problems };
}
