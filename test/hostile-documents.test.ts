import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import { DocumentThread } from "../src/core/document-thread";
import { loadCorpus } from "../src/core/load";
import { readDocument } from "../src/core/readers";
import { bigTable, deepHtml, wordZipBomb } from "./helpers/hostile";

/**
 * Documents are untrusted: a zip bomb, HTML nested thousands deep, a link loop, a huge table or a
 * reader that hangs or eats memory costs that one file (reported by name, with the reason), never
 * the others, the process, or the answers meanwhile.
 */

const GOOD = "# Harbor Festival\n\nThe harbor festival lights 340 lanterns on the pier every June.\n";
const NAMES = Object.getOwnPropertyNames(Object.prototype);

function hostileFolder(): { dir: string; outside: string } {
  const dir = mkdtempSync(join(tmpdir(), "hostile-"));
  const outside = mkdtempSync(join(tmpdir(), "outside-"));
  writeFileSync(join(outside, "secret.txt"), "The staff room code is 4417, which nobody outside may read.");
  writeFileSync(join(dir, "good.md"), GOOD);
  writeFileSync(join(dir, "deep.html"), deepHtml(2000));
  writeFileSync(join(dir, "inventory.md"), bigTable(50_000));
  writeFileSync(join(dir, "names.txt"), NAMES.map((n) => `${n}: the ${n} value is ${n.length}.`).join("\n"));
  mkdirSync(join(dir, "sub"));
  symlinkSync("..", join(dir, "sub", "up"));
  symlinkSync(join(outside, "secret.txt"), join(dir, "secret.txt"));
  symlinkSync(join(dir, "good.md"), join(dir, "sub", "again.md"));
  return { dir, outside };
}

describe("a folder of hostile documents beside a good one", () => {
  it("loads the good ones and reports each bad file by name with its reason", async () => {
    const { dir } = hostileFolder();
    writeFileSync(join(dir, "bomb.docx"), await wordZipBomb(300));
    // Budgets as in production, with headroom for a CI machine shared by other jobs.
    const { index, problems, documents } = await loadCorpus(dir, { readBudget: { seconds: 90 } });
    const reasons = new Map(problems.map((p) => [p.file, p.reason]));
    expect(reasons.get("bomb.docx")).toMatch(/inflates to more than 50 MB/);
    expect(reasons.get("deep.html")).toMatch(/nests its elements more than 200 deep/);
    expect(reasons.get("secret.txt")).toMatch(/links outside the documents folder/);
    expect(problems).toHaveLength(3);
    // Each real file once, whatever links to it; the loop is walked once.
    expect(documents.map((d) => d.fileName).sort()).toEqual(["good.md", "inventory.md", "names.txt"]);
    // The 50,000-row table is read whole, inside the time budget, each row under its headers.
    expect(index.documents.find((d) => d.fileName === "inventory.md")?.sections[0]?.facts).toBe(50_000);
    const answer = answerQuestion(index, "how many lanterns does the harbor festival light?");
    expect(answer.answer?.text).toMatch(/340 lanterns/);
    expect(answerQuestion(index, "what is on shelf 12 with part 49999")).toBeDefined();
  }, 400_000);
});

describe("the document reader thread", () => {
  const thread = new DocumentThread(new URL("./helpers/misbehaving-reader.mjs", import.meta.url));
  afterAll(() => thread.close());

  it("stops a read past its time budget while this thread goes on answering", async () => {
    let turns = 0;
    let reading = true;
    const failure = thread.read("/nowhere", "loop.txt", { seconds: 1, memoryMb: 64 }).then(
      () => null,
      (error: Error) => error,
    );
    void failure.finally(() => {
      reading = false;
    });
    // The answering thread is free meanwhile: it keeps getting turns until the read gives up.
    while (reading) {
      await new Promise((resolve) => setImmediate(resolve));
      turns++;
    }
    expect((await failure)?.message).toBe("loop.txt: took longer than 1 s to read; skipped");
    expect(turns).toBeGreaterThan(10);
    // The next file gets a fresh reader.
    await expect(thread.read("/nowhere", "fine.txt")).resolves.toMatchObject({ fileName: "fine.txt" });
  });

  it("stops a read past its memory budget, and survives a reader that crashes", async () => {
    await expect(thread.read("/nowhere", "hog.txt", { seconds: 60, memoryMb: 32 })).rejects.toThrow(
      "hog.txt: needs more than 32 MB of memory to read; skipped",
    );
    await expect(thread.read("/nowhere", "crash.txt")).rejects.toThrow(/crash.txt: could not be read/);
    await expect(thread.read("/nowhere", "after.txt")).resolves.toMatchObject({ fileName: "after.txt" });
  });
});

describe("long Markdown tables", () => {
  it("read the same rows, headers and inline text as micromark gives shorter tables", async () => {
    const row = (i: number) =>
      `| **part ${i}** | [shelf ${i % 7}](https://example.org/${i}) | ${i % 13} \\| ${i % 5} | &amp; \`code ${i}\` |`;
    const head = "| Item | Shelf | Count | Note |\n| --- | --- | --- | --- |";
    const rows = Array.from({ length: 450 }, (_, i) => row(i));
    const long = `# T\n\n${head}\n${rows.join("\n")}\n`;
    // The same rows as three tables of 150, each short enough for micromark alone.
    const short = `# T\n\n${[0, 150, 300].map((s) => `${head}\n${rows.slice(s, s + 150).join("\n")}`).join("\n\n")}\n`;
    const facts = async (text: string) =>
      (await readDocument("t.md", Buffer.from(text))).sections.flatMap((s) => s.records ?? []);
    const longFacts = await facts(long);
    expect(longFacts).toHaveLength(450);
    expect(longFacts).toEqual(await facts(short));
    expect(longFacts[3]).toBe("part 3 — shelf: shelf 3, count: 3 | 3, note: & code 3");
  });
});
