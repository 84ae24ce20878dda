import { ask } from "./ask";
import { createHelp } from "./help";
import { page } from "./page";
import { report } from "./report";
import { source } from "./source";
import { topics } from "./topics";
import type { Command } from "./types";

/**
 * The one registry both adapters read: Discord registers these, the Slack manifest lists them, and
 * every adapter routes through `route`. A new command is a new file here and one line below.
 */

const help = createHelp(() => commands);
export const commands: readonly Command[] = [ask, topics, source, report, page, help];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name.toLowerCase());
}

/**
 * Picks the command for free text ("help", "topics", or a question). A command word counts only when
 * it stands alone, so "help me find the number of trainees" is still a question.
 */
export function route(text: string): { command: Command; text: string } {
  const trimmed = text.trim().replace(/^\/\S+\s*/, "");
  const word = trimmed.toLowerCase().replace(/[?!.]+$/, "");
  const named = word !== "ask" ? findCommand(word) : undefined;
  if (named) return { command: named, text: "" };
  const explicitAsk = /^ask\s+/i.exec(trimmed);
  return { command: ask, text: explicitAsk ? trimmed.slice(explicitAsk[0].length) : trimmed };
}

export type {
  ChartImage,
  Command,
  CommandContext,
  CommandOption,
  CommandReply,
  CommandRequest,
} from "./types";
