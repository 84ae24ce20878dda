import type { App } from "@slack/bolt";
import { errorReply, newReference } from "../../app/errors";
import { buildLayout, type ReplyLayout } from "../../app/layout";
import type { BotApp, Incoming } from "../../app/pipeline";
import type { Logger } from "../../logger";
import { parseAction, renderSlack } from "./render";

/**
 * The Slack listeners: the slash command, mentions, direct messages and one listener for every
 * button. Each only translates: Slack payload in, the app's pipeline, Block Kit out. The app answers
 * its own errors; what can still fail here is sending, which is logged with a reference, and the
 * user gets a short apology where Slack still lets the bot speak.
 */

export interface HandlerDeps {
  app: BotApp;
  logger: Logger;
  /** keeps shutdown waiting for replies already under way */
  track: <T>(work: Promise<T>) => Promise<T>;
  /** who the request is from, in the app's terms (teacher or not, answers private or not) */
  from: (user: string, where: { workspace?: string | undefined; channel?: string | undefined }) => Incoming;
  /** answers private too (SLACK_REPLY_VISIBILITY=ephemeral) */
  visible: (layout: ReplyLayout) => ReplyLayout;
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

/** Bolt context key: a slash command's de-duplication, still being decided (Promise<boolean>). */
export const FIRST_TIME = "campaignFirstTime";

const firstTime = (context: Record<string, unknown>) =>
  (context[FIRST_TIME] as Promise<boolean> | undefined) ?? Promise.resolve(true);

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { logger, track } = deps;
  const bot = deps.app;

  // Sending failed (Slack down, a revoked token): logged, and an apology where one can still go.
  const delivered = async (
    what: string,
    work: () => Promise<unknown>,
    apologise: (l: ReplyLayout) => Promise<unknown>,
  ) => {
    try {
      await work();
    } catch (error) {
      const reference = newReference();
      logger.error({ err: error, reference, handler: what }, "slack handler failed");
      await apologise(buildLayout(errorReply(reference))).catch((e: unknown) =>
        logger.error({ err: e, reference }, "apology failed"),
      );
    }
  };

  app.command(`/${bot.commandName}`, async ({ command, ack, context }) => {
    const from = deps.from(command.user_id, { workspace: command.team_id, channel: command.channel_id });
    await track(
      delivered(
        "command",
        async () => {
          const layout = await bot.textOnce(from, typedText(command.text ?? ""), firstTime(context));
          if (!layout) return ack(); // a replay: answered the first time
          const visible = deps.visible(layout);
          const response_type = visible.visibility === "public" ? "in_channel" : "ephemeral";
          await ack({ response_type, ...renderSlack(visible) });
        },
        (l) => ack({ response_type: "ephemeral", ...renderSlack(l) }),
      ),
    );
  });

  // Another slash command pointed at this app (a renamed COMMAND_NAME, an old manifest): say so.
  app.command(new RegExp(`^/(?!${bot.commandName}$)`), async ({ command, ack, context }) => {
    if (!(await firstTime(context))) return ack();
    const from = deps.from(command.user_id, { workspace: command.team_id, channel: command.channel_id });
    const layout = await bot.command(from, command.command.replace(/^\//, ""), "");
    await ack({ response_type: "ephemeral", ...renderSlack(layout) });
  });

  app.event("app_mention", async ({ event, client, body }) => {
    if (event.bot_id || event.subtype === "bot_message") return;
    const thread_ts = event.thread_ts ?? event.ts;
    const user = event.user ?? "unknown";
    const post = async (layout: ReplyLayout) => {
      const message = renderSlack(layout);
      if (layout.visibility === "public")
        await client.chat.postMessage({ channel: event.channel, thread_ts, ...message });
      else await client.chat.postEphemeral({ channel: event.channel, user, thread_ts, ...message });
    };
    const from = deps.from(user, { workspace: body.team_id, channel: event.channel });
    await track(
      delivered(
        "app_mention",
        async () => post(deps.visible(await bot.text(from, typedText(withoutMentions(event.text))))),
        post,
      ),
    );
  });

  app.message(async ({ message, client, body }) => {
    // Direct messages only (channel messages arrive as app_mention); never bots, edits or joins.
    if (message.channel_type !== "im" || message.subtype !== undefined || "bot_id" in message) return;
    const post = async (layout: ReplyLayout) => {
      await client.chat.postMessage({ channel: message.channel, ...renderSlack(layout) });
    };
    const from = deps.from(message.user, { workspace: body.team_id, channel: message.channel });
    await track(
      delivered(
        "message.im",
        async () => post(deps.visible(await bot.text(from, typedText(withoutMentions(message.text ?? ""))))),
        post,
      ),
    );
  });

  // Every button, through the app's one control table: one listener, so each click is handled once
  // (Bolt runs every listener whose pattern matches).
  app.action(/.*/, async ({ ack, action, body, respond, client }) => {
    await ack();
    const actionId = "action_id" in action ? action.action_id : "";
    const value = action.type === "button" ? (action.value ?? "") : "";
    const container = (
      body as {
        container?: { channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
      }
    ).container;
    const send = async (layout: ReplyLayout) => {
      const message = renderSlack(layout);
      // A public reply goes in the thread of the message whose button was clicked; anything private,
      // or a click on an ephemeral message, goes back through the response URL to the clicker only.
      if (
        layout.visibility === "public" &&
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
    const from = deps.from(body.user.id, { workspace: body.team?.id, channel: container?.channel_id });
    const { name, payload } = parseAction(actionId, value);
    await track(
      delivered("button", async () => send(deps.visible(await bot.control(from, name, payload))), send),
    );
  });
}
