import { randomBytes } from "node:crypto";
import { notice } from "../core/reply";
import { MemoryDeduper } from "../dedupe";
import type { Logger } from "../logger";
import { createRateLimiter, type RateLimitDecision, rateLimitMessage } from "../rate-limit";
import { type QuestionLog, replyTier } from "../store/types";
import { hashUser } from "../store/user-hash";
import { classKeyOf } from "./class-key";
import {
  type Command,
  type CommandContext,
  type CommandReply,
  type CommandRequest,
  commands,
} from "./commands";
import { controlHandlers } from "./control-handlers";
import { errorReply, newReference } from "./errors";
import type { Incoming } from "./incoming";
import { buildLayout, type ReplyLayout } from "./layout";
import { type OfferedPassage, RecentOffers } from "./offers";
import type { AppServices } from "./services";
import { within } from "./within";

export type { Incoming } from "./incoming";

/**
 * The one way from a platform to the core and back, the same for every adapter:
 * route → class scope → access → rate limit → handle → log → reply layout, inside one error
 * boundary (a failure becomes a polite reply with a reference id, logged with the user's hash).
 * Adapters translate their events into `Incoming` and render the `ReplyLayout` they get back.
 */

export interface BotApp {
  readonly commandName: string;
  readonly commands: readonly Command[];
  readonly logger: Logger;
  /** Free text: a question, or a bare command word ("help", "topics"). */
  text(from: Incoming, text: string): Promise<ReplyLayout>;
  /**
   * `text`, for a request whose de-duplication is still being decided: `firstTime` is awaited beside
   * the rate limit (one round trip, not two, when both are in the database); a request seen before
   * gets null, with nothing run or logged. A replay still counts against the limit.
   */
  textOnce(from: Incoming, text: string, firstTime: Promise<boolean>): Promise<ReplyLayout | null>;
  /** A command the platform's UI named (a Discord command, another slash command), with its text. */
  command(from: Incoming, name: string, text: string): Promise<ReplyLayout>;
  /** A click on a control (layout.ts, `controls`), by its name and payload. */
  control(from: Incoming, name: string, payload: string): Promise<ReplyLayout>;
  /** Questions the channel's documents answer, best first for what has been typed (autocomplete). */
  suggest(channel: string | undefined, typed: string, limit: number): string[];
  /** what GET /health adds about the app: the store's state */
  health(): Record<string, unknown>;
  /** true the first time `key` is seen (across processes with DATABASE_URL; else this one's memory) */
  claim(key: string): Promise<boolean>;
  /** a user as logs name them: the question log's keyed hash */
  userKey(platform: string, userId: string): string;
}

const WRITE_WAIT_MS = 1_000;

