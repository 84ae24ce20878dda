import { citation, toAnswerFact } from "./answer-fact";
import type { Answer, AnswerFact, AnswerOptions, AnswerTier } from "./answer-types";
import { type ConfidenceModel, DEFAULT_MODEL, type Features, features, probability } from "./confidence";
import type { CorpusIndex, ExtraTerms } from "./corpus-index";
import { contextAfter, type FollowUpContext, followUp } from "./follow-up";
import { faqView } from "./learning/faq";
import { withLearned } from "./learning/use";
import { type AnalyzedQuestion, analyzeQuestion, type QuestionTerm, type QuestionType } from "./question";
import { type QuestionContext, type Ranked, rankCandidates } from "./ranking";
import { contentTerms, normalizeText } from "./text";

/** Answering: picks the fact that answers the question, or abstains, and says where it came from. */

export { toAnswerFact } from "./answer-fact";
export type { Answer, AnswerFact, AnswerOptions, AnswerStatus, AnswerTier, Citation } from "./answer-types";

export const MAX_QUESTION_LENGTH = 500;
/** A related fact is offered beside the answer only when it matches the question this well. */
const RELATED_FROM = 0.55;

function tierFor(p: number, t: ConfidenceModel["thresholds"]): AnswerTier {
  return p >= t.answer ? "answer" : p >= t.closest ? "closest" : "unknown";
}

export interface RankedQuestion {
  q: AnalyzedQuestion;
  ctx: QuestionContext;
  ranked: Ranked[];
  features: Features | null;
  /** the previous question this one was read as following up, if it was */
  followed: FollowUpContext | null;
}

// "When did it start": "it" is what the documents are about, so their titles' words count, together
// as much as two words of the question: a long title must not outweigh what is asked.
const SUBJECT_WEIGHT = 2;

function withSubject(index: CorpusIndex, q: AnalyzedQuestion): QuestionTerm[] {
  if (!q.pronoun) return q.terms;
  const asked = new Set(q.terms.map((t) => t.term));
  const implied = [...index.titleTerms].filter((t) => !asked.has(t));
  const weight = SUBJECT_WEIGHT / Math.max(1, implied.length);
  return [...q.terms, ...implied.map((term) => ({ term, word: term, weight }))];
}

/** Analyses and ranks a question, with the features calibration reads; null for a metadata question. */
export function rankQuestion(
  index: CorpusIndex,
  question: string,
  previous: FollowUpContext | null = null,
  extra?: ExtraTerms,
): RankedQuestion {
  const asked = analyzeQuestion(question, (t) => index.knows(t), index.metadataTerms);
  const merged = followUp(asked, previous);
  const q = merged ?? asked;
  const followed = merged ? previous : null;
  const empty = { q, ctx: { q, terms: new Set<string>(), matched: new Set<string>() }, ranked: [], followed };
  const terms = withSubject(index, q);
  if (!q.text || terms.length === 0 || q.meta) return { ...empty, features: null };
  const { candidates, expansions, weights, missing } = index.search(terms, 20, extra);
  const ctx: QuestionContext = {
    q,
    terms: new Set(q.terms.map((t) => t.term)),
    matched: new Set(expansions.flat().map((e) => e.term)),
  };
  const ranked = rankCandidates(index, ctx, candidates);
  return { q, ctx, ranked, followed, features: features(index, q, ranked, weights, missing) };
}

function metaAnswer(index: CorpusIndex, q: AnalyzedQuestion): AnswerFact[] {
  const asked = new Set(q.terms.map((t) => t.term));
  const scored = index.documents
    .map((doc) => ({ doc, hits: contentTerms(doc.meta.title).filter((t) => asked.has(t)).length }))
    .sort((a, b) => b.hits - a.hits);
  return scored.map(({ doc }) => {
    const c = citation(doc);
    const m = doc.meta;
    const by = m.source ? ` by ${m.source}` : "";
    const text =
      q.meta === "published"
        ? c.published
          ? `"${m.title}" was released on ${c.published}${by}.`
          : `"${m.title}" does not say when it was released${by ? ` (published${by})` : ""}.`
        : q.meta === "title"
          ? `The document is titled "${m.title}"${m.source ? ` (source: ${m.source})` : ""}.`
          : q.meta === "author" && m.author
            ? `"${m.title}" was written by ${m.author}.`
            : `"${m.title}" comes from ${c.source}${c.published ? `, released ${c.published}` : ""}.`;
    const highlightText =
      q.meta === "published" ? (c.published ?? null) : q.meta === "title" ? m.title : c.source;
    return { text, factId: `${doc.id}#meta`, highlight: highlightText, source: c };
  });
}

/**
 * Questions near this one: those written from the facts it partly matched; failing that, a few
 * varied starters. (fuse.js over the suggestions cost up to a millisecond here and, for a question
 * sharing no word with the corpus, found nothing more related than the starters.)
 */
