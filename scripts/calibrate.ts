import { writeFileSync } from "node:fs";
import type { ConfidenceModel } from "../src/core/confidence";
import { FEATURES } from "../src/core/confidence";
import {
  ece,
  examples,
  fitLogistic,
  outOfFold,
  precisionAt,
  predict,
  thresholds,
} from "../test/eval/calibration";

/**
 * `npm run calibrate`: fits the confidence model on one half of every evaluation set, checks it on
 * the other half, and writes src/core/confidence-model.json (the only learned numbers in the bot).
 */

const all = await examples();
// Blind checks on unseen pages (`fit: false`): the committed model is judged on them, never fitted.
const data = all.filter((e) => !e.unseen);
const unseen = all.filter((e) => e.unseen);
const train = data.filter((e) => !e.heldOut);
const test = data.filter((e) => e.heldOut);
const weights = fitLogistic(train);
// Thresholds come from the bot's own kind of questions (students asking about class documents). On
// SQuAD 2.0, whose unanswerable questions are near-copies of answerable ones with a word swapped,
// no feature here separates the two and precision stays flat at every threshold.
// Chosen on out-of-fold predictions: each question scored by a model that was not fitted on it.
const pTrain = outOfFold(train);
const ownAt = train.flatMap((e, i) => (e.benchmark ? [] : [i]));
const model: ConfidenceModel = {
  features: FEATURES,
  weights: weights.map((w) => Math.round(w * 1e4) / 1e4),
  thresholds: thresholds(
    ownAt.map((i) => pTrain[i] as number),
    ownAt.map((i) => (train[i] as (typeof train)[number]).y),
  ),
};
const pTest = test.map((e) => predict(model, e));
const yTest = test.map((e) => e.y);
writeFileSync(
  new URL("../src/core/confidence-model.json", import.meta.url),
  `${JSON.stringify(model, null, 2)}\n`,
);

console.log(`fitted on ${train.length} questions, checked on ${test.length}`);
console.log(`weights: ${FEATURES.map((f, i) => `${f} ${model.weights[i]}`).join(", ")}`);
console.log(`thresholds: answer ${model.thresholds.answer}, closest ${model.thresholds.closest}`);
console.log(`held-out: ECE ${ece(pTest, yTest).toFixed(3)}`);
const at = precisionAt(pTest, yTest, model.thresholds.answer);
console.log(`held-out, all sets: answers ${at.n}, precision ${(100 * at.precision).toFixed(1)}%`);
const ownTest = test.filter((e) => !e.benchmark);
const atOwn = precisionAt(
  ownTest.map((e) => predict(model, e)),
  ownTest.map((e) => e.y),
  model.thresholds.answer,
);
console.log(`held-out, own sets: answers ${atOwn.n}, precision ${(100 * atOwn.precision).toFixed(1)}%`);
for (const name of [...new Set(test.map((e) => e.set))]) {
  const s = test.filter((e) => e.set === name);
  const p = s.map((e) => predict(model, e));
  const answered = s.filter(
    (e, i) => e.answerable && e.y === 1 && (p[i] as number) >= model.thresholds.answer,
  ).length;
  const abst = s.filter((e, i) => !e.answerable && (p[i] as number) < model.thresholds.answer).length;
  const na = s.filter((e) => e.answerable).length;
  console.log(
    `  ${name.slice(0, 44).padEnd(44)} answered right ${answered}/${na}, abstained ${abst}/${s.length - na}, ECE ${ece(
      p,
      s.map((e) => e.y),
    ).toFixed(3)}`,
  );
}
if (unseen.length) {
  const p = unseen.map((e) => predict(model, e));
  const y = unseen.map((e) => e.y);
  const at = precisionAt(p, y, model.thresholds.answer);
  console.log(
    `unseen pages (blind, not fitted): ${unseen.length} questions, ECE ${ece(p, y).toFixed(3)}, answers ${at.n} at ${(100 * at.precision).toFixed(1)}% precision`,
  );
}
