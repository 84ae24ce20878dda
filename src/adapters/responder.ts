import { type CommandContext, route } from "../../commands";
import { runCommand } from "../dispatch";
import { createRateLimiter, type RateLimiter, rateLimitMessage } from "../rate-limit";
import type { LoggedReply as Reply } from "../store/log-question";
import type { Vote } from "../store/types";
import { rateAnswer } from "./feedback";

/**
 * What Slack and Discord share above their SDKs: route the text, apply the per-user rate limit to
 * questions, run the command, and make answers private when the workspace asked for that.
 */

export interface ResponderOptions {
  context: CommandContext;
  platform: string;
  rateLimit: { max: number; windowSeconds: number };
  /** answers private too (SLACK_REPLY_VISIBILITY / DISCORD_REPLY_VISIBILITY = ephemeral) */
  privateAnswers: boolean;
  now?: () => number;
  /** who may see admin-only commands, when the platform says it by user id (Slack's ADMIN_USER_IDS) */
  isAdmin?: (userId: string) => boolean;
}

/** Where a question was asked (Slack team / Discord guild, and channel), for the question log. */
export interface Where {
  workspace?: string | null | undefined;
  channel?: string | null | undefined;
  /** the platform says this user is an admin (a Discord member with Manage Server) */
  admin?: boolean;
}

export interface Responder {
  /** Free text: a question, or "help", "topics", "source". */
  reply(userId: string, text: string, where?: Where): Promise<Reply>;
  /**
   * `reply`, for a request whose de-duplication is still being decided: `firstTime` is awaited
   * beside the rate limit (one round trip, not two, when both are in the database), and a request
   * seen before gets null, with nothing run or logged. A replay still counts against the limit.
   */
  replyOnce(userId: string, text: string, where: Where, firstTime: Promise<boolean>): Promise<Reply | null>;
  /** A command chosen by the platform's UI (a Discord subcommand), with its text. */
  command(userId: string, name: string, text: string, where?: Where): Promise<Reply>;
  /** A 👍 / 👎 on a logged answer; resolves to the acknowledgement to show the voter privately. */
  rate(userId: string, questionId: string, vote: Vote): Promise<string>;
}

export function createResponder(options: ResponderOptions): Responder {
  const limiter: RateLimiter = createRateLimiter({
    max: options.rateLimit.max,
    windowMs: options.rateLimit.windowSeconds * 1000,
    now: options.now ?? Date.now,
  });
  const windowMs = options.rateLimit.windowSeconds * 1000;
  // With DATABASE_URL the limit is counted in the database, across processes; when it cannot
  // answer in time, this process's memory decides.
  const shared = options.context.storage?.shared ?? null;
  const check = async (userId: string) =>
    (shared ? await shared.hit(options.platform, userId, options.rateLimit.max, windowMs) : null) ??
    limiter.check(userId);
  const run = async (
    userId: string,
    name: string,
    text: string,
    where: Where = {},
    firstTime: Promise<boolean> | boolean = true,
  ): Promise<Reply | null> => {
    // A question is counted against the limit; the replay check (when pending) is awaited beside it.
    const question = name === "ask" && text.trim() !== "";
    const [decision, first] = await Promise.all([question ? check(userId) : null, firstTime]);
    if (!first) return null;
    if (decision && !decision.allowed) {
      return { kind: "notice", visibility: "private", text: rateLimitMessage(decision.retryAfterMs) };
    }
    const reply = await runCommand(
      name,
      {
        text,
        user: { id: userId },
        platform: options.platform,
        workspace: where.workspace ?? undefined,
        channel: where.channel ?? undefined,
        admin: where.admin === true || options.isAdmin?.(userId) === true,
      },
      options.context,
    );
    return options.privateAnswers ? { ...reply, visibility: "private" } : reply;
  };
  // Without a pending de-duplication, run never returns null.
  const always = (reply: Promise<Reply | null>) => reply as Promise<Reply>;
  return {
    reply: (userId, text, where) => {
      const { command, text: rest } = route(text);
      return always(run(userId, command.name, rest, where));
    },
    replyOnce: (userId, text, where, firstTime) => {
      const { command, text: rest } = route(text);
      return run(userId, command.name, rest, where, firstTime);
    },
    command: (userId, name, text, where) => always(run(userId, name, text, where)),
    rate: (userId, questionId, vote) =>
      rateAnswer(options.context, { platform: options.platform, userId, questionId, vote }),
  };
}
