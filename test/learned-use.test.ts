import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import { LearnedView } from "../src/core/learning/learned-index";
import { type LearnedLink, linkId, questionKey } from "../src/core/learning/trust";
import { loadCorpus } from "../src/core/load";

/**
 * How a reply weighs what was taught (core/learning/use.ts): the documents' ranking and the learned
 * questions together, and a learned answer only when the passage explains the question.
 */

let index: CorpusIndex;
beforeAll(async () => {
  ({ index } = await loadCorpus("test/fixtures/youth-club"));
});

const BUS = "A free bus collects members";
const MEETS = "The club meets on Mondays";

function link(question: string, quote: string, trusted = true): LearnedLink {
  const fact = index.facts.find((f) => f.text.includes(quote));
  if (!fact) throw new Error(`no passage holds ${quote}`);
  const qKey = questionKey(question);
  return {
    id: linkId("all", qKey, fact.text),
    classKey: "all",
    question,
    questionKey: qKey,
    passage: fact.text,
    factId: fact.id,
    trusted,
    source: trusted ? "teacher" : "students",
    students: trusted ? 0 : 1,
    at: new Date(0),
  };
}

const ask = (question: string, links: LearnedLink[] = []) =>
  answerQuestion(index, question, links.length ? { learned: new LearnedView(index, links) } : {});

describe("using what was taught", () => {
  const taught = () => [link("how do i get to the club", BUS)];

  it("a trusted link answers another wording of its need when the passage explains the question", () => {
    expect(ask("getting to the club from home").tier).not.toBe("answer");
    const a = ask("getting to the club from home", taught());
    expect(a.tier).toBe("answer");
    expect(a.answer?.text).toContain(BUS);
    expect(a.learned).toBe(true);
  });

  it("an untrusted link only puts its passage first among the unsure offers", () => {
    const a = ask("getting to the club from home", [link("how do i get to the club", BUS, false)]);
    expect(a.tier).toBe("closest");
    expect(a.closest?.text).toContain(BUS);
  });

  it("a taught passage comes before one the documents rank a little higher, without answering", () => {
    const cold = ask("whats the best way to get to the club");
    expect(cold.closest?.text).toContain(MEETS);
    const a = ask("whats the best way to get to the club", taught());
    expect(a.closest?.text).toContain(BUS);
    expect(a.tier).toBe("closest");
  });

  it("a word neither the passage nor its taught question holds keeps the answer unsure", () => {
    // "bus fares" shares "bus" with the taught question; the fares are nowhere.
    const a = ask("bus fares", [link("is there a bus", BUS)]);
    expect(a.tier).not.toBe("answer");
  });
});
