import { describe, expect, it } from "vitest";
import { syntheticCorpus } from "../bench/synthetic";
import { CorpusIndex } from "../src/core/corpus-index";
import { contentTerms } from "../src/core/text";

describe("the index over billions of questions", () => {
  it("ranks the same after its per-query stamps pass the Int32 range", () => {
    const corpus = syntheticCorpus(3000, 120);
    const fresh = new CorpusIndex(corpus.documents);
    const old = new CorpusIndex(corpus.documents, 2 ** 31 - 200);
    const top = (index: CorpusIndex, q: string) =>
      index
        .search(contentTerms(q).map((term) => ({ term, word: term })))
        .candidates.slice(0, 3)
        .map((c) => c.fact.id);
    // 120 questions of 4 terms stamp about 600 times: the old index crosses 2^31 on the way.
    for (const q of corpus.questions) expect(top(old, q.text), q.text).toEqual(top(fresh, q.text));
  });
});
