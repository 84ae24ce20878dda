import type { Logger } from "../logger";
import { type QuestionLog, replyTier } from "../store/types";
import type { CommandReply, CommandRequest } from "./commands";

/**
 * What is recorded: a command that logs questions (Command.logsQuestion), when its reply answers or
 * declines (not help for an empty question, nor an error). The store only stores it. A failure to
 * record is logged and never costs the user the answer. Returns the log's id, if any.
 */
export function logQuestion(
  questionLog: QuestionLog | undefined,
  logger: Logger,
  request: CommandRequest,
  reply: CommandReply,
): string | undefined {
  if (!questionLog || reply.kind === "help" || reply.kind === "error") return undefined;
  try {
    const main = reply.answer ?? reply.passage;
    const id = questionLog.record({
      platform: request.platform,
      workspace: request.workspace,
      channel: request.channel,
      userId: request.user.id,
      question: request.text.trim(),
      tier: replyTier(reply),
      // The closest passage is logged with its confidence too: it is what the teacher may add to.
      confidence: main?.confidence ?? null,
      factId: main?.factId ?? null,
    });
    return id ?? undefined;
  } catch (error) {
    logger.error({ err: error, platform: request.platform }, "question log record failed");
    return undefined;
  }
}
