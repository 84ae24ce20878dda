import Fuse from "fuse.js";
import type { DocumentMeta } from "./document";
import type { Fact } from "./facts";

/**
 * Questions the corpus can answer, written from its own facts ("How many work groups have been
 * honored ...?"), for "did you mean" buttons, help's examples and autocomplete. A question is only
 * offered once the bot has answered it confidently with the fact it was written from: a button that
 * leads to "I don't know" is worse than none. fuse.js ranks them against what someone has typed:
 * short strings are where its character-level fuzziness shines.
 */

export interface Suggestion {
  question: string;
  factId: string | null;
}

// Enough to cover a corpus's topics without making autocomplete scan a huge list per keystroke;
// drawn from the first facts of each kind, which also bounds the start-up cost on huge corpora.
const MAX_SUGGESTIONS = 2000;
const MAX_FACTS_SCANNED = 20_000;
// Discord carries a suggestion in a button's custom id ("ask:" + question) and an autocomplete
// choice, both limited to 100 characters.
const MAX_LENGTH = 96;

// Words a question cannot end on: "How many students are invited on a field trip to the?"
const DANGLING =
  /\s+(?:the|a|an|to|of|in|on|at|for|with|by|from|and|or|but|as|than|that|which|who|its|their|his|her|our|your|is|are|was|were)$/i;
// "How many" asks about a plural: "How many XS is recommended?" reads a unit that is not one.
const PLURAL_VERB = /^(have|had|are|were|will|can)\b/i;

function clip(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= MAX_LENGTH - 1) return t;
  return `${t.slice(0, MAX_LENGTH - 2).replace(/\s+\S*$/, "")}…`;
}

