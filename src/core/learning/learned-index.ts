import type { CorpusIndex } from "../corpus-index";
import type { Fact } from "../facts";
import { type AnalyzedQuestion, analyzeQuestion, type QuestionType } from "../question";
import { contentTerms } from "../text";
import { type Expansion, missingWeight } from "../word-expansion";
import { type QuestionHit, QuestionIndex } from "./question-index";
import type { LearnedLink, LinkSource } from "./trust";

/**
 * What a class taught, laid over one corpus index: each link resolved to a passage of that index
 * (by the passage's text, so a fact that only moved keeps its links; one whose text is gone drops
 * them), the learned questions in an index of their own (matched question to question with the
 * core's own typo reading, stems and WordNet), and their words as extra terms of the passages.
 */

/** Extra terms of passages: term -> fact position -> weight (0..1). */
export type Enrichment = ReadonlyMap<string, ReadonlyMap<number, number>>;

/** How much a word students used for a passage counts, next to a word the passage itself holds. */
export const ENRICH_WEIGHT = 0.6;

/** A specific question ("when") against a general one ("what", "can I"): how alike at most. */
const MIXED_KIND = 0.85;
/** Learned questions looked at per question: enough for every passage near it to show. */
const MATCH_LIMIT = 30;

export interface LearnedMatch {
  link: LearnedLink;
  fact: Fact;
  /** 0..1: how closely the question matches the learned one, both ways */
  similarity: number;
  /** how much of each one the other holds: the question's words in the learned one, and back */
  forward: number;
  backward: number;
  /** the closest of this passage's trusted links (0 when it has none): only these may answer */
  trusted: number;
  /** how much of the question that trusted link's question holds */
  trustedForward: number;
  /** that trusted link's source (null when the passage has none) */
  trustedSource: LinkSource | null;
}

export interface LearnedUse {
  /** (a) match learned questions question to question */
  match: boolean;
  /** (b) add the learned questions' words to their passages' terms */
  enrich: boolean;
}

interface Read {
  type: QuestionType;
  /** the learned question's content terms (unique) */
  terms: string[];
  /** its words as lent to the passage */
  content: string[];
}

interface Entry extends Read {
  link: LearnedLink;
  fact: Fact;
}

/**
 * What views of one index share, so that a view with one link more costs that link, not a rebuild:
 * the learned questions' index (it only grows), each question as read, and the index's passages by
 * id and by text. One per index and set of classes; begun again once most of it is out of force.
 */
interface Shared {
  questions: QuestionIndex;
  read: Map<string, Read>;
  byId: Map<string, Fact>;
  byText: Map<string, Fact>;
}

const shared = new WeakMap<CorpusIndex, Map<string, Shared>>();
/** Questions out of force (rejected, dropped) a shared index may hold beyond those in force. */
const STALE_SLACK = 1_000;

function sharedFor(index: CorpusIndex, links: readonly LearnedLink[]): Shared {
  let byClasses = shared.get(index);
  if (!byClasses) {
    byClasses = new Map();
    shared.set(index, byClasses);
  }
  const key = [...new Set(links.map((l) => l.classKey))].sort().join("\u0000");
  let s = byClasses.get(key);
  if (!s || s.questions.size > 2 * links.length + STALE_SLACK) {
    const byId = s?.byId ?? new Map<string, Fact>();
    const byText = s?.byText ?? new Map<string, Fact>();
    if (!s)
      for (const f of index.facts) {
        byId.set(f.id, f);
        if (!byText.has(f.text)) byText.set(f.text, f);
      }
    s = { questions: new QuestionIndex(), read: new Map(), byId, byText };
    byClasses.set(key, s);
  }
  return s;
}

export class LearnedView {
  readonly links: readonly LearnedLink[];
  /** links whose passage the index no longer holds */
  readonly dropped: readonly LearnedLink[];
  /** links whose passage moved to another fact id (same text) */
  readonly moved: ReadonlyArray<{ link: LearnedLink; factId: string }>;
  readonly enrichment: Enrichment;
  /** the view's links by their question's position in the shared question index */
  private readonly entriesAt = new Map<number, Entry[]>();
  private readonly questions: QuestionIndex;
  /** each passage's trusted learned questions as one document: the union of their terms */
  private readonly taught = new Map<string, Set<string>>();

  constructor(
    readonly index: CorpusIndex,
    links: readonly LearnedLink[],
    readonly use: LearnedUse = { match: true, enrich: true },
  ) {
    const own = sharedFor(index, links);
    this.questions = own.questions;
    const kept: LearnedLink[] = [];
    const dropped: LearnedLink[] = [];
    const moved: Array<{ link: LearnedLink; factId: string }> = [];
    for (const link of links) {
      const same = own.byId.get(link.factId);
      const fact = same && same.text === link.passage ? same : own.byText.get(link.passage);
      if (!fact) {
        dropped.push(link);
        continue;
      }
      if (fact.id !== link.factId) moved.push({ link, factId: fact.id });
      kept.push(link);
      let read = own.read.get(link.question);
      if (!read) {
        const asked = analyzeQuestion(link.question, (t) => index.knows(t), new Set());
        read = {
          type: asked.type,
          terms: [...new Set(asked.terms.map((t) => t.term))],
          content: [...new Set(contentTerms(link.question))],
        };
        own.read.set(link.question, read);
      }
      const at = this.questions.add(link.question);
      const entry = { ...read, link, fact };
      const list = this.entriesAt.get(at);
      if (list) list.push(entry);
      else this.entriesAt.set(at, [entry]);
      if (link.trusted) {
        const union = this.taught.get(fact.id) ?? new Set<string>();
        for (const t of read.terms) union.add(t);
        this.taught.set(fact.id, union);
      }
    }
    this.links = kept;
    this.dropped = dropped;
    this.moved = moved;
    this.enrichment = use.enrich ? enrich(index, this.entriesAt) : new Map();
  }

