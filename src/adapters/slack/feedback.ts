import type { LoggedReply } from "../../store/log-question";
import { feedbackId } from "../feedback";
import { BLOCK_LIMIT, renderSlack, type SlackMessage } from "./render";

/** A logged answer's Block Kit message gets 👍 / 👎 buttons under it (action ids feedback_good/bad). */

export const FEEDBACK_ACTION = /^feedback_(good|bad)$/;

export function renderSlackWithFeedback(reply: LoggedReply): SlackMessage {
  const message = renderSlack(reply);
  if (!reply.questionId) return message;
  const buttons = {
    type: "actions",
    elements: (["good", "bad"] as const).map((vote) => ({
      type: "button",
      action_id: `feedback_${vote}`,
      text: { type: "plain_text", text: vote === "good" ? "👍" : "👎", emoji: true },
      value: feedbackId(vote, reply.questionId as string),
    })),
  };
  return { ...message, blocks: [...message.blocks.slice(0, BLOCK_LIMIT - 1), buttons] };
}
