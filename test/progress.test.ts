import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { loadCorpus } from "../src/core/load";
import { loadingProgress } from "../src/core/progress";
import { tempCorpus } from "./helpers/corpus";

describe("start-up progress", () => {
  it("stays silent for a quick load and shows documents read once loading passes a second", () => {
    let clock = 0;
    const out: string[] = [];
    const quick = loadingProgress({ write: (t) => out.push(t), now: () => clock });
    quick.update(1, 2);
    quick.finish(2, 10);
    expect(out).toEqual([]);

    const slow = loadingProgress({ write: (t) => out.push(t), now: () => clock });
    slow.update(0, 200);
    clock = 1500;
    slow.update(120, 200);
    slow.finish(200, 5400);
    expect(out).toEqual(["\rReading documents: 120 of 200", "\rRead 200 documents: 5400 facts.\n"]);
  });

  it("reports each file it reads to the progress callback", async () => {
    const dir = tempCorpus({
      "a.md": "# A\n\nThe first document says the lake is 12 metres deep.\n",
      "b.md": "# B\n\nThe second document says the river is 40 kilometres long.\n",
    });
    const calls: Array<[number, number]> = [];
    await loadCorpus(dir, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });
});

describe("MAX_DOCUMENT_MB", () => {
  it("defaults to 20 and refuses nonsense, naming the variable", () => {
    expect(loadConfig({}).MAX_DOCUMENT_MB).toBe(20);
    expect(loadConfig({ MAX_DOCUMENT_MB: "50" }).MAX_DOCUMENT_MB).toBe(50);
    expect(() => loadConfig({ MAX_DOCUMENT_MB: "lots" })).toThrow(/MAX_DOCUMENT_MB: must be a whole number/);
  });

  it("skips a larger document by name and loads the rest", async () => {
    // Over 1 MB, most of it a code block (not facts), so reading it stays quick.
    const big = `# Big\n\nThe big document says the pond is 3 metres deep.\n\n\`\`\`\n${"x".repeat(1_200_000)}\n\`\`\`\n`;
    const dir = tempCorpus({
      "big.md": big,
      "small.md": "# Small\n\nThe small document says the lake is 12 metres deep.\n",
    });
    const { index, problems } = await loadCorpus(dir, { maxDocumentMb: 1 });
    expect(index.documents.map((d) => d.fileName)).toEqual(["small.md"]);
    expect(problems).toEqual([{ file: "big.md", reason: "is larger than 1 MB (MAX_DOCUMENT_MB); skipped" }]);
    const loose = await loadCorpus(dir, { maxDocumentMb: 2 });
    expect(loose.index.documents.map((d) => d.fileName)).toEqual(["big.md", "small.md"]);
  });
});
