import { randomUUID } from "node:crypto";
import { type CommandContext, type CommandReply, type CommandRequest, findCommand, route } from "../commands";
import type { Reply } from "./core/reply";
import { type LoggedReply, logQuestion } from "./store/log-question";

/**
 * Runs a command and turns any internal failure into a polite reply with a reference id, logged
 * with context. Adapters call this; users never see a stack trace.
 */

export function errorReply(reference: string): Reply {
  return {
    kind: "error",
    visibility: "private",
    text: `Sorry, something went wrong on my side. Please try again; if it keeps happening, quote reference ${reference}.`,
  };
}

export function newReference(): string {
  return randomUUID().slice(0, 8);
}

/** Free text: "help", "topics", "source" or a question. */
export function dispatchText(
  text: string,
  request: Omit<CommandRequest, "text">,
  ctx: CommandContext,
): Promise<LoggedReply> {
  const { command, text: rest } = route(text);
  return runCommand(command.name, { ...request, text: rest }, ctx);
}

/** A named command, as a platform's slash command or subcommand delivers it. */
export async function runCommand(
  name: string,
  request: CommandRequest,
  ctx: CommandContext,
): Promise<LoggedReply> {
  const command = findCommand(name);
  if (!command) {
    return {
      kind: "error",
      visibility: "private",
      text: `I don't know the command "${name.slice(0, 40)}". Try /${ctx.commandName} help.`,
    };
  }
  if (command.access === "admin" && !request.admin) {
    return {
      kind: "notice",
      visibility: "private",
      text: `Only teachers can see /${ctx.commandName} ${command.name}: in Slack, whoever runs the bot adds your user id to ADMIN_USER_IDS; in Discord, it needs the Manage Server permission.`,
    };
  }
  let reply: CommandReply;
  try {
    reply = await command.handle(request, ctx);
  } catch (error) {
    const reference = newReference();
    ctx.logger.error(
      { err: error, reference, command: name, platform: request.platform, user: request.user.id },
      "command failed",
    );
    return errorReply(reference);
  }
  return logQuestion(command.name, request, reply, ctx);
}
