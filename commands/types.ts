import type { Logger } from "pino";
import type { Conversations } from "../src/conversations";
import type { AnswerOptions } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import type { Reply } from "../src/core/reply";
import type { Storage } from "../src/store/storage";
import type { FeedbackStore, QuestionLog } from "../src/store/types";
import type { TeacherPageLinks } from "../src/web/teacher-page";

/** A command is data (name, description, options, examples) plus a platform-neutral handler. */

export interface CommandOption {
  name: string;
  description: string;
  required: boolean;
  maxLength?: number;
  /** the platform may offer suggestions while the user types */
  autocomplete?: boolean;
}

export interface CommandRequest {
  /** the text after the command name: the question, or nothing */
  text: string;
  user: { id: string; name?: string };
  /** "console", "slack", "discord": for logs only, handlers must not branch on it */
  platform: string;
  /** what the user types before a command's name: "/campaign " by default, nothing in the terminal */
  prefix?: string;
  /** Slack workspace (team) or Discord guild, when there is one: for the question log */
  workspace?: string | undefined;
  channel?: string | undefined;
  /**
   * may see admin-only commands (the teacher's report): a Slack user in ADMIN_USER_IDS, a Discord
   * member with Manage Server, the person at the terminal
   */
  admin?: boolean;
}

export interface CommandContext {
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
  /** configured overrides of the calibrated confidence thresholds */
  thresholds?: AnswerOptions["thresholds"];
  /** absent in tests and tools that keep no record */
  questionLog?: QuestionLog;
  feedback?: FeedbackStore;
  /** the store's state (for /health) and the report's data */
  storage?: Pick<Storage, "status" | "backend"> & Partial<Pick<Storage, "shared">>;
  /** what each person last asked, so a follow-up ("and in 2000?") reads against it; absent: none */
  conversations?: Conversations;
  /** the teacher's page's sign-in links (absent: PUBLIC_URL is not set) */
  teacherPage?: TeacherPageLinks;
  /** the clock, for the report's "last 14 days"; Date.now when absent */
  now?: () => number;
}

/** A chart rendered on the server, attached where the platform can show an image. */
export interface ChartImage {
  name: string;
  png: Uint8Array;
  alt: string;
}

/** What a handler returns: a Reply, and an image for the platforms that can show one. */
export type CommandReply = Reply & { chart?: ChartImage };

export interface Command {
  name: string;
  description: string;
  options: CommandOption[];
  examples: string[];
  /** "admin": only for requests with `admin` set; hidden from everyone else's help */
  access?: "admin";
  /** may be async: the report reads the store */
  handle(request: CommandRequest, context: CommandContext): CommandReply | Promise<CommandReply>;
}
