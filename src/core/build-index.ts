import { answerQuestion } from "./answer";
import { CorpusIndex } from "./corpus-index";
import type { ParsedDocument } from "./document";

/**
 * The index the bot answers from: its suggestions are offered only when the bot answers them
 * confidently with the fact they were made from. Here, not in corpus-index.ts, so that the index
 * does not import the answering that reads it (no import cycle).
 */
export function buildIndex(docs: ParsedDocument[]): CorpusIndex {
  return new CorpusIndex(docs, 0, (index, question) => {
    const a = answerQuestion(index, question);
    return a.tier === "answer" ? (a.answer?.factId ?? null) : null;
  });
}
