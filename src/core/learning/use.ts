import { toAnswerFact } from "../answer-fact";
import type { Answer, AnswerFact, AnswerOptions } from "../answer-types";
import { analyzeQuestion } from "../question";
import type { LearnedMatch, LearnedView } from "./learned-index";

/**
 * How a reply uses what the class taught. A question close to a learned one gets that link's
 * passage (its own text and citation, never the learned question): as a confident answer when the
 * link is trusted, otherwise moved first among the unsure reply's offers, where the next student
 * can confirm it. A confident answer from the documents is never overruled by an untrusted link.
 */

/** A learned question this close answers with its passage (when the link is trusted). */
export const ANSWER_SIMILARITY = 0.75;
/** ...and each holds this much of the other: "how do I sign up for it" is not "... for lessons". */
export const BOTH_WAYS = 0.7;
/** As close as this is enough when the documents' own ranking also offers the passage. */
export const SUPPORTED_SIMILARITY = 0.4;
/** A learned question this close puts its passage first among the unsure reply's offers... */
export const OFFER_SIMILARITY = 0.6;
/** ...or this close, when the documents' own ranking offers it too. */
export const SUPPORTED_OFFER_SIMILARITY = 0.35;
const MAX_OFFERS = 3;

export function withLearned(view: LearnedView, answer: Answer, _options: AnswerOptions = {}): Answer {
  if (answer.status === "too_long" || answer.status === "empty") return answer;
  if (answer.answer?.factId.endsWith("#meta")) return answer;
  const hits = view.matches(answer.question).filter((h) => h.similarity >= SUPPORTED_OFFER_SIMILARITY);
  if (hits.length === 0) return answer;
  const offered = [answer.closest, ...answer.related];
  // For students' links, by its own words: the words students taught for it are the same evidence
  // as their learned question. The teacher's (and an FAQ's) words are the teacher's own vouching.
  const supported = (h: LearnedMatch) =>
    offered.some((f) => f?.factId === h.fact.id) &&
    (h.link.source !== "students" || !answer.enriched?.includes(h.fact.id));
  // Two kinds of evidence agreeing (a learned question, and the passage's own words) make a weaker
  // question match enough.
  const confident = hits.find(
    (h) =>
      h.link.trusted &&
      ((h.similarity >= ANSWER_SIMILARITY && Math.min(h.forward, h.backward) >= BOTH_WAYS) ||
        (supported(h) && h.similarity >= SUPPORTED_SIMILARITY)) &&
      (answer.tier !== "answer" || answer.answer?.factId === h.fact.id || h.similarity >= answer.confidence),
  );
  const hit = confident ?? hits.find((h) => supported(h) || h.similarity >= OFFER_SIMILARITY) ?? null;
  if (!hit) return answer;
  const index = view.index;
  const q = analyzeQuestion(answer.question, (t) => index.knows(t), index.metadataTerms);
  const terms = new Set(q.terms.map((t) => t.term));
  const fact = toAnswerFact(index, { q, terms, matched: terms }, hit.fact);
  const others = (list: Array<AnswerFact | null>) =>
    list
      .filter((f): f is AnswerFact => f !== null && f.factId !== fact.factId)
      .filter((f, i, all) => all.findIndex((g) => g.factId === f.factId) === i)
      .slice(0, MAX_OFFERS);
  if (confident) {
    return {
      ...answer,
      status: "answered",
      tier: "answer",
      answer: fact,
      closest: fact,
      confidence: Math.max(answer.confidence, Math.round(hit.similarity * 1000) / 1000),
      related: others([answer.closest, ...answer.related]),
      suggestions: [],
      learned: true,
    };
  }
  if (answer.tier === "answer") return answer;
  return {
    ...answer,
    status: "unknown",
    tier: "closest",
    answer: null,
    closest: fact,
    related: others([answer.closest, ...answer.related]),
    learned: true,
  };
}
