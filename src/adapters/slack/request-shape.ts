import { parse as parseQuery } from "node:querystring";

/**
 * Whether a request body has the shape Slack sends, read the way Bolt reads it (a form with a
 * `payload` field holds JSON; any other form is a slash command; anything else is JSON). Bolt
 * cannot be left to find out: a `payload=null` throws inside its receiver and the request is
 * never answered, and a body it cannot route waits three seconds for a 404. Pure.
 */

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Returns what is wrong with the body, or null when it looks like Slack's. */
export function malformedReason(contentType: string | undefined, body: string): string | null {
  if (contentType === "application/x-www-form-urlencoded") {
    const form = parseQuery(body);
    if (typeof form.payload === "string") {
      let payload: unknown;
      try {
        payload = JSON.parse(form.payload);
      } catch {
        return "payload is not JSON";
      }
      return interactionProblem(payload);
    }
    if (form.ssl_check === "1") return null;
    if (typeof form.command !== "string" || typeof form.user_id !== "string") {
      return "form is neither a slash command nor an interaction";
    }
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return "body is not JSON";
  }
  if (!isObject(json) || typeof json.type !== "string") return "JSON body has no type";
  if (json.type === "event_callback" && !(isObject(json.event) && typeof json.event.type === "string")) {
    return "event_callback without an event";
  }
  return null;
}

function interactionProblem(payload: unknown): string | null {
  if (!isObject(payload) || typeof payload.type !== "string") return "payload has no type";
  if (!isObject(payload.user) || typeof payload.user.id !== "string") return "payload has no user";
  if (payload.type === "block_actions" && !Array.isArray(payload.actions))
    return "block_actions without actions";
  return null;
}
