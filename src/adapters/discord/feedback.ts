import { type APIButtonComponent, ButtonStyle, ComponentType } from "discord.js";
import type { LoggedReply } from "../../store/log-question";
import { feedbackId } from "../feedback";
import type { DiscordMessage } from "./render";

/** A logged answer's message gets a row with 👍 / 👎 buttons (custom ids "feedback:good:<id>"). */
export function withFeedbackButtons(message: DiscordMessage, reply: LoggedReply): DiscordMessage {
  if (!reply.questionId || message.components.length >= 5) return message;
  const buttons: APIButtonComponent[] = (["good", "bad"] as const).map((vote) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: feedbackId(vote, reply.questionId as string),
    emoji: { name: vote === "good" ? "👍" : "👎" },
  }));
  return {
    ...message,
    components: [...message.components, { type: ComponentType.ActionRow, components: buttons }],
  };
}
