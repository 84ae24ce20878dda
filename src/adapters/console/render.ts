import { formatCitation, type Reply, splitHighlight } from "../../core/reply";

/** Renders a Reply as terminal text; `bold` wraps the highlighted figure (ANSI on a TTY, or nothing). */
export function renderText(reply: Reply, bold: (s: string) => string = (s) => s): string {
  const lines: string[] = [];
  // The terminal does not repeat the question, but says what a follow-up was read after.
  if (reply.followUp) lines.push(`(after: ${reply.followUp})`);
  if (reply.answer) {
    const [before, mid, after] = splitHighlight(reply.answer.text, reply.answer.highlight);
    lines.push(before + (mid ? bold(mid) : "") + after);
    lines.push(`  Source: ${formatCitation(reply.answer.citation)}`);
    if (reply.related?.length) {
      lines.push("", "Related:");
      for (const r of reply.related) {
        const [b, m, a] = splitHighlight(r.text, r.highlight);
        lines.push(`  - ${b}${m ? bold(m) : ""}${a}`);
      }
    }
  } else if (reply.passage) {
    const [before, mid, after] = splitHighlight(reply.passage.text, reply.passage.highlight);
    lines.push(reply.text, `  "${before}${mid ? bold(mid) : ""}${after}"`);
    lines.push(`  Source: ${formatCitation(reply.passage.citation)}`);
  } else {
    lines.push(reply.text);
  }
  for (const section of reply.sections ?? []) {
    lines.push("", `${section.heading}:`);
    for (const line of section.lines) lines.push(`  - ${line}`);
  }
  if (reply.suggestions?.length) {
    lines.push("", reply.kind === "unknown" ? "Did you mean:" : "Try:");
    for (const s of reply.suggestions) lines.push(`  > ${s}`);
  }
  return lines.join("\n");
}
