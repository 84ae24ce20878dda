import { readFileSync } from "node:fs";
import MiniSearch from "minisearch";
import { answerQuestion } from "../../src/core/answer";
import type { CorpusIndex } from "../../src/core/corpus-index";
import type { FollowUpContext } from "../../src/core/follow-up";
import type { LearnedView } from "../../src/core/learning/learned-index";

/**
 * The evaluation harness: a set is a folder of documents and questions, each expecting the answer to
 * contain one of some phrases, or expecting the bot to abstain (`expect: null`). Sets scored like
 * SQuAD (`scoring: "squad"`) compare after SQuAD's normalisation.
 */

export interface EvalQuestion {
  q: string;
  expect: string[] | null;
  tags: string[];
  id?: string;
}

export interface EvalSet {
  name: string;
  data: string;
  scoring?: "exact" | "squad";
  /** a public benchmark (SQuAD): measured and fitted on, but not the bot's own kind of question */
  benchmark?: boolean;
  /**
   * false: a blind check of the committed confidence model on a page it never saw; calibration
   * neither fits on it nor counts it in its held-out half, and reports it on its own
   */
  fit?: boolean;
  /**
   * the file name of a set with the same questions on the same document in another format: scored
   * here, but calibration learns from and checks on one copy only, so that page does not count twice
   */
  sameQuestionsAs?: string;
  /** the share of questions the tests require right; sets without one are measured, not gated */
  minimum?: number;
  questions: EvalQuestion[];
}

export interface Tally {
  total: number;
  correct: number;
}

export interface EvalResult {
  name: string;
  total: number;
  correct: number;
  score: number;
  /** answerable questions whose top-ranked passage holds the answer, committed to or not */
  topRanked: Tally;
  answerable: Tally;
  /** questions the documents cannot answer (off-topic or not covered), abstained on */
  offTopic: Tally;
  /**
   * Answerable questions that got the unsure reply: how many had the answer in its first passage,
   * how many in any passage it offered, and how many passages all unsure replies offered.
   */
  unsure: { total: number; first: number; shown: number; replies: number; passages: number };
  /** plain BM25 (MiniSearch over the same facts), which never abstains */
  baseline: { topRanked: Tally; overall: Tally };
  misses: Array<{ q: string; expected: string; got: string; tier: string }>;
}

/**
 * A set of students' questions is asked in order, as one person would in a chat, so a follow-up
 * ("and in 2000?") is read after the question before it. SQuAD's questions are independent ones.
 */
export function conversational(set: EvalSet): boolean {
  return set.benchmark !== true;
}

export function readEvalSet(path: string): EvalSet {
  return JSON.parse(readFileSync(path, "utf8")) as EvalSet;
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function squadNormalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, "")
    .replace(/\b(a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function contains(set: EvalSet, text: string, expected: readonly string[]): boolean {
  if (set.scoring !== "squad") return expected.some((phrase) => text.includes(phrase));
  const t = ` ${squadNormalize(text)} `;
  return expected.some((phrase) => {
    const p = squadNormalize(phrase);
    return p.length > 0 && t.includes(p);
  });
}

function bm25(index: CorpusIndex): (q: string) => string | null {
  const search = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], storeFields: ["text"] });
  search.addAll(index.facts.map((f, id) => ({ id, text: f.text })));
  return (q) => (search.search(q)[0]?.text as string | undefined) ?? null;
}

/** `learned`: what classes taught, laid over the index (the learning eval's cost check). */
export function evaluate(set: EvalSet, index: CorpusIndex, learned?: LearnedView | null): EvalResult {
  const misses: EvalResult["misses"] = [];
  const tally = (): Tally => ({ total: 0, correct: 0 });
  const answerable = tally();
  const offTopic = tally();
  const topRanked = tally();
  const baseline = { topRanked: tally(), overall: tally() };
  const unsure = { total: 0, first: 0, shown: 0, replies: 0, passages: 0 };
  const baselineTop = bm25(index);
  let previous: FollowUpContext | null = null;
  for (const item of set.questions) {
    const a = answerQuestion(index, item.q, {
      previous: conversational(set) ? previous : null,
      ...(learned ? { learned } : {}),
    });
    previous = a.context;
    const answered = a.status === "answered" && a.answer !== null;
    const got = answered && a.answer ? a.answer.text : `(${a.tier}) ${a.closest?.text ?? ""}`;
    const base = baselineTop(item.q);
    if (a.tier === "closest" && a.closest) {
      const offered = [a.closest, ...a.related];
      unsure.replies++;
      unsure.passages += offered.length;
      if (item.expect !== null) {
        const expect = item.expect;
        unsure.total++;
        if (contains(set, a.closest.text, expect)) unsure.first++;
        if (offered.some((f) => contains(set, f.text, expect))) unsure.shown++;
      }
    }
    baseline.overall.total++;
    let ok: boolean;
    if (item.expect === null) {
      ok = !answered;
      offTopic.total++;
    } else {
      ok = answered && contains(set, a.answer?.text ?? "", item.expect);
      answerable.total++;
      topRanked.total++;
      baseline.topRanked.total++;
      if (a.closest && contains(set, a.closest.text, item.expect)) topRanked.correct++;
      if (base && contains(set, base, item.expect)) {
        baseline.topRanked.correct++;
        baseline.overall.correct++;
      }
    }
    if (ok) (item.expect === null ? offTopic : answerable).correct++;
    else
      misses.push({
        q: item.q,
        expected: item.expect === null ? "(abstain)" : item.expect.join(" | "),
        got,
        tier: a.tier,
      });
  }
  const total = set.questions.length;
  const correct = answerable.correct + offTopic.correct;
  return {
    name: set.name,
    total,
    correct,
    score: total ? correct / total : 0,
    topRanked,
    answerable,
    offTopic,
    unsure,
    baseline,
    misses,
  };
}
