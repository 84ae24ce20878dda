/**
 * Every control a reply can carry, declared once: what it is called, what it carries and how it is
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
   * The controls on each passage offered for a logged question (the answer, the closest passage,
   * each related or "also close" one). None yet: "This answered it" goes here, e.g.
   * `[{ name: "answered", payload: \`${questionId}:${factId}\`, label: "This answered it" }]`.
   */
  passage: (_questionId: string, _factId: string): ControlView[] => [],
};

/** A platform's id for a control, where the platform has one string for both: "name:payload". */
export function controlId(control: Pick<ControlView, "name" | "payload">): string {
  return `${control.name}:${control.payload}`;
}

export function parseControlId(id: string): { name: string; payload: string } {
  const at = id.indexOf(":");
  return at < 0 ? { name: id, payload: "" } : { name: id.slice(0, at), payload: id.slice(at + 1) };
}