/** "30 million women have received training" -> "How many women have received training?" */
function countQuestion(fact: Fact): string | null {
  for (const q of fact.quantities) {
    if (q.kind !== "count" || !q.unit || q.value < 2) continue;
    // What is counted is a common noun: a lone capitalised word is a name or a code ("XS").
    if (!q.unit.includes(" ") && /^\p{Lu}/u.test(q.unit)) continue;
    const afterStart = fact.text.indexOf(q.unit, q.start + q.raw.length);
    if (afterStart < 0) continue;
    const unit = q.unit.includes(" ") && /^\p{Lu}/u.test(q.unit) ? `"${q.unit}"` : q.unit;
    let tail =
      fact.text
        .slice(afterStart + q.unit.length)
        .replace(/^"/, "")
        .split(/[,.;:(]/)[0]
        ?.trim()
        .split(/\s+/)
        .slice(0, 8)
        .join(" ") ?? "";
    while (DANGLING.test(tail)) tail = tail.replace(DANGLING, "");
    const balanced = tail && (tail.match(/"/g) ?? []).length % 2 === 1 ? `${tail}"` : tail;
    if (balanced && PLURAL_VERB.test(balanced) && balanced.split(/\s+/).length >= 2)
      return clip(`How many ${unit} ${balanced}?`);
    const before = /(\w+ed)\s+(?:\w+\s+)?$/.exec(fact.text.slice(0, q.start));
    if (before) return clip(`How many ${unit} were ${before[1]}?`);
  }
  return null;
}

function yearQuestion(fact: Fact): string | null {
  const year = fact.quantities.find((q) => q.kind === "year");
  return year ? `What happened in ${year.raw}?` : null;
}

const MAX_NAME_WORDS = 6;

function nameQuestion(fact: Fact): string | null {
  // Proper names only: "Start Your Business", not a quoted phrase like "two millions".
  const name = fact.names.find(
    (n) =>
      n.split(/\s+/).length >= 2 &&
      // A name, not a quoted sentence ("Helen built something remarkable out of ...").
      n.split(/\s+/).length <= MAX_NAME_WORDS &&
      !/[,.!?;:]/.test(n) &&
      /^\p{Lu}\p{Ll}/u.test(n) &&
      !/\d|^(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b/.test(n),
  );
  return name ? clip(`What is "${name}"?`) : null;
}

// The documents as corpus-index.ts indexes them; only their titles are read here.
export function buildSuggestions(
  facts: Fact[],
  documents: ReadonlyArray<{ meta: DocumentMeta }>,
): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  const add = (question: string | null, factId: string | null) => {
    if (!question || out.length >= MAX_SUGGESTIONS) return;
    const key = question.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ question, factId });
  };
  for (const make of [countQuestion, yearQuestion, nameQuestion]) {
    for (const fact of facts.slice(0, MAX_FACTS_SCANNED)) {
      if (out.length >= MAX_SUGGESTIONS) break;
      add(make(fact), fact.id);
    }
  }
  for (const doc of documents) add(clip(`Who published "${doc.meta.title}"?`), null);
  return out;
}

/** The id of the fact a question is confidently answered with (`doc#meta` for metadata), or null. */
export type AnswersWith = (question: string) => string | null;

// Autocomplete looks a little further than it shows, as some candidates may not be offered.
const SEARCH_SLACK = 3;
// Starters and help's examples come from the first questions that pass, looking this far at most.
const MAX_STARTER_CHECKS = 60;

export class SuggestionIndex {
  private readonly fuse: Fuse<Suggestion>;
  private readonly byFact = new Map<string, Suggestion>();
  private readonly checked = new Map<Suggestion, boolean>();
  private checking = false;

  /** `answersWith` answers a question (the bot itself); without it every suggestion is offered. */
  constructor(
    readonly all: Suggestion[],
    private readonly answersWith?: AnswersWith,
  ) {
    this.fuse = new Fuse(all, {
      keys: ["question"],
      ignoreLocation: true,
      threshold: 0.45,
      includeScore: true,
    });
    for (const s of all) if (s.factId && !this.byFact.has(s.factId)) this.byFact.set(s.factId, s);
  }

  /**
   * Whether the bot answers this question confidently with the fact it was written from; checked
   * once, when first offered. While checking, nothing is offered: answering a suggestion must not
   * check the suggestions of its own reply.
   */
  offered(s: Suggestion): boolean {
    if (!this.answersWith) return true;
    const known = this.checked.get(s);
    if (known !== undefined) return known;
    if (this.checking) return false;
    this.checking = true;
    try {
      const fact = this.answersWith(s.question);
      const ok = fact !== null && (s.factId === null ? fact.endsWith("#meta") : fact === s.factId);
      this.checked.set(s, ok);
      return ok;
    } finally {
      this.checking = false;
    }
  }

  forFact(factId: string): Suggestion | undefined {
    const s = this.byFact.get(factId);
    return s && this.offered(s) ? s : undefined;
  }

  /** A few varied questions (a figure, a date, a name) to show someone who does not know what to ask. */
  starters(limit: number): Suggestion[] {
    const candidates = this.all.slice(0, MAX_STARTER_CHECKS);
    const kinds = [/^How many/, /^What happened/, /^What is/, /^Who/];
    const picked = kinds
      .map((k) => candidates.find((s) => k.test(s.question) && this.offered(s)))
      .filter((s) => s !== undefined);
    const rest = candidates.filter((s) => !picked.includes(s));
    const out = picked.slice(0, limit);
    for (const s of rest) {
      if (out.length >= limit) break;
      if (this.offered(s)) out.push(s);
    }
    return out;
  }

  /** Suggestions ranked for a partial question; the first ones when nothing is typed yet. */
  search(text: string, limit: number): Suggestion[] {
    const query = text.trim().slice(0, 100);
    const found = query
      ? this.fuse.search(query, { limit: limit * SEARCH_SLACK }).map((r) => r.item)
      : this.all.slice(0, limit * SEARCH_SLACK);
    return found.filter((s) => this.offered(s)).slice(0, limit);
  }
}

// Always answerable (from the documents' metadata), whatever they are about.
const ABOUT_THE_DOCUMENTS = "who published this?";

/**
 * Example questions for help and the empty question, from the documents being read: questions the
 * bot answers from them, then one about the documents themselves.
 */
export function exampleQuestions(suggestions: SuggestionIndex, limit = 3): string[] {
  const found = suggestions.starters(limit).map((s) => s.question);
  return found.length < limit ? [...found, ABOUT_THE_DOCUMENTS] : found;
}
