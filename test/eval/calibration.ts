import { readdirSync } from "node:fs";
import { join } from "node:path";
import { rankQuestion } from "../../src/core/answer";
import { type ConfidenceModel, FEATURES, probability, vector } from "../../src/core/confidence";
import { contextAfter, type FollowUpContext } from "../../src/core/follow-up";
import { loadCorpus } from "../../src/core/load";
import { passageOf } from "../../src/core/passage";
import { contains, conversational, readEvalSet } from "./evaluate";

/**
 * The labelled data calibration learns from: every question of every evaluation set, with the
 * ranker's features for its top passage and whether that passage answers it. Questions alternate
 * between the half the model is fitted on and the half it is checked on, within each set.
 */

export interface Example {
  set: string;
  x: number[];
  /** 1 when the top-ranked passage answers the question (never for an unanswerable one) */
  y: 0 | 1;
  answerable: boolean;
  heldOut: boolean;
  benchmark: boolean;
  /** from a set kept out of fitting altogether (a blind check on an unseen page) */
  unseen: boolean;
}

const dir = new URL(".", import.meta.url).pathname;

export async function examples(): Promise<Example[]> {
  const out: Example[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const set = readEvalSet(join(dir, file));
    if (set.sameQuestionsAs) continue;
    const { index } = await loadCorpus(set.data);
    let previous: FollowUpContext | null = null;
    set.questions.forEach((item, i) => {
      const r = rankQuestion(index, item.q, conversational(set) ? previous : null);
      previous = contextAfter(r.q, item.q, previous, r.followed);
      if (!r.features) return; // metadata and empty questions are not ranked
      const fact = r.ranked[0]?.candidate.fact;
      const top = fact ? passageOf(index, fact) : undefined;
      const right = item.expect !== null && top !== undefined && contains(set, top, item.expect);
      out.push({
        set: set.name,
        x: vector(r.features),
        y: right ? 1 : 0,
        answerable: item.expect !== null,
        heldOut: i % 2 === 1,
        benchmark: set.benchmark === true,
        unseen: set.fit === false,
      });
    });
  }
  return out;
}

/** Logistic regression by full-batch gradient descent with a little L2 (not on the bias). */
export function fitLogistic(data: readonly Example[], iterations = 4000, rate = 0.5, l2 = 1e-3): number[] {
  const w = FEATURES.map(() => 0);
  const bias = FEATURES.indexOf("bias");
  // Each set weighs the same, so the two long SQuAD articles do not drown the students' questions.
  const perSet = new Map<string, number>();
  for (const e of data) perSet.set(e.set, (perSet.get(e.set) ?? 0) + 1);
  const sampleWeight = (e: Example) => Math.sqrt(data.length / perSet.size / (perSet.get(e.set) as number));
  for (let it = 0; it < iterations; it++) {
    const grad = w.map(() => 0);
    for (const e of data) {
      const z = e.x.reduce((s, v, i) => s + v * (w[i] as number), 0);
      const err = (1 / (1 + Math.exp(-z)) - e.y) * sampleWeight(e);
      e.x.forEach((v, i) => {
        grad[i] = (grad[i] as number) + err * v;
      });
    }
    w.forEach((wi, i) => {
      const reg = i === bias ? 0 : l2 * wi;
      w[i] = wi - rate * ((grad[i] as number) / data.length + reg);
    });
  }
  return w;
}

/**
 * Each example scored by a model fitted without it (`folds` parts by position): what the model will
 * say of questions it never saw, which is what the thresholds must be chosen on. Scored in-sample,
 * every prediction is a little too sure, and a threshold picked there is less precise on new questions.
 */
export function outOfFold(data: readonly Example[], folds = 5): number[] {
  const p = data.map(() => 0);
  for (let k = 0; k < folds; k++) {
    const fit = fitLogistic(data.filter((_, i) => i % folds !== k));
    const model: ConfidenceModel = {
      features: FEATURES,
      weights: fit,
      thresholds: { answer: 1, closest: 1 },
    };
    data.forEach((e, i) => {
      if (i % folds === k) p[i] = predict(model, e);
    });
  }
  return p;
}

export function predict(model: ConfidenceModel, e: Example): number {
  const f = Object.fromEntries(FEATURES.map((n, i) => [n, e.x[i] as number]));
  return probability(f as Parameters<typeof probability>[0], model);
}

/** Expected calibration error over ten equal-width bins. */
export function ece(p: readonly number[], y: readonly number[], bins = 10): number {
  let total = 0;
  for (let b = 0; b < bins; b++) {
    const idx = p
      .map((v, i) => [v, i] as const)
      .filter(([v]) => (b === bins - 1 ? v >= b / bins : v >= b / bins && v < (b + 1) / bins));
    if (!idx.length) continue;
    const conf = idx.reduce((s, [v]) => s + v, 0) / idx.length;
    const acc = idx.reduce((s, [, i]) => s + (y[i] as number), 0) / idx.length;
    total += (idx.length / p.length) * Math.abs(conf - acc);
  }
  return total;
}

/** Precision of the predictions at or above `t`, and how many there are. */
export function precisionAt(
  p: readonly number[],
  y: readonly number[],
  t: number,
): { precision: number; n: number } {
  let n = 0;
  let right = 0;
  p.forEach((v, i) => {
    if (v >= t) {
      n++;
      right += y[i] as number;
    }
  });
  return { precision: n ? right / n : 1, n };
}

/**
 * The answer threshold: the lowest at which answers are at least `target` precise (so the bot
 * answers as much as it can at that precision); the closest-passage threshold: the lowest at which
 * the passages with about that confidence (within `BAND` above it) are right at least `passage` of
 * the time, so an off-topic question still gets "I don't know" rather than a stray passage.
 */
const BAND = 0.15;

/** Wilson's lower bound on a proportion, one standard error down: few answers must be more precise. */
function lowerBound(precision: number, n: number, z = 1): number {
  if (!n) return 0;
  const z2 = z * z;
  const centre = precision + z2 / (2 * n);
  const spread = z * Math.sqrt((precision * (1 - precision)) / n + z2 / (4 * n * n));
  return (centre - spread) / (1 + z2 / n);
}

export function thresholds(p: readonly number[], y: readonly number[], target = 0.9, passage = 1 / 3) {
  const grid = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  // The bound, not the fitted half's own precision: chosen where it just reaches the target, the
  // precision on unseen questions fell below it.
  const answer =
    grid.find((t) => {
      const at = precisionAt(p, y, t);
      return lowerBound(at.precision, at.n) >= target;
    }) ?? 0.99;
  const band = (t: number) => {
    const inBand = p.map((v, i) => [v, i] as const).filter(([v]) => v >= t && v < Math.min(answer, t + BAND));
    return inBand.length ? inBand.reduce((s, [, i]) => s + (y[i] as number), 0) / inBand.length : 0;
  };
  const closest = grid.find((t) => t < answer && band(t) >= passage) ?? answer;
  return { answer, closest };
}
