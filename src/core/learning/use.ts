import { toAnswerFact } from "../answer-fact";
import type { Answer, AnswerFact } from "../answer-types";
import type { Fact } from "../facts";
import { analyzeQuestion } from "../question";
import type { Ranked } from "../ranking";
import type { LearnedMatch, LearnedView } from "./learned-index";

/**
 * How a reply uses what the class taught. Each passage near the question has two kinds of evidence:
 * the documents' own ranking (its words, and the words taught for it), and how close the question
 * is to the questions it was learned for. The passage with the most of both together comes first,
 * so a taught passage outranks an untaught one the documents rank about as well. It answers
 * confidently only through a trusted link (two students, the teacher, or an FAQ) that the question
 * resembles, and only when the passage, with the questions it was trusted for, explains the
 * question: a word neither holds is a need it was never taught for. An untrusted link only moves
 * its passage up among the unsure reply's offers, where the next student can confirm it.
 */

/** A learned question this close answers with its passage (when the link is trusted)... */
export const ANSWER_SIMILARITY = 0.75;
/** ...and each holds this much of the other: "how do I sign up for it" is not "... for lessons". */
export const BOTH_WAYS = 0.7;
/** A trusted learned question at least this close answers when the passage explains the question... */
export const SUPPORTED_SIMILARITY = 0.4;
/** ...at least half of it (its words, weighted by how telling they are, in the passage or its links)... */
export const EXPLAINED = 0.5;

/** A learned question this close may offer its passage when the documents' ranking does not... */
export const OFFER_SIMILARITY = 0.6;
/** ...and this close counts at all. */
export const SUPPORTED_OFFER_SIMILARITY = 0.35;
const MAX_OFFERS = 3;
/** The passages with the most evidence looked at for one that may answer. */
const CONSIDERED = 5;
/** The documents' ranking beyond this many passages is not weighed. */
const RANKED_DEPTH = 20;

interface Weighed {
  fact: Fact;
  /** the documents' own confidence in the passage (0 when they do not rank it) */
  ranked: number;
  hit: LearnedMatch | null;
  score: number;
}

export function withLearned(view: LearnedView, answer: Answer, ranked: readonly Ranked[]): Answer {
  if (answer.status === "too_long" || answer.status === "empty") return answer;
  if (answer.answer?.factId.endsWith("#meta")) return answer;
  const hits = view.matches(answer.question).filter((h) => h.similarity >= SUPPORTED_OFFER_SIMILARITY);
  if (hits.length === 0) return answer;
  const weighed = new Map<string, Weighed>();
  for (const r of ranked.slice(0, RANKED_DEPTH)) {
    const fact = r.candidate.fact;
    if (!weighed.has(fact.id)) weighed.set(fact.id, { fact, ranked: r.confidence, hit: null, score: 0 });
  }
  for (const h of hits) {
    const w = weighed.get(h.fact.id);
    if (w) w.hit = h;
    else weighed.set(h.fact.id, { fact: h.fact, ranked: 0, hit: h, score: 0 });
  }
  const strong = (h: LearnedMatch) =>
    h.trusted >= ANSWER_SIMILARITY &&
    h.trusted === h.similarity &&
    Math.min(h.forward, h.backward) >= BOTH_WAYS &&
    (answer.tier !== "answer" || answer.answer?.factId === h.fact.id || h.similarity >= answer.confidence);
  const top = ranked[0];
  const offered = new Set([answer.closest, ...answer.related].map((f) => f?.factId));
  // Whether this passage may answer: the same question as a trusted one, both ways; or a trusted
  // question the question resembles, over a passage that explains the question.
  const confidentIn = (w: Weighed): boolean => {
    const h = w.hit;
    if (!h || h.trusted <= 0) return false;
    if (strong(h)) return true;
    if (h.trusted < SUPPORTED_SIMILARITY) return false;
    // An FAQ's question is its document's own heading for the answer: matching it is matching the
    // document, so the documents offering the passage themselves supports it.
    if (h.trustedSource === "faq" && offered.has(w.fact.id)) return overrules(w, w.ranked);
    // Explained both as the documents' ranking sees it (the passage's words and those lent to it,
    // with the subject a pronoun stands for) and with every trusted question's words and relations.
    const e = Math.min(w.ranked, view.explained(answer.question, [w.fact])[0] ?? 0);
    // ...at least half of it, and what it shares with the trusted question outweighs what nothing explains.
    return e >= EXPLAINED && h.trustedForward >= 1 - e && overrules(w, e);
  };
  // A confident answer of the documents gives way only to a passage explained as well.
  const overrules = (w: Weighed, e: number) =>
    answer.tier !== "answer" || answer.answer?.factId === w.fact.id || e >= (top?.confidence ?? 0);
  // Both kinds of evidence count at once, a taught passage winning a tie; the best passage that may
  // answer does, and failing one, the best is offered first.
  const all = [...weighed.values()];
  for (const w of all) w.score = w.ranked + (w.hit?.similarity ?? 0);
  all.sort((a, b) => b.score - a.score || (b.hit ? 1 : 0) - (a.hit ? 1 : 0));
  const strongest = all
    .filter((w) => w.hit && strong(w.hit))
    .sort((a, b) => (b.hit?.similarity ?? 0) - (a.hit?.similarity ?? 0))[0];
  const answering = strongest ?? all.slice(0, CONSIDERED).find(confidentIn);
  const winner = answering ?? all[0];
  const hit = winner?.hit;
  if (!winner || !hit) return answer;
  const confident = answering !== undefined;
  const index = view.index;
  const q = analyzeQuestion(answer.question, (t) => index.knows(t), index.metadataTerms);
  const terms = new Set(q.terms.map((t) => t.term));
  const fact = toAnswerFact(index, { q, terms, matched: terms }, winner.fact);
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
      confidence: Math.max(answer.confidence, Math.round(hit.trusted * 1000) / 1000),
      related: others([answer.closest, ...answer.related]),
      suggestions: [],
      learned: true,
    };
  }
  // Not sure: a confident answer from the documents stands; otherwise the winner is offered first,
  // when the documents rank it too or its learned question alone is close.
  if (answer.tier === "answer") return answer;
  if (winner.ranked <= 0 && hit.similarity < OFFER_SIMILARITY) return answer;
  if (answer.closest?.factId === fact.factId) return { ...answer, tier: "closest", learned: true };
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
