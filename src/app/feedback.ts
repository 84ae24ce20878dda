import type { Logger } from "../logger";
import type { Storage } from "../store/storage";
import type { FeedbackStore, Vote } from "../store/types";

/**
 * Feedback on an answer, the same on every platform: the vote goes to the FeedbackStore against the
 * logged question, and the voter gets a short private acknowledgement (never an error page).
 */

export interface FeedbackServices {
  feedback?: FeedbackStore | undefined;
  storage?: Pick<Storage, "status"> | undefined;
  logger: Logger;
}

export async function rateAnswer(
  services: FeedbackServices,
  input: { platform: string; userId: string; questionId: string; vote: Vote },
): Promise<string> {
  if (!services.feedback) return "Feedback is not recorded here.";
  if (services.storage?.status().questionLog === "off") {
    return "Feedback is off: the question log is turned off (QUESTION_LOG_DAYS=0).";
  }
  try {
    const result = await services.feedback.vote(input);
    if (result === "recorded") {
      return input.vote === "good"
        ? "Thanks: marked the answer as good."
        : "Thanks: marked the answer as bad; the teacher will see it in the report.";
    }
    if (result === "unknown_question") return "That answer is no longer in the question log.";
    return "Feedback cannot be recorded right now: the store is unavailable.";
  } catch (error) {
    services.logger.error({ err: error, platform: input.platform }, "feedback failed");
    return "Sorry, your feedback could not be recorded. Please try again.";
  }
}
