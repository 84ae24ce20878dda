import { type AnswerFact, answerQuestion, MAX_QUESTION_LENGTH } from "../../core/answer";
import { CLOSEST_LEAD, type Reply, type ReplyFact } from "../../core/reply";
import { exampleQuestions } from "../../core/suggestions";
import { conversationKey } from "../conversations";
import type { Command } from "./types";

const answerVisibility = "public" as const;

export const ask: Command = {
  name: "ask",
  description: "Ask a question about the documents",
  options: [
    {
      name: "question",
      description: "Your question, e.g. how many women were trained?",
      required: true,
      maxLength: MAX_QUESTION_LENGTH,
      autocomplete: true,
    },
  ],
  examples: ["how many women were trained?", "when did it start?", "who published this?"],
  freeText: true,
  scoped: true,
  rateLimited: true,
  logsQuestion: true,
  handle(request, { index, commandName, thresholds, conversations, learning, classKey }): Reply {
    const key = conversationKey(request);
    const previous = conversations?.previous(key) ?? null;
    const options = { ...(thresholds ? { thresholds } : {}), previous };
    // What this class taught the bot (its students' marks, its teacher's teach, FAQ documents).
    const result = learning
      ? learning.answer(index, classKey, request.text, options)
      : answerQuestion(index, request.text, options);
    if (result.context && result.context !== previous) conversations?.remember(key, result.context);
    // A follow-up says what it was read after, so a wrong reading is plain to see.
    const followUp = result.followUp ? { followUp: result.followUp } : {};
    if (result.status === "empty") {
      return {
        kind: "help",
        visibility: "private",
        text: `Ask me a question about the documents, e.g. /${commandName} ${exampleQuestions(index.suggestions, 1)[0]}`,
        suggestions: index.suggestions.starters(3).map((s) => s.question),
      };
    }
    if (result.status === "too_long") {
      return {
        kind: "error",
        visibility: "private",
        text: `That question is ${result.question.length} characters long; please keep it under ${MAX_QUESTION_LENGTH}.`,
      };
    }
    const fact = (f: AnswerFact): ReplyFact => ({
      text: f.text,
      highlight: f.highlight,
      factId: f.factId,
      citation: f.source,
    });
    if (result.tier === "closest" && result.closest) {
      return {
        kind: "closest",
        visibility: answerVisibility,
        title: result.question,
        ...followUp,
        text: CLOSEST_LEAD,
        passage: { ...fact(result.closest), confidence: result.confidence },
        related: result.related.map(fact),
        suggestions: result.suggestions,
      };
    }
    if (result.status === "unknown" || !result.answer) {
      return {
        kind: "unknown",
        visibility: answerVisibility,
        title: result.question,
        ...followUp,
        text: "I don't know: I couldn't find that in the documents I have.",
        sections: [{ heading: "What I can answer about", lines: topicLines(index) }],
        suggestions: result.suggestions,
      };
    }
    return {
      kind: "answer",
      visibility: answerVisibility,
      title: result.question,
      ...followUp,
      text: result.answer.text,
      answer: { ...fact(result.answer), confidence: result.confidence },
      related: result.related.map(fact),
    };
  },
};

function topicLines(index: Parameters<Command["handle"]>[1]["index"]): string[] {
  return index.documents.flatMap((d) =>
    d.sections.map((s) => (s.heading === "Overview" ? d.meta.title : s.heading)),
  );
}
