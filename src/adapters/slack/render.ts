import {
  formatCitation,
  type Reply,
  type ReplyFact,
  relatedHeading,
  splitHighlight,
  titleText,
} from "../../core/reply";

/**
 * Reply -> Block Kit. Everything from users and documents is escaped, so no text can become a
 * mention (<!channel>, <@U123>) or a link; section text stays under Slack's 3,000 characters and a
 * message under 50 blocks.
 */

export const SECTION_LIMIT = 3000;
export const BLOCK_LIMIT = 50;
const BUTTON_TEXT_LIMIT = 75;
export const SUGGESTION_ACTION = "ask_suggestion";

/** Escapes the three characters Slack's mrkdwn treats as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

type Block = Record<string, unknown>;

const section = (mrkdwn: string): Block => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(mrkdwn, SECTION_LIMIT) },
});
const context = (mrkdwn: string): Block => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: clip(mrkdwn, SECTION_LIMIT) }],
});

/** The fact with its highlighted figure in bold; escaping happens before the bold markers go in. */
function factText(fact: Pick<ReplyFact, "text" | "highlight">): string {
  const [before, mid, after] = splitHighlight(fact.text, fact.highlight);
  return escapeMrkdwn(before) + (mid ? `*${escapeMrkdwn(mid)}*` : "") + escapeMrkdwn(after);
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

function relatedBlocks(reply: Reply): Block[] {
  if (!reply.related?.length) return [];
  return [section(`*${relatedHeading(reply)}*\n${reply.related.map((r) => `• ${factText(r)}`).join("\n")}`)];
}

export function renderSlack(reply: Reply): SlackMessage {
  const blocks: Block[] = [];
  const title = titleText(reply);
  if (title) blocks.push(context(`*Q:* ${escapeMrkdwn(title)}`));
  if (reply.answer) {
    blocks.push(section(factText(reply.answer)));
    blocks.push(...relatedBlocks(reply));
    blocks.push(context(`Source: ${escapeMrkdwn(formatCitation(reply.answer.citation))}`));
  } else if (reply.passage) {
    blocks.push(section(`_${escapeMrkdwn(reply.text)}_\n>${factText(reply.passage)}`));
    blocks.push(context(`Source: ${escapeMrkdwn(formatCitation(reply.passage.citation))}`));
    blocks.push(...relatedBlocks(reply));
  } else {
    blocks.push(section(escapeMrkdwn(reply.text)));
  }
  for (const s of reply.sections ?? []) {
    blocks.push(
      section(`*${escapeMrkdwn(s.heading)}*\n${s.lines.map((l) => `• ${escapeMrkdwn(l)}`).join("\n")}`),
    );
  }
  if (reply.suggestions?.length) {
    blocks.push(context(reply.kind === "unknown" ? "Did you mean:" : "Try asking:"));
    blocks.push({
      type: "actions",
      elements: reply.suggestions.slice(0, 5).map((question, i) => ({
        type: "button",
        action_id: `${SUGGESTION_ACTION}_${i}`,
        text: { type: "plain_text", text: clip(question, BUTTON_TEXT_LIMIT) },
        value: clip(question, 2000),
      })),
    });
  }
  // Plain-text fallback for notifications: escaped too, since Slack parses it the same way.
  const fallback = reply.answer
    ? `${reply.answer.text} (${formatCitation(reply.answer.citation)})`
    : reply.passage
      ? `${reply.text} ${reply.passage.text} (${formatCitation(reply.passage.citation)})`
      : reply.text;
  return { text: clip(escapeMrkdwn(fallback), SECTION_LIMIT), blocks: blocks.slice(0, BLOCK_LIMIT) };
}
