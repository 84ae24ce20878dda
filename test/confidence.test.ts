import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL, FEATURES } from "../src/core/confidence";
import { ece, examples, fitLogistic, precisionAt, predict } from "./eval/calibration";

/** The confidence is a probability: checked on the half of every set the model was not fitted on. */

// Blind checks on unseen pages (`fit: false`) are reported by npm run calibrate, not fitted on.
const data = (await examples()).filter((e) => !e.unseen);
const heldOut = data.filter((e) => e.heldOut);

describe("calibrated confidence", () => {
  it("is calibrated on the held-out half: expected calibration error under 0.1", () => {
    const p = heldOut.map((e) => predict(DEFAULT_MODEL, e));
    expect(
      ece(
        p,
        heldOut.map((e) => e.y),
      ),
    ).toBeLessThan(0.1);
  });

  it("answers the bot's own kind of question at least 90% right at the calibrated threshold", () => {
    const own = heldOut.filter((e) => !e.benchmark);
    const at = precisionAt(
      own.map((e) => predict(DEFAULT_MODEL, e)),
      own.map((e) => e.y),
      DEFAULT_MODEL.thresholds.answer,
    );
    expect(at.precision).toBeGreaterThanOrEqual(0.9);
    expect(at.n).toBeGreaterThan(own.length / 3);
  });

  it("is what npm run calibrate fits from the labelled questions, not numbers set by hand", () => {
    const weights = fitLogistic(data.filter((e) => !e.heldOut));
    expect(DEFAULT_MODEL.features).toEqual([...FEATURES]);
    weights.forEach((w, i) => {
      expect(DEFAULT_MODEL.weights[i]).toBeCloseTo(w, 3);
    });
  });
});
