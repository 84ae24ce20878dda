import type { CommandContext } from "../../../commands";
import type { Vote } from "../../store/types";

/** "good" / "bad" typed after an answer rate it, in the terminal chat. */

export function feedbackWord(text: string): Vote | null {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, "");
  if (word === "good" || word === "👍") return "good";
  if (word === "bad" || word === "👎") return "bad";
  return null;
}

export async function rateLastAnswer(
  context: CommandContext,
  questionId: string | null,
  vote: Vote,
  userId: string,
): Promise<string> {
  if (!context.feedback || !context.questionLog) {
    return "Feedback is not recorded here.";
  }
  if (context.storage?.status().questionLog === "off") {
    return "Feedback is off: the question log is turned off (QUESTION_LOG_DAYS=0).";
  }
  if (!questionId) return `There is no answer to rate yet: ask a question, then type "good" or "bad".`;
  try {
    const result = await context.feedback.vote({ questionId, platform: "console", userId, vote });
    if (result === "recorded") {
      return vote === "good"
        ? "Thanks: marked the last answer as good."
        : "Thanks: marked the last answer as bad; the teacher will see it in the report.";
    }
    if (result === "unknown_question") return "That answer is no longer in the question log.";
    return "Feedback cannot be recorded right now: the store is unavailable.";
  } catch (error) {
    context.logger.error({ err: error }, "console feedback failed");
    return "Sorry, your feedback could not be recorded. Please try again.";
  }
}