export function createApp(services: AppServices): BotApp {
  const { logger, commandName } = services;
  const now = services.now ?? Date.now;
  const limit = services.rateLimit ?? { max: 5, windowSeconds: 30 };
  const windowMs = limit.windowSeconds * 1000;
  const limiter = createRateLimiter({ max: limit.max, windowMs, now });
  const shared = services.storage?.shared ?? null;
  const processKey = randomBytes(32).toString("hex");
  const userKey = services.userKey ?? ((platform: string, id: string) => hashUser(processKey, platform, id));
  const seen = new MemoryDeduper({ now });
  const offers = new RecentOffers();

  // With DATABASE_URL the limit is counted in the database, across processes; when it cannot
  // answer in time, this process's memory decides.
  const checkLimit = async (from: Incoming): Promise<RateLimitDecision> =>
    (shared ? await shared.hit(from.platform, from.user, limit.max, windowMs) : null) ??
    limiter.check(`${from.platform}\u0000${from.user}`);

  const context = (
    index: CommandContext["index"],
    request: CommandRequest,
    command: Command,
  ): CommandContext => ({
    index,
    ...(!command.scoped && services.scope ? { classIndex: services.scope(request.channel) } : {}),
    classKey: classKeyOf(request.channel),
    ...(services.learning ? { learning: services.learning } : {}),
    logger,
    commandName,
    commands,
    ...(services.thresholds ? { thresholds: services.thresholds } : {}),
    ...(services.conversations ? { conversations: services.conversations } : {}),
    ...(services.storage ? { storage: services.storage } : {}),
    ...(services.now ? { now: services.now } : {}),
    ...(services.teacherPage ? { teacherPage: services.teacherPage } : {}),
  });

  const run = async (
    from: Incoming,
    name: string,
    text: string,
    firstTime: Promise<boolean> | boolean = true,
  ): Promise<ReplyLayout | null> => {
    const command = findCommand(name);
    const request: CommandRequest = {
      text,
      user: { id: from.user },
      platform: from.platform,
      workspace: from.workspace ?? undefined,
      channel: from.channel ?? undefined,
      teacher: from.teacher === true || from.operator === true,
      ...(from.prefix !== undefined ? { prefix: from.prefix } : {}),
    };
    try {
      // Counted before anything else is decided, and beside the replay check.
      const limited = command?.rateLimited === true && !from.operator && text.trim() !== "";
      const [decision, first] = await Promise.all([limited ? checkLimit(from) : null, firstTime]);
      if (!first) return null;
      if (!command) {
        return buildLayout({
          kind: "error",
          visibility: "private",
          text: `I don't know the command "${name.slice(0, 40)}". Try /${commandName} help.`,
        });
      }
      let index = services.index;
      if (command.scoped && services.scope) {
        const own = services.scope(request.channel);
        if (!own) {
          return buildLayout(
            notice(
              "No documents are set up for this channel. Ask whoever runs the bot to add this channel to CHANNEL_DOCUMENTS.",
            ),
          );
        }
        index = own;
      }
      if (command.access === "teacher" && !request.teacher) {
        return buildLayout(
          notice(
            `Only teachers can see /${commandName} ${command.name}: ${from.teacherHint ?? "ask whoever runs the bot"}.`,
          ),
        );
      }
      if (decision && !decision.allowed) return buildLayout(notice(rateLimitMessage(decision.retryAfterMs)));
      const reply = await command.handle(request, context(index, request, command));
      const questionId = command.logsQuestion
        ? logQuestion(
            services.questionLog,
            logger,
            request,
            reply,
            services.documentSet?.(request.channel) ?? null,
          )
        : undefined;
      // The question is safe from a kill before the answer goes out: journaled in STATE_DIR (at
      // once) or, without a journal, committed (bounded: a slow store costs at most a second, never
      // the answer, and never while the store is still opening).
      const durable = questionId ? services.questionLog?.durable(questionId) : null;
      if (durable && services.storage?.status().state === "ready") await within(durable, WRITE_WAIT_MS, null);
      // What the reply offered, for a click that marks one of its passages (marks.ts).
      // A follow-up ("and the second one?") does not say alone what was asked: it teaches nothing,
      // so it offers nothing to mark (and its 👍 / 👎 are feedback only).
      const learning = services.learning?.enabled === true;
      const marks = learning && !reply.followUp;
      const tier = replyTier(reply);
      if (questionId && learning && tier !== "unknown") {
        const main = reply.answer ?? reply.passage;
        const offered = !marks ? [] : tier === "closest" ? [main, ...(reply.related ?? [])] : [main];
        offers.remember(questionId, {
          question: request.text.trim(),
          classKey: classKeyOf(request.channel),
          tier,
          passages: offered
            .filter((f) => f !== undefined)
            .map((f): OfferedPassage => ({ factId: f.factId, text: f.text })),
        });
      }
      return buildLayout(reply, questionId, { marks });
    } catch (error) {
      const reference = newReference();
      logger.error(
        {
          err: error,
          reference,
          command: name,
          platform: from.platform,
          user: userKey(from.platform, from.user),
        },
        "command failed",
      );
      return buildLayout(errorReply(reference));
    }
  };

  const app: BotApp = {
    commandName,
    commands,
    logger,
    text: async (from, text) => {
      const { command, text: rest } = route(text);
      return (await run(from, command.name, rest)) as ReplyLayout;
    },
    textOnce: (from, text, firstTime) => {
      const { command, text: rest } = route(text);
      return run(from, command.name, rest, firstTime);
    },
    command: async (from, name, text) => (await run(from, name, text)) as ReplyLayout,
    control: async (from, name, payload) => {
      const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
      if (!handler) {
        logger.info(
          { control: name.slice(0, 100), platform: from.platform, user: userKey(from.platform, from.user) },
          "unknown button",
        );
        return buildLayout(
          notice(`This button no longer works. Ask your question again with /${commandName}.`),
        );
      }
      return handler(from, payload);
    },
    suggest: (channel, typed, max) =>
      ((services.scope ? services.scope(channel) : services.index)?.suggestions.search(typed, max) ?? []).map(
        (s) => s.question,
      ),
    health: () => {
      const store = services.storage?.status();
      return store ? { store } : {};
    },
    claim: async (key) => {
      const shared = services.storage?.shared;
      const remembered = shared ? await shared.firstSeen(key) : null;
      return remembered ?? seen.claimNow(key);
    },
    userKey,
  };
  const handlers = controlHandlers({
    ask: (from, question) => app.text(from, question),
    services,
    offers,
  });
  return app;
}

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
  // "teach QUESTION => QUOTE", "forget ID": a command that takes text, when the text has its form.
  const [first = "", ...rest] = trimmed.split(/\s+/);
  const withText = first.toLowerCase() !== freeTextCommand.name ? findCommand(first) : undefined;
  const after = rest.join(" ");
  if (withText?.takesText?.test(after)) return { command: withText, text: after };
  const explicit = new RegExp(`^${freeTextCommand.name}\\s+`, "i").exec(trimmed);
  return { command: freeTextCommand, text: explicit ? trimmed.slice(explicit[0].length) : trimmed };
}

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
  documents: string | null,
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
      documents,
    });
    return id ?? undefined;
  } catch (error) {
    logger.error({ err: error, platform: request.platform }, "question log record failed");
    return undefined;
  }
}
