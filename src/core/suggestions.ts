import Fuse from "fuse.js";
import type { DocumentMeta } from "./document";
import type { Fact } from "./facts";

/**
 * Questions the corpus can answer, written from its own facts ("How many work groups have been
 * honored ...?"), for "did you mean" buttons and autocomplete. fuse.js ranks them against what
 * someone has typed: short strings are where its character-level fuzziness shines.
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

function clip(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= MAX_LENGTH - 1) return t;
  return `${t.slice(0, MAX_LENGTH - 2).replace(/\s+\S*$/, "")}…`;
}

/** "30 million women have received training" -> "How many women have received training?" */
function countQuestion(fact: Fact): string | null {
  for (const q of fact.quantities) {
    if (q.kind !== "count" || !q.unit || q.value < 2) continue;
    const afterStart = fact.text.indexOf(q.unit, q.start + q.raw.length);
    if (afterStart < 0) continue;
    const unit = q.unit.includes(" ") && /^\p{Lu}/u.test(q.unit) ? `"${q.unit}"` : q.unit;
    const tail = fact.text
      .slice(afterStart + q.unit.length)
      .replace(/^"/, "")
      .split(/[,.;:(]/)[0]
      ?.trim()
      .split(/\s+/)
      .slice(0, 8)
      .join(" ");
    const balanced = tail && (tail.match(/"/g) ?? []).length % 2 === 1 ? `${tail}"` : tail;
    if (balanced && /^(have|has|had|are|were|is|was|will|can)\b/i.test(balanced))
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

function nameQuestion(fact: Fact): string | null {
  // Proper names only: "Start Your Business", not a quoted phrase like "two millions".
  const name = fact.names.find(
    (n) =>
      n.split(/\s+/).length >= 2 &&
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

export class SuggestionIndex {
  private readonly fuse: Fuse<Suggestion>;
  private readonly byFact = new Map<string, Suggestion>();

  constructor(readonly all: Suggestion[]) {
    this.fuse = new Fuse(all, {
      keys: ["question"],
      ignoreLocation: true,
      threshold: 0.45,
      includeScore: true,
    });
    for (const s of all) if (s.factId && !this.byFact.has(s.factId)) this.byFact.set(s.factId, s);
  }

  forFact(factId: string): Suggestion | undefined {
    return this.byFact.get(factId);
  }

  /** A few varied questions (a figure, a date, a name) to show someone who does not know what to ask. */
  starters(limit: number): Suggestion[] {
    const kinds = [/^How many/, /^What happened/, /^What is/, /^Who/];
    const picked = kinds.map((k) => this.all.find((s) => k.test(s.question))).filter((s) => s !== undefined);
    return [...new Set([...picked, ...this.all])].slice(0, limit);
  }

  /** Suggestions ranked for a partial question; the first ones when nothing is typed yet. */
  search(text: string, limit: number): Suggestion[] {
    const query = text.trim().slice(0, 100);
    if (!query) return this.all.slice(0, limit);
    return this.fuse.search(query, { limit }).map((r) => r.item);
  }
}
