import { writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { LiveCorpus } from "../src/core/live-corpus";
import { loadCorpus } from "../src/core/load";
import { readFromDisk } from "../src/core/read-document-file";
import { tempCorpus } from "./helpers/corpus";
import { deepHtml, wordZipBomb } from "./helpers/hostile";

/** Hostile files dropped into a running bot's folder: answers go on, and each is named in the log. */

describe("hostile documents added while the bot runs", () => {
  it("are reported by name while questions are answered from the documents meanwhile", async () => {
    const dir = tempCorpus({ "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n" });
    const lines: Array<{ msg: string; file?: string }> = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    // Budgets as in production, with headroom for a CI machine shared by other jobs.
    const options = { readBudget: { seconds: 90 } };
    const corpus = new LiveCorpus(await loadCorpus(dir, options), dir, logger, options);
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
  }, 400_000);

  it("a reload reads only the files that changed, and remembers why a file was skipped", async () => {
    const dir = tempCorpus({
      "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n",
      "deep.html": deepHtml(2000),
    });
    const read = vi.fn(async (path: string, fileName: string) => {
      const outcome = await readFromDisk(path, fileName);
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.doc;
    });
    const options = { read };
    const corpus = new LiveCorpus(await loadCorpus(dir, options), dir, pino({ level: "silent" }), options);
    expect(read.mock.calls.map((c) => c[1]).sort()).toEqual(["deep.html", "pond.md"]);
    writeFileSync(join(dir, "owls.md"), "# Owls\n\nAbout 3 owls nest in the old church tower every year.\n");
    await corpus.reload("DATA_DIR changed");
    expect(read.mock.calls.map((c) => c[1]).sort()).toEqual(["deep.html", "owls.md", "pond.md"]);
    expect(corpus.documents.map((d) => d.fileName).sort()).toEqual(["owls.md", "pond.md"]);
    writeFileSync(join(dir, "pond.md"), "# Pond\n\nThe school pond holds about 45 frogs in spring.\n");
    await corpus.reload("DATA_DIR changed");
    expect(read).toHaveBeenCalledTimes(4);
    expect(answerQuestion(corpus.index, "how many frogs are in the pond").answer?.highlight).toBe("45 frogs");
  }, 60_000);
});