  /** The learned question closest to this one, if any shares its words. */
  match(question: string): LearnedMatch | null {
    return this.matches(question)[0] ?? null;
  }

  private read(question: string): AnalyzedQuestion {
    const qi = this.questions;
    return analyzeQuestion(question, (t) => qi.knows(t) || this.index.knows(t), new Set());
  }

  /** Learned questions sharing words with this one, closest first (at most one per passage). */
  matches(question: string): LearnedMatch[] {
    const qi = this.questions;
    if (this.entriesAt.size === 0 || !this.use.match) return [];
    const asked = this.read(question);
    if (asked.terms.length === 0) return [];
    // How telling a word is comes from the documents, not from however many questions were learned.
    const idf = (t: string) => this.index.idf(t);
    const { hits, expansions } = qi.search(asked.terms, (at) => this.entriesAt.has(at), MATCH_LIMIT, idf);
    const best = new Map<string, LearnedMatch>();
    for (const c of hits) {
      if (c.coverage <= 0) continue;
      for (const entry of this.entriesAt.get(c.at) ?? []) this.weigh(entry, c, expansions, asked, best);
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity);
  }

  private weigh(
    entry: Entry,
    c: QuestionHit,
    expansions: Expansion[][],
    asked: AnalyzedQuestion,
    best: Map<string, LearnedMatch>,
  ): void {
    // Which of the learned question's own terms this question reached (typos and relations
    // included), each question word reaching at most one, at the strength it reached it.
    const own = new Set(entry.terms);
    const reached = new Map<string, number>();
    expansions.forEach((exp, i) => {
      if (!c.matched[i]) return;
      const hit = exp.find((e) => own.has(e.term) && !reached.has(e.term));
      if (hit) reached.set(hit.term, hit.weight);
    });
    let total = 0;
    let got = 0;
    for (const t of own) {
      const w = this.index.idf(t);
      total += w;
      got += w * (reached.get(t) ?? 0);
    }
    const back = total > 0 ? got / total : 0;
    // "when" and "how much" ask different things, whatever words they share; a specific kind of
    // question against a general one ("when must I pay" / "can I drop out after paying") is less alike.
    const kind =
      entry.type === asked.type ? 1 : entry.type === "what" || asked.type === "what" ? MIXED_KIND : 0;
    const similarity = kind * Math.sqrt(c.coverage * back);
    const trusted = entry.link.trusted ? similarity : 0;
    const before = best.get(entry.fact.id);
    const closerTrust = !before || trusted > before.trusted;
    const match: LearnedMatch = {
      link: entry.link,
      fact: entry.fact,
      similarity,
      forward: c.coverage,
      backward: back,
      trusted: closerTrust ? trusted : (before?.trusted ?? 0),
      trustedForward: closerTrust ? (trusted > 0 ? c.coverage : 0) : (before?.trustedForward ?? 0),
      trustedSource: closerTrust ? (trusted > 0 ? entry.link.source : null) : (before?.trustedSource ?? null),
    };
    if (!before || similarity > before.similarity) best.set(entry.fact.id, match);
    else if (closerTrust) {
      before.trusted = match.trusted;
      before.trustedForward = match.trustedForward;
      before.trustedSource = match.trustedSource;
    }
  }

  /**
   * How much of the question each passage explains, 0..1, with what it was trusted for: a question
   * word counts when the passage holds it or one of its trusted learned questions does (typos and
   * WordNet relations included), weighted by how telling the word is in the documents. What neither
   * holds ("fares" asked of a passage taught for "is there a bus") is what it does not answer.
   */
  explained(question: string, facts: readonly Fact[]): number[] {
    const asked = this.read(question);
    const qi = this.questions;
    const rarest = this.index.idf("\u0000");
    const terms = asked.terms.map((t) => {
      const own = this.index.expand(t.term, t.word, t.name === true);
      const learned = qi.expand(t.term, t.word, t.name === true);
      const missing = missingWeight(t.word, t.name === true, rarest);
      const weight =
        (own.length
          ? Math.max(...own.map((e) => this.index.idf(e.term) * e.weight + missing * (1 - e.weight)))
          : missing) * (t.weight ?? 1);
      return { own, learned: [...own, ...learned], weight };
    });
    const total = terms.reduce((a, t) => a + t.weight, 0);
    return facts.map((fact) => {
      if (total <= 0) return 0;
      const holds = this.index.view(fact).terms;
      const union = this.taught.get(fact.id);
      let got = 0;
      for (const t of terms) {
        let best = 0;
        for (const e of t.own) if (holds.has(e.term)) best = Math.max(best, e.weight);
        if (union) for (const e of t.learned) if (union.has(e.term)) best = Math.max(best, e.weight);
        got += t.weight * best;
      }
      return got / total;
    });
  }
}

// Only trusted links enrich: a single student's words must not make the bot confident.
function enrich(index: CorpusIndex, entries: ReadonlyMap<number, Entry[]>): Enrichment {
  const out = new Map<string, Map<number, number>>();
  for (const e of [...entries.values()].flat()) {
    if (!e.link.trusted) continue;
    const at = index.position(e.fact);
    if (at < 0) continue;
    const own = index.view(e.fact).terms;
    for (const term of e.content) {
      if (own.has(term)) continue;
      let facts = out.get(term);
      if (!facts) {
        facts = new Map();
        out.set(term, facts);
      }
      facts.set(at, ENRICH_WEIGHT);
    }
  }
  return out;
}
