import type { Measure } from "./quantities";
import type { AnalyzedQuestion, QuestionTerm, QuestionType } from "./question";

/**
 * Follow-up questions: in a chat, "and in 2000?" after "how many women were trained in 1999?" asks
 * the same thing about another year, and "what does he teach" asks about the person just named.
 * The previous question's terms are carried into such a question; an ordinary question stands on
 * its own. The rules read English discourse (a leading "and", "what about", a pronoun, a question
 * with nothing of its own to look for), never a document's words.
 */

/** What a question was about, kept (per user and channel) for the next one. */
export interface FollowUpContext {
  /** the question as asked, to show what a follow-up was read against */
  question: string;
  terms: QuestionTerm[];
  type: QuestionType;
  counted: string | null;
  measure: Measure | null;
}

// "and in 2000?", "what about men?", "n how much did they give": it continues the last question.
const CONTINUES =
  /^(and|also|plus|or|but|then|n|so|what about|how about|wat about|what abt|same for|and what about)\b/i;
// A pronoun for a person or group just talked about ("what does he teach", "how much did they
// give"). Not "it": in a question about a document it is usually the document's subject ("when did
// it start"), which the title already supplies; not "that" or "there" ("is there any"), too often
// not pointing back at all.
const POINTS_BACK = /\b(he|she|him|his|her|hers|they|them|their)\b/i;
// The question's own words decide its kind when it has a cue; "and in 2000?" borrows the last one's.
const HAS_CUE = /\b(what|wat|which|who|whom|when|where|how|why|whose)\b/i;
// Carried terms count half when the new question has words of its own to lead with ("and how many
// got re-employed since 98?"), in full when it has one at most ("and in 2000?", "what about men?").
const LEADING_WEIGHT = 0.5;

export type FollowUpKind = "continues" | "points back" | null;

// Ellipsis leaves words out: a question with more words of its own than this is a new question,
// whatever its first word ("and how many got re-employed or self-employed since 98?").
const MAX_OWN_TERMS = 2;

// A figure or a unit symbol names what is asked ("wat % do i need to get an A"): content of the
// question's own even where the analyser finds no term in it.
const OWN_FIGURE = /[\d%$€£¥#°]/u;

export function followUpKind(q: AnalyzedQuestion): FollowUpKind {
  if (q.terms.length > MAX_OWN_TERMS) return null;
  if (CONTINUES.test(q.text)) return "continues";
  if (POINTS_BACK.test(q.text)) return "points back";
  // Nothing of its own to look for ("how much?", "wat time do we get in"): the last one's subject.
  return q.terms.length === 0 && !OWN_FIGURE.test(q.text) ? "continues" : null;
}

/** The question with the previous one's subject carried in, or null when it stands on its own. */
export function followUp(
  q: AnalyzedQuestion,
  previous: FollowUpContext | null | undefined,
): AnalyzedQuestion | null {
  if (!previous || q.meta || previous.terms.length === 0) return null;
  const kind = followUpKind(q);
  if (!kind) return null;
  const own = new Set(q.terms.map((t) => t.term));
  // A figure or year of its own replaces the last question's ("and in 2000?" is not about 1999).
  const hasFigure = q.terms.some((t) => /^\d+$/.test(t.term));
  const weight = kind === "continues" && q.terms.length <= 1 ? 1 : LEADING_WEIGHT;
  const carried = previous.terms
    .filter((t) => !own.has(t.term) && !(hasFigure && /^\d+$/.test(t.term)))
    .map((t) => ({ ...t, weight: (t.weight ?? 1) * weight }));
  if (carried.length === 0) return null;
  const borrowsType = !HAS_CUE.test(q.text);
  return {
    ...q,
    terms: [...q.terms, ...carried],
    type: borrowsType ? previous.type : q.type,
    counted: borrowsType ? previous.counted : q.counted,
    measure: q.measure ?? (borrowsType ? previous.measure : null),
    // The last question says what "it" is; the document's title need not.
    pronoun: kind === "points back" ? q.pronoun : false,
  };
}

/** What the next question may follow up: this one, unless it asked nothing to carry on from. */
export function contextAfter(
  q: AnalyzedQuestion,
  question: string,
  previous: FollowUpContext | null,
  followed: FollowUpContext | null,
): FollowUpContext | null {
  if (q.terms.length === 0 || q.meta) return previous;
  // A chain of follow-ups ("and in 2000?", "and 2001?") is still about the question that began it.
  const shown = followed?.question ?? question;
  return { question: shown, terms: q.terms, type: q.type, counted: q.counted, measure: q.measure };
}
