import type { CommandContext } from "../../commands";
import type { Vote } from "../store/types";

/**
 * Feedback on an answer, the same in every adapter: the vote goes to the FeedbackStore against the
 * logged question, and the user gets a short private acknowledgement (never an error page).
 */

/** Button ids carry the vote and the logged question's id: "feedback:bad:<uuid>". */
export const FEEDBACK_PREFIX = "feedback:";

export function feedbackId(vote: Vote, questionId: string): string {
  return `${FEEDBACK_PREFIX}${vote}:${questionId}`;
}

export function parseFeedbackId(id: string): { vote: Vote; questionId: string } | null {
  const m = /^feedback:(good|bad):([0-9a-f-]{36})$/.exec(id);
  return m ? { vote: m[1] as Vote, questionId: m[2] as string } : null;
}

export async function rateAnswer(
  context: CommandContext,
  input: { platform: string; userId: string; questionId: string; vote: Vote },
): Promise<string> {
  if (!context.feedback) return "Feedback is not recorded here.";
  if (context.storage?.status().questionLog === "off") {
    return "Feedback is off: the question log is turned off (QUESTION_LOG_DAYS=0).";
  }
  try {
    const result = await context.feedback.vote(input);
    if (result === "recorded") {
      return input.vote === "good"
        ? "Thanks: marked the answer as good."
        : "Thanks: marked the answer as bad; the teacher will see it in the report.";
    }
    if (result === "unknown_question") return "That answer is no longer in the question log.";
    return "Feedback cannot be recorded right now: the store is unavailable.";
  } catch (error) {
    context.logger.error({ err: error, platform: input.platform }, "feedback failed");
    return "Sorry, your feedback could not be recorded. Please try again.";
  }
}
