import type { AnswerOptions } from "../core/answer";
import type { CorpusIndex } from "../core/corpus-index";
import type { Logger } from "../logger";
import type { Storage } from "../store/storage";
import type { FeedbackStore, QuestionLog } from "../store/types";
import type { TeacherPageLinks } from "./commands";
import type { Conversations } from "./conversations";
import type { Learning } from "./learning";

/**
 * What the app is built from (startup.ts builds it; tests build their own). Only the app reads it:
 * adapters get a BotApp (pipeline.ts), never these.
 */
export interface AppServices {
  /** the current index (a getter: the corpus reloads) */
  index: CorpusIndex;
  logger: Logger;
  /** the top-level slash command's name, e.g. "campaign" */
  commandName: string;
  /**
   * The index a channel sees (CHANNEL_DOCUMENTS); null: no documents there. Absent: every channel
   * sees `index`.
   */
  scope?: (channel: string | undefined) => CorpusIndex | null;
  /** The document set a channel sees, as the question log records it ("bio101,shared"); null: all. */
  documentSet?: (channel: string | undefined) => string | null;
  /** the teacher's page's sign-in links (absent: PUBLIC_URL is not set) */
  teacherPage?: TeacherPageLinks;
  thresholds?: AnswerOptions["thresholds"];
  /** absent in tests and tools that keep no record */
  questionLog?: QuestionLog;
  feedback?: FeedbackStore;
  /** the store's state (for /health), the report's data, and state shared by processes */
  storage?: Pick<Storage, "status" | "backend"> & Partial<Pick<Storage, "shared">>;
  conversations?: Conversations;
  /** RATE_LIMIT_MAX questions per RATE_LIMIT_WINDOW_SECONDS per user; default 5 per 30 s */
  rateLimit?: { max: number; windowSeconds: number };
  /**
   * A user as logs may name them: the question log's keyed hash. Absent: a key made for this
   * process (log lines of one run can be matched, nothing more).
   */
  userKey?: (platform: string, userId: string) => string;
  now?: () => number;
  /** what classes taught the bot (absent: no store, or QUESTION_LOG_DAYS=0) */
  learning?: Learning;
}
