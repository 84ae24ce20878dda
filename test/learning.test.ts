import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { Learning } from "../src/app/learning";
import type { CorpusIndex } from "../src/core/corpus-index";
import { classKey } from "../src/core/learning/trust";
import { loadCorpus } from "../src/core/load";
import { memoryLearningBackend } from "../src/store/learning-backend";

/** Learning from the class (issue 17): who may teach the bot what, and where it holds. */

const GARDEN = "test/eval/corpora/community-garden";
const FOOD_BANK = "riverside-garden#1.0";
const CLASS = classKey();
const ASKED = "who gets the veg";

function learningOn(backend = memoryLearningBackend()) {
  return new Learning({ backend, userHash: (p, u) => `${p}:${u}`, logger: pino({ level: "silent" }) });
}

const student = (userId: string) => ({ platform: "test", userId, classKey: CLASS });

describe("trust: who may make the bot answer", () => {
  let index: CorpusIndex;
  beforeAll(async () => {
    ({ index } = await loadCorpus(GARDEN));
  });

  it("cold, the question is not answered with the food bank passage", () => {
    const a = learningOn().answer(index, CLASS, `${ASKED}?`);
    expect(a.tier).not.toBe("answer");
    expect(a.closest?.factId).not.toBe(FOOD_BANK);
  });

  it("one student's mark only moves the passage first among unsure offers; a second student's makes it an answer", async () => {
    const learning = learningOn();
    await learning.ready;
    await learning.helpful({ ...student("s1"), index, question: ASKED, factId: FOOD_BANK });
    const one = learning.answer(index, CLASS, `${ASKED}?`);
    expect(one.tier).toBe("closest");
    expect(one.closest?.factId).toBe(FOOD_BANK);
    expect(one.learned).toBe(true);
    // The same student again changes nothing: one user, one mark per question.
    await learning.helpful({ ...student("s1"), index, question: "who receives the veg", factId: FOOD_BANK });
    expect(learning.answer(index, CLASS, `${ASKED}?`).tier).toBe("closest");

    await learning.helpful({
      ...student("s2"),
      index,
      question: "who receives the vegetables",
      factId: FOOD_BANK,
    });
    const two = learning.answer(index, CLASS, `${ASKED}?`);
    expect(two.tier).toBe("answer");
    expect(two.answer?.factId).toBe(FOOD_BANK);
    // The passage's own text, never the learned question.
    expect(two.answer?.text).toContain("food bank");
    expect(two.learned).toBe(true);

    // 👎 from another student takes it back.
    await learning.unhelpful({ ...student("s3"), index, question: `${ASKED}?`, factId: FOOD_BANK });
    expect(learning.answer(index, CLASS, `${ASKED}?`).tier).not.toBe("answer");
  });

  it("a second mark for a question of another need does not confirm the first", async () => {
    const learning = learningOn();
    await learning.ready;
    await learning.helpful({ ...student("s1"), index, question: ASKED, factId: FOOD_BANK });
    await learning.helpful({
      ...student("s2"),
      index,
      question: "when is the summer fair",
      factId: FOOD_BANK,
    });
    expect(learning.answer(index, CLASS, `${ASKED}?`).tier).not.toBe("answer");
  });

  it("the teacher's teach makes an answer alone, and the teacher's forget takes it back", async () => {
    const learning = learningOn();
    await learning.ready;
    const taught = await learning.teach({ ...student("t1"), index, question: ASKED, quote: "food bank" });
    expect(taught.ok).toBe(true);
    expect(learning.answer(index, CLASS, `${ASKED}?`).answer?.factId).toBe(FOOD_BANK);
    const id = taught.ok ? (taught.link?.id ?? "") : "";
    expect((await learning.forget(CLASS, id)).ok).toBe(true);
    expect(learning.answer(index, CLASS, `${ASKED}?`).tier).not.toBe("answer");
  });

  it("teach refuses a quote no passage holds, and names the passages of an ambiguous one it cannot settle", async () => {
    const learning = learningOn();
    await learning.ready;
    const none = await learning.teach({ ...student("t1"), index, question: ASKED, quote: "free ice cream" });
    expect(none).toMatchObject({ ok: false, error: expect.stringContaining("in no passage") });
    const several = await learning.teach({ ...student("t1"), index, question: "xyzzy plugh", quote: "the" });
    expect(several).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is in \d+ passages: riverside-garden#/),
    });
  });

  it("a link of one class never answers in another", async () => {
    const learning = learningOn();
    await learning.ready;
    await learning.teach({
      ...student("t1"),
      classKey: "folders:biology",
      index,
      question: ASKED,
      quote: "food bank",
    });
    expect(learning.answer(index, "folders:biology", `${ASKED}?`).tier).toBe("answer");
    const elsewhere = learning.answer(index, "folders:history", `${ASKED}?`);
    expect(elsewhere.tier).not.toBe("answer");
    expect(elsewhere.learned).toBeUndefined();
  });

  it("QUESTION_LOG_DAYS=0 (no backend) takes no marks", async () => {
    const learning = learningOn(null as never);
    await learning.ready;
    const r = await learning.helpful({ ...student("s1"), index, question: ASKED, factId: FOOD_BANK });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/learning is off/i) });
  });
});

describe("a document change", () => {
  it("drops the links of a passage that is gone, records it, and keeps those of a passage that only moved", async () => {
    const dir = mkdtempSync(join(tmpdir(), "learn-docs-"));
    try {
      cpSync(GARDEN, dir, { recursive: true });
      const file = join(dir, "riverside-garden.md");
      const { index: before } = await loadCorpus(dir);
      const backend = memoryLearningBackend();
      const learning = learningOn(backend);
      await learning.ready;
      await learning.teach({ ...student("t1"), index: before, question: ASKED, quote: "food bank" });
      await learning.teach({ ...student("t1"), index: before, question: "any bees", quote: "12 hives" });
      // The food bank sentence is removed; a sentence is added before the hives, which moves their id.
      const text = readFileSync(file, "utf8")
        .replace(/Most of the harvest goes to the Millbrook food bank[^.]*\.\s*/, "")
        .replace("A beekeeping club", "The garden is open daily. A beekeeping club");
      writeFileSync(file, text);
      const { index: after } = await loadCorpus(dir);
      expect(learning.answer(after, CLASS, `${ASKED}?`).answer?.text ?? "").not.toContain("food bank");
      expect(learning.answer(after, CLASS, "any bees?").answer?.text).toContain("12 hives");
      expect(learning.links(CLASS).map((l) => l.question)).toEqual(["any bees"]);
      await expect
        .poll(() => backend.dropped(new Date(0)))
        .toMatchObject([{ classKey: CLASS, question: ASKED, passage: expect.stringContaining("food bank") }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
