import {
  formatCitation,
  type ReplyFact,
  type ReplyKind,
  type ReplySection,
  type Visibility,
} from "../core/reply";
import type { Tier } from "../store/types";
import type { ChartImage, CommandReply } from "./commands";

/**
 * The one layout of a reply, built here once and rendered by every adapter (Block Kit, a Discord
 * embed with buttons, terminal text). It says what is shown, in what order and with which controls;
 * a renderer only chooses markup, escapes and keeps within its platform's limits. Text is plain.
 */

export interface PassageView {
  text: string;
  /** a substring of `text` to emphasise: the figure, date or name that answers */
  highlight: string | null;
  factId: string;
  /** "Title — Source, 2010-07-29 (section: Grading, p. 3)" */
  citation: string;
  /** controls that act on this passage alone ("This answered it" on an unsure reply's offers) */
  controls: ControlView[];
  /** the passage's number among those a user can mark (1 first): the terminal types it */
  number?: number;
}

export interface ReplyLayout {
  kind: ReplyKind;
  /** answer, closest or unknown for the question log's tiers; null for help, notices, errors */
  tier: Tier | null;
  visibility: Visibility;
  /** the heading: the question, with what a follow-up was read after */
  title?: string;
  /** the earlier question a follow-up was read after (the terminal shows it on its own line) */
  followUp?: string;
  /** what comes before the main passage when it is not vouched for ("I'm not sure — …") */
  lead?: string;
  /** the answer, or the closest passage; absent for everything else */
  main?: PassageView;
  /** beside the main passage: "Related" facts, or those "Also close" */
  others?: { heading: string; passages: PassageView[] };
  /** the whole reply where there is no passage (help, notices, "I don't know") */
  text: string;
  sections: ReplySection[];
  /** questions the documents answer, each a control that asks it */
  suggestions?: { heading: string; controls: ControlView[] };
  /** 👍 / 👎 on the reply as a whole (a logged answer) */
  feedback: ControlView[];
  /** a plain-text summary, for notifications */
  summary: string;
  chart?: ChartImage;
  /** the question log's id, when the question was logged */
  questionId?: string;
}

/** Splits `text` around the first occurrence of `highlight`, for renderers that emphasise it. */
export function splitHighlight(text: string, highlight: string | null): [string, string, string] {
  if (!highlight) return [text, "", ""];
  const at = text.indexOf(highlight);
  if (at < 0) return [text, "", ""];
  return [text.slice(0, at), highlight, text.slice(at + highlight.length)];
}

function tierOf(kind: ReplyKind): Tier | null {
  return kind === "answer" || kind === "closest" || kind === "unknown" ? kind : null;
}

export interface LayoutOptions {
  /** the class's marks are kept (learning is on): an unsure reply's passages can be marked */
  marks?: boolean;
}

export function buildLayout(
  reply: CommandReply,
  questionId?: string,
  options: LayoutOptions = {},
): ReplyLayout {
  const main = reply.answer ?? reply.passage;
  const closest = !reply.answer && reply.passage !== undefined;
  // Each passage an unsure reply offers can be marked "this answered it"; a confident answer's
  // 👍 / 👎 mark its passage. The position (the main passage is 0) is what the click carries.
  const markable = questionId !== undefined && options.marks === true && closest;
  let position = 0;
  const passage = (fact: ReplyFact): PassageView => {
    const at = position++;
    return {
      text: fact.text,
      highlight: fact.highlight,
      factId: fact.factId,
      citation: formatCitation(fact.citation),
      controls: markable ? controls.passage(questionId, at) : [],
      ...(markable ? { number: at + 1 } : {}),
    };
  };
  const summary = main
    ? `${closest ? `${reply.text} ` : ""}${main.text} (${formatCitation(main.citation)})`
    : reply.text;
  return {
    kind: reply.kind,
    tier: tierOf(reply.kind),
    visibility: reply.visibility,
    ...(reply.title
      ? { title: reply.followUp ? `${reply.title} (after: ${reply.followUp})` : reply.title }
      : {}),
    ...(reply.followUp ? { followUp: reply.followUp } : {}),
    ...(closest ? { lead: reply.text } : {}),
    ...(main ? { main: passage(main) } : {}),
    ...(main && reply.related?.length
      ? {
          others: {
            heading: reply.kind === "closest" ? "Also close" : "Related",
            passages: reply.related.map(passage),
          },
        }
      : {}),
    text: reply.text,
    sections: reply.sections ?? [],
    ...(reply.suggestions?.length
      ? {
          suggestions: {
            heading: reply.kind === "unknown" ? "Did you mean:" : "Try asking:",
            controls: reply.suggestions.map(controls.ask),
          },
        }
      : {}),
    feedback: questionId ? controls.feedback(questionId) : [],
    summary,
    ...(reply.chart ? { chart: reply.chart } : {}),
    ...(questionId ? { questionId } : {}),
  };
}

/** The same layout, private (answers made private by SLACK_REPLY_VISIBILITY and the like). */
export function privately(layout: ReplyLayout, yes = true): ReplyLayout {
  return yes ? { ...layout, visibility: "private" } : layout;
}

/**
 * Controls. Every control a reply can carry, declared once: what it is called, what it carries and how it is
 * labelled. Adapters render a ControlView as their platform's button and, when it is clicked, hand
 * its name and payload back to the app (`BotApp.control`), which finds the handler in
 * control-handlers.ts. Adding a control is one builder here and one handler there; no adapter changes.
 */

export interface ControlView {
  /** which handler answers a click: a key of control-handlers.ts's table */
  name: string;
  /** what the click carries back (a question, "bad:<question id>"); plain text */
  payload: string;
  /** the button's text */
  label: string;
  /** the label is an emoji alone (👍): platforms show it as the button's icon */
  emoji?: boolean;
}

export const controls = {
  /** a suggested question ("did you mean"): clicking asks it */
  ask: (question: string): ControlView => ({ name: "ask", payload: question, label: question }),

  /** 👍 / 👎 on a logged answer */
  feedback: (questionId: string): ControlView[] =>
    (["good", "bad"] as const).map((vote) => ({
      name: "feedback",
      payload: `${vote}:${questionId}`,
      label: vote === "good" ? "👍" : "👎",
      emoji: true,
    })),

  /**
   * "This answered it" on a passage an unsure reply offered for a logged question: the payload is
   * the question's log id and the passage's position in the reply (0: the closest passage), short
   * whatever the fact's id (Discord's custom ids stop at 100 characters). See marks.ts.
   */
  passage: (questionId: string, position: number): ControlView[] => [
    { name: "answered", payload: `${questionId}:${position}`, label: ANSWERED_LABEL },
  ],
};

export const ANSWERED_LABEL = "This answered it";

/** A platform's id for a control, where the platform has one string for both: "name:payload". */
export function controlId(control: Pick<ControlView, "name" | "payload">): string {
  return `${control.name}:${control.payload}`;
}

export function parseControlId(id: string): { name: string; payload: string } {
  const at = id.indexOf(":");
  return at < 0 ? { name: id, payload: "" } : { name: id.slice(0, at), payload: id.slice(at + 1) };
}
