import type { CommandContext } from "../../../commands";
import type { Vote } from "../../store/types";
import { rateAnswer } from "../feedback";

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
  if (context.feedback && context.storage?.status().questionLog !== "off" && !questionId) {
    return `There is no answer to rate yet: ask a question, then type "good" or "bad".`;
  }
  if (!questionId) return rateAnswer(context, { platform: "console", userId, questionId: "", vote });
  const text = await rateAnswer(context, { platform: "console", userId, questionId, vote });
  return text.replace("marked the answer", "marked the last answer");
}
