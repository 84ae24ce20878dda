import type { AnswerFact, Citation } from "./answer-types";
import type { CorpusIndex, IndexedDocument } from "./corpus-index";
import { LEAD_SECTION } from "./document";
import type { Fact } from "./facts";
import { passageOf } from "./passage";
import { highlight, type QuestionContext } from "./ranking";

/** A passage as a reply offers it: its text, what to emphasise, and where it comes from. */

export function citation(doc: IndexedDocument | undefined, fact?: Fact): Citation {
  const section = fact ? doc?.sections.find((s) => s.index === fact.sectionIndex) : undefined;
  return {
    title: doc?.meta.title ?? "Unknown document",
    source: doc?.meta.source ?? doc?.fileName ?? "unknown source",
    published: doc?.meta.published ?? null,
    // Text before the first heading has no section name of its own to cite.
    section: section && section.heading !== LEAD_SECTION ? section.heading : null,
    page: section?.page ?? null,
  };
}

export function toAnswerFact(index: CorpusIndex, ctx: QuestionContext, fact: Fact): AnswerFact {
  return {
    text: passageOf(index, fact),
    factId: fact.id,
    highlight: highlight(ctx.q, fact, index.view(fact), ctx.terms, ctx.matched),
    source: citation(
      index.documents.find((d) => d.id === fact.docId),
      fact,
    ),
  };
}
