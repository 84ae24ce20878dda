import { parseHTML } from "linkedom";
import mammoth from "mammoth";
import { DocumentError } from "../document";
import type { Block } from "./blocks";
import { type DomElement, domBlocks } from "./dom";

/** A Word document through mammoth, which keeps headings, lists and tables as HTML structure. */
export async function readDocx(fileName: string, data: Buffer): Promise<{ blocks: Block[] }> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: data })).value;
  } catch (error) {
    throw new DocumentError(
      fileName,
      `is not a readable Word document (${(error as Error).message}); skipped`,
    );
  }
  const body = (
    parseHTML(`<!doctype html><html><body>${html}</body></html>`).document as unknown as { body: DomElement }
  ).body;
  return { blocks: domBlocks(body) };
}
