import type { CommandContext, CommandReply, CommandRequest } from "../../commands/types";
import { replyTier } from "./types";

/** A reply to a logged question carries the log's id, so feedback can be stored against it. */
export type LoggedReply = CommandReply & { questionId?: string };

/**
 * Records a question (the ask command's replies that answer or decline; not help for an empty
 * question, nor an error). A failure to record is logged and never costs the user the answer.
 */
export function logQuestion(
  commandName: string,
  request: CommandRequest,
  reply: CommandReply,
  ctx: CommandContext,
): LoggedReply {
  if (commandName !== "ask" || !ctx.questionLog || reply.kind === "help" || reply.kind === "error") {
    return reply;
  }
  try {
    const id = ctx.questionLog.record({
      platform: request.platform,
      workspace: request.workspace,
      channel: request.channel,
      userId: request.user.id,
      question: request.text.trim(),
      tier: replyTier(reply),
      // The closest passage is logged with its confidence too: it is what the teacher may add to.
      confidence: (reply.answer ?? reply.passage)?.confidence ?? null,
      factId: (reply.answer ?? reply.passage)?.factId ?? null,
      documents: ctx.documentSet?.(request.channel) ?? null,
    });
    return id ? { ...reply, questionId: id } : reply;
  } catch (error) {
    ctx.logger.error({ err: error, platform: request.platform }, "question log record failed");
    return reply;
  }
}
