import type { App } from "@slack/bolt";
import type { Reply } from "../../core/reply";
import { errorReply, newReference } from "../../dispatch";
import type { Logger } from "../../logger";
import { parseFeedbackId } from "../feedback";
import type { Responder } from "../responder";
import { staleButtonReply } from "../stale-button";
import { FEEDBACK_ACTION, renderSlackWithFeedback } from "./feedback";
import { renderSlack, SUGGESTION_ACTION } from "./render";

/**
 * The Slack listeners: the slash command, mentions, direct messages and suggestion buttons. Each
 * only translates: Slack payload in, Responder, Block Kit out. Each is wrapped so a failure is
 * logged with a reference and the user gets a short apology, never silence or a crash.
 */

export interface HandlerDeps {
  commandName: string;
  responder: Responder;
  logger: Logger;
  /** keeps shutdown waiting for replies already under way */
  track: <T>(work: Promise<T>) => Promise<T>;
}

// "<@U123> how many" -> "how many": a mention of the bot addresses it; it is not the question.
function withoutMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, " ").trim();
}

/**
 * Slack sends what people typed with &, < and > as entities (a typed "<" arrives as "&lt;") and
 * real markup (<!channel>, <@U1>) as-is. Decoding the entities gives the question as typed; the
 * renderer escapes again on the way out, so "<" round-trips and "&lt;" typed stays "&lt;".
 */
export function typedText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

async function guarded(
  logger: Logger,
  what: string,
  work: () => Promise<void>,
  apologise: (r: Reply) => Promise<unknown>,
) {
  try {
    await work();
  } catch (error) {
    const reference = newReference();
    logger.error({ err: error, reference, handler: what }, "slack handler failed");
    await apologise(errorReply(reference)).catch((e: unknown) =>
      logger.error({ err: e, reference }, "apology failed"),
    );
  }
}

/** Bolt context key: a slash command's de-duplication, still being decided (Promise<boolean>). */
export const FIRST_TIME = "campaignFirstTime";

const firstTime = (context: Record<string, unknown>) =>
  (context[FIRST_TIME] as Promise<boolean> | undefined) ?? Promise.resolve(true);

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { responder, logger, track } = deps;

  app.command(`/${deps.commandName}`, async ({ command, ack, context }) => {
    await track(
      guarded(
        logger,
        "command",
        async () => {
          const where = { workspace: command.team_id, channel: command.channel_id };
          const text = typedText(command.text ?? "");
          const reply = await responder.replyOnce(command.user_id, text, where, firstTime(context));
          if (!reply) return ack(); // a replay: answered the first time
          const response_type = reply.visibility === "public" ? "in_channel" : "ephemeral";
          await ack({ response_type, ...renderSlackWithFeedback(reply) });
        },
        (r) => ack({ response_type: "ephemeral", ...renderSlack(r) }),
      ),
    );
  });

  // Another slash command pointed at this app (a renamed COMMAND_NAME, an old manifest): say so.
  app.command(new RegExp(`^/(?!${deps.commandName}$)`), async ({ command, ack, context }) => {
    if (!(await firstTime(context))) return ack();
    const reply = await responder.command(command.user_id, command.command.replace(/^\//, ""), "");
    await ack({ response_type: "ephemeral", ...renderSlack(reply) });
  });

  app.event("app_mention", async ({ event, client, body }) => {
    if (event.bot_id || event.subtype === "bot_message") return;
    const thread_ts = event.thread_ts ?? event.ts;
    const user = event.user ?? "unknown";
    const post = async (reply: Reply) => {
      const message = renderSlackWithFeedback(reply);
      if (reply.visibility === "public")
        await client.chat.postMessage({ channel: event.channel, thread_ts, ...message });
      else await client.chat.postEphemeral({ channel: event.channel, user, thread_ts, ...message });
    };
    await track(
      guarded(
        logger,
        "app_mention",
        async () =>
          post(
            await responder.reply(user, typedText(withoutMentions(event.text)), {
              workspace: body.team_id,
              channel: event.channel,
            }),
          ),
        post,
      ),
    );
  });

  app.message(async ({ message, client, body }) => {
    // Direct messages only (channel messages arrive as app_mention); never bots, edits or joins.
    if (message.channel_type !== "im" || message.subtype !== undefined || "bot_id" in message) return;
    const post = async (reply: Reply) => {
      await client.chat.postMessage({ channel: message.channel, ...renderSlackWithFeedback(reply) });
    };
    await track(
      guarded(
        logger,
        "message.im",
        async () =>
          post(
            await responder.reply(message.user, typedText(withoutMentions(message.text ?? "")), {
              workspace: body.team_id,
              channel: message.channel,
            }),
          ),
        post,
      ),
    );
  });

  // 👍 / 👎 under an answer: one vote per user per answer, acknowledged to the voter only.
  app.action(FEEDBACK_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    const parsed = parseFeedbackId(action.type === "button" ? (action.value ?? "") : "");
    const say = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    await track(
      guarded(
        logger,
        "feedback",
        async () => {
          if (!parsed) return;
          await say(await responder.rate(body.user.id, parsed.questionId, parsed.vote));
        },
        (r) => respond({ response_type: "ephemeral", replace_original: false, ...renderSlack(r) }),
      ),
    );
  });

  app.action(new RegExp(`^${SUGGESTION_ACTION}_\\d+$`), async ({ ack, action, body, respond, client }) => {
    await ack();
    const question = action.type === "button" ? (action.value ?? "") : "";
    const container = (
      body as {
        container?: { channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
      }
    ).container;
    const send = async (reply: Reply) => {
      const message = renderSlackWithFeedback(reply);
      // A public reply goes in the thread of the message whose button was clicked; anything private,
      // or a click on an ephemeral message, goes back through the response URL to the clicker only.
      if (
        reply.visibility === "public" &&
        container?.channel_id &&
        container.message_ts &&
        !container.is_ephemeral
      ) {
        await client.chat.postMessage({
          channel: container.channel_id,
          thread_ts: container.thread_ts ?? container.message_ts,
          ...message,
        });
      } else {
        await respond({ response_type: "ephemeral", replace_original: false, ...message });
      }
    };
    const where = { workspace: body.team?.id, channel: container?.channel_id };
    await track(
      guarded(
        logger,
        "suggestion",
        async () => send(await responder.reply(body.user.id, question, where)),
        send,
      ),
    );
  });

  // A button this version no longer has (an old message): say so privately rather than stay silent.
  app.action(new RegExp(`^(?!${SUGGESTION_ACTION}_\\d+$)`), async ({ ack, action, body, respond }) => {
    await ack();
    const actionId = "action_id" in action ? action.action_id : "";
    logger.info({ actionId: actionId.slice(0, 100), user: body.user.id }, "unknown Slack button");
    await track(
      respond({
        response_type: "ephemeral",
        replace_original: false,
        ...renderSlack(staleButtonReply(deps.commandName)),
      })
        .then(() => undefined)
        .catch((error: unknown) =>
          logger.warn({ err: error, actionId }, "could not answer an unknown button"),
        ),
    );
  });
}
