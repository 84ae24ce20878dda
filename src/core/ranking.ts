import type { Candidate, CorpusIndex, FactView } from "./corpus-index";
import type { Fact } from "./facts";
import { type Measure, measures, type Quantity } from "./quantities";
import type { AnalyzedQuestion, QuestionType } from "./question";
import { cachedTerms } from "./text";

/**
 * Ranking a shortlist: how well each fact fits the question's type (a "how many" needs a figure),
 * which figure or name answers, and the small tie-breakers between facts of equal coverage.
 */

// How well a fact's content fits the kind of answer asked for; a fact without, say, any figure
// cannot answer "how many", however many words it shares.
function typeFit(type: QuestionType, fact: Fact, terms: ReadonlySet<string>): number {
  const kinds = new Set(fact.quantities.map((q) => q.kind));
  switch (type) {
    case "count":
      return kinds.has("count") || kinds.has("money") || kinds.has("percent") ? 1 : 0.5;
    case "date":
      // A day or a time of day ("Thursdays", "9 am") answers "when", a little less surely than a year.
      return kinds.has("year") || kinds.has("range") ? 1 : kinds.has("date") ? 0.85 : 0.5;
    case "duration":
      return kinds.has("duration") || kinds.has("range") || kinds.has("year") ? 1 : 0.6;
    // "who" may ask for a group of people ("who is it aimed at"), not only an organisation.
    case "who":
      return answeringNames(fact, terms).length > 0 ? 1 : 0.85;
    case "where":
      return answeringNames(fact, terms).length > 0 ? 1 : 0.9;
    default:
      return 1;
  }
}

/** Names in a fact other than the one the question is about: "who launched X" is not answered by X. */
function answeringNames(fact: Fact, terms: ReadonlySet<string>): string[] {
  return fact.organizations.filter((o) => !namedIn(o, terms));
}

function unitMatches(q: Quantity, terms: ReadonlySet<string>): boolean {
  return q.unit !== "" && cachedTerms(q.unit).some((t) => terms.has(t));
}

const WANTED: Record<QuestionType, ReadonlyArray<Quantity["kind"]>> = {
  count: ["count", "money", "percent"],
  date: ["year", "range", "date"],
  duration: ["duration", "range"],
  who: [],
  where: [],
  what: [],
};

/** Word distance from each quantity to the nearest word the question matched ("trained 5.86 million"). */
function quantityDistances(
  fact: Fact,
  view: FactView,
  matchedTerms: ReadonlySet<string>,
): Map<Quantity, number> {
  const hits: number[] = [];
  view.words.forEach((w, i) => {
    if (w.terms.some((t) => matchedTerms.has(t))) hits.push(i);
  });
  const out = new Map<Quantity, number>();
  for (const q of fact.quantities) {
    const at = view.words.findIndex((w) => w.start >= q.start);
    const pos = at < 0 ? view.words.length : at;
    out.set(q, hits.length ? Math.min(...hits.map((h) => Math.abs(h - pos))) : 99);
  }
  return out;
}

/**
 * The figure wanted by this kind of question (one counting what was asked about, else the nearest
 * to the matched words), with its distance in words from them.
 */
function pickQuantity(
  type: QuestionType,
  fact: Fact,
  view: FactView,
  terms: ReadonlySet<string>,
  matched: ReadonlySet<string>,
  measure: Measure | null = null,
) {
  const kinds = WANTED[type];
  const eligible = fact.quantities.filter((q) => kinds.includes(q.kind));
  if (eligible.length === 0) return null;
  const distance = quantityDistances(fact, view, matched);
  const cost = (q: Quantity) =>
    (distance.get(q) ?? 99) - (unitMatches(q, terms) ? 3 : 0) - (measure && measures(q, measure) ? 10 : 0);
  const quantity = eligible.reduce((a, b) => (cost(b) < cost(a) ? b : a));
  return { quantity, distance: distance.get(quantity) ?? 99 };
}

