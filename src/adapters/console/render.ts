import { formatCitation, type Reply, relatedHeading, splitHighlight } from "../../core/reply";

/** Renders a Reply as terminal text; `bold` wraps the highlighted figure (ANSI on a TTY, or nothing). */
export function renderText(reply: Reply, bold: (s: string) => string = (s) => s): string {
  const lines: string[] = [];
  // The terminal does not repeat the question, but says what a follow-up was read after.
  if (reply.followUp) lines.push(`(after: ${reply.followUp})`);
  if (reply.answer) {
    const [before, mid, after] = splitHighlight(reply.answer.text, reply.answer.highlight);
    lines.push(before + (mid ? bold(mid) : "") + after);
    lines.push(`  Source: ${formatCitation(reply.answer.citation)}`);
    relatedLines(reply, lines, bold);
  } else if (reply.passage) {
    const [before, mid, after] = splitHighlight(reply.passage.text, reply.passage.highlight);
    lines.push(reply.text, `  "${before}${mid ? bold(mid) : ""}${after}"`);
    lines.push(`  Source: ${formatCitation(reply.passage.citation)}`);
    relatedLines(reply, lines, bold);
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

function relatedLines(reply: Reply, lines: string[], bold: (s: string) => string): void {
  if (!reply.related?.length) return;
  lines.push("", `${relatedHeading(reply)}:`);
  for (const r of reply.related) {
    const [b, m, a] = splitHighlight(r.text, r.highlight);
    lines.push(`  - ${b}${m ? bold(m) : ""}${a}`);
  }
}
