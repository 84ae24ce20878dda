import type { CorpusIndex } from "../corpus-index";
import { LearnedView } from "./learned-index";
import { type LearnedLink, linkId, questionKey } from "./trust";

/**
 * A document's FAQ is what its teacher already taught: each question is a trusted link to its
 * answer, in every class that sees the document. Built once per index.
 */

const links = new WeakMap<CorpusIndex, LearnedLink[]>();
const views = new WeakMap<CorpusIndex, LearnedView | null>();

export function faqLinks(index: CorpusIndex): LearnedLink[] {
  let out = links.get(index);
  if (!out) {
    out = index.faq.map(({ question, fact }) => {
      const qKey = questionKey(question);
      return {
        id: linkId("faq", qKey, fact.text),
        classKey: "faq",
        question,
        questionKey: qKey,
        passage: fact.text,
        factId: fact.id,
        trusted: true,
        source: "faq" as const,
        students: 0,
        at: new Date(0),
      };
    });
    links.set(index, out);
  }
  return out;
}

/** The FAQ alone, for answering without a class's learning (null when the documents have none). */
export function faqView(index: CorpusIndex): LearnedView | null {
  if (!views.has(index)) {
    const own = faqLinks(index);
    views.set(index, own.length ? new LearnedView(index, own) : null);
  }
  return views.get(index) ?? null;
}
