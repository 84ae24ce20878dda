import { readFileSync } from "node:fs";
import { answerQuestion } from "../../src/core/answer";
import type { CorpusIndex } from "../../src/core/corpus-index";

/**
 * The evaluation harness: a set is a folder of documents and questions, each expecting the top
 * answer to contain one of some phrases, or expecting the bot to abstain (`expect: null`).
 */

export interface EvalQuestion {
  q: string;
  expect: string[] | null;
  tags: string[];
}

export interface EvalSet {
  name: string;
  data: string;
  questions: EvalQuestion[];
  /**
   * The score this set must keep (default 0.95). A new set starts at the score its questions got
   * when first run, written before running them, so it guards against regressions until answering
   * improves enough to raise it.
   */
  minScore?: number;
}

export const DEFAULT_MIN_SCORE = 0.95;

export interface EvalResult {
  name: string;
  total: number;
  correct: number;
  score: number;
  answerable: { total: number; correct: number };
  offTopic: { total: number; correct: number };
  misses: Array<{ q: string; expected: string; got: string }>;
}

export function readEvalSet(path: string): EvalSet {
  return JSON.parse(readFileSync(path, "utf8")) as EvalSet;
}

export function evaluate(set: EvalSet, index: CorpusIndex): EvalResult {
  const misses: EvalResult["misses"] = [];
  const answerable = { total: 0, correct: 0 };
  const offTopic = { total: 0, correct: 0 };
  for (const item of set.questions) {
    const a = answerQuestion(index, item.q);
    const got = a.status === "answered" && a.answer ? a.answer.text : `(${a.status})`;
    const ok =
      item.expect === null
        ? a.status !== "answered"
        : a.status === "answered" && item.expect.some((phrase) => got.includes(phrase));
    const bucket = item.expect === null ? offTopic : answerable;
    bucket.total++;
    if (ok) bucket.correct++;
    else
      misses.push({ q: item.q, expected: item.expect === null ? "(abstain)" : item.expect.join(" | "), got });
  }
  const total = set.questions.length;
  const correct = answerable.correct + offTopic.correct;
  return { name: set.name, total, correct, score: total ? correct / total : 0, answerable, offTopic, misses };
}
