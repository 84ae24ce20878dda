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

/** The most a Word file's text parts (XML) may inflate to; past it, it is a zip bomb, not a handout. */
export const MAX_INFLATED_MB = 50;

/**
 * Inflates every part mammoth reads (the XML, not the images), counting the bytes as they come:
 * a zip's declared sizes can lie, and a 1 MB file can inflate to gigabytes.
 */
async function checkInflatedSize(fileName: string, zip: JSZip, maxBytes: number): Promise<void> {
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !/\.(xml|rels)$/i.test(entry.name)) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream("nodebuffer") as NodeJS.ReadableStream & { destroy(): void };
      stream.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) {
          stream.destroy();
          reject(
            new DocumentError(
              fileName,
              `inflates to more than ${Math.round(maxBytes / 1024 / 1024)} MB of text (a zip bomb?); skipped`,
            ),
          );
        }
      });
      stream.on("error", reject);
      stream.on("end", resolve);
    });
  }
}

// Images are not text: mammoth is told not to read them (by default it inlines them as base64).
const NO_IMAGES = mammoth.images.imgElement(async () => ({ src: "" }));

async function properties(zip: JSZip): Promise<Partial<DocumentMeta>> {
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
    const zip = await JSZip.loadAsync(data);
    await checkInflatedSize(fileName, zip, MAX_INFLATED_MB * 1024 * 1024);
    html = (await mammoth.convertToHtml({ buffer: data }, { convertImage: NO_IMAGES })).value;
    meta = await properties(zip);
  } catch (error) {
    if (error instanceof DocumentError) throw error;
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
