import { CorpusIndex } from "../corpus-index";
import type { ParsedDocument } from "../document";
import type { Fact } from "../facts";
import { type AnalyzedQuestion, analyzeQuestion, type QuestionType } from "../question";
import { contentTerms } from "../text";
import { missingWeight } from "../word-expansion";
import type { LearnedLink } from "./trust";

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
}

export interface LearnedUse {
  /** (a) match learned questions question to question */
  match: boolean;
  /** (b) add the learned questions' words to their passages' terms */
  enrich: boolean;
}

interface Entry {
  link: LearnedLink;
  fact: Fact;
  type: QuestionType;
  /** the learned question's content terms (unique) */
  terms: string[];
}

export class LearnedView {
  readonly links: readonly LearnedLink[];
  /** links whose passage the index no longer holds */
  readonly dropped: readonly LearnedLink[];
  /** links whose passage moved to another fact id (same text) */
  readonly moved: ReadonlyArray<{ link: LearnedLink; factId: string }>;
  readonly enrichment: Enrichment;
  private readonly entries: Entry[];
  private readonly questions: CorpusIndex | null;
  /** each passage's trusted learned questions as one document: the union of their terms */
  private readonly taught = new Map<string, Set<string>>();

  constructor(
    readonly index: CorpusIndex,
    links: readonly LearnedLink[],
    readonly use: LearnedUse = { match: true, enrich: true },
  ) {
    const byText = new Map<string, Fact>();
    const byId = new Map<string, Fact>();
    for (const f of index.facts) {
      byId.set(f.id, f);
      if (!byText.has(f.text)) byText.set(f.text, f);
    }
    const kept: LearnedLink[] = [];
    const dropped: LearnedLink[] = [];
    const moved: Array<{ link: LearnedLink; factId: string }> = [];
    this.entries = [];
    for (const link of links) {
      const same = byId.get(link.factId);
      const fact = same && same.text === link.passage ? same : byText.get(link.passage);
      if (!fact) {
        dropped.push(link);
        continue;
      }
      if (fact.id !== link.factId) moved.push({ link, factId: fact.id });
      kept.push(link);
      const asked = analyzeQuestion(link.question, (t) => index.knows(t), new Set());
      this.entries.push({
        link,
        fact,
        type: asked.type,
        terms: [...new Set(asked.terms.map((t) => t.term))],
      });
      if (link.trusted) {
        const union = this.taught.get(fact.id) ?? new Set<string>();
        for (const t of asked.terms) union.add(t.term);
        this.taught.set(fact.id, union);
      }
    }
    this.links = kept;
    this.dropped = dropped;
    this.moved = moved;
    this.questions = this.entries.length ? new CorpusIndex([questionDocument(this.entries)]) : null;
    this.enrichment = use.enrich ? enrich(index, this.entries) : new Map();
  }

  /** The learned question closest to this one, if any shares its words. */
  match(question: string): LearnedMatch | null {
    return this.matches(question)[0] ?? null;
  }

  private read(question: string): AnalyzedQuestion {
    const qi = this.questions;
    return analyzeQuestion(question, (t) => qi?.knows(t) === true || this.index.knows(t), new Set());
  }

  /** Learned questions sharing words with this one, closest first (at most one per passage). */
  matches(question: string): LearnedMatch[] {
    const qi = this.questions;
    if (!qi || !this.use.match) return [];
    const asked = this.read(question);
    if (asked.terms.length === 0) return [];
    const { candidates, expansions } = qi.search(asked.terms, MATCH_LIMIT);
    const best = new Map<string, LearnedMatch>();
    for (const c of candidates) {
      const entry = this.entries[c.fact.sectionIndex];
      if (!entry || c.coverage <= 0) continue;
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
        const w = qi.idf(t);
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
      };
      if (!before || similarity > before.similarity) best.set(entry.fact.id, match);
      else if (closerTrust) {
        before.trusted = match.trusted;
        before.trustedForward = match.trustedForward;
      }
    }
    return [...best.values()].sort((a, b) => b.similarity - a.similarity);
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
      const learned = qi ? qi.expand(t.term, t.word, t.name === true) : [];
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

// One section per learned question, held as a record: short questions are not sentences.
function questionDocument(entries: Entry[]): ParsedDocument {
  return {
    id: "learned",
    fileName: "learned",
    meta: { title: " " },
    sections: entries.map((e, index) => ({ index, heading: "", paragraphs: [], records: [e.link.question] })),
    chrome: [],
  };
}

// Only trusted links enrich: a single student's words must not make the bot confident.
function enrich(index: CorpusIndex, entries: Entry[]): Enrichment {
  const out = new Map<string, Map<number, number>>();
  for (const e of entries) {
    if (!e.link.trusted) continue;
    const at = index.position(e.fact);
    if (at < 0) continue;
    const own = index.view(e.fact).terms;
    for (const term of new Set(contentTerms(e.link.question))) {
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
