import type { Reply } from "../core/reply";

/**
 * What handlers and adapters see of storage: a question log that never makes anyone wait, and
 * feedback stored against a logged question. Raw user ids stay in memory; only keyed hashes are
 * written.
 */

export type Tier = "answer" | "closest" | "unknown";
export type Vote = "good" | "bad";

export interface AskedQuestion {
  platform: string;
  /** Slack workspace (team) or Discord guild id */
  workspace?: string | undefined;
  channel?: string | undefined;
  /** the platform's user id: hashed with QUESTION_LOG_SECRET before anything is written */
  userId: string;
  question: string;
  tier: Tier;
  confidence: number | null;
  factId: string | null;
  /**
   * The document set it was answered from: the folders of DATA_DIR its channel sees
   * (CHANNEL_DOCUMENTS), comma-separated; null or absent: every document.
   */
  documents?: string | null | undefined;
}

export interface QuestionLog {
  /** Queues a question for writing and returns its id, or null when logging is off or impossible. */
  record(question: AskedQuestion): string | null;
  /**
   * Null when question `id` is already safe from a kill (journaled, or written); otherwise a promise
   * that resolves once it is written or given up on (never rejects). Adapters wait for it before
   * sending the answer, so a killed process never leaves an answer without its row.
   */
  durable(id: string): Promise<void> | null;
  /** Resolves once everything recorded so far is written (or given up on). */
  flush(): Promise<void>;
  /** questions recorded and not yet written */
  pending(): number;
  /** releases the journal (after `flush`: what is still unwritten stays in it for the next start) */
  close(): void;
}

export type VoteResult = "recorded" | "unknown_question" | "unavailable";

export interface FeedbackStore {
  /** One vote per user per answer; a second vote replaces the first. */
  vote(input: { questionId: string; platform: string; userId: string; vote: Vote }): Promise<VoteResult>;
}

/** A row as written: the user already hashed. */
export interface QuestionRow {
  id: string;
  askedAt: Date;
  platform: string;
  workspace: string | null;
  channel: string | null;
  userHash: string;
  question: string;
  tier: Tier;
  confidence: number | null;
  factId: string | null;
  /** see AskedQuestion; absent in rows journaled before it existed */
  documents?: string | null;
}

/** One logged question with its votes, as the teacher's report reads it. */
export interface ReportRow {
  id: string;
  askedAt: Date;
  question: string;
  tier: Tier;
  factId: string | null;
  documents: string | null;
  good: number;
  bad: number;
}

/** The storage operations, implemented over SQL (PGlite or PostgreSQL) and in memory for tests. */
export interface LogBackend {
  insertQuestions(rows: QuestionRow[]): Promise<void>;
  vote(input: { questionId: string; userHash: string; vote: Vote; at: Date }): Promise<VoteResult>;
  /** Deletes questions asked before `before` (and their votes); returns how many. */
  prune(before: Date): Promise<number>;
  reportRows(since: Date): Promise<ReportRow[]>;
  /** One logged question by id (null: never written, or pruned): what a click on an old reply needs. */
  question?(id: string): Promise<QuestionRow | null>;
}

/** The tier of a reply, in one place: a confident answer, the closest passage, or "I don't know". */
export function replyTier(reply: Reply): Tier {
  return reply.kind === "answer" ? "answer" : reply.kind === "closest" ? "closest" : "unknown";
}
