import type { Citation } from "./answer";

/**
 * The platform-neutral reply every command handler returns. Adapters render it (Block Kit, a Discord
 * embed, terminal text); nothing here knows any platform's markup. All text is plain and unescaped:
 * escaping is the renderer's job, because each platform escapes differently.
 */

export type Visibility = "public" | "private";

export type ReplyKind = "answer" | "closest" | "unknown" | "help" | "topics" | "source" | "notice" | "error";

export interface ReplyFact {
  text: string;
  /** a substring of `text` to emphasise (the figure, date or name that answers) */
  highlight: string | null;
  factId: string;
  citation: Citation;
}

export interface ReplySection {
  heading: string;
  lines: string[];
}

export interface Reply {
  kind: ReplyKind;
  visibility: Visibility;
  /** short plain-text summary: notification fallback, and the whole reply where rich text is absent */
  text: string;
  /** a heading for the reply, e.g. the question being answered */
  title?: string;
  /** the earlier question a follow-up was read after ("and in 2000?" after "how many … in 1999?") */
  followUp?: string;
  answer?: ReplyFact & { confidence: number };
  /** kind "closest": the best passage found, offered without vouching for it */
  passage?: ReplyFact & { confidence: number };
  /** beside an answer, related facts; beside the closest passage, others that match nearly as well */
  related?: ReplyFact[];
  sections?: ReplySection[];
  /** questions the corpus can answer; adapters offer them as buttons that ask them */
  suggestions?: string[];
}

export function notice(text: string, kind: ReplyKind = "notice"): Reply {
  return { kind, visibility: "private", text };
}

/** What the middle tier says before the passage it offers. */
export const CLOSEST_LEAD = "I'm not sure — the closest passage I found:";

/** "Title — Source, 2010-07-29 (section: Grading, p. 3)"; what the document does not say is left out. */
export function formatCitation(c: Citation): string {
  const where = [c.section ? `section: ${c.section}` : "", c.page ? `p. ${c.page}` : ""].filter(Boolean);
  return `${c.title} — ${c.source}${c.published ? `, ${c.published}` : ""}${where.length ? ` (${where.join(", ")})` : ""}`;
}
