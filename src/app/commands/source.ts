import type { Command } from "./types";

export const source: Command = {
  name: "source",
  description: "The documents I answer from, with their source and release date",
  options: [],
  examples: ["source"],
  scoped: true,
  handle(_request, { index }) {
    return {
      kind: "source",
      visibility: "private",
      text: `I answer from ${index.documents.length} document(s) (${index.size} facts).`,
      sections: index.documents.map((doc) => ({
        heading: doc.meta.title,
        lines: [
          `Source: ${doc.meta.source ?? "not stated"}`,
          `Released: ${doc.meta.published ?? "not stated"}`,
          ...(doc.meta.author ? [`Author: ${doc.meta.author}`] : []),
          ...(doc.meta.url ? [`Link: ${doc.meta.url}`] : []),
          `File: ${doc.fileName}`,
        ],
      })),
    };
  },
};
