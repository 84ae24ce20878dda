import type { ControlView } from "../../app/controls";

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
