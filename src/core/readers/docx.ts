import JSZip from "jszip";
import { DOMParser, parseHTML } from "linkedom";
import mammoth from "mammoth";
import { DocumentError, type DocumentMeta } from "../document";
import type { Block } from "./blocks";
import { type DomElement, domBlocks } from "./dom";

/**
 * A Word document through mammoth, which keeps headings, lists and tables as HTML structure; the
 * title and author come from the document's properties (docProps/core.xml), where Word keeps them.
 */

interface XmlDocument {
  getElementsByTagName(name: string): ArrayLike<{ textContent: string | null }>;
}

async function properties(data: Buffer): Promise<Partial<DocumentMeta>> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file("docProps/core.xml")?.async("string");
  if (!xml) return {};
  const doc = new DOMParser().parseFromString(xml, "text/xml") as unknown as XmlDocument;
  const field = (name: string) => doc.getElementsByTagName(name)[0]?.textContent?.trim() || undefined;
  return { title: field("dc:title"), author: field("dc:creator") };
}

export async function readDocx(
  fileName: string,
  data: Buffer,
): Promise<{ meta: Partial<DocumentMeta>; blocks: Block[] }> {
  let html: string;
  let meta: Partial<DocumentMeta>;
  try {
    html = (await mammoth.convertToHtml({ buffer: data })).value;
    meta = await properties(data);
  } catch (error) {
    throw new DocumentError(
      fileName,
      `is not a readable Word document (${(error as Error).message}); skipped`,
    );
  }
  const page = parseHTML(`<!doctype html><html><body>${html}</body></html>`).document as unknown as {
    body: DomElement;
  };
  return { meta, blocks: domBlocks(page.body) };
}
