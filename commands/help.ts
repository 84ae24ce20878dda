import { exampleQuestions } from "../src/core/suggestions";
import type { Command } from "./types";

/** Built lazily from the registry so help always lists exactly the commands that exist. */
export function createHelp(all: () => readonly Command[]): Command {
  const help: Command = {
    name: "help",
    description: "How to use the bot, with examples",
    options: [],
    examples: ["help"],
    handle(request, { commandName, index }) {
      const prefix = request.prefix ?? `/${commandName} `;
      const visible = all().filter((c) => c.access !== "admin" || request.admin);
      const lines = visible.map((c) =>
        c.name === "ask" ? `${prefix}<question>: ${c.description}` : `${prefix}${c.name}: ${c.description}`,
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
        ],
      };
    },
  };
  return help;
}