function didYouMean(index: CorpusIndex, partial: Ranked[]): string[] {
  const out = new Set<string>();
  for (const r of partial) {
    if (r.candidate.coverage <= 0) continue;
    const s = index.suggestions.forFact(r.candidate.fact.id);
    if (s) out.add(s.question);
    if (out.size >= 3) return [...out];
  }
  if (out.size === 0) for (const s of index.suggestions.starters(3)) out.add(s.question);
  return [...out];
}

/**
 * Passages that match the question nearly as well as the best one, at most three. Beside an unsure
 * reply they matter most: the right passage is among the first three far more often than first.
 */
function nearlyAsGood(index: CorpusIndex, ctx: QuestionContext, ranked: Ranked[]): AnswerFact[] {
  const best = ranked[0];
  if (!best) return [];
  return ranked
    .slice(1)
    .filter((r) => r.confidence >= RELATED_FROM && r.rank >= best.rank * 0.7)
    .filter((r) => r.candidate.fact.text !== best.candidate.fact.text)
    .slice(0, 3)
    .map((r) => toAnswerFact(index, ctx, r.candidate.fact));
}

/** Cleans raw input: strips control and zero-width characters and collapses whitespace. */
export function cleanQuestion(raw: string): string {
  return normalizeText(raw).replace(/\s+/g, " ").trim();
}

export function answerQuestion(index: CorpusIndex, raw: string, options: AnswerOptions = {}): Answer {
  // Without a class's learning, the documents' own FAQs still answer.
  const learned = options.learned ?? faqView(index);
  const { answer, ranked } = answerFromDocuments(index, raw, { ...options, learned });
  return learned ? withLearned(learned, answer, ranked) : answer;
}

/** The documents' own answer, and their ranking (which the class's learning weighs beside its own). */
function answerFromDocuments(
  index: CorpusIndex,
  raw: string,
  options: AnswerOptions,
): { answer: Answer; ranked: Ranked[] } {
  const out = (a: Answer) => ({ answer: a, ranked });
  let ranked: Ranked[] = [];
  const question = cleanQuestion(raw);
  const base = {
    question,
    type: "what" as QuestionType,
    tier: "unknown" as AnswerTier,
    answer: null,
    closest: null,
    confidence: 0,
    related: [],
    suggestions: [],
    followUp: null,
    context: null,
  };
  if (question.length > MAX_QUESTION_LENGTH) return out({ ...base, status: "too_long" });
  const extra = options.learned?.enrichment;
  const read = rankQuestion(index, question, options.previous, extra);
  const { q, ctx, features: f, followed } = read;
  ranked = read.ranked;
  const conversation = {
    followUp: followed?.question ?? null,
    context: contextAfter(q, question, options.previous ?? null, followed),
  };
  if (!q.text || (!f && !q.meta)) {
    return out({
      ...base,
      ...conversation,
      question: q.text,
      type: q.type,
      status: q.text ? "unknown" : "empty",
      suggestions: q.text ? didYouMean(index, []) : [],
    });
  }
  if (q.meta) {
    const [best, ...others] = metaAnswer(index, q);
    return out({
      ...base,
      ...conversation,
      question: q.text,
      type: q.type,
      status: "answered",
      tier: best ? "answer" : "unknown",
      answer: best ?? null,
      closest: best ?? null,
      confidence: 1,
      related: others.slice(0, 3),
    });
  }

  const model = options.model ?? DEFAULT_MODEL;
  const thresholds = { ...model.thresholds, ...options.thresholds };
  const best = ranked[0];
  const p = best && f ? probability(f, model) : 0;
  const closest = best ? toAnswerFact(index, ctx, best.candidate.fact) : null;
  const confidence = Math.round(p * 1000) / 1000;
  const tier = best ? tierFor(p, thresholds) : "unknown";
  const enriched = ranked.filter((r) => r.candidate.learned).map((r) => r.candidate.fact.id);
  const learned = {
    ...(best?.candidate.learned === true && tier !== "unknown" ? { learned: true } : {}),
    ...(enriched.length ? { enriched } : {}),
  };
  if (!best || tier !== "answer") {
    return out({
      ...base,
      ...learned,
      ...conversation,
      question: q.text,
      type: q.type,
      status: "unknown",
      tier,
      closest,
      confidence,
      related: tier === "closest" ? nearlyAsGood(index, ctx, ranked) : [],
      suggestions: didYouMean(index, ranked),
    });
  }
  return out({
    ...base,
    ...conversation,
    question: q.text,
    type: q.type,
    ...learned,
    status: "answered",
    tier: "answer",
    answer: closest,
    closest,
    confidence,
    related: nearlyAsGood(index, ctx, ranked),
  });
}
