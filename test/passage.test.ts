import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { loadCorpus } from "../src/core/load";
import { pointsBack } from "../src/core/passage";
import { tempCorpus } from "./helpers/corpus";

describe("passages", () => {
  it("knows a sentence that opens by pointing back to the one before", () => {
    expect(pointsBack("It in turn evolved into Modern English.")).toBe(true);
    expect(pointsBack('"But a storm dispersed the fleet."')).toBe(true);
    expect(pointsBack("Italy is a country.")).toBe(false);
    expect(pointsBack("Theirs was a long voyage.")).toBe(false);
  });

  it("shows a sentence with the neighbour it cannot be read without, in the same paragraph only", async () => {
    const { index } = await loadCorpus(
      tempCorpus({
        "fleet.md":
          "# Voyage\n\nIn April 1191 the king left Messina with a large fleet to reach Acre. But a storm dispersed the fleet.\n\nThey rebuilt the harbour later that year.\n",
      }),
    );
    const a = answerQuestion(index, "when did the king leave Messina", {
      thresholds: { answer: 0, closest: 0 },
    });
    expect(a.answer?.text).toBe(
      "In April 1191 the king left Messina with a large fleet to reach Acre. But a storm dispersed the fleet.",
    );
    const storm = answerQuestion(index, "what dispersed the fleet", {
      thresholds: { answer: 0, closest: 0 },
    });
    expect(storm.answer?.text).toBe(a.answer?.text);
  });
});
