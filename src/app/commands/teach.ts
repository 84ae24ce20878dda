import { MAX_QUESTION_LENGTH } from "../../core/answer";
import type { Reply } from "../../core/reply";
import type { Command, CommandContext, CommandRequest } from "./types";

/**
 * The teacher links a question to the passage holding a quote, in this class (the channel's
 * documents): `teach how much is it => £685 per pupil`. The next student who asks it, in their own
 * words, gets that passage as a confident answer. Teachers only; the reply is private.
 */

const ARROW = "=>";

export const teach: Command = {
  name: "teach",
  description: "Link a question to the passage that answers it, in this class (teachers only)",
  usage: `teach QUESTION ${ARROW} QUOTE`,
  options: [
    {
      name: "question",
      description: "The question as students ask it, e.g. how much is the trip?",
      required: true,
      maxLength: MAX_QUESTION_LENGTH,
    },
    {
      name: "passage",
      description: "A few words quoted from the passage that answers it",
      required: true,
      maxLength: MAX_QUESTION_LENGTH,
    },
  ],
  examples: [`teach how much is the trip ${ARROW} £685 per pupil`],
  access: "teacher",
  scoped: true,
  takesText: new RegExp(`\\S.*${ARROW}.*\\S`),
  fromOptions: (v) => `${v.question ?? ""} ${ARROW} ${v.passage ?? ""}`,
  async handle(request, context) {
    const prefix = request.prefix ?? `/${context.commandName} `;
    const at = request.text.indexOf(ARROW);
    const question = at < 0 ? "" : request.text.slice(0, at).trim();
    const quote = at < 0 ? "" : request.text.slice(at + ARROW.length).trim();
    if (!question || !quote) return usage(prefix);
    return taught(request, context, question, quote, prefix);
  },
};

async function taught(
  request: CommandRequest,
  { learning, classKey, index }: CommandContext,
  question: string,
  quote: string,
  prefix: string,
): Promise<Reply> {
  if (!learning) return privately("Learning is off: this bot keeps nothing a class teaches.");
  const result = await learning.teach({
    platform: request.platform,
    userId: request.user.id,
    classKey,
    index,
    question,
    quote,
  });
  if (!result.ok) return privately(`Nothing was taught. ${sentence(result.error)}`);
  const passage = result.passage;
  const id = result.link?.id;
  return {
    kind: "notice",
    visibility: "private",
    title: "Taught",
    text: `Taught: in this class, "${question}" (and questions like it) is now answered with this passage.`,
    sections: [
      { heading: "Passage", lines: passage ? [passage.text, `Source: ${passage.citation}`] : [] },
      ...(result.others?.length
        ? [
            {
              heading: "The quote is also in",
              lines: [
                `${result.others.join(", ")}: this one ranks first for the question; quote more of another to teach that instead.`,
              ],
            },
          ]
        : []),
      ...(id ? [{ heading: "Undo", lines: [`${prefix}forget ${id}`] }] : []),
    ],
  };
}

function usage(prefix: string): Reply {
  return privately(
    `Say which passage answers which question: ${prefix}teach QUESTION ${ARROW} QUOTE, e.g. ${prefix}teach how much is the trip ${ARROW} £685 per pupil (the quote is a few words of the passage, as written in the documents).`,
  );
}

/** An error as a sentence of its own: capitalised, with its full stop. */
export const sentence = (text: string) =>
  `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;

export const privately = (text: string): Reply => ({ kind: "notice", visibility: "private", text });
