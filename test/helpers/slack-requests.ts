import { createHmac } from "node:crypto";
import type { SlackConfig } from "../../src/adapters/slack/slack-adapter";

/** Requests signed the way Slack signs them, for tests and the Slack benchmark. */

export const SIGNING_SECRET = "test-signing-secret";

/** Slack's request signing (v0): HMAC-SHA256 of "v0:<timestamp>:<raw body>" with the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

// Slack gives every command and click its own trigger_id, so no two real requests sign alike.
let trigger = 0;
const nextTrigger = () => `${++trigger}.${process.pid}.${Date.now()}`;

export function slashCommandBody(text: string, responseUrl: string, user = "U1", channel = "C1"): string {
  return new URLSearchParams({
    token: "legacy",
    team_id: "T1",
    team_domain: "school",
    channel_id: channel,
    channel_name: "class",
    user_id: user,
    user_name: "student",
    command: "/campaign",
    text,
    api_app_id: "A1",
    response_url: responseUrl,
    trigger_id: nextTrigger(),
  }).toString();
}

export function eventBody(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: "legacy",
    team_id: "T1",
    api_app_id: "A1",
    type: "event_callback",
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
    event,
  });
}

export function actionBody(value: string, responseUrl: string, container: Record<string, unknown>): string {
  const payload = {
    type: "block_actions",
    team: { id: "T1" },
    user: { id: "U1", name: "student" },
    api_app_id: "A1",
    container,
    channel: { id: "C1" },
    response_url: responseUrl,
    trigger_id: nextTrigger(),
    actions: [
      { type: "button", action_id: "ask_suggestion_0", block_id: "b1", value, action_ts: "1700000000.1" },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A click on a button under a message (👍 / 👎), as Slack sends it. */
export function clickBody(actionId: string, value: string, user: string, responseUrl: string): string {
  const payload = {
    type: "block_actions",
    team: { id: "T1" },
    user: { id: user, name: "student" },
    api_app_id: "A1",
    container: { type: "message", channel_id: "C1", message_ts: "1700000009.1", is_ephemeral: false },
    channel: { id: "C1" },
    response_url: responseUrl,
    trigger_id: "1.2.3",
    actions: [{ type: "button", action_id: actionId, block_id: "b1", value, action_ts: "1700000010.1" }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function signedHeaders(body: string, contentType: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  return {
    "content-type": contentType,
    "x-slack-request-timestamp": String(nowSeconds),
    "x-slack-signature": signSlackRequest(SIGNING_SECRET, nowSeconds, body),
  };
}

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";

/** Slack settings for a bot in HTTP mode talking to a fake Web API. */
export function testSlackConfig(apiUrl: string, overrides: Partial<SlackConfig> = {}): SlackConfig {
  return {
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: undefined,
    PORT: 0,
    SLACK_API_URL: apiUrl,
    SLACK_REPLY_VISIBILITY: "in_channel",
    COMMAND_NAME: "campaign",
    ...overrides,
  };
}
