import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { CorpusError, loadCorpus } from "../src/core/load";
import { tempCorpus } from "./helpers/corpus";

describe("loading a folder of documents", () => {
  it("loads several documents and answers from the right one, skipping bad files by name", async () => {
    const dir = tempCorpus({
      "bees.md": "# Bees\n\nA healthy hive holds about 50,000 bees in midsummer.\n",
      "rivers.txt": "Title: Rivers\n\nThe river rose by two metres during the spring floods of 2018.\n",
      "empty.txt": "",
      "photo.md": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]),
      "notes.pdf": "not a PDF at all",
      "slides.pptx": "ignored: not a document type we read",
    });
    const { index, problems } = await loadCorpus(dir);
    expect(index.documents.map((d) => d.meta.title).sort()).toEqual(["Bees", "Rivers"]);
    expect(problems.map((p) => p.file).sort()).toEqual(["empty.txt", "notes.pdf", "photo.md"]);
    expect(problems.find((p) => p.file === "notes.pdf")?.reason).toMatch(/not a readable PDF/);
    expect(problems.find((p) => p.file === "photo.md")?.reason).toMatch(/binary/);
    const a = answerQuestion(index, "how many bees in a hive");
    expect(a.answer?.source.title).toBe("Bees");
    expect(answerQuestion(index, "when did the river flood").answer?.highlight).toBe("2018");
  });

  it("reads documents in subfolders, but not hidden ones", async () => {
    const dir = tempCorpus({
      "top.md": "# Top\n\nThe top document says the river is forty kilometres long.\n",
    });
    mkdirSync(join(dir, "science"));
    mkdirSync(join(dir, ".git"));
    writeFileSync(join(dir, "science", "bees.txt"), "A healthy hive holds about 50,000 bees in midsummer.");
    writeFileSync(
      join(dir, ".git", "notes.md"),
      "# Hidden\n\nThis hidden note should never be indexed at all.\n",
    );
    const { index } = await loadCorpus(dir);
    expect(index.documents.map((d) => [d.id, d.meta.title])).toEqual([
      ["science-bees", "Bees"],
      ["top", "Top"],
    ]);
  });

  it("says clearly when there are no documents at all", async () => {
    await expect(loadCorpus(tempCorpus({}))).rejects.toThrow(CorpusError);
    await expect(loadCorpus(tempCorpus({ "a.txt": "" }))).rejects.toThrow(/No readable .*a\.txt is empty/);
    await expect(loadCorpus("/nonexistent/folder")).rejects.toThrow(
      /Cannot read the documents folder.*DATA_DIR/,
    );
  });
});
