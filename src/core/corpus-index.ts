import type { DocumentMeta, ParsedDocument } from "./document";
import { extractFacts, type Fact } from "./facts";
import { FuzzyVocabulary } from "./fuzzy";
import { buildPostings } from "./postings";
import type { QuestionTerm } from "./question";
import { answerKey } from "./readers/faq";
import { buildSuggestions, SuggestionIndex } from "./suggestions";
import { cachedTerms, contentTerms, tokenize } from "./text";
import { bm25Idf, type Expansion, ExpansionCache, type Lexicon, missingWeight } from "./word-expansion";

/**
 * The searchable form of a corpus: an inverted index from canonical terms to facts (for speed at any
 * size), a typo-tolerant vocabulary, and per-fact term sets for scoring a shortlist precisely.
 */

export interface IndexedDocument {
  id: string;
  fileName: string;
  meta: DocumentMeta;
  sections: Array<{ index: number; heading: string; facts: number; page?: number }>;
}

/**
 * What scoring needs of one fact, built on first use and cached: only facts a question shortlists
 * pay for it. `counts` come from the same tokenizer as the index (phrases folded); `words` carry
 * offsets, for how near a figure sits to the matched words.
 */
export interface FactView {
  counts: ReadonlyMap<string, number>;
  words: Array<{ start: number; terms: readonly string[] }>;
  terms: ReadonlySet<string>;
}

const VIEW_CACHE_LIMIT = 20_000;
const EXPANSION_CACHE_LIMIT = 50_000;

export interface Candidate {
  fact: Fact;
  /** fraction of the question's weighted terms this fact (or its section/title) contains, 0..1 */
  coverage: number;
  /** BM25 relevance, for ordering facts of equal coverage */
  relevance: number;
  /** which question terms matched, by index into the question's terms */
  matched: boolean[];
  /** a term matched only through words a class taught for this fact (see core/learning) */
  learned?: boolean;
}

/** Words a class taught for facts: term -> fact position -> weight (0..1). */
export type ExtraTerms = ReadonlyMap<string, ReadonlyMap<number, number>>;

// A term found only in the section heading or document title supports a fact, weakly.
const CONTEXT_WEIGHT = 0.5;
// A term in the next or previous sentence of the paragraph: "It in turn evolved into Modern English."
const NEIGHBOUR_WEIGHT = 0.4;
const BM25_K1 = 1.2;
const STAMP_LIMIT = 2 ** 31 - 1;
const BM25_B = 0.75;

export class CorpusIndex {
  readonly facts: Fact[];
  readonly documents: IndexedDocument[];
  readonly suggestions: SuggestionIndex;
  /** questions the documents' own FAQs answer, each with the fact that is its answer */
  readonly faq: Array<{ question: string; fact: Fact }> = [];
  private readonly postings: Map<string, Int32Array>;
  private readonly lengths: Float32Array;
  private readonly avgLength: number;
  private readonly contextTerms = new Map<string, Set<string>>();
  private readonly titleTermsByDoc = new Map<string, Set<string>>();
  /** canonical terms of facts, headings and titles */
  private readonly terms = new Set<string>();
  /** terms that some figure in the corpus counts ("women" in "40 million women") */
  private readonly unitTerms: Set<string>;
  /** words as written (lower-cased), for typo lookup: typos happen in words, not stems */
  private readonly surface: Map<string, string>;
  private readonly vocabulary: FuzzyVocabulary;
  private readonly lexicon: Lexicon;
  readonly titleTerms: ReadonlySet<string>;
  /** words of titles, sources and authors: "who writes for the gazette" is about the document */
  readonly metadataTerms: ReadonlySet<string>;
  private readonly scratchScores: Float64Array;
  private readonly scratchStamp: Int32Array;
  private stampCounter = 0;
  private readonly views = new Map<string, FactView>();
  private readonly expansions: ExpansionCache;
  private queryStart = 1;
  private positions: Map<string, number> | null = null;

