import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { buildIndex } from "./build-index";
import type { CorpusIndex } from "./corpus-index";
import { DocumentError, type ParsedDocument } from "./document";
import { DEFAULT_READ_BUDGET, documentThread, type ReadBudget } from "./document-thread";
import { readFromDisk } from "./read-document-file";
import { DOCUMENT_EXTENSIONS } from "./readers";
import { stripSharedSiteNames } from "./site-names";

/** Loads a folder of documents into an index, skipping (and reporting) the ones it cannot read. */

export { DOCUMENT_EXTENSIONS };
/** More than this in one folder tree is almost certainly a mistake in DATA_DIR. */
export const MAX_DOCUMENTS = 10_000;
/** Larger files are almost certainly not documents; refuse them instead of stalling start-up. */
export const DEFAULT_MAX_DOCUMENT_MB = 20;

/**
 * Small plain text is read on this thread: its reader is linear and cheap at this size (256 KB:
 * under 0.3 s on a loaded 2-core machine), and starting the reader thread costs a second or more,
 * which a folder of a few notes should not wait for. Every other file goes to the reader thread,
 * Markdown too: 32 KB of ">" keeps micromark busy for minutes.
 */
const READ_HERE_BYTES = new Map([[".txt", 256 * 1024]]);

async function readHere(path: string, fileName: string): Promise<ParsedDocument> {
  const outcome = await readFromDisk(path, fileName);
  if (!outcome.ok) throw new DocumentError(fileName, outcome.reason);
  return outcome.doc;
}

export interface LoadOptions {
  /** files larger than this are reported and skipped (MAX_DOCUMENT_MB) */
  maxDocumentMb?: number;
  /** called after each file is read, with how many are done out of how many */
  onProgress?: (done: number, total: number) => void;
  /** each document's time and memory budget on the reader thread */
  readBudget?: Partial<ReadBudget>;
  /** reads one file into a document (default: the reader thread); throws DocumentError */
  read?: (path: string, fileName: string) => Promise<ParsedDocument>;
  /** the last load's outcomes: a file unchanged since (size, time, real path) is not read again */
  previous?: ReadonlyMap<string, FileOutcome>;
}

/** What reading one file gave: its document or why it was skipped, and the file's stamp then. */
export interface FileOutcome {
  stamp: string;
  path: string;
  doc?: ParsedDocument;
  reason?: string;
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
  /** each file's outcome, for the next load to reuse */
  outcomes: Map<string, FileOutcome>;
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
): Promise<Omit<LoadResult, "index">> {
  const maxMb = options.maxDocumentMb ?? DEFAULT_MAX_DOCUMENT_MB;
  const budget = { ...DEFAULT_READ_BUDGET, ...options.readBudget };
  const read =
    options.read ?? ((path: string, fileName: string) => documentThread().read(path, fileName, budget));
  let found: FoundFiles;
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new CorpusError(`DATA_DIR "${dir}" is a file, not a folder of documents.`);
    found = await findDocuments(dir);
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(
      `Cannot read the documents folder "${dir}" (${(error as NodeJS.ErrnoException).code ?? "error"}). ` +
        "Set DATA_DIR (or --data) to a folder of documents (.txt, .md, .html, .pdf, .docx).",
    );
  }
  const documents: ParsedDocument[] = [];
  const problems: LoadProblem[] = [...found.problems];
  const stamps = new Map<string, string>();
  const outcomes = new Map<string, FileOutcome>();
  const ids = new Set<string>();
  const candidates = found.files;
  if (candidates.length > MAX_DOCUMENTS) {
    problems.push({
      file: dir,
      reason: `holds more than ${MAX_DOCUMENTS} documents; only the first ${MAX_DOCUMENTS} were read`,
    });
  }
  const chosen = candidates.slice(0, MAX_DOCUMENTS);
  let done = 0;
  for (const { file, path } of chosen) {
    options.onProgress?.(done++, chosen.length);
    try {
      const info = await stat(path);
      if (!info.isFile()) continue;
      stamps.set(file, `${info.size}:${info.mtimeMs}`);
      if (info.size > maxMb * 1024 * 1024) {
        problems.push({ file, reason: `is larger than ${maxMb} MB (MAX_DOCUMENT_MB); skipped` });
        continue;
      }
      const stamp = `${info.size}:${info.mtimeMs}`;
      const prior = options.previous?.get(file);
      // A reload reads only what changed: a hostile file is not inflated again at every change.
      const outcome =
        prior && prior.stamp === stamp && prior.path === path
          ? prior
          : await readOne(file, () =>
              !options.read && info.size <= (READ_HERE_BYTES.get(extname(file).toLowerCase()) ?? -1)
                ? readHere(path, file)
                : read(path, file),
            ).then((o) => ({ stamp, path, ...o }));
      outcomes.set(file, outcome);
      if (outcome.reason !== undefined || !outcome.doc) {
        problems.push({ file, reason: outcome.reason ?? "could not be read" });
        continue;
      }
      const doc = outcome.doc;
      // Two files with the same slug ("a b.txt", "a-b.md") would share fact ids; keep ids unique.
      let id = doc.id;
      for (let n = 2; ids.has(id); n++) id = `${doc.id}-${n}`;
      ids.add(id);
      // A copy: site names come off titles below, and the outcome keeps the document as read.
      documents.push({ ...doc, id, meta: { ...doc.meta } });
    } catch (error) {
      problems.push({ file, reason: `could not be read (${(error as Error).message})` });
    }
  }
  options.onProgress?.(done, chosen.length);
  if (!options.read) documentThread().release();
  stripSharedSiteNames(documents);
  if (documents.length === 0) {
    const why = problems.length ? ` (${problems.map((p) => `${p.file} ${p.reason}`).join("; ")})` : "";
    throw new CorpusError(
      `No readable documents (.txt, .md, .html, .pdf, .docx) in "${dir}"${why}. Add some, or point DATA_DIR (or --data) elsewhere.`,
    );
  }
  return { documents, problems, stamps, outcomes };
}

