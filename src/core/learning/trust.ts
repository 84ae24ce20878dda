import { words } from "../text";
import { needTerms, sameNeed } from "./same-need";

/**
 * What a class taught the bot, and how far to trust it. A mark says "this passage answered this
 * question" (or, with -1, that it did not); the teacher's `teach` is a mark too. Trust is derived,
 * never stored: one student alone may only suggest, two different students confirm a passage, the
 * teacher's word stands until the teacher rejects it.
 */

export type Role = "student" | "teacher";

export interface Mark {
  /** the class: which documents the question was asked against (see classKey) */
  classKey: string;
  /** the user as the question log's keyed hash */
  userHash: string;
  role: Role;
  /** the question as asked */
  question: string;
  /** the passage's fact id when it was marked (ids move when a document changes; the text decides) */
  factId: string;
  /** the passage's own text: what the link points to */
  passage: string;
  vote: 1 | -1;
  at: Date;
}

/** A teacher's "forget": that question no longer leads to that passage, whoever taught it. */
export interface Rejection {
  classKey: string;
  questionKey: string;
  passage: string;
  at: Date;
}

export type LinkSource = "teacher" | "students" | "faq";

export interface LearnedLink {
  /** short and stable: what the teacher types to reject it */
  id: string;
  classKey: string;
  question: string;
  questionKey: string;
  passage: string;
  factId: string;
  /** answers others confidently; untrusted links only move a passage up among unsure offers */
  trusted: boolean;
  source: LinkSource;
  /** distinct students who marked the passage helpful, less those who marked it unhelpful */
  students: number;
  at: Date;
}

/** A term the class used for this many passages' questions tells no need from another. */
const GENERIC_SPREAD = 3;

/** Students who confirm a passage before it answers others. */
export const STUDENTS_TO_TRUST = 2;

/** The same question however it was typed: case, punctuation and spacing do not matter. */
export function questionKey(question: string): string {
  return words(question).join(" ");
}

/** The class a channel's documents make: the whole folder, or the sorted set of its subfolders. */
export function classKey(folders?: readonly string[]): string {
  return folders?.length ? `folders:${[...new Set(folders)].sort().join(",")}` : "all";
}

// FNV-1a, twice with different seeds: ten hex characters, short enough to type in `forget`.
function fnv(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function linkId(classKeyValue: string, qKey: string, passage: string): string {
  const text = `${classKeyValue}\u0000${qKey}\u0000${passage}`;
  return (fnv(text, 0x811c9dc5).toString(16).padStart(8, "0") + fnv(text, 0x9e3779b9).toString(16)).slice(
    0,
    10,
  );
}

/** Links from marks: one per class, question and passage, with whether it may answer. */
export function deriveLinks(marks: readonly Mark[], rejections: readonly Rejection[]): LearnedLink[] {
  const rejected = new Set(rejections.map((r) => `${r.classKey}\u0000${r.questionKey}\u0000${r.passage}`));
  const byPassage = new Map<string, Mark[]>();
  for (const m of marks) {
    const k = `${m.classKey}\u0000${m.passage}`;
    const list = byPassage.get(k);
    if (list) list.push(m);
    else byPassage.set(k, [m]);
  }
  // How many passages of its class each term's questions were marked for: a term used for many
  // (the page's subject) does not tell one need from another.
  const spread = new Map<string, Set<string>>();
  for (const m of marks) {
    if (m.vote < 0) continue;
    for (const t of needTerms(m.question)) {
      const k = `${m.classKey}\u0000${t}`;
      const set = spread.get(k);
      if (set) set.add(m.passage);
      else spread.set(k, new Set([m.passage]));
    }
  }
  const links: LearnedLink[] = [];
  for (const group of byPassage.values()) {
    const cls = (group[0] as Mark).classKey;
    const generic = (t: string) => (spread.get(`${cls}\u0000${t}`)?.size ?? 0) >= GENERIC_SPREAD;
    const keyOf = (m: Mark) => `${m.classKey}\u0000${questionKey(m.question)}\u0000${m.passage}`;
    const live = group.filter((m) => !rejected.has(keyOf(m)));
    const helpful = live.filter((m) => m.vote > 0);
    // 👎 from someone who did not mark the passage helpful counts against it.
    const fans = new Set(helpful.filter((m) => m.role === "student").map((m) => m.userHash));
    const against = new Set(live.filter((m) => m.vote < 0 && !fans.has(m.userHash)).map((m) => m.userHash));
    const byQuestion = new Map<string, Mark[]>();
    for (const m of helpful) {
      const k = questionKey(m.question);
      if (!k) continue;
      const list = byQuestion.get(k);
      if (list) list.push(m);
      else byQuestion.set(k, [m]);
    }
    for (const [qKey, ms] of byQuestion) {
      const first = ms[0] as Mark;
      const taught = ms.some((m) => m.role === "teacher");
      // Who stands behind this question: those who marked it, and those who marked the same
      // passage for a question of the same need (the teacher among them vouches alone).
      const backers = helpful.filter(
        (m) => questionKey(m.question) === qKey || sameNeed(m.question, first.question, generic),
      );
      const teacher = taught || backers.some((m) => m.role === "teacher");
      const students =
        new Set(backers.filter((m) => m.role === "student").map((m) => m.userHash)).size - against.size;
      const latest = ms.reduce((a, b) => (b.at > a.at ? b : a));
      links.push({
        id: linkId(first.classKey, qKey, first.passage),
        classKey: first.classKey,
        question: latest.question,
        questionKey: qKey,
        passage: first.passage,
        factId: latest.factId,
        trusted: teacher || students >= STUDENTS_TO_TRUST,
        source: taught ? "teacher" : "students",
        students: Math.max(0, students),
        at: latest.at,
      });
    }
  }
  return links.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
}
