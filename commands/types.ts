import type { Logger } from "pino";
import type { CorpusIndex } from "../src/core/corpus-index";
import type { Reply } from "../src/core/reply";
import type { Storage } from "../src/store/storage";
import type { FeedbackStore, QuestionLog } from "../src/store/types";

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
  /** Slack workspace (team) or Discord guild, when there is one: for the question log */
  workspace?: string | undefined;
  channel?: string | undefined;
}

export interface CommandContext {
  index: CorpusIndex;
  logger: Logger;
  /** the top-level slash command's name, e.g. "campaign" */
  commandName: string;
  /** absent in tests and tools that keep no record */
  questionLog?: QuestionLog;
  feedback?: FeedbackStore;
  /** the store's state (for /health) and the report's data */
  storage?: Pick<Storage, "status" | "backend">;
}

export interface Command {
  name: string;
  description: string;
  options: CommandOption[];
  examples: string[];
  handle(request: CommandRequest, context: CommandContext): Reply;
}
