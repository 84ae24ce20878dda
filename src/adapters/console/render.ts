import { type PassageView, type ReplyLayout, splitHighlight } from "../../app/layout";

/** The passages of a reply the user can mark, in the order they are numbered. */
export function markable(layout: ReplyLayout): PassageView[] {
  return [layout.main, ...(layout.others?.passages ?? [])].filter(
    (p): p is PassageView => p !== undefined && p.number !== undefined && p.controls.length > 0,
  );
}

/** A reply's layout as terminal text; `bold` wraps the highlighted figure (ANSI on a TTY, or nothing). */
export function renderText(layout: ReplyLayout, bold: (s: string) => string = (s) => s): string {
  const fact = (p: PassageView) => {
    const [before, mid, after] = splitHighlight(p.text, p.highlight);
    return before + (mid ? bold(mid) : "") + after;
  };
  const lines: string[] = [];
  // The terminal does not repeat the question, but says what a follow-up was read after.
  if (layout.followUp) lines.push(`(after: ${layout.followUp})`);
  // Passages the user can mark are numbered: typing the number says "this answered it".
  const mark = (p: PassageView) => (p.number ? `${p.number}.` : "-");
  if (layout.main) {
    if (layout.lead)
      lines.push(
        layout.lead,
        `  ${layout.main.number ? `${layout.main.number}. ` : ""}"${fact(layout.main)}"`,
      );
    else lines.push(fact(layout.main));
    lines.push(`  Source: ${layout.main.citation}`);
    if (layout.others) {
      lines.push("", `${layout.others.heading}:`);
      for (const p of layout.others.passages) lines.push(`  ${mark(p)} ${fact(p)}`);
    }
    const last = markable(layout).at(-1)?.number;
    if (last)
      lines.push(
        "",
        `If one of these answered your question, type its number${last > 1 ? ` (1-${last})` : " (1)"}.`,
      );
  } else {
    lines.push(layout.text);
  }
  for (const section of layout.sections) {
    lines.push("", `${section.heading}:`);
    for (const line of section.lines) lines.push(`  - ${line}`);
  }
  if (layout.suggestions) {
    lines.push("", layout.suggestions.heading);
    for (const c of layout.suggestions.controls) lines.push(`  > ${c.label}`);
  }
  return lines.join("\n");
}
