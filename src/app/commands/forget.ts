import { short } from "../../report/passage-quote";
import { privately, sentence } from "./teach";
import type { Command } from "./types";

/**
 * The teacher takes back a learned link, by the id the report shows: that question no longer
 * leads to that passage in this class, whoever taught it. Teachers only; the reply is private.
 */
export const forget: Command = {
  name: "forget",
  description: "Take back a learned link, by the id the report shows (teachers only)",
  usage: "forget ID",
  options: [
    {
      name: "id",
      description: "The link's id, from the report's \"What the class taught\"",
      required: true,
      maxLength: 40,
    },
  ],
  examples: ["forget 0a1b2c3d4e"],
  access: "teacher",
  // A link id: ten hexadecimal characters (any other word after "forget" is a question).
  takesText: /^[0-9a-f]{6,16}$/i,
  async handle(request, { learning, classKey, commandName }) {
    const prefix = request.prefix ?? `/${commandName} `;
    const id = request.text.trim();
    if (!id)
      return privately(
        `Say which link to forget: ${prefix}forget ID. The report (${prefix}report) lists what this class taught, each with its id.`,
      );
    if (!learning) return privately("Learning is off: this bot keeps nothing a class teaches.");
    const result = await learning.forget(classKey, id, {
      platform: request.platform,
      userId: request.user.id,
    });
    if (!result.ok)
      return privately(
        `Nothing was forgotten. ${sentence(result.error)} The report (${prefix}report) lists this class's links with their ids.`,
      );
    const link = result.link;
    return {
      kind: "notice",
      visibility: "private",
      title: "Forgotten",
      text: link
        ? `Forgotten: in this class, "${link.question}" no longer leads to "${short(link.passage, 200)}".`
        : result.message,
    };
  },
};
