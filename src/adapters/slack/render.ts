import { type ControlView, type PassageView, type ReplyLayout, splitHighlight } from "../../app/layout";

/**
 * A reply's layout -> Block Kit. Everything from users and documents is escaped, so no text can become a
 * mention (<!channel>, <@U123>) or a link; section text stays under Slack's 3,000 characters and a
 * message under 50 blocks.
 */

export const SECTION_LIMIT = 3000;
export const BLOCK_LIMIT = 50;
const BUTTON_TEXT_LIMIT = 75;

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
function factText(fact: Pick<PassageView, "text" | "highlight">): string {
  const [before, mid, after] = splitHighlight(fact.text, fact.highlight);
  return escapeMrkdwn(before) + (mid ? `*${escapeMrkdwn(mid)}*` : "") + escapeMrkdwn(after);
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A row of buttons, one per control; ids stay unique in the message (`actionId` below). */
function actions(list: ReplyLayout["feedback"], used: Set<string>): Block {
  return {
    type: "actions",
    elements: list.slice(0, 5).map((control) => ({
      type: "button",
      action_id: actionId(control, used),
      text: {
        type: "plain_text",
        text: clip(control.label, BUTTON_TEXT_LIMIT),
        ...(control.emoji ? { emoji: true } : {}),
      },
      value: clip(control.payload, 2000),
    })),
  };
}

export function renderSlack(layout: ReplyLayout): SlackMessage {
  const blocks: Block[] = [];
  const used = new Set<string>();
  const passage = (p: PassageView, text: string) => {
    blocks.push(section(text));
    if (p.controls.length) blocks.push(actions(p.controls, used));
  };
  const others = () => {
    if (!layout.others) return;
    const { heading, passages } = layout.others;
    if (passages.some((p) => p.controls.length)) {
      blocks.push(context(`*${escapeMrkdwn(heading)}*`));
      for (const p of passages) passage(p, `• ${factText(p)}`);
    } else {
      blocks.push(
        section(`*${escapeMrkdwn(heading)}*\n${passages.map((p) => `• ${factText(p)}`).join("\n")}`),
      );
    }
  };
  if (layout.title) blocks.push(context(`*Q:* ${escapeMrkdwn(layout.title)}`));
  const main = layout.main;
  if (main && !layout.lead) {
    passage(main, factText(main));
    others();
    blocks.push(context(`Source: ${escapeMrkdwn(main.citation)}`));
  } else if (main) {
    passage(main, `_${escapeMrkdwn(layout.lead ?? "")}_\n>${factText(main)}`);
    blocks.push(context(`Source: ${escapeMrkdwn(main.citation)}`));
    others();
  } else {
    blocks.push(section(escapeMrkdwn(layout.text)));
  }
  for (const s of layout.sections) {
    blocks.push(
      section(`*${escapeMrkdwn(s.heading)}*\n${s.lines.map((l) => `• ${escapeMrkdwn(l)}`).join("\n")}`),
    );
  }
  if (layout.suggestions) {
    blocks.push(context(escapeMrkdwn(layout.suggestions.heading)));
    blocks.push(actions(layout.suggestions.controls, used));
  }
  // 👍 / 👎 last, kept even when a long reply has to lose blocks to stay under Slack's 50.
  const tail = layout.feedback.length ? [actions(layout.feedback, used)] : [];
  // Plain-text fallback for notifications: escaped too, since Slack parses it the same way.
  return {
    text: clip(escapeMrkdwn(layout.summary), SECTION_LIMIT),
    blocks: [...blocks.slice(0, BLOCK_LIMIT - tail.length), ...tail],
  };
}

/**
 * Slack's side of the control table: a button's action_id names the control ("feedback:0:bad:…"),
 * its value carries the payload, and one listener routes every click through `parseAction`.
 * Older messages' ids (ask_suggestion_N, feedback_good / feedback_bad) still route.
 */

const ACTION_ID_LIMIT = 255;

/** "name:n:payload", clipped to Slack's limit; `n` keeps ids unique within a message. */
export function actionId(control: ControlView, used: Set<string>): string {
  const id = `${control.name}:${used.size}:${control.payload}`.slice(0, ACTION_ID_LIMIT);
  used.add(id);
  return id;
}

export function parseAction(actionId: string, value: string): { name: string; payload: string } {
  if (/^ask_suggestion_\d+$/.test(actionId)) return { name: "ask", payload: value };
  if (/^feedback_(good|bad)$/.test(actionId))
    return { name: "feedback", payload: value.replace(/^feedback:/, "") };
  const at = actionId.indexOf(":");
  return { name: at < 0 ? actionId : actionId.slice(0, at), payload: value };
}
