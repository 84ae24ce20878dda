import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { waitFor } from "./wait";

/**
 * A fake Slack on 127.0.0.1: the Web API (auth.test, chat.postMessage, chat.postEphemeral,
 * apps.connections.open), response URLs, and a Socket Mode WebSocket. It records what the bot sends,
 * and injects faults: a method (or "response_url") can answer 500, hang, or fail with a Slack
 * error code such as invalid_auth.
 */

/**
 * "500": HTTP 500; "hang": never answers; "slow": answers after a second, and records the call
 * only if the caller is still there to receive the answer; anything else: `{ ok: false, error: <code> }`.
 */
export type SlackFault = "500" | "hang" | "slow" | (string & {});

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FakeSlack {
  url: string;
  apiUrl: string;
  calls: ApiCall[];
  responses: Array<{ path: string; body: Record<string, unknown> }>;
  socketAcks: Array<Record<string, unknown>>;
  /** sends a Socket Mode envelope to every connected client */
  sendEnvelope(envelope: Record<string, unknown>): void;
  socketConnected(): Promise<void>;
  /** makes every call to `method` ("response_url" for response URLs) fail this way; null heals it */
  fault(method: string, fault: SlackFault | null): void;
  /** calls to `method` that were held open by a "hang" or "slow" fault */
  hung(method: string): number;
  waitFor<T>(find: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

async function readJsonOrForm(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if ((req.headers["content-type"] ?? "").includes("json")) return text ? JSON.parse(text) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    // The Web API client sends arrays and objects (blocks) as JSON strings inside the form.
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const responses: FakeSlack["responses"] = [];
  const socketAcks: FakeSlack["socketAcks"] = [];
  let ts = 1_700_000_000;
  let server: Server;
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  let onConnect: (() => void) | null = null;
  const faults = new Map<string, SlackFault>();
  const hung = new Map<string, number>();

  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const body = await readJsonOrForm(req);
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    const method = path.startsWith("/respond/") ? "response_url" : path.replace(/^\/api\//, "");
    const fault = faults.get(method);
    if (fault === "hang" || fault === "slow") hung.set(method, (hung.get(method) ?? 0) + 1);
    if (fault === "hang") return;
    if (fault === "slow") {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (req.socket.destroyed) return;
    }
    if (fault === "500") {
      calls.push({ method, body, authorization: req.headers.authorization });
      return json(500, { ok: false });
    }
    if (fault) {
      calls.push({ method, body, authorization: req.headers.authorization });
      return json(200, { ok: false, error: fault });
    }
    if (method === "response_url") {
      responses.push({ path, body });
      return json(200, { ok: true });
    }
    calls.push({ method, body, authorization: req.headers.authorization });
    const port = (server.address() as AddressInfo).port;
    switch (method) {
      case "auth.test":
        return json(200, { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1", user: "campaignbot" });
      case "chat.postMessage":
        return json(200, { ok: true, channel: body.channel, ts: `${++ts}.000100` });
      case "chat.postEphemeral":
        return json(200, { ok: true, message_ts: `${++ts}.000100` });
      case "apps.connections.open":
        return json(200, { ok: true, url: `ws://127.0.0.1:${port}/socket` });
      default:
        return json(200, { ok: true });
    }
  });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on("close", () => sockets.delete(ws));
      ws.on("message", (data) => socketAcks.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" } }));
      onConnect?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    socketAcks,
    sendEnvelope(envelope) {
      for (const ws of sockets) ws.send(JSON.stringify(envelope));
    },
    socketConnected: () =>
      sockets.size > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onConnect = resolve;
          }),
    fault(method, fault) {
      if (fault === null) faults.delete(method);
      else faults.set(method, fault);
    },
    hung: (method) => hung.get(method) ?? 0,
    waitFor,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
