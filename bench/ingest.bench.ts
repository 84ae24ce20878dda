import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CorpusIndex } from "../src/core/corpus-index";
import { extractFacts } from "../src/core/facts";
import { loadCorpus } from "../src/core/load";
import { readDocument } from "../src/core/readers";

/**
 * `npm run bench` (second part): how fast each format is read, in documents per second, on the
 * test documents (real-shaped: a syllabus, a news page, a two-page handout, a Chinese page, the
 * bundled article), with plain text as the baseline measured in the same run; and the start-up
 * time (read, parse, index) for a folder of 200 mixed documents.
 */

const FORMATS: Array<{ format: string; file: string }> = [
  { format: ".txt (baseline)", file: "data/women-making-achievements.txt" },
  { format: ".md", file: "test/fixtures/syllabus-md/bio101-syllabus.md" },
  { format: ".md (Chinese)", file: "test/fixtures/chinese/jinguo-jiangong.md" },
  { format: ".html", file: "test/fixtures/news-html/library-reopens.html" },
  { format: ".docx", file: "test/fixtures/syllabus-docx/bio101-syllabus.docx" },
  { format: ".pdf", file: "test/fixtures/handout-pdf/microscope-handout.pdf" },
];

async function read(file: string, data: Buffer): Promise<number> {
  return extractFacts(await readDocument(file.split("/").pop() as string, data)).length;
}

/** Documents read in `ms` milliseconds, per second. */
async function rate(file: string, data: Buffer, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await read(file, data);
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

// Every round measures every format, one after another, so each ratio to .txt compares two
// figures taken at nearly the same moment; the median round is the result.
const inputs = FORMATS.map((f) => ({ ...f, data: readFileSync(f.file) }));
const facts = new Map<string, number>();
for (const f of inputs) facts.set(f.file, await read(f.file, f.data)); // warm-up
const rates = new Map<string, number[]>(inputs.map((f) => [f.file, []]));
const ratios = new Map<string, number[]>(inputs.map((f) => [f.file, []]));
for (let round = 0; round < 7; round++) {
  let base = 0;
  for (const f of inputs) {
    const r = await rate(f.file, f.data, 150);
    if (!base) base = r;
    rates.get(f.file)?.push(r);
    ratios.get(f.file)?.push(r / base);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

console.log("\n| format | example | KB | facts | documents/s | vs .txt (same round) |");
console.log("|---|---|---|---|---|---|");
for (const f of inputs) {
  console.log(
    `| ${f.format} | ${f.file.split("/").pop()} | ${(f.data.length / 1024).toFixed(1)} | ${facts.get(f.file)} | ${median(rates.get(f.file) ?? []).toFixed(0)} | ${median(ratios.get(f.file) ?? []).toFixed(2)}x |`,
  );
}

// 200 mixed documents: 40 of each kind, each a copy with its own figures so no two are the same.
const dir = mkdtempSync(join(tmpdir(), "ingest-"));
try {
  const kinds = FORMATS.filter((f) => f.format !== ".md (Chinese)");
  for (let i = 0; i < 200; i++) {
    const { file } = kinds[i % kinds.length] as { file: string };
    const ext = file.slice(file.lastIndexOf("."));
    const data = readFileSync(file);
    const text =
      ext === ".pdf" || ext === ".docx"
        ? data
        : data.toString("utf8").replace(/\d+/g, (d) => String(Number(d) + i));
    writeFileSync(join(dir, `doc-${String(i).padStart(3, "0")}${ext}`), text);
  }
  const times: number[] = [];
  let result: Awaited<ReturnType<typeof loadCorpus>> | null = null;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    result = await loadCorpus(dir);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const docs = result?.documents ?? [];
  const start = performance.now();
  new CorpusIndex(docs);
  const indexMs = performance.now() - start;
  console.log("\n| start-up | documents | facts | load + index ms (median of 3) | of which index ms |");
  console.log("|---|---|---|---|---|");
  console.log(
    `| 200 mixed (.txt .md .html .docx .pdf) | ${docs.length} | ${result?.index.size ?? 0} | ${(times[1] as number).toFixed(0)} | ${indexMs.toFixed(0)} |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
