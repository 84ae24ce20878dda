import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { LiveCorpus } from "../src/core/live-corpus";
import { loadCorpus } from "../src/core/load";
import { tempCorpus } from "./helpers/corpus";
import { deepHtml, wordZipBomb } from "./helpers/hostile";

/** Hostile files dropped into a running bot's folder: answers go on, and each is named in the log. */

describe("hostile documents added while the bot runs", () => {
  it("are reported by name while questions are answered from the documents meanwhile", async () => {
    const dir = tempCorpus({ "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n" });
    const lines: Array<{ msg: string; file?: string }> = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const corpus = new LiveCorpus(await loadCorpus(dir), dir, logger);
    writeFileSync(join(dir, "deep.html"), deepHtml(2000));
    writeFileSync(join(dir, "bomb.docx"), await wordZipBomb(120));
    writeFileSync(join(dir, "owls.md"), "# Owls\n\nAbout 3 owls nest in the old church tower every year.\n");
    let reloading = true;
    const reload = corpus.reload("DATA_DIR changed").finally(() => {
      reloading = false;
    });
    const answers: string[] = [];
    while (reloading) {
      answers.push(
        answerQuestion(corpus.index, "how many frogs are in the pond").answer?.highlight ?? "none",
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    await reload;
    expect(answers.length).toBeGreaterThan(10);
    expect(new Set(answers)).toEqual(new Set(["40 frogs"]));
    const warned = lines.filter((l) => l.file).map((l) => l.msg);
    expect(warned).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^document bomb\.docx inflates to more than 50 MB/),
        expect.stringMatching(/^document deep\.html nests its elements more than 200 deep/),
      ]),
    );
    expect(answerQuestion(corpus.index, "how many owls nest in the church tower").answer?.highlight).toBe(
      "3 owls",
    );
  }, 120_000);
});