/** One file's document, or the reason it cannot be read. */
async function readOne(
  file: string,
  read: () => Promise<ParsedDocument>,
): Promise<{ doc?: ParsedDocument; reason?: string }> {
  try {
    return { doc: await read() };
  } catch (error) {
    const reason =
      error instanceof DocumentError
        ? error.message.slice(file.length + 2)
        : `could not be read (${(error as Error).message})`;
    return { reason };
  }
}

export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const loaded = await loadDocuments(dir, options);
  return { index: buildIndex(loaded.documents), ...loaded };
}

interface FoundFiles {
  /** documents by their path in the folder, each real file once, with the path to read it at */
  files: Array<{ file: string; path: string }>;
  problems: LoadProblem[];
}

/**
 * The documents under `dir`, subfolders included (hidden ones and node_modules skipped). Links are
 * followed to their real file, which is read once whatever links to it; a link out of the folder
 * is refused, and a folder reached twice (a link loop) is walked once.
 */
async function findDocuments(dir: string): Promise<FoundFiles> {
  const root = await realpath(dir);
  const inside = (real: string) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  const walked = new Set<string>([root]);
  const entries: Array<{ file: string; path: string; real: string; linked: boolean }> = [];
  const problems: LoadProblem[] = [];
  const pending: Array<{ real: string; prefix: string }> = [{ real: root, prefix: "" }];
  while (pending.length > 0 && entries.length <= MAX_DOCUMENTS) {
    const { real: folder, prefix } = pending.shift() as { real: string; prefix: string };
    let children: Dirent[];
    try {
      children = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (prefix === "") throw error;
      problems.push({
        file: prefix.slice(0, -1),
        reason: `cannot be read (${(error as NodeJS.ErrnoException).code}); skipped`,
      });
      continue;
    }
    for (const child of children) {
      if (child.name.startsWith(".") || child.name === "node_modules") continue;
      const file = prefix + child.name;
      const path = join(folder, child.name);
      let real = path;
      let isFolder = child.isDirectory();
      if (child.isSymbolicLink()) {
        try {
          real = await realpath(path);
          isFolder = (await stat(real)).isDirectory();
        } catch {
          if (isFolder || DOCUMENT_EXTENSIONS.has(extname(file).toLowerCase()))
            problems.push({ file, reason: "is a link to nothing; skipped" });
          continue;
        }
        if (!inside(real)) {
          if (isFolder || DOCUMENT_EXTENSIONS.has(extname(file).toLowerCase()))
            problems.push({ file, reason: "links outside the documents folder; skipped" });
          continue;
        }
      }
      if (isFolder) {
        if (!walked.has(real)) {
          walked.add(real);
          pending.push({ real, prefix: `${file}/` });
        }
      } else if (DOCUMENT_EXTENSIONS.has(extname(file).toLowerCase())) {
        entries.push({ file, path: real, real, linked: child.isSymbolicLink() });
      }
    }
  }
  // Each real file once: under its own name if the folder has it, else under the first link's.
  entries.sort(
    (a, b) => Number(a.linked) - Number(b.linked) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
  const seen = new Set<string>();
  const files = entries.filter((e) => !seen.has(e.real) && seen.add(e.real));
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files: files.map(({ file, path }) => ({ file, path })), problems };
}
