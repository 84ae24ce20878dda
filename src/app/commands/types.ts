import type { AnswerOptions } from "../../core/answer";
import type { CorpusIndex } from "../../core/corpus-index";
import type { Reply } from "../../core/reply";
import type { Logger } from "../../logger";
import type { Storage } from "../../store/storage";
import type { Conversations } from "../conversations";
import type { Learning } from "../learning";

/**
 * A command is data (name, description, options, examples, and what the pipeline must do for it)
 * plus a platform-neutral handler. The pipeline (../pipeline.ts) reads the flags; nothing compares
 * a command's name.
 */

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
  /** which adapter it came from: for the question log and conversations, never for branching */
  platform: string;
  /** what the user types before a command's name: "/campaign " by default, nothing in the terminal */
  prefix?: string;
  /** Slack workspace (team) or Discord guild, when there is one: for the question log */
  workspace?: string | undefined;
  channel?: string | undefined;
  /** may run teacher-only commands (the adapter says who: see Incoming.teacher) */
  teacher?: boolean;
}

/** What a handler may read: the documents the request's channel sees, and the few services it needs. */
export interface CommandContext {
  index: CorpusIndex;
  logger: Logger;
  /** the top-level slash command's name, e.g. "campaign" */
  commandName: string;
  /** every command, for help */
  commands: readonly Command[];
  /** configured overrides of the calibrated confidence thresholds */
  thresholds?: AnswerOptions["thresholds"];
  /** what each person last asked, so a follow-up ("and in 2000?") reads against it; absent: none */
  conversations?: Conversations;
  /** the store's state and the report's data */
  storage?: Pick<Storage, "status" | "backend">;
  /** the teacher's page's sign-in links (absent: PUBLIC_URL is not set) */
  teacherPage?: TeacherPageLinks;
  /** the request's class (class-key.ts): what it learned is kept and used under this key */
  classKey: string;
  /** what classes taught the bot; answer with `learning.answer(index, classKey, …)`; absent: off */
  learning?: Learning;
  /**
   * The documents the request's class answers from (its channel's, with its uploads), for a command
   * that is not `scoped` but speaks of the class (the report's closest passages); null: none.
   */
  classIndex?: CorpusIndex | null;
  /** the clock, for the report's "last 14 days"; Date.now when absent */
  now?: () => number;
}

/**
 * Sign-in links to a class's web page, as the page command asks for one. Declared here, where it is
 * used: src/web/teacher-page.ts provides it (its TeacherPage has this shape), and the app never
 * imports the web surface above it.
 */
export interface TeacherPageLinks {
  link(request: {
    platform: string;
    workspace?: string | undefined;
    channel?: string | undefined;
    userId: string;
  }): Promise<{ url: string; minutes: number } | { unavailable: string }>;
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
  /** how help shows it when it takes text ("teach QUESTION => QUOTE"); the name when absent */
  usage?: string;
  /**
   * Free text that starts with the command's name names it only when the rest has this form (so
   * "teach me about cells" stays a question); without it, only the bare name does.
   */
  takesText?: RegExp;
  /** its text from the named options a platform's UI collects (Discord); absent: their values, joined */
  fromOptions?: (values: Readonly<Record<string, string>>) => string;
  /** the command free text goes to when it names no other (asking a question) */
  freeText?: boolean;
  /** "teacher": only for requests the adapter marks as a teacher's; hidden from everyone else's help */
  access?: "teacher";
  /** reads the channel's own documents (CHANNEL_DOCUMENTS); false: sees them all or needs none */
  scoped?: boolean;
  /** counted against the per-user rate limit (when it has text) */
  rateLimited?: boolean;
  /** its answers (not help, not errors) go to the question log, and carry 👍 / 👎 */
  logsQuestion?: boolean;
  /** may be async: the report reads the store */
  handle(request: CommandRequest, context: CommandContext): CommandReply | Promise<CommandReply>;
}
