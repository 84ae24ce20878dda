import type { ReplySection } from "../core/reply";
import type { UnansweredGroup } from "./build";
import { backedBy, day, type LearnedReport } from "./learned";
import { short } from "./passage-quote";

/** The report's learning parts as text sections (chat and terminal), beside the rest of the report. */

const PASSAGE_CHARS = 100;

/** Beside an unanswered question: its closest passages, each with the teach that links it. */
export function closestLines(learned: LearnedReport, prefix: string) {
  return (g: UnansweredGroup): string[] =>
    (learned.closest.get(g.question) ?? []).flatMap((p, i) => [
      `      ${i === 0 ? "closest:" : "        "} ${i + 1}. "${short(p.text, PASSAGE_CHARS)}" — ${p.citation}`,
      `                   ${prefix}teach ${g.question} => ${p.quote}`,
    ]);
}

export function learnedSections(learned: LearnedReport, prefix: string): ReplySection[] {
  const more = (shown: number, total: number) =>
    total > shown ? [`… and ${total - shown} older, not shown`] : [];
  const where = (classKey: string) => (learned.classes ? ` (class ${classKey})` : "");
  const links = learned.links.map(
    (l) =>
      `[${l.id}]${where(l.classKey)} "${l.question}" → "${short(l.passage, PASSAGE_CHARS)}" — ${backedBy(l)}, ${day(l.at)}`,
  );
  const dropped = learned.dropped.map((d) =>
    `${where(d.classKey).trim()} "${d.question}" → "${short(d.passage, PASSAGE_CHARS)}" (dropped ${day(d.at)})`.trim(),
  );
  return [
    {
      heading: `What the class taught (${learned.totalLinks}; take one back with ${prefix}forget ID)`,
      lines: links.length ? [...links, ...more(links.length, learned.totalLinks)] : ["nothing yet"],
    },
    {
      heading: "Learned links dropped: their passage left the documents",
      lines: dropped.length ? [...dropped, ...more(dropped.length, learned.totalDropped)] : ["none"],
    },
  ];
}
