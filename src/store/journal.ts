import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { lockStateDir, StateDirLockedError } from "./dir-lock";
import type { QuestionRow } from "./types";

/**
 * The question log's journal: each question is appended to a file in STATE_DIR before its answer
 * leaves (one small write, no fsync), and written to the database behind, in batches. A process
 * killed at any moment has its answered questions in the journal; the next process to take the
 * same slot writes them to the database. So the answer never waits for a database commit, and a
 * SIGKILL loses nothing (a crash of the machine itself may lose the last moments: no fsync).
 *
 * Several processes may share STATE_DIR (with DATABASE_URL): each takes its own slot, a folder
 * with a lock file. A starting process also adopts every slot no live process holds, so what a
 * killed process journaled is written by the next one to start, whichever slot it takes.
 */

const SLOTS = 16;
// Rotated past this size; a closed segment is deleted once every row in it is in the database.
const SEGMENT_BYTES = 4 * 1024 * 1024;

export interface JournalRow extends QuestionRow {
  /** the segment file that holds it, for `committed` */
  segment: string;
}

export interface Journal {
  /** Appends the row to the current segment (synchronously) and returns the segment's name. */
  append(row: QuestionRow): string;
  /** Rows an earlier process journaled, to be written again (duplicates are ignored by id). */
  readonly replayed: JournalRow[];
  /** The rows of `segment` are in the database: a closed segment with none left goes. */
  committed(segment: string, rows: number): void;
  /** Releases the slot (again: nothing); the current segment goes if everything in it was written. */
  close(): void;
}

/** Takes a free slot in `dir/journal`, or returns null when none can be taken (e.g. read-only disk). */
export function openJournal(dir: string, segmentBytes = SEGMENT_BYTES): Journal | null {
  const root = join(dir, "journal");
  for (let slot = 0; slot < SLOTS; slot++) {
    const folder = join(root, String(slot));
    let release: () => void;
    try {
      release = lockStateDir(folder);
    } catch (error) {
      if (error instanceof StateDirLockedError) continue;
      return null;
    }
    try {
      adoptOrphans(root, slot, folder);
      return journalIn(folder, release, segmentBytes);
    } catch {
      release();
      return null;
    }
  }
  return null;
}

/** Moves the segments of slots nobody holds into `folder` (renames: nothing is copied or lost). */
function adoptOrphans(root: string, own: number, folder: string): void {
  let next = nextSequence(readdirSync(folder));
  for (const name of readdirSync(root)) {
    if (name === String(own) || !/^\d+$/.test(name)) continue;
    const other = join(root, name);
    let release: () => void;
    try {
      release = lockStateDir(other);
    } catch {
      continue; // held by a live process, or unreadable
    }
    try {
      for (const segment of segmentsIn(other)) {
        renameSync(join(other, segment), join(folder, segmentName(next++)));
      }
    } finally {
      release();
    }
  }
}

const segmentsIn = (folder: string) =>
  readdirSync(folder)
    .filter((f) => /^\d+\.ndjson$/.test(f))
    .sort();
const segmentName = (sequence: number) => `${String(sequence).padStart(8, "0")}.ndjson`;
const nextSequence = (files: string[]) =>
  files.reduce((n, f) => (/^\d+\.ndjson$/.test(f) ? Math.max(n, Number.parseInt(f, 10) + 1) : n), 0);

function journalIn(folder: string, release: () => void, segmentBytes: number): Journal {
  mkdirSync(folder, { recursive: true });
  const outstanding = new Map<string, number>();
  const replayed: JournalRow[] = [];
  const old = segmentsIn(folder);
  for (const segment of old) {
    const rows = parseSegment(readFileSync(join(folder, segment), "utf8"), segment);
    if (rows.length === 0) rmSync(join(folder, segment), { force: true });
    else {
      outstanding.set(segment, rows.length);
      replayed.push(...rows);
    }
  }
  let sequence = nextSequence(old);
  let current = "";
  let fd = -1;
  let bytes = 0;
  const rotate = () => {
    if (fd >= 0) closeSync(fd);
    const previous = current;
    current = segmentName(sequence++);
    fd = openSync(join(folder, current), "a", 0o600);
    bytes = 0;
    outstanding.set(current, 0);
    if (previous && outstanding.get(previous) === 0) drop(previous);
  };
  const drop = (segment: string) => {
    outstanding.delete(segment);
    rmSync(join(folder, segment), { force: true });
  };
  rotate();

  return {
    replayed,
    append(row) {
      if (bytes >= segmentBytes) rotate();
      const line = Buffer.from(`${JSON.stringify(row)}\n`);
      writeSync(fd, line);
      bytes += line.length;
      outstanding.set(current, (outstanding.get(current) ?? 0) + 1);
      return current;
    },
    committed(segment, rows) {
      const left = (outstanding.get(segment) ?? 0) - rows;
      if (left > 0 || segment === current) outstanding.set(segment, Math.max(0, left));
      else drop(segment);
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      if (outstanding.get(current) === 0) drop(current);
      release();
    },
  };
}

/**
 * Every row the journals in `dir` hold (every slot, live or not), read without taking or changing
 * anything: for the report, which counts questions not yet in the database. A row may also be in
 * the database already (written, its segment not yet deleted): the reader drops duplicates by id.
 */
export function readJournal(dir: string): QuestionRow[] {
  const root = join(dir, "journal");
  const rows: QuestionRow[] = [];
  let slots: string[];
  try {
    slots = readdirSync(root).filter((name) => /^\d+$/.test(name));
  } catch {
    return rows;
  }
  for (const slot of slots) {
    try {
      for (const segment of segmentsIn(join(root, slot))) {
        const text = readFileSync(join(root, slot, segment), "utf8");
        for (const { segment: _, ...row } of parseSegment(text, segment)) rows.push(row);
      }
    } catch {
      // a slot removed or rotated meanwhile: what it held is in the database or in another slot
    }
  }
  return rows;
}

/**
 * Deletes the segments of every slot no live process holds (for `npm run report -- --delete`);
 * returns how many rows they held and how many slots are held by a running bot (left alone).
 */
export function deleteJournals(dir: string): { deleted: number; live: number } {
  const root = join(dir, "journal");
  let deleted = 0;
  let live = 0;
  let slots: string[];
  try {
    slots = readdirSync(root).filter((name) => /^\d+$/.test(name));
  } catch {
    return { deleted, live };
  }
  for (const slot of slots) {
    const folder = join(root, slot);
    let release: () => void;
    try {
      release = lockStateDir(folder);
    } catch {
      live++;
      continue;
    }
    try {
      for (const segment of segmentsIn(folder)) {
        deleted += parseSegment(readFileSync(join(folder, segment), "utf8"), segment).length;
        rmSync(join(folder, segment), { force: true });
      }
    } finally {
      release();
    }
  }
  return { deleted, live };
}

/** The rows of one segment; a line cut short by the kill (or otherwise unreadable) is skipped. */
function parseSegment(text: string, segment: string): JournalRow[] {
  const rows: JournalRow[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      const row = JSON.parse(line) as QuestionRow & { askedAt: string };
      if (typeof row.id !== "string" || typeof row.question !== "string") continue;
      rows.push({ ...row, askedAt: new Date(row.askedAt), segment });
    } catch {
      // a torn last line: its answer was never sent (the write comes first)
    }
  }
  return rows;
}
