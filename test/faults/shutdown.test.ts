import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FakeSlack } from "../helpers/fake-slack";
import {
  actionBody,
  eventBody,
  FORM,
  JSON_TYPE,
  signedHeaders,
  slashCommandBody,
} from "../helpers/slack-requests";
import { logLines, slackBot, startFakeSlack, terminate } from "./run-bot";

/** Defect 1: SIGTERM must end the process within SHUTDOWN_TIMEOUT_SECONDS whatever is stuck. */

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake?.close();
});

/** A client that promises 100,000 bytes and sends three. */
function stalledUpload(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\nabc",
      );
      resolve(socket);
    });
    socket.on("error", () => {});
  });
}

/** One signed slash command on a connection of its own; resolves with the status, or "reset". */
function askOnNewConnection(port: number, user: string): Promise<number | "reset"> {
  const body = slashCommandBody("how many trained", "http://127.0.0.1:9/respond", user);
  return new Promise((resolve) => {
    const options = { host: "127.0.0.1", port, path: "/slack/events", method: "POST", agent: false };
    const req = request({ ...options, headers: signedHeaders(body, FORM) }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve("reset"));
    });
    req.on("error", () => resolve("reset"));
    req.end(body);
  });
}

const mention = (channel: string, id: string) =>
  eventBody({ type: "app_mention", user: "U9", text: "<@UBOT> how many trained", ts: "1.1", channel }, id);

describe("shutdown under faults", () => {
  it("cuts a stalled upload within the request timeout, and exits 0 on SIGTERM with many held open", async () => {
    const bot = await slackBot(fake);
    const sockets = await Promise.all(Array.from({ length: 50 }, () => stalledUpload(bot.port)));
    const first = sockets[0] as Socket;
    let answer = "";
    let closed = false;
    first.on("data", (d) => {
      answer += String(d);
    });
    first.on("close", () => {
      closed = true;
    });
    // Node's requestTimeout (9 s, checked every half second) ends it; the bound here is generous.
    await vi.waitFor(() => expect(closed).toBe(true), { timeout: 25_000, interval: 200 });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const more = await Promise.all(Array.from({ length: 50 }, () => stalledUpload(bot.port)));
    expect(await terminate(bot, "SIGTERM with 50 stalled uploads")).toBe(0);
    for (const s of [...sockets, ...more]) s.destroy();
  }, 45_000);

  it("exits 0 when chat.postMessage fails with 500: a few short retries, each logged at warn", async () => {
    fake.fault("chat.postMessage", "500");
    const bot = await slackBot(fake);
    expect((await bot.post(mention("C500", "Ev-500"), JSON_TYPE)).status).toBe(200);
    const attempts = () =>
      fake.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === "C500");
    await vi.waitFor(() => expect(attempts().length).toBe(3), { timeout: 10_000 });
    expect(await terminate(bot, "SIGTERM with chat.postMessage failing (500)")).toBe(0);
    fake.fault("chat.postMessage", null);
    const warnings = logLines(bot).filter((l) => l.level === 40 && l.method === "chat.postMessage");
    expect(warnings[0]).toMatchObject({ status: 500, msg: "Slack call chat.postMessage failed" });
    expect(attempts()).toHaveLength(3);
  });

  it("gives up on a hung chat.postMessage at the deadline, logs what it abandoned, exits 1", async () => {
    fake.fault("chat.postMessage", "hang");
    const bot = await slackBot(fake, { SHUTDOWN_TIMEOUT_SECONDS: "2" });
    await bot.post(mention("CHANG", "Ev-hang"), JSON_TYPE);
    await vi.waitFor(() => expect(fake.hung("chat.postMessage")).toBeGreaterThan(0), { timeout: 10_000 });
    expect(await terminate(bot, "SIGTERM with chat.postMessage hung (deadline 2 s)")).toBe(1);
    fake.fault("chat.postMessage", null);
    expect(logLines(bot).find((l) => /abandoning/.test(String(l.msg)))).toMatchObject({
      abandoned: { slack: 1 },
    });
  });

  it("gives up on a hung response_url at the deadline and exits 1", async () => {
    fake.fault("response_url", "hang");
    const bot = await slackBot(fake, { SHUTDOWN_TIMEOUT_SECONDS: "2" });
    const click = actionBody("how many trained", `${fake.url}/respond/hang`, {
      type: "message",
      is_ephemeral: true,
    });
    expect((await bot.post(click, FORM)).status).toBe(200);
    await vi.waitFor(() => expect(fake.hung("response_url")).toBeGreaterThan(0), { timeout: 10_000 });
    expect(await terminate(bot, "SIGTERM with response_url hung (deadline 2 s)")).toBe(1);
    fake.fault("response_url", null);
  });

  it("answers 200 signed payload=null requests with 400 and still exits 0", async () => {
    const bot = await slackBot(fake);
    const statuses = await Promise.all(Array.from({ length: 200 }, () => bot.post("payload=null", FORM)));
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set([400]));
    expect(await terminate(bot, "SIGTERM after 200 payload=null")).toBe(0);
    expect(bot.stderr()).not.toMatch(/unhandled rejection/);
  });

  it("answers every connection it accepted when SIGTERM arrives during load", async () => {
    const bot = await slackBot(fake, { RATE_LIMIT_MAX: "1000" });
    let n = 0;
    let answered = 0;
    let running = true;
    // 20 clients, a new connection per request, so some are always just accepted and not yet read.
    const clients = Array.from({ length: 20 }, async () => {
      while (running) {
        const status = await askOnNewConnection(bot.port, `UL${++n}`);
        if (status === 200) answered++;
        else running = false; // a 503, a refusal or a reset: the bot is stopping
      }
    });
    await vi.waitFor(() => expect(answered).toBeGreaterThan(500), { timeout: 20_000 });
    expect(await terminate(bot, "SIGTERM during load (20 clients)")).toBe(0);
    running = false;
    await Promise.all(clients);
    // The bot's own count: no connection it accepted was closed without a response.
    const closed = logLines(bot).find((l) => l.msg === "slack http server closed");
    expect(closed?.requests).toMatchObject({ unanswered: 0, closedWithoutResponse: 0 });
  });
});
