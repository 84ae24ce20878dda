import type { Command } from "./types";

export const topics: Command = {
  name: "topics",
  description: "What the documents cover, section by section",
  options: [],
  examples: ["topics"],
  scoped: true,
  handle(_request, { index }) {
    const sections = index.documents.map((doc) => ({
      heading: doc.meta.title,
      lines: doc.sections.map((s) => `${s.heading} (${s.facts} ${s.facts === 1 ? "fact" : "facts"})`),
    }));
    const count = index.documents.reduce((n, d) => n + d.sections.length, 0);
    return {
      kind: "topics",
      visibility: "private",
      text: `I can answer questions on ${count} topics from ${index.documents.length} document(s).`,
      sections,
      suggestions: index.suggestions.starters(3).map((s) => s.question),
    };
  },
};
