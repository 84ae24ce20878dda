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
    total > shown
      ? [`… and ${total - shown} older: the teacher's page and npm run report list them all`]
      : [];
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

/** In a chat reply fewer of each: Slack and Discord bound a reply's sections (Discord, 6,000 characters in all). */
const CHAT = { questions: 3, passages: 2, links: 5, dropped: 3, excerpt: 60 };

/**
 * The learning sections of the chat's report: the top unanswered questions' closest passages as the
 * teach that links each, then the newest links and drops; `npm run report` and the teacher's page
 * list them all.
 */
export function learnedChatSections(learned: LearnedReport, prefix: string): ReplySection[] {
  const teach = [...learned.closest.entries()]
    .slice(0, CHAT.questions)
    .flatMap(([question, passages]) =>
      passages
        .slice(0, CHAT.passages)
        .map((p) => `${prefix}teach ${question} => ${p.quote}  ← "${short(p.text, CHAT.excerpt)}"`),
    );
  const shown: LearnedReport = {
    ...learned,
    links: learned.links.slice(0, CHAT.links),
    dropped: learned.dropped.slice(0, CHAT.dropped),
  };
  const [links, dropped] = learnedSections(shown, prefix);
  return [
    {
      heading: "Teach the top unanswered questions: their closest passages",
      lines: teach.length ? teach : ["none"],
    },
    ...(links ? [links] : []),
    ...(dropped ? [dropped] : []),
  ];
}
