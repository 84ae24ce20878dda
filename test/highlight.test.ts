import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { tempCorpus } from "./helpers/corpus";

/** The bold key figure of a "when" answer is the date asked about, whole, and never a house number. */

const NEWS = `# School news

The science fair is on Monday 16 March, and judges meet on the Friday before.

The library at 1800 Lakeview Drive is open again from Friday after the works.

Pupils meet their host families on Saturday 10 May at around 1:30pm.
`;

let index: CorpusIndex;
beforeAll(async () => {
  index = (await loadCorpus(tempCorpus({ "news.md": NEWS }))).index;
});

const key = (q: string) => {
  const a = answerQuestion(index, q);
  return a.answer?.highlight ?? a.closest?.highlight;
};

describe("the key figure of a date answer", () => {
  it("is the weekday with its date, not half of it", () => {
    expect(key("when is the science fair")).toBe("Monday 16 March");
    expect(key("when do pupils meet their host families")).toBe("Saturday 10 May");
  });

  it("is the date nearest what was asked about", () => {
    expect(key("wen do the judges meet")).toBe("Friday");
  });

  it("is never a street number read as a year", () => {
    expect(key("when does the library open again")).toBe("Friday");
  });
});
