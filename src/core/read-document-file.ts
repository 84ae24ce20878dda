import { readFile } from "node:fs/promises";
import { DocumentError, type ParsedDocument } from "./document";
import { readDocument } from "./readers";
import { readFaq } from "./readers/faq";

/** One file read into a document, or the reason it cannot be, as the reader thread sends it. */
export type ReadOutcome = { ok: true; doc: ParsedDocument } | { ok: false; reason: string };

export async function readFromDisk(path: string, fileName: string): Promise<ReadOutcome> {
  try {
    // An FAQ's questions become taught links (readers/faq.ts), here too, off the answering thread.
    return { ok: true, doc: readFaq(await readDocument(fileName, await readFile(path))) };
  } catch (error) {
    const reason =
      error instanceof DocumentError
        ? error.message.slice(fileName.length + 2)
        : `could not be read (${(error as Error).message})`;
    return { ok: false, reason };
  }
}
