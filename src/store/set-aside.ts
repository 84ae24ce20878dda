import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { QuestionRow } from "./types";

/**
 * Questions the database refused even after cleaning (one bad row must not block the rest, nor be
 * retried forever): kept apart in STATE_DIR, one JSON line each with the database's reason, so
 * nothing asked is lost and the person running the bot can see what and why. /health and the
 * report count them.
 */

export const SET_ASIDE_FILE = "question-log.set-aside.ndjson";

export interface SetAsideRow {
  row: QuestionRow;
  reason: string;
}

export interface SetAside {
  add(row: QuestionRow, reason: string): void;
  /** rows set aside, this process's and earlier ones' */
  count(): number;
}

/** `stateDir` null: nowhere to write (counted in memory only). */
export function setAsideIn(stateDir: string | null): SetAside {
  const path = stateDir ? join(stateDir, SET_ASIDE_FILE) : null;
  let count = path ? readSetAside(path).length : 0;
  return {
    add(row, reason) {
      count++;
      if (!path) return;
      try {
        mkdirSync(dirname(path), { recursive: true });
        appendFileSync(path, `${JSON.stringify({ row, reason })}\n`, { mode: 0o600 });
      } catch {
        // Counted anyway; the caller logs the row's id and the reason.
      }
    },
    count: () => count,
  };
}

/** The rows set aside in `path` (a torn or unreadable line is skipped). */
export function readSetAside(path: string): SetAsideRow[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  const rows: SetAsideRow[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line) as { row: QuestionRow & { askedAt: string }; reason: string };
      rows.push({ row: { ...entry.row, askedAt: new Date(entry.row.askedAt) }, reason: entry.reason });
    } catch {}
  }
  return rows;
}
