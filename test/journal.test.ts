import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openJournal } from "../src/store/journal";
import type { QuestionRow } from "../src/store/types";
import { tempStateDir } from "./helpers/corpus";

const row = (id: string): QuestionRow => ({
  id,
  askedAt: new Date(1_000),
  platform: "slack",
  workspace: null,
  channel: "C1",
  userHash: "h",
  question: `question ${id}`,
  tier: "answer",
  confidence: 0.9,
  factId: "f1",
});

const segments = (dir: string, slot = "0") =>
  readdirSync(join(dir, "journal", slot)).filter((f) => f.endsWith(".ndjson"));

describe("question journal", () => {
  it("keeps unwritten rows for the next process, which reads them back whole", () => {
    const dir = tempStateDir();
    const first = openJournal(dir);
    first?.append(row("a"));
    first?.append(row("b"));
    first?.close(); // as if killed: nothing was committed
    const next = openJournal(dir);
    expect(next?.replayed.map((r) => [r.id, r.askedAt.getTime()])).toEqual([
      ["a", 1_000],
      ["b", 1_000],
    ]);
    next?.close();
  });

  it("deletes a segment once every row in it is written, and rotates past its size", () => {
    const dir = tempStateDir();
    const journal = openJournal(dir, 50);
    const a = journal?.append(row("a")) as string;
    const b = journal?.append(row("b")) as string; // the first segment is full: a new one
    expect(b).not.toBe(a);
    expect(segments(dir)).toEqual([a, b]);
    journal?.committed(a, 1);
    expect(segments(dir)).toEqual([b]);
    journal?.committed(b, 1);
    journal?.close();
    expect(segments(dir)).toEqual([]);
    expect(openJournal(dir)?.replayed).toEqual([]);
  });

  it("skips a line cut short by a kill", () => {
    const dir = tempStateDir();
    const first = openJournal(dir);
    const segment = first?.append(row("a")) as string;
    first?.close();
    appendFileSync(join(dir, "journal", "0", segment), '{"id":"b","askedAt":"1970');
    expect(openJournal(dir)?.replayed.map((r) => r.id)).toEqual(["a"]);
  });

  it("gives each live process its own slot, and adopts the slots of processes gone", () => {
    const dir = tempStateDir();
    const one = openJournal(dir);
    const two = openJournal(dir);
    two?.append(row("from-two"));
    expect(segments(dir, "1")).toHaveLength(1);
    expect(one?.replayed).toEqual([]);
    two?.close(); // slot 1's process is gone; slot 0's still runs
    one?.close();
    // A new process takes slot 0 and moves slot 1's rows into it.
    const three = openJournal(dir);
    expect(three?.replayed.map((r) => r.id)).toEqual(["from-two"]);
    expect(segments(dir, "1")).toEqual([]);
    expect(readFileSync(join(dir, "journal", "0", segments(dir)[0] as string), "utf8")).toContain("from-two");
  });
});
