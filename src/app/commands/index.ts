import { ask } from "./ask";
import { help } from "./help";
import { report } from "./report";
import { source } from "./source";
import { topics } from "./topics";
import type { Command } from "./types";

/**
 * The one registry: Discord registers these, the Slack manifest lists them, help shows them, and
 * the pipeline routes through `route`. A new command is a new file here and one line below.
 */
export const commands: readonly Command[] = [ask, topics, source, report, help];

/** The command free text goes to (asking a question). */
export const freeTextCommand = commands.find((c) => c.freeText) as Command;

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name.toLowerCase());
}

/**
 * Picks the command for free text ("help", "topics", or a question). A command word counts only when
 * it stands alone, so "help me find the number of trainees" is still a question; "ask <question>"
 * names the free-text command explicitly.
 */
export function route(text: string): { command: Command; text: string } {
  const trimmed = text.trim().replace(/^\/\S+\s*/, "");
  const word = trimmed.toLowerCase().replace(/[?!.]+$/, "");
  const named = word !== freeTextCommand.name ? findCommand(word) : undefined;
  if (named) return { command: named, text: "" };
  const explicit = new RegExp(`^${freeTextCommand.name}\\s+`, "i").exec(trimmed);
  return { command: freeTextCommand, text: explicit ? trimmed.slice(explicit[0].length) : trimmed };
}

export type {
  ChartImage,
  Command,
  CommandContext,
  CommandOption,
  CommandReply,
  CommandRequest,
} from "./types";