  /** `firstStamp`: where the per-query stamps start (a test starts them near the Int32 limit). */
  /**
   * `answersWith` answers a question as the bot would (build-index.ts passes it): suggestions are
   * then offered only when the bot answers them with their own fact. Without it, every one is.
   */
  constructor(
    docs: ParsedDocument[],
    firstStamp = 0,
    answersWith?: (index: CorpusIndex, question: string) => string | null,
  ) {
    this.stampCounter = firstStamp;
    this.documents = [];
    this.facts = [];
    const titleTerms = new Set<string>();
    const metadataTerms = new Set<string>();
    for (const doc of docs) {
      const facts = extractFacts(doc);
      for (const fact of facts) this.facts.push(fact);
      for (const s of doc.sections)
        for (const pair of s.faq ?? []) {
          const key = answerKey(pair.answer);
          const fact = facts.find((f) => f.sectionIndex === s.index && answerKey(f.text) === key);
          if (fact) this.faq.push({ question: pair.question, fact });
        }
      const perSection = new Map<number, number>();
      for (const fact of facts)
        perSection.set(fact.sectionIndex, (perSection.get(fact.sectionIndex) ?? 0) + 1);
      this.documents.push({
        id: doc.id,
        fileName: doc.fileName,
        meta: doc.meta,
        sections: doc.sections.map((s) => ({
          index: s.index,
          heading: s.heading,
          facts: perSection.get(s.index) ?? 0,
          page: s.page,
        })),
      });
      const docTitle = contentTerms(doc.meta.title);
      for (const t of docTitle) titleTerms.add(t);
      for (const t of contentTerms(`${doc.meta.source ?? ""} ${doc.meta.author ?? ""}`)) metadataTerms.add(t);
      this.titleTermsByDoc.set(doc.id, new Set(docTitle));
      for (const s of doc.sections) {
        this.contextTerms.set(`${doc.id}#${s.index}`, new Set([...docTitle, ...contentTerms(s.heading)]));
      }
    }
    this.titleTerms = titleTerms;
    for (const t of titleTerms) metadataTerms.add(t);
    this.metadataTerms = metadataTerms;

    const built = buildPostings(this.facts);
    this.postings = built.postings;
    this.lengths = built.lengths;
    this.avgLength = built.avgLength;
    this.surface = built.surface;
    this.unitTerms = built.unitTerms;
    for (const term of this.postings.keys()) this.terms.add(term);
    for (const terms of this.contextTerms.values()) for (const t of terms) this.terms.add(t);
    for (const doc of docs) for (const s of doc.sections) this.addSurface(`${doc.meta.title} ${s.heading}`);
    this.vocabulary = new FuzzyVocabulary(this.surface.keys());
    this.lexicon = { terms: this.terms, vocabulary: this.vocabulary, surface: this.surface };
    this.expansions = new ExpansionCache(this.lexicon, EXPANSION_CACHE_LIMIT);
    this.scratchScores = new Float64Array(this.facts.length);
    this.scratchStamp = new Int32Array(this.facts.length);
    // Offered only if the bot answers them with their own fact (checked when first offered).
    this.suggestions = new SuggestionIndex(
      buildSuggestions(this.facts, this.documents),
      answersWith ? (question) => answersWith(this, question) : undefined,
    );
  }

  /** Where a fact sits in `facts` (-1 if it is not this index's), for its neighbouring sentences. */
  position(fact: Fact): number {
    if (!this.positions) this.positions = new Map(this.facts.map((f, i) => [f.id, i]));
    return this.positions.get(fact.id) ?? -1;
  }

  get size(): number {
    return this.facts.length;
  }

  /** Content terms of a document's title: what an unqualified "it" in a question refers to. */
  titleTermsOf(docId: string): ReadonlySet<string> {
    return this.titleTermsByDoc.get(docId) ?? new Set();
  }

  private addSurface(text: string): void {
    for (const token of tokenize(text))
      if (!token.stop && /\p{L}/u.test(token.word)) this.surface.set(token.word, token.term);
  }

  view(fact: Fact): FactView {
    let view = this.views.get(fact.id);
    if (!view) {
      const words: FactView["words"] = [];
      for (const m of fact.text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'.,-]*/gu)) {
        words.push({ start: m.index ?? 0, terms: cachedTerms(m[0]) });
      }
      const counts = new Map<string, number>();
      for (const token of tokenize(fact.text, true)) {
        if (!token.stop) counts.set(token.term, (counts.get(token.term) ?? 0) + 1);
      }
      view = { counts, words, terms: new Set([...counts.keys(), ...words.flatMap((w) => w.terms)]) };
      if (this.views.size >= VIEW_CACHE_LIMIT) this.views.clear();
      this.views.set(fact.id, view);
    }
    return view;
  }

  /** Whether the corpus counts this thing anywhere ("how many women": are women ever counted?). */
  countsThing(term: string): boolean {
    return this.unitTerms.has(term);
  }

  /** Whether a canonical term occurs anywhere in the corpus (facts, headings or titles). */
  knows(term: string): boolean {
    return this.terms.has(term);
  }

  /** Inverse document frequency; a term the corpus never uses weighs the most. */
  idf(term: string): number {
    return bm25Idf(this.postings.get(term)?.length ?? 0, this.facts.length);
  }

  /** Corpus terms a question word may stand for, each with how surely (see word-expansion.ts). */
  expand(term: string, word: string = term, name = false): Expansion[] {
    return this.expansions.expand(term, word, name);
  }

  /** Facts sharing terms with the question, scored by weighted term coverage; best first. */
  search(
    question: QuestionTerm[],
    limit = 20,
    extra?: ExtraTerms,
  ): {
    candidates: Candidate[];
    weights: number[];
    /** what each question term would weigh if the corpus lacked it */
    missing: number[];
    expansions: Array<Array<{ term: string; weight: number }>>;
  } {
    const expansions = question.map((q) => this.expand(q.term, q.word, q.name));
    // A term the corpus lacks weighs by how rare it is in English: a rare one is probably what the
    // question is really about, so off-topic questions lose coverage even when they share words.
    const rarest = this.idf("\u0000");
    const missing = question.map((q) => missingWeight(q.word, q.name === true, rarest) * (q.weight ?? 1));
    // Stamps past the Int32 range would wrap negative and count stale scores as this query's:
    // start again from a clean slate before that (every 2^31 stamps, about two days at full speed).
    if (this.stampCounter + question.length + 1 >= STAMP_LIMIT) {
      this.scratchStamp.fill(0);
      this.stampCounter = 0;
    }
    this.queryStart = this.stampCounter + 1;
    // A corrected or related word is only probably that word: its weight leans towards "missing".
    const weights = expansions.map((exp, i) =>
      exp.length === 0
        ? (missing[i] as number)
        : Math.max(
            ...exp.map(
              (e) =>
                this.idf(e.term) * e.weight * ((question[i] as QuestionTerm).weight ?? 1) +
                (missing[i] as number) * (1 - e.weight),
            ),
          ),
    );
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) return { candidates: [], weights, missing, expansions };

