/**
 * How deep a page nests its elements, read from the tags in one pass before any parser sees it:
 * Readability's cost grows with about the cube of the depth (1,000 levels: 15 s), and a real page
 * rarely nests past 50. Elements whose end tag HTML lets a page leave out (p, li, td...) and void
 * elements (br, img...) are not counted, so this never reads a sloppy page as deeper than it is.
 */

export const MAX_HTML_DEPTH = 200;

const VOID = new Set(
  "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split(
    " ",
  ),
);
const OPTIONAL_END = new Set(
  "p li dt dd td th tr tbody thead tfoot colgroup caption option optgroup rb rt rp rtc html head body".split(
    " ",
  ),
);
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noscript", "template"]);

/** The deepest nesting of elements the tags describe, stopping once past `limit`. */
export function tagDepth(html: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let at = 0;
  const lower = html.toLowerCase();
  const name = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/;
  while (deepest <= limit) {
    const open = html.indexOf("<", at);
    if (open < 0) break;
    if (html.startsWith("<!--", open)) {
      const close = html.indexOf("-->", open + 4);
      if (close < 0) break;
      at = close + 3;
      continue;
    }
    const end = html.indexOf(">", open + 1);
    if (end < 0) break;
    const m = name.exec(html.slice(open, Math.min(end + 1, open + 64)));
    at = end + 1;
    if (!m) continue;
    const tag = (m[2] as string).toLowerCase();
    if (VOID.has(tag) || OPTIONAL_END.has(tag)) continue;
    if (m[1]) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (html[end - 1] === "/") continue;
    if (RAW_TEXT.has(tag)) {
      const close = lower.indexOf(`</${tag}`, at);
      at = close < 0 ? html.length : close;
      continue;
    }
    depth++;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

interface Node {
  children?: ArrayLike<Node>;
}

/** The depth of a parsed tree, walked without recursion, stopping once past `limit`. */
export function treeDepth(root: Node, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: Array<[Node, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Node, number];
    deepest = Math.max(deepest, depth);
    if (deepest > limit) break;
    const children = node.children;
    if (children) for (let i = 0; i < children.length; i++) stack.push([children[i] as Node, depth + 1]);
  }
  return deepest;
}
