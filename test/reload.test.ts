import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config";
import { answerQuestion } from "../src/core/answer";
import { diffStamps } from "../src/core/live-corpus";
import { type Started, startCore } from "../src/startup";
import { relevant } from "../src/watch-data-dir";
import { tempCorpus } from "./helpers/corpus";

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

let started: Started | null = null;
afterEach(() => {
  started?.stopWatching();
  started = null;
});

async function start(dir: string): Promise<Started> {
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent" });
  started = await startCore(config, false, { watch: true });
  return started;
}

describe("live reload of DATA_DIR", () => {
  it("answers from the old or the new corpus while files change, and the new fact soon after the write", async () => {
    const dir = tempCorpus({
      "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n",
      "bats.md": "# Bats\n\nAbout 12 bats roost in the old barn behind the school.\n",
    });
    const { context } = await start(dir);
    // Each question may get one of these answers (or "unknown") and nothing else, at every moment.
    const allowed: Record<string, Array<string | null>> = {
      "how many frogs are in the pond": ["40 frogs", "55 frogs"],
      "how many bats roost in the barn": ["12 bats", null],
      "how many owls nest in the tower": [null, "3 owls"],
    };
    const seen: string[] = [];
    const wrong: string[] = [];
    const ask = () => {
      for (const [q, ok] of Object.entries(allowed)) {
        const a = answerQuestion(context.index, q);
        const got = a.status === "answered" ? (a.answer?.highlight ?? a.answer?.text ?? "") : null;
        if (!ok.includes(got)) wrong.push(`${q} -> ${got}`);
        seen.push(`${q} -> ${got}`);
      }
    };
    const asking = setInterval(ask, 5);
    try {
      ask();
      writeFileSync(join(dir, "pond.md"), "# Pond\n\nThe school pond holds about 55 frogs in spring.\n");
      writeFileSync(
        join(dir, "owls.md"),
        "# Owls\n\nAbout 3 owls nest in the old church tower every year.\n",
      );
      rmSync(join(dir, "bats.md"));
      writeFileSync(join(dir, "broken.docx"), "not a zip file");
      await vi.waitFor(
        () => {
          expect(answerQuestion(context.index, "how many owls nest in the tower").answer?.highlight).toBe(
            "3 owls",
          );
          expect(answerQuestion(context.index, "how many frogs are in the pond").answer?.highlight).toBe(
            "55 frogs",
          );
          expect(answerQuestion(context.index, "how many bats roost in the barn").status).not.toBe(
            "answered",
          );
        },
        // A bound, not a speed limit: on the shared 2-core machine 2 s was once not enough.
        { timeout: 30_000, interval: 20 },
      );
    } finally {
      clearInterval(asking);
    }
    expect(wrong).toEqual([]);
    expect(seen.length).toBeGreaterThan(3);
    expect(context.index.documents.map((d) => d.fileName).sort()).toEqual(["owls.md", "pond.md"]);
  });

  it("reloads on SIGHUP, logs what changed and the fact count, and reports a broken file by name", async () => {
    const dir = tempCorpus({ "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n" });
    const { lines, logger } = capturingLogger();
    const { LiveCorpus } = await import("../src/core/live-corpus");
    const { loadCorpus } = await import("../src/core/load");
    const corpus = new LiveCorpus(await loadCorpus(dir), dir, logger);
    writeFileSync(join(dir, "owls.md"), "# Owls\n\nAbout 3 owls nest in the old church tower every year.\n");
    writeFileSync(join(dir, "scan.pdf"), "%PDF-1.4 not really");
    await corpus.reload("SIGHUP");
    const done = lines.find((l) => String(l.msg).startsWith("corpus reloaded"));
    expect(done).toMatchObject({ reason: "SIGHUP", added: ["owls.md", "scan.pdf"], facts: 2, documents: 2 });
    expect(String(done?.msg)).toContain("added owls.md, scan.pdf");
    expect(
      lines.some((l) => l.file === "scan.pdf" && /scan\.pdf is not a readable PDF/.test(String(l.msg))),
    ).toBe(true);
    expect(answerQuestion(corpus.index, "how many owls").status).toBe("answered");
  });

  it("reloads on SIGHUP while watching, and stops listening when watching stops", async () => {
    const dir = tempCorpus({ "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n" });
    const before = process.listenerCount("SIGHUP");
    const { corpus, stopWatching } = await start(dir);
    const reload = vi.spyOn(corpus, "reload");
    process.emit("SIGHUP", "SIGHUP");
    expect(reload).toHaveBeenCalledWith("SIGHUP");
    await reload.mock.results[0]?.value;
    stopWatching();
    expect(process.listenerCount("SIGHUP")).toBe(before);
  });

  it("keeps answering from the old corpus when the new one cannot load", async () => {
    const dir = tempCorpus({ "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n" });
    const { lines, logger } = capturingLogger();
    const { LiveCorpus } = await import("../src/core/live-corpus");
    const { loadCorpus } = await import("../src/core/load");
    const corpus = new LiveCorpus(await loadCorpus(dir), dir, logger);
    rmSync(join(dir, "pond.md"));
    await corpus.reload("test");
    expect(answerQuestion(corpus.index, "how many frogs").answer?.highlight).toBe("40 frogs");
    expect(
      lines.some((l) => l.level === 50 && /still answering from the previous documents/.test(String(l.msg))),
    ).toBe(true);
  });

  it("folds a burst of reload requests into one more rebuild", async () => {
    const dir = tempCorpus({ "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n" });
    const { LiveCorpus } = await import("../src/core/live-corpus");
    const { loadCorpus } = await import("../src/core/load");
    const load = vi.fn(loadCorpus);
    const corpus = new LiveCorpus(await loadCorpus(dir), dir, pino({ level: "silent" }), {}, load);
    await Promise.all([corpus.reload("a"), corpus.reload("b"), corpus.reload("c"), corpus.reload("d")]);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("tells added, changed and removed files apart, and ignores hidden and unrelated files", () => {
    const before = new Map([
      ["a.md", "1:1"],
      ["b.md", "1:1"],
    ]);
    const after = new Map([
      ["a.md", "2:5"],
      ["c.pdf", "1:1"],
    ]);
    expect(diffStamps(before, after)).toEqual({ added: ["c.pdf"], changed: ["a.md"], removed: ["b.md"] });
    expect(relevant("notes/a.md")).toBe(true);
    expect(relevant("notes")).toBe(true);
    expect(relevant(".a.md.swp")).toBe(false);
    expect(relevant(".git/index")).toBe(false);
    expect(relevant("photo.jpg")).toBe(false);
  });
});

describe("live reload in the terminal chat", () => {
  it("says so on stderr in the terminal chat, whose logs are quieter", async () => {
    const dir = tempCorpus({ "pond.md": "# Pond\n\nThe school pond holds about 40 frogs in spring.\n" });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      started = await startCore(loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent" }), true, { watch: true });
      writeFileSync(
        join(dir, "owls.md"),
        "# Owls\n\nAbout 3 owls nest in the old church tower every year.\n",
      );
      process.emit("SIGHUP");
      await vi.waitFor(
        () => expect(written.join("")).toContain("documents reloaded: 2 facts from 2 documents"),
        {
          timeout: 10_000,
        },
      );
    } finally {
      spy.mockRestore();
    }
  });
});
