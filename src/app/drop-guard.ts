import type { CorpusIndex } from "../core/corpus-index";
import type { LearnedLink } from "../core/learning/trust";

/**
 * Which of the links an index lacks the passage of may be dropped for good. A passage missing from
 * an index is gone only if its document was read: the document is in the index (it changed, and the
 * passage left it), or this process saw it in the class before (it was removed). A document not read
 * yet — a class's uploads in the minutes after a start, an upload another replica read first — never
 * costs its links: they wait, unused, until the document is there.
 */

// Fact ids are "<document id>#<section>.<n>" (core/facts.ts).
const documentOf = (factId: string): string => factId.slice(0, Math.max(0, factId.lastIndexOf("#")));

export class DropGuard {
  private readonly seen = new Map<string, Set<string>>();

  /** Notes the documents this class's index holds, and returns the links that are really gone. */
  gone(classKey: string, index: CorpusIndex, missing: readonly LearnedLink[]): LearnedLink[] {
    let seen = this.seen.get(classKey);
    if (!seen) {
      seen = new Set();
      this.seen.set(classKey, seen);
    }
    const here = new Set(index.documents.map((d) => d.id));
    for (const id of here) seen.add(id);
    return missing.filter((link) => {
      const document = documentOf(link.factId);
      return here.has(document) || seen.has(document);
    });
  }
}
