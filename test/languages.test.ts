import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { cjkNumeralValue } from "../src/core/cjk-numbers";
import { loadCorpus } from "../src/core/load";
import { extractQuantities } from "../src/core/quantities";
import { englishCues } from "../src/core/question-words";
import { segmentWords } from "../src/core/segment";
import { words } from "../src/core/text";
import { tempCorpus } from "./helpers/corpus";

describe("languages written without spaces", () => {
  it("splits Chinese, Japanese and Thai into words", () => {
    expect(words("妇女参加了多少")).toEqual(["妇女", "参加", "多少"]);
    expect(segmentWords("ประเทศไทยมีประชากร")).toEqual(["ประเทศไทย", "มี", "ประชากร"]);
    expect(words("Beijing 北京大学 2010")).toEqual(["beijing", "北京", "大学", "2010"]);
  });

  it("loads a Chinese .txt and .md and answers a Chinese question", async () => {
    const dir = tempCorpus({
      "campaign.txt":
        "巾帼建功活动\n\n截至目前，全国已有4000多万名妇女参加了巾帼建功活动。十七个部委共同参与了这项活动。\n",
      "garden.md": "# 社区花园\n\n社区花园于2014年开放。志愿者每年种植大约18吨蔬菜。\n",
    });
    const { index, problems } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(index.documents).toHaveLength(2);
    expect(answerQuestion(index, "妇女参加了多少").answer?.text).toContain("4000多万");
    expect(answerQuestion(index, "社区花园什么时候开放").answer?.text).toContain("2014");
  });
});

describe("numerals in Chinese characters", () => {
  it("reads them as counts", () => {
    expect(cjkNumeralValue("十七")).toBe(17);
    expect(cjkNumeralValue("三千五百")).toBe(3500);
    expect(cjkNumeralValue("两万")).toBe(20000);
    expect(cjkNumeralValue("一亿二千万")).toBe(120_000_000);
    expect(extractQuantities("十七个部委共同参与了这项活动。").map((q) => [q.kind, q.raw, q.value])).toEqual([
      ["count", "十七", 17],
    ]);
    expect(extractQuantities("统一行动。")).toEqual([]);
  });
});

describe("question words of other languages", () => {
  it("reads them as the English cue they stand for, and leaves other words alone", () => {
    expect(englishCues("сколько министерств участвуют")).toMatch(/^ how many {2}министерств участвуют$/);
    expect(englishCues("Wie viele Schulen nehmen teil?")).toContain("how many");
    expect(englishCues("¿Cuándo empezó?")).toContain("when");
    expect(englishCues("combien de ministères")).toContain("how many");
    expect(englishCues("the dove flew where")).toBe("the dove flew where");
  });

  it("answers 'how many' questions asked in Russian and Spanish", async () => {
    const dir = tempCorpus({
      "kampania.txt":
        "В кампании участвуют 17 министерств и ведомств страны.\n\nКампания началась в 1991 году по всей стране.\n",
      "jardin.txt": "En el jardín comunitario trabajan 300 voluntarios cada año desde su apertura.\n",
    });
    const { index } = await loadCorpus(dir);
    const ru = answerQuestion(index, "сколько министерств участвуют");
    expect(ru.type).toBe("count");
    expect(ru.answer?.text).toContain("17 министерств");
    const es = answerQuestion(index, "¿cuántos voluntarios trabajan en el jardín?");
    expect(es.type).toBe("count");
    expect(es.answer?.text).toContain("300 voluntarios");
  });
});
