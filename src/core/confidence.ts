import model from "./confidence-model.json" with { type: "json" };
import type { CorpusIndex } from "./corpus-index";
import type { AnalyzedQuestion } from "./question";
import type { Ranked } from "./ranking";

/**
 * Confidence as a probability that the top-ranked passage answers the question, from a logistic
 * regression over what the ranker knows (`npm run calibrate` fits it on labelled questions and
 * writes `confidence-model.json`). No number here is set by hand: the weights and the two
 * thresholds come from the fit.
 */

export const FEATURES = [
  "coverage",
  "score",
  "margin",
  "relevance",
  "rareMatched",
  "missingRarity",
  "figuresMatched",
  "unknownShare",
  "terms",
  "typeFit",
  "strictCoverage",
  "unmatched",
  "answerFit",
  "bias",
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type Features = Record<FeatureName, number>;

export interface ConfidenceModel {
  features: readonly string[];
  weights: number[];
  /** at or above: answer; at or above `closest`: offer the passage; below: "I don't know" */
  thresholds: { answer: number; closest: number };
}

export const DEFAULT_MODEL = model as ConfidenceModel;

/** Rare question words: the ones that say what the question is about (names, figures, terms). */
const RARE_SHARE = 0.6;

/** What the ranker knows about its best candidate, as numbers of similar scale. */
export function features(
  index: CorpusIndex,
  q: AnalyzedQuestion,
  ranked: readonly Ranked[],
  weights: readonly number[],
  missing: readonly number[],
): Features {
  const best = ranked[0];
  const second = ranked[1];
  const rarest = index.idf("\u0000");
  const matched = best?.candidate.matched ?? [];
  const rare = q.terms.map((_, i) => (weights[i] as number) >= rarest * RARE_SHARE);
  const rareCount = rare.filter(Boolean).length;
  const rareHit = rare.filter((r, i) => r && matched[i]).length;
  const figures = q.terms.map((t) => /^\d+$/.test(t.term));
  const figureCount = figures.filter(Boolean).length;
  const figureHit = figures.filter((f, i) => f && matched[i]).length;
  let missingRarity = 0;
  let unknown = 0;
  q.terms.forEach((_, i) => {
    if (!matched[i]) missingRarity = Math.max(missingRarity, (missing[i] as number) / rarest);
    if ((missing[i] as number) > 0 && !index.knows(q.terms[i]?.term ?? "")) unknown++;
  });
  // Coverage as if every word the passage lacks were a name: SQuAD's unanswerable questions often
  // differ from an answerable one by one ordinary word ("modern Europe" for "medieval Europe").
  let got = 0;
  let lacking = 0;
  q.terms.forEach((_, i) => {
    if (matched[i]) got += weights[i] as number;
    else lacking++;
  });
  const strictCoverage = got / Math.max(1e-9, got + lacking * rarest);
  const coverage = best?.candidate.coverage ?? 0;
  const score = best?.confidence ?? 0;
  return {
    coverage,
    score,
    margin: score - (second?.confidence ?? 0),
    relevance: Math.log1p(best?.candidate.relevance ?? 0) / 3,
    rareMatched: rareCount ? rareHit / rareCount : 1,
    missingRarity,
    figuresMatched: figureCount ? figureHit / figureCount : 1,
    unknownShare: q.terms.length ? unknown / q.terms.length : 0,
    terms: Math.min(1, q.terms.length / 10),
    typeFit: coverage > 0 ? score / coverage : 0,
    strictCoverage,
    unmatched: Math.min(1, lacking / 4),
    answerFit: best?.answerFit ?? 0,
    bias: 1,
  };
}

export function vector(f: Features): number[] {
  return FEATURES.map((name) => f[name]);
}

export function probability(f: Features, m: ConfidenceModel = DEFAULT_MODEL): number {
  const x = vector(f);
  const z = m.weights.reduce((sum, w, i) => sum + w * (x[i] ?? 0), 0);
  return 1 / (1 + Math.exp(-z));
}
