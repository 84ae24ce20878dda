import type { Generated } from "kysely";
import type { QuestionCountsTable } from "./question-counts";

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

export interface LearnedMarksTable {
  class_key: string;
  user_hash: string;
  question_key: string;
  question: string;
  role: string;
  fact_id: string;
  passage: string;
  vote: number;
  marked_at: Date;
}

export interface LearnedRejectionsTable {
  class_key: string;
  question_key: string;
  passage: string;
  rejected_at: Date;
}

export interface LearnedDroppedTable {
  class_key: string;
  question: string;
  passage: string;
  dropped_at: Date;
}

export interface Database {
  questions: QuestionsTable;
  feedback: FeedbackTable;
  rate_limits: RateLimitsTable;
  seen_events: SeenEventsTable;
  learned_marks: LearnedMarksTable;
  learned_rejections: LearnedRejectionsTable;
  learned_dropped: LearnedDroppedTable;
  question_counts: QuestionCountsTable;
}

export type { Generated };