    // Accumulate per-fact coverage in reusable typed arrays: no per-query allocation proportional to
    // the corpus, which keeps large corpora fast.
    const scores = this.scratchScores;
    const stamp = this.scratchStamp;
    const touched: number[] = [];
    expansions.forEach((exp, qi) => {
      const mark = ++this.stampCounter;
      for (const { term, weight } of exp) {
        const list = this.postings.get(term);
        if (!list) continue;
        for (const f of list) {
          if (stamp[f] === mark) continue;
          if (stamp[f] === 0 || (stamp[f] as number) < this.queryStart) {
            scores[f] = 0;
            touched.push(f);
          }
          stamp[f] = mark;
          scores[f] = (scores[f] as number) + (weights[qi] as number) * weight;
        }
      }
      const taught = extra?.get((question[qi] as QuestionTerm).term);
      if (taught)
        for (const [f, weight] of taught) {
          if (stamp[f] === mark) continue;
          if (stamp[f] === 0 || (stamp[f] as number) < this.queryStart) {
            scores[f] = 0;
            touched.push(f);
          }
          stamp[f] = mark;
          scores[f] = (scores[f] as number) + (weights[qi] as number) * weight;
        }
    });
    const shortlist = topK(touched, scores, Math.max(limit * 3, 50));
    const candidates = shortlist.map((f) => this.score(f, expansions, weights, total, question, extra));
    candidates.sort((a, b) => b.coverage - a.coverage || b.relevance - a.relevance);
    return { candidates: candidates.slice(0, limit), weights, missing, expansions };
  }

  /** The position of the sentence before (-1) or after (+1) the one at `f` in its paragraph, or -1. */
  neighbour(f: number, step: -1 | 1): number {
    const fact = this.facts[f] as Fact;
    const other = this.facts[f + step];
    if (!other || other.docId !== fact.docId || other.sectionIndex !== fact.sectionIndex) return -1;
    return other.paragraph === fact.paragraph ? f + step : -1;
  }

  /**
   * Whether fact `f` holds `term`, by binary search in the term's postings (sorted by fact): a
   * neighbour is only asked about a few terms, and building its view cost a 100k-fact corpus half
   * its query time.
   */
  private holds(f: number, term: string): boolean {
    const list = this.postings.get(term);
    if (!list) return false;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = list[mid] as number;
      if (v === f) return true;
      if (v < f) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  private score(
    f: number,
    expansions: Array<Array<{ term: string; weight: number }>>,
    weights: number[],
    total: number,
    question?: QuestionTerm[],
    extra?: ExtraTerms,
  ): Candidate {
    const fact = this.facts[f] as Fact;
    const tf = this.view(this.facts[f] as Fact).counts;
    const context = this.contextTerms.get(`${fact.docId}#${fact.sectionIndex}`);
    const neighbours = [this.neighbour(f, -1), this.neighbour(f, 1)];
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * (this.lengths[f] as number)) / this.avgLength);
    let covered = 0;
    let relevance = 0;
    let learned = false;
    const matched = expansions.map((exp, qi) => {
      let best = 0;
      for (const { term, weight } of exp) {
        const count = tf.get(term) ?? 0;
        if (count > 0) {
          best = Math.max(best, weight);
          relevance += (this.idf(term) * weight * count * (BM25_K1 + 1)) / (count + norm);
        } else if (context?.has(term)) best = Math.max(best, weight * CONTEXT_WEIGHT);
        else if (neighbours.some((n) => n >= 0 && this.holds(n, term)))
          best = Math.max(best, weight * NEIGHBOUR_WEIGHT);
      }
      const taught = (extra && question ? extra.get((question[qi] as QuestionTerm).term)?.get(f) : 0) ?? 0;
      if (taught > best) {
        best = taught;
        learned = true;
      }
      covered += (weights[qi] as number) * best;
      return best > 0;
    });
    return { fact, coverage: covered / total, relevance, matched, ...(learned ? { learned } : {}) };
  }
}

/** Indexes of the k highest scores among `items`, highest first, without sorting them all. */
function topK(items: number[], scores: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (const f of items) {
    const s = scores[f] as number;
    if (top.length === k && s <= (scores[top[k - 1] as number] as number)) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && (scores[top[i - 1] as number] as number) < s) {
      if (i < k) top[i] = top[i - 1] as number;
      i--;
    }
    top[i] = f;
  }
  return top;
}
