import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import { appFor, bundledContext, silentLogger } from "./helpers/corpus";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { eventBody, testSlackConfig } from "./helpers/slack-requests";

/** Socket Mode: apps.connections.open hands out a ws://127.0.0.1 URL and envelopes arrive over it. */

const context = await bundledContext();
let fake: FakeSlack;
let slack: SlackAdapter;

beforeAll(async () => {
  fake = await startFakeSlack();
  slack = new SlackAdapter({
    config: testSlackConfig(fake.apiUrl, {
      SLACK_SIGNING_SECRET: undefined,
      SLACK_APP_TOKEN: "xapp-test-token",
    }),
    app: appFor(context),
    logger: silentLogger,
  });
  await slack.start();
  await fake.socketConnected();
});
afterAll(async () => {
  await slack?.stop();
  await fake?.close();
});

describe("Slack in Socket Mode", () => {
  it("opened the connection with the app token", () => {
    expect(slack.mode).toBe("socket");
    const open = fake.calls.find((c) => c.method === "apps.connections.open");
    expect(open?.authorization).toBe("Bearer xapp-test-token");
  });

  it("acknowledges a slash command envelope with the answer as its payload", async () => {
    fake.sendEnvelope({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        team_id: "T1",
        channel_id: "C1",
        user_id: "U1",
        command: "/campaign",
        text: "how mnay ministries",
        api_app_id: "A1",
        response_url: `${fake.url}/respond/s1`,
        trigger_id: "1.2.3",
      },
    });
    const ack = await fake.waitFor(
      () => fake.socketAcks.find((a) => a.envelope_id === "env-1"),
      "envelope ack",
    );
    const payload = ack.payload as { response_type: string; text: string };
    expect(payload.response_type).toBe("in_channel");
    expect(payload.text).toMatch(/ministries/);
  });

  it("answers a mention event in its thread", async () => {
    const event = {
      type: "app_mention",
      user: "U2",
      text: "<@UBOT> when did it start",
      ts: "1700000100.1",
      channel: "C9",
    };
    fake.sendEnvelope({
      envelope_id: "env-2",
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: "",
      payload: JSON.parse(eventBody(event, "Ev-socket")),
    });
    const call = await fake.waitFor(
      () => fake.calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "C9"),
      "threaded answer",
    );
    expect(call.body.thread_ts).toBe("1700000100.1");
    expect(JSON.stringify(call.body.blocks)).toContain("*1991*");
  });
});
