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
  // Per-class documents: the command reads the channel's own index. Help works everywhere.
  let scoped = ctx;
  if (ctx.scope && command.name !== "help" && command.access !== "admin") {
    const index = ctx.scope(request.channel);
    if (!index) {
      return {
        kind: "notice",
        visibility: "private",
        text: "No documents are set up for this channel. Ask whoever runs the bot to add this channel to CHANNEL_DOCUMENTS.",
      };
    }
    scoped = { ...ctx, index };
  }
  let reply: CommandReply;
  try {
    reply = await command.handle(request, scoped);
  } catch (error) {
    const reference = newReference();
    ctx.logger.error(
      { err: error, reference, command: name, platform: request.platform, user: request.user.id },
      "command failed",
    );
    return errorReply(reference);
  }
  const logged = logQuestion(command.name, request, reply, ctx);
  // The question is safe from a kill before the answer goes out: journaled in STATE_DIR (at once),
  // or, without a journal, committed (group commit; bounded: a slow store costs at most a second,
  // never the answer, and never while the store is still opening).
  const durable = logged.questionId ? ctx.questionLog?.durable(logged.questionId) : null;
  if (durable && ctx.storage?.status().state === "ready") {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      durable,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, WRITE_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  return logged;
}

const WRITE_WAIT_MS = 1_000;
