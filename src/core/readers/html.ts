import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { DocumentError, type DocumentMeta } from "../document";
import { sameName, titleEnds } from "../site-names";
import type { Block } from "./blocks";
import { type DomElement, domBlocks } from "./dom";
import { MAX_HTML_DEPTH, tagDepth, treeDepth } from "./html-depth";

/**
 * A saved web page: Mozilla's Readability (over a linkedom DOM) picks the main content and drops
 * navigation, footers and side boxes; metadata comes from <title> and the page's <meta> tags.
 */

interface PageDocument {
  title: string;
  body: DomElement | null;
  documentElement: DomElement;
  querySelector(selector: string): DomElement | null;
}

function metaContent(doc: PageDocument, selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const value = doc.querySelector(selector)?.getAttribute("content")?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The title without the site's name before or after it, when the page names its site. */
export function withoutSiteName(title: string, site: string | undefined): string {
  if (!site) return title;
  const { head, tail } = titleEnds(title);
  if (tail && sameName(tail.text, site)) return title.slice(0, tail.at).trim();
  if (head && sameName(head.text, site)) return title.slice(head.at).trim();
  return title;
}

export function pageMeta(doc: PageDocument): Partial<DocumentMeta> {
  const timeEl = doc.querySelector("time[datetime]");
  const source = metaContent(doc, [
    'meta[property="og:site_name"]',
    'meta[name="publisher"]',
    'meta[name="application-name"]',
  ]);
  const title =
    metaContent(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]']) ??
    (doc.title.trim() || undefined);
  return {
    title: title && withoutSiteName(title, source),
    author: metaContent(doc, ['meta[name="author"]', 'meta[property="article:author"]']),
    source,
    published:
      metaContent(doc, [
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[name="publish-date"]',
        'meta[name="pubdate"]',
        'meta[itemprop="datePublished"]',
        'meta[name="dc.date"]',
      ]) ??
      timeEl?.getAttribute("datetime") ??
      undefined,
    url:
      metaContent(doc, ['meta[property="og:url"]']) ??
      doc.querySelector('link[rel="canonical"]')?.getAttribute("href") ??
      undefined,
  };
}

function parse(html: string): PageDocument {
  return parseHTML(html).document as unknown as PageDocument;
}

export function readHtml(fileName: string, html: string): { meta: Partial<DocumentMeta>; blocks: Block[] } {
  // Checked on the tags before parsing, then on the tree the parser built (which closes what the
  // page left open), before Readability, whose cost grows with about the cube of the depth.
  const tooDeep = () =>
    new DocumentError(
      fileName,
      `nests its elements more than ${MAX_HTML_DEPTH} deep (a real page rarely goes past 50); skipped`,
    );
  if (tagDepth(html, MAX_HTML_DEPTH) > MAX_HTML_DEPTH) throw tooDeep();
  const page = parse(html);
  if (treeDepth(page.documentElement, MAX_HTML_DEPTH) > MAX_HTML_DEPTH) throw tooDeep();
  const meta = pageMeta(page);
  // Readability changes the DOM it reads, so it gets its own copy; metadata came from the original.
  const article = new Readability(parse(html) as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 200,
  }).parse();
  meta.author ??= article?.byline?.trim() || undefined;
  meta.published ??= article?.publishedTime ?? undefined;
  meta.source ??= article?.siteName?.trim() || undefined;
  if (article?.title && !meta.title) meta.title = article.title;
  const content = article?.content
    ? parse(`<!doctype html><html><body>${article.content}</body></html>`).body
    : page.body;
  const author = meta.author?.toLowerCase();
  // "By Priya Raman · 8 March 2025": a byline says who wrote it, which the metadata already holds.
  const isByline = (b: Block) =>
    b.kind === "paragraph" &&
    !!author &&
    b.text.toLowerCase().includes(author) &&
    b.text.split(/\s+/).length <= 12;
  const blocks = (content ? domBlocks(content) : []).filter((b) => !isByline(b));
  return { meta, blocks };
}
