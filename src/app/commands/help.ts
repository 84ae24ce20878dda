import { exampleQuestions } from "../../core/suggestions";
import type { Command } from "./types";

/** Lists exactly the commands that exist (from the context), and only a teacher's to teachers. */
export const help: Command = {
  name: "help",
  description: "How to use the bot, with examples",
  options: [],
  examples: ["help"],
  handle(request, { commandName, index, commands, learning }) {
    const prefix = request.prefix ?? `/${commandName} `;
    const visible = commands.filter((c) => c.access !== "teacher" || request.teacher);
    const lines = visible.map((c) =>
      c.freeText
        ? `${prefix}<question>: ${c.description}`
        : `${prefix}${c.usage ?? c.name}: ${c.description}`,
    );
    // From the documents being read, not the bundled article's.
    const examples = exampleQuestions(index.suggestions).map((e) => `${prefix}${e}`);
    return {
      kind: "help",
      visibility: "private",
      text: `I answer questions about ${index.documents.map((d) => `"${d.meta.title}"`).join(", ")}, and say where each answer comes from.`,
      sections: [
        { heading: "Commands", lines },
        { heading: "Examples", lines: examples },
        // Only where marks are kept (a store, and QUESTION_LOG_DAYS above 0).
        ...(learning?.enabled ? [MARKS] : []),
      ],
    };
  },
};

const MARKS = {
  heading: "Show me what answered you",
  lines: [
    'When I am not sure, I offer the closest passages: press "This answered it" on the one that did (in the terminal, type its number). When a classmate confirms it, I answer the next student who asks the same with it.',
    "👍 / 👎 on an answer say whether its passage answered you.",
  ],
};
