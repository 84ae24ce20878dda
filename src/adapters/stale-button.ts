import type { Reply } from "../core/reply";

/** A click on a button this version of the bot no longer has (an old message, a renamed id). */
export function staleButtonReply(commandName: string): Reply {
  return {
    kind: "notice",
    visibility: "private",
    text: `This button no longer works. Ask your question again with /${commandName}.`,
  };
}
