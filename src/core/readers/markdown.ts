import type { Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmTableFromMarkdown } from "mdast-util-gfm-table";
import { gfmTable } from "micromark-extension-gfm-table";
import { parse as parseYaml } from "yaml";
import { DocumentError, type DocumentMeta, META_KEYS } from "../document";
import { type Block, labelled } from "./blocks";

/**
 * Markdown through a real parser (mdast): headings, paragraphs, list items and GFM tables become
 * blocks; code and raw HTML are not facts; emphasis, links and images become their plain text.
 */

// Built once: building the extensions on every call made parsing about 40% slower.
const PARSE_OPTIONS = { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] };

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Reads YAML front matter into metadata; unknown keys are ignored, a broken block is an error. */
export function frontMatter(fileName: string, text: string): { meta: Partial<DocumentMeta>; body: string } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { meta: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(m[1] as string);
  } catch (error) {
    throw new DocumentError(
      fileName,
      `has front matter that is not valid YAML (${(error as Error).message.split("\n")[0]}); skipped`,
    );
  }
  const meta: Partial<DocumentMeta> = {};
  if (data && typeof data === "object") {
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      const field = META_KEYS.get(key.toLowerCase());
      if (!field || value === null || value === undefined || typeof value === "object") continue;
      meta[field] ??= String(value);
    }
  }
  return { meta, body: text.slice(m[0].length) };
}

/** The plain text of inline content: raw HTML is dropped, images give their alt text. */
function inline(node: Nodes): string {
  switch (node.type) {
    case "text":
    case "inlineCode":
      return node.value;
    case "html":
      return "";
    case "break":
      return "\n";
    case "image":
    case "imageReference":
      return node.alt ?? "";
    default:
      return "children" in node ? (node.children as Nodes[]).map(inline).join("") : "";
  }
}

/** A paragraph of "Label: value" lines (soft line breaks) is several facts, not one sentence. */
function paragraphBlocks(text: string, kind: "paragraph" | "item"): Block[] {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 1 && lines.some((l) => labelled(l))) return lines.map((l) => ({ kind, text: l }));
  return [{ kind, text: lines.join(" ") }];
}

function blocks(nodes: RootContent[], out: Block[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case "heading":
        out.push({ kind: "heading", level: node.depth, text: inline(node) });
        break;
      case "paragraph":
        out.push(...paragraphBlocks(inline(node), "paragraph"));
        break;
      case "list":
        for (const item of node.children) {
          for (const child of item.children) {
            if (child.type === "paragraph") out.push(...paragraphBlocks(inline(child), "item"));
            else blocks([child], out);
          }
        }
        break;
      case "table":
        out.push({
          kind: "table",
          header: true,
          rows: node.children.map((row) => row.children.map((cell) => inline(cell))),
        });
        break;
      case "blockquote":
        blocks(node.children, out);
        break;
      // code, html, thematicBreak, definition, footnotes: not facts.
      default:
        break;
    }
  }
}

// A table's delimiter row: "| --- | :---: |" (pipes at the ends optional).
const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Tables longer than this are split into rows here; shorter ones are micromark's alone. */
export const LONG_TABLE_ROWS = 200;

/** GFM's rule for a row: cells are split at every pipe not escaped by a backslash. */
function cells(row: string): string[] {
  const parts = row
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "")
    .split(/(?<!\\)\|/);
  return parts.map((c) => c.trim().replace(/\\\|/g, "|"));
}

/** Cells' inline markup (bold, links, entities) read by micromark, many cells in one parse. */
function inlineCells(texts: string[]): string[] {
  const out = [...texts];
  const marked = texts.flatMap((t, i) => (/[\\*_`<&[!]/.test(t) ? [i] : []));
  if (marked.length === 0) return out;
  // Each cell is a paragraph of its own, behind a letter so that no cell can start a block ("# x").
  const tree = fromMarkdown(marked.map((i) => `x ${texts[i]}`).join("\n\n"), PARSE_OPTIONS);
  tree.children.forEach((node, k) => {
    const at = marked[k];
    if (at !== undefined && node.type === "paragraph") out[at] = inline(node).slice(2).trim();
  });
  return out;
}

type Segment = { text: string } | { table: string[] };

/**
 * A document as runs of Markdown and long tables. micromark reads a table at about a millisecond
 * a row (a 50,000-row table: half a minute and 2.5 GB), so a long top-level table (unindented,
 * after a blank line, outside code) has its rows split here by GFM's own rule, and only its cells'
 * inline markup goes to micromark: linear, and a hundred times cheaper.
 */
function segments(text: string): Segment[] {
  const lines = text.split("\n");
  const out: Segment[] = [];
  let from = 0;
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const mark = FENCE.exec(line)?.[1];
    if (mark && (fence === null || mark.startsWith(fence)))
      fence = fence === null ? (mark[0] as string).repeat(3) : null;
    if (fence !== null || !line.includes("|") || /^\s/.test(line)) continue;
    if (!DELIMITER_ROW.test(lines[i + 1] ?? "") || (i > 0 && (lines[i - 1] as string).trim())) continue;
    let end = i + 2;
    while (end < lines.length && (lines[end] as string).trim() && (lines[end] as string).includes("|")) end++;
    if (end - i - 2 <= LONG_TABLE_ROWS) continue;
    out.push({ text: lines.slice(from, i).join("\n") }, { table: [line, ...lines.slice(i + 2, end)] });
    from = end;
    i = end - 1;
  }
  out.push({ text: lines.slice(from).join("\n") });
  return out;
}

function tableBlock(rows: string[]): Block {
  const split = rows.map(cells);
  const width = (split[0] as string[]).length;
  // As GFM reads it: every row has the header's number of cells, missing ones empty.
  const flat = inlineCells(split.flatMap((r) => Array.from({ length: width }, (_, k) => r[k] ?? "")));
  return {
    kind: "table",
    header: true,
    rows: split.map((_, r) => flat.slice(r * width, (r + 1) * width)),
  };
}

export function readMarkdown(
  fileName: string,
  text: string,
): { meta: Partial<DocumentMeta>; blocks: Block[] } {
  const { meta, body } = frontMatter(fileName, text);
  const out: Block[] = [];
  for (const segment of segments(body)) {
    if ("table" in segment) out.push(tableBlock(segment.table));
    else if (segment.text.trim()) blocks((fromMarkdown(segment.text, PARSE_OPTIONS) as Root).children, out);
  }
  return { meta, blocks: out };
}
