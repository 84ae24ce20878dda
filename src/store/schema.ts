import type { Generated } from "kysely";

/** The database as Kysely sees it; migrations.ts creates exactly this. */

export interface QuestionsTable {
  id: string;
  asked_at: Date;
  platform: string;
  workspace: string | null;
  channel: string | null;
  user_hash: string;
  question: string;
  tier: string;
  confidence: number | null;
  fact_id: string | null;
  /** the folders of DATA_DIR the question was answered from, comma-separated; null: every document */
  documents: string | null;
}

export interface FeedbackTable {
  question_id: string;
  user_hash: string;
  /** 1 for good, -1 for bad */
  vote: number;
  voted_at: Date;
}

export interface RateLimitsTable {
  /** a hash of platform and user id */
  user_key: string;
  /** question times within the window, oldest first */
  hits: Date[];
  /** whether the last question was let through */
  allowed: boolean;
}

export interface SeenEventsTable {
  id: string;
  seen_at: Date;
}

export interface Database {
  questions: QuestionsTable;
  feedback: FeedbackTable;
  rate_limits: RateLimitsTable;
  seen_events: SeenEventsTable;
}

export type { Generated };