/** The figure, date or name in a fact that answers this kind of question. */
export function highlight(
  q0: AnalyzedQuestion,
  fact: Fact,
  view: FactView,
  terms: ReadonlySet<string>,
  matched: ReadonlySet<string>,
) {
  const type = q0.type;
  if (type === "who" || type === "where") return answeringNames(fact, terms)[0] ?? null;
  const q = pickQuantity(type, fact, view, terms, matched, q0.measure)?.quantity;
  if (!q) return type === "what" ? (fact.names.find((n) => namedIn(n, terms)) ?? null) : null;
  const phrase = q.unit && !q.unit.includes('"') ? `${q.raw} ${q.unit}` : q.raw;
  return fact.text.includes(phrase) ? phrase : q.raw;
}

/** Whether every content word of a quoted name is in the question ("what is start your business"). */
function namedIn(name: string, terms: ReadonlySet<string>): boolean {
  const nameTerms = cachedTerms(name);
  return nameTerms.length > 0 && nameTerms.every((t) => terms.has(t));
}

export interface Ranked {
  candidate: Candidate;
  confidence: number;
  rank: number;
  /** 0..1: whether the fact holds the kind of thing asked for (a figure counting it, a year, a name) */
  answerFit: number;
}

export interface QuestionContext {
  q: AnalyzedQuestion;
  /** the question's canonical terms */
  terms: ReadonlySet<string>;
  /** corpus terms the question matched, typo corrections included */
  matched: ReadonlySet<string>;
}

const CURRENT = /\b(presently|currently|now|today|nowadays|to date|at present|as of|so far)\b/i;

export function rankCandidates(index: CorpusIndex, ctx: QuestionContext, candidates: Candidate[]): Ranked[] {
  const { q, terms, matched } = ctx;
  const asksForYear = q.terms.some((t) => /^(1[5-9]|20)\d\d$/.test(t.term));
  const maxRelevance = Math.max(1e-9, ...candidates.map((c) => c.relevance));
  return candidates
    .map((candidate) => {
      const fact = candidate.fact;
      // "how many women ...": when the corpus counts women somewhere, a figure counting something
      // else answers a different question.
      const countsOther =
        q.type === "count" &&
        q.counted !== null &&
        index.countsThing(q.counted) &&
        !fact.quantities.some((x) => cachedTerms(x.unit).includes(q.counted as string));
      const confidence = Math.min(
        1,
        candidate.coverage * typeFit(q.type, fact, terms) * (countsOther ? 0.85 : 1),
      );
      // Tie-breakers among facts of equal confidence, each small next to a missing word:
      // the wanted figure sits next to the matched words; it counts what was asked about; the fact
      // names a programme the question names; it is about the document's own subject (what "it"
      // means in "when did it start"); BM25; earlier sections.
      const view = index.view(fact);
      const picked = pickQuantity(q.type, fact, view, terms, matched, q.measure);
      const wanted = picked?.quantity;
      const measureBonus =
        q.measure && fact.quantities.some((x) => measures(x, q.measure as Measure)) ? 0.1 : 0;
      const proximity = picked ? 0.03 / (1 + picked.distance / 2) : 0;
      const unitBonus = wanted && unitMatches(wanted, terms) ? 0.05 : 0;
      const nameBonus = q.type === "what" && fact.names.some((n) => namedIn(n, terms)) ? 0.08 : 0;
      const title = index.titleTermsOf(fact.docId);
      const onSubject =
        q.pronoun && title.size ? [...title].filter((t) => view.terms.has(t)).length / title.size : 0;
      // "How many X?" with no year asked for means "how many now": prefer the figure stated as current.
      const currentBonus = q.type === "count" && !asksForYear && CURRENT.test(fact.text) ? 0.05 : 0;
      const rank =
        confidence +
        proximity +
        unitBonus +
        measureBonus +
        nameBonus +
        currentBonus +
        0.05 * Math.min(1, onSubject) +
        0.08 * (candidate.relevance / maxRelevance) -
        0.002 * fact.sectionIndex;
      const answerFit =
        q.type === "who" || q.type === "where"
          ? answeringNames(fact, terms).length > 0
            ? 1
            : 0
          : q.type === "what"
            ? nameBonus > 0
              ? 1
              : 0.5
            : !picked
              ? 0
              : wanted && unitMatches(wanted, terms)
                ? 1
                : 0.7 - Math.min(picked.distance, 10) / 25;
      return { candidate, confidence, rank, answerFit };
    })
    .sort((a, b) => b.rank - a.rank);
}
