import { rankQuestion, toAnswerFact } from "../core/answer";
import type { CorpusIndex } from "../core/corpus-index";
import type { LearnedLink } from "../core/learning/trust";
import { formatCitation } from "../core/reply";
import type { DroppedLink } from "../store/learning-backend";
import type { UnansweredGroup } from "./build";
import { uniqueQuote } from "./passage-quote";

/**
 * What the class taught, for the teacher's report (chat, `npm run report`, the teacher's page): its
 * links, newest first, each with the id `forget` takes; the links dropped because their passage
 * left the documents; and beside each top unanswered question the passages closest to it, with a
 * quote that picks each one alone, so that one `teach` fixes it. Bounded: at most MAX_LINKS links
 * and MAX_DROPPED drops are listed (the rest counted), and CLOSEST passages for each of the report's
 * top unanswered questions (one ranking each).
 */

export const MAX_LINKS = 30;
export const MAX_DROPPED = 20;
export const CLOSEST = 3;

export interface ClosestPassage {
  factId: string;
  text: string;
  citation: string;
  /** the fewest leading words no other passage holds: `teach QUESTION => quote` picks this one */
  quote: string;
}

export interface LearnedReport {
  /** newest first, at most MAX_LINKS */
  links: LearnedLink[];
  /** every link, counted */
  totalLinks: number;
  /** newest first, at most MAX_DROPPED */
  dropped: DroppedLink[];
  totalDropped: number;
  /** per unanswered question (its wording as the report shows it), its closest passages */
  closest: Map<string, ClosestPassage[]>;
  /** several classes are listed (npm run report over every class): each line says which */
  classes: boolean;
}

export interface LearnedReportInput {
  links: readonly LearnedLink[];
  dropped: readonly DroppedLink[];
  unanswered: readonly Pick<UnansweredGroup, "question">[];
  /** the documents the class answers from; null: no closest passages */
  index: CorpusIndex | null;
  classes?: boolean;
}

export function learnedReport(input: LearnedReportInput): LearnedReport {
  const newest = <T extends { at: Date }>(list: readonly T[]) =>
    [...list].sort((a, b) => b.at.getTime() - a.at.getTime());
  const closest = new Map<string, ClosestPassage[]>();
  if (input.index)
    for (const g of input.unanswered) closest.set(g.question, closestPassages(input.index, g.question));
  return {
    links: newest(input.links).slice(0, MAX_LINKS),
    totalLinks: input.links.length,
    dropped: newest(input.dropped).slice(0, MAX_DROPPED),
    totalDropped: input.dropped.length,
    closest,
    classes: input.classes ?? false,
  };
}

/** The passages the question ranks first (distinct texts), as the teacher reads and quotes them. */
export function closestPassages(index: CorpusIndex, question: string, max = CLOSEST): ClosestPassage[] {
  const out: ClosestPassage[] = [];
  const seen = new Set<string>();
  const { ranked, ctx } = rankQuestion(index, question);
  for (const r of ranked) {
    const fact = r.candidate.fact;
    if (seen.has(fact.text)) continue;
    seen.add(fact.text);
    const shown = toAnswerFact(index, ctx, fact);
    out.push({
      factId: fact.id,
      text: shown.text,
      citation: formatCitation(shown.source),
      quote: uniqueQuote(index, fact),
    });
    if (out.length >= max) break;
  }
  return out;
}

/** Who stands behind a link, as the report says it. */
export function backedBy(link: LearnedLink): string {
  if (link.source === "faq") return "the FAQ";
  const students = `${link.students} student${link.students === 1 ? "" : "s"}`;
  if (link.source === "teacher") return link.students > 0 ? `teacher and ${students}` : "teacher";
  return link.trusted ? students : `${students} (a suggestion until a second confirms it)`;
}

export const day = (at: Date) => at.toISOString().slice(0, 10);
