import type { Block } from "./blocks";

/**
 * Blocks from an HTML element tree (a saved page after Readability, or Word through mammoth):
 * headings, paragraphs, list items and tables; code, scripts, forms and figures are not facts.
 */

// A structural subset of the DOM that linkedom provides; typed here so readers need no DOM lib.
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
export interface DomElement extends DomNode {
  tagName: string;
  children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const SKIP = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "PRE",
  "CODE",
  "FORM",
  "BUTTON",
  "SELECT",
  "TEXTAREA",
  "SVG",
  "IFRAME",
  "TEMPLATE",
  "FIGURE",
]);
const INLINE = new Set([
  "A",
  "ABBR",
  "B",
  "BDI",
  "BDO",
  "CITE",
  "DATA",
  "DFN",
  "EM",
  "I",
  "KBD",
  "MARK",
  "Q",
  "S",
  "SAMP",
  "SMALL",
  "SPAN",
  "STRONG",
  "SUB",
  "SUP",
  "TIME",
  "U",
  "VAR",
  "BR",
  "IMG",
  "WBR",
  "DEL",
  "INS",
  "FONT",
  "CODE",
]);

function isElement(node: DomNode): node is DomElement {
  return node.nodeType === 1;
}

/** The visible text of an element, skipping non-content children; <br> is a line break. */
export function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? "";
  if (!isElement(node)) return "";
  if (node.tagName === "BR") return "\n";
  if (node.tagName === "IMG") return node.getAttribute("alt") ?? "";
  if (SKIP.has(node.tagName) && node.tagName !== "CODE") return "";
  let out = "";
  for (const child of Array.from(node.childNodes)) out += textOf(child);
  return out;
}

/** A cell set wholly in bold (<strong>/<b>), as Word header rows usually are. */
function bold(cell: DomElement): boolean {
  const all = textOf(cell).replace(/\s+/g, "");
  const strong = Array.from(cell.querySelectorAll("strong, b"))
    .map((b) => textOf(b))
    .join("")
    .replace(/\s+/g, "");
  return all.length > 0 && strong === all;
}

/**
 * Word tables (and many pages) mark no header (<th>) unless "repeat as header row" is set: a first
 * row is the header when it reads like one, short labels (no sentence, no bare figure) either set
 * in bold over rows that are not, or without figures at all.
 */
function looksLikeHeader(first: DomElement[], second: DomElement[], texts: string[]): boolean {
  const labels = texts.every((c) => {
    const t = c.trim();
    return (
      t.length > 0 &&
      t.length <= 60 &&
      t.split(/\s+/).length <= 6 &&
      !/[.!?;]$/.test(t) &&
      !/^[\d\s.,:%$€£/-]+$/.test(t)
    );
  });
  if (!labels) return false;
  if (first.every(bold) && !second.every(bold)) return true;
  return texts.every((c) => c.trim().split(/\s+/).length <= 4 && !/\d/.test(c));
}

function tableBlock(table: DomElement): Block {
  const rows: string[][] = [];
  const elements: DomElement[][] = [];
  let header = false;
  for (const tr of Array.from(table.querySelectorAll("tr"))) {
    const cells = Array.from(tr.children).filter((c) => c.tagName === "TD" || c.tagName === "TH");
    if (cells.length === 0) continue;
    if (rows.length === 0 && cells.every((c) => c.tagName === "TH")) header = true;
    rows.push(cells.map((c) => textOf(c)));
    if (elements.length < 2) elements.push(cells);
  }
  if (!header && rows.length > 1)
    header = looksLikeHeader(elements[0] as DomElement[], elements[1] as DomElement[], rows[0] as string[]);
  return { kind: "table", rows, header };
}

/** Pushes a paragraph per line where <br> separates "Label: value" lines; otherwise one paragraph. */
function textBlocks(text: string, kind: "paragraph" | "item", out: Block[]): void {
  for (const line of text.split("\n")) if (line.trim()) out.push({ kind, text: line });
}

/** A definition list is "term: definition" lines: a fact each, labelled by its term. */
function definitions(dl: DomElement, out: Block[]): void {
  let term = "";
  for (const child of Array.from(dl.children)) {
    if (child.tagName === "DT") term = textOf(child).replace(/\s+/g, " ").trim().replace(/:$/, "");
    else if (child.tagName === "DD") {
      const text = textOf(child).replace(/\s+/g, " ").trim();
      if (text) out.push({ kind: "item", text: term ? `${term}: ${text}` : text });
    } else if (child.tagName === "DIV") definitions(child, out);
  }
}

export function domBlocks(root: DomElement, out: Block[] = []): Block[] {
  let inlineRun = "";
  const flush = () => {
    if (inlineRun.trim()) textBlocks(inlineRun, "paragraph", out);
    inlineRun = "";
  };
  for (const node of Array.from(root.childNodes)) {
    if (!isElement(node)) {
      if (node.nodeType === 3) inlineRun += node.textContent ?? "";
      continue;
    }
    const tag = node.tagName;
    if (INLINE.has(tag) && tag !== "CODE") {
      inlineRun += textOf(node);
      continue;
    }
    flush();
    if (SKIP.has(tag)) continue;
    const heading = /^H([1-6])$/.exec(tag);
    if (heading) out.push({ kind: "heading", level: Number(heading[1]), text: textOf(node) });
    else if (tag === "P") textBlocks(textOf(node), "paragraph", out);
    else if (tag === "LI") {
      // A nested list is its own items, after this one's own text.
      const own = Array.from(node.childNodes)
        .filter((c) => !(isElement(c) && (c.tagName === "UL" || c.tagName === "OL")))
        .map(textOf)
        .join("");
      if (own.replace(/\s+/g, " ").trim()) out.push({ kind: "item", text: own.replace(/\s+/g, " ") });
      for (const c of Array.from(node.children))
        if (c.tagName === "UL" || c.tagName === "OL") domBlocks(c, out);
    } else if (tag === "TABLE") out.push(tableBlock(node));
    else if (tag === "DL") definitions(node, out);
    else domBlocks(node, out);
  }
  flush();
  return out;
}
