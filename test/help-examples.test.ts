import { describe, expect, it } from "vitest";
import type { AppServices } from "../src/app/services";
import { answerQuestion } from "../src/core/answer";
import { loadCorpus } from "../src/core/load";
import { quietChat } from "./helpers/console";
import { silentLogger } from "./helpers/corpus";

/** Help and the empty question give examples from the documents being read, not the bundled article. */

const GARDEN = "test/eval/corpora/community-garden";

async function contextFor(dir: string): Promise<AppServices> {
  return { index: (await loadCorpus(dir)).index, logger: silentLogger, commandName: "campaign" };
}

const say = (text: string, context: AppServices) => quietChat(context).say(text);

describe("examples come from the documents", () => {
  it("help's examples are questions about the folder being read, each one answered", async () => {
    const context = await contextFor(GARDEN);
    const help = await say("help", context);
    expect(help).not.toMatch(/women|trained/i);
    const examples = help
      .slice(help.indexOf("Examples"))
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^\s*-?\s*\/campaign\s+/, "").trim())
      .filter((l) => l.endsWith("?"));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const q of examples) expect(answerQuestion(context.index, q).tier, q).toBe("answer");
  });

  it("an empty question suggests asking one of the folder's own", async () => {
    const context = await contextFor(GARDEN);
    const reply = await say("/campaign", context);
    expect(reply).not.toMatch(/women were trained/);
  });
});
