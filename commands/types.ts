import type { Logger } from "pino";
import type { AnswerOptions } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import type { Reply } from "../src/core/reply";

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
}

export interface CommandContext {
  index: CorpusIndex;
  logger: Logger;
  /** the top-level slash command's name, e.g. "campaign" */
  commandName: string;
  /** configured overrides of the calibrated confidence thresholds */
  thresholds?: AnswerOptions["thresholds"];
}

export interface Command {
  name: string;
  description: string;
  options: CommandOption[];
  examples: string[];
  handle(request: CommandRequest, context: CommandContext): Reply;
}
