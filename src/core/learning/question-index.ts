import { FuzzyVocabulary } from "../fuzzy";
import type { QuestionTerm } from "../question";
import { contentTerms, tokenize } from "../text";
import { bm25Idf, type Expansion, ExpansionCache, type Lexicon, missingWeight } from "../word-expansion";

/**
 * The learned questions, indexed to be matched question to question: their terms, the words as
 * written (for typos) and WordNet relations, scored like the documents' own index (the share of the
 * question's weighted terms a learned question holds). It only grows, one question at a time, so a
 * new mark costs one question's words, not a rebuild; each view of a class says which of its
 * questions are in force.
 */

export interface QuestionHit {
  /** the learned question's position (see `add`) */
  at: number;
  /** the share of the question's weighted terms it holds, 0..1 */
  coverage: number;
  /** which of the question's terms it holds, by index */
  matched: boolean[];
}

const EXPANSION_CACHE_LIMIT = 20_000;

export class QuestionIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly surface = new Map<string, string>();
  private readonly terms = new Set<string>();
  private readonly vocabulary = new FuzzyVocabulary([]);
  private readonly lexicon: Lexicon = {
    terms: this.terms,
    vocabulary: this.vocabulary,
    surface: this.surface,
  };
  private readonly termsOf: Array<ReadonlySet<string>> = [];
  private readonly byText = new Map<string, number>();
  private readonly expansions = new ExpansionCache(this.lexicon, EXPANSION_CACHE_LIMIT);

  /** How many questions it holds, in force in some view or not. */
  get size(): number {
    return this.termsOf.length;
  }

  /** Adds a question (once per text); its position. */
  add(question: string): number {
    const known = this.byText.get(question);
    if (known !== undefined) return known;
    const at = this.termsOf.length;
    // The terms the documents' index would match in it (as its passages' own terms).
    const own = new Set(contentTerms(question));
    let newWords = false;
    for (const { word, term, stop } of tokenize(question)) {
      if (stop || !own.has(term) || !/\p{L}/u.test(word) || this.surface.has(word)) continue;
      this.surface.set(word, term);
      this.vocabulary.add(word);
      newWords = true;
    }
    for (const term of own) {
      const list = this.postings.get(term);
      if (list) list.push(at);
      else this.postings.set(term, [at]);
      if (!this.terms.has(term)) {
        this.terms.add(term);
        newWords = true;
      }
    }
    this.termsOf.push(own);
    this.byText.set(question, at);
    // A new word may be what an earlier typo meant: expansions are worked out again.
    if (newWords) this.expansions.clear();
    return at;
  }

  knows(term: string): boolean {
    return this.terms.has(term);
  }

  /** The terms of the question at `at`. */
  termsAt(at: number): ReadonlySet<string> {
    return this.termsOf[at] ?? new Set();
  }

  idf(term: string): number {
    return bm25Idf(this.postings.get(term)?.length ?? 0, this.termsOf.length);
  }

  expand(term: string, word: string = term, name = false): Expansion[] {
    return this.expansions.expand(term, word, name);
  }

  /** The questions in force (`live`) sharing terms with this one, most covered first. */
  search(
    question: readonly QuestionTerm[],
    live: (at: number) => boolean,
    limit: number,
    idf: (term: string) => number = (t) => this.idf(t),
  ): { hits: QuestionHit[]; expansions: Expansion[][] } {
    const expansions = question.map((q) => this.expand(q.term, q.word, q.name === true));
    const rarest = idf("\u0000");
    const weights = question.map((q, i) => {
      const missing = missingWeight(q.word, q.name === true, rarest) * (q.weight ?? 1);
      const exp = expansions[i] as Expansion[];
      return exp.length === 0
        ? missing
        : Math.max(
            ...exp.map((e) => this.idf(e.term) * e.weight * (q.weight ?? 1) + missing * (1 - e.weight)),
          );
    });
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) return { hits: [], expansions };
    const touched = new Set<number>();
    for (const exp of expansions)
      for (const e of exp) for (const at of this.postings.get(e.term) ?? []) if (live(at)) touched.add(at);
    const hits: QuestionHit[] = [];
    for (const at of touched) {
      const own = this.termsOf[at] as ReadonlySet<string>;
      let covered = 0;
      const matched = expansions.map((exp, i) => {
        let best = 0;
        for (const e of exp) if (own.has(e.term)) best = Math.max(best, e.weight);
        covered += (weights[i] as number) * best;
        return best > 0;
      });
      hits.push({ at, coverage: covered / total, matched });
    }
    hits.sort((a, b) => b.coverage - a.coverage || a.at - b.at);
    return { hits: hits.slice(0, limit), expansions };
  }
}
