import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";
import { Server as NetServer, type Socket } from "node:net";
import { parse as parseQuery } from "node:querystring";
import { type Logger as BoltLogger, HTTPReceiver } from "@slack/bolt";
import type { LogThrottle } from "../../log-throttle";

/**
 * Slack's HTTP mode on Bolt's own HTTPReceiver: Bolt serves the port, verifies signatures and
 * timestamps, and routes GET /health as a custom route. Ours, in front of Bolt, only (1) refuses new
 * requests while stopping, (2) answers a malformed body with a fast 400 (see malformedReason below
 * for why Bolt cannot), and (3) logs bad signatures once per address per window instead of per request.
 */

export const EVENTS_PATH = "/slack/events";
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Node's server limits: a client that stalls its headers or body is cut off within 10 s. Node
 * looks for expired requests only every connectionsCheckingInterval, so a request is cut up to
 * one interval after its timeout (measured: 10.9-11 s with requestTimeout 10 s and a 1 s
 * interval): 9 s checked every half second cuts at 9.0-9.6 s.
 */
export const SERVER_LIMITS: ServerOptions = {
  headersTimeout: 5_000,
  requestTimeout: 9_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 500,
};

export interface SlackReceiverOptions {
  signingSecret: string;
  logger: BoltLogger;
  warn: LogThrottle;
  /** true while serving; false before start and once stopping (health 503, events refused) */
  ready: () => boolean;
  /** more for GET /health to report (the store's state) */
  health?: () => Record<string, unknown>;
  /** keeps shutdown waiting for a request that has been read until its response is sent */
  track: (work: Promise<unknown>) => void;
}

/**
 * What the server did with what it accepted, logged when it closes: requests read and those closed
 * before their response was sent; connections accepted and those that closed without any response
 * (a request dropped before it was read, or a client that sent nothing or stalled).
 */
export interface RequestCounts {
  received: number;
  unanswered: number;
  connections: number;
  closedWithoutResponse: number;
}

export const emptyCounts = (): RequestCounts => ({
  received: 0,
  unanswered: 0,
  connections: 0,
  closedWithoutResponse: 0,
});

/**
 * Counts accepted connections, and those that close before any response was sent on them. Returns
 * a function that counts the ones still open as unanswered too: once the server has closed, a
 * socket it destroyed may not have emitted "close" yet.
 */
export function countConnections(server: Server, counts: RequestCounts): () => void {
  const waiting = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    counts.connections++;
    waiting.add(socket);
    socket.once("close", () => {
      if (waiting.delete(socket)) counts.closedWithoutResponse++;
    });
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    res.once("finish", () => waiting.delete(socket));
  });
  return () => {
    counts.closedWithoutResponse += waiting.size;
    waiting.clear();
  };
}

export function createSlackReceiver(
  options: SlackReceiverOptions,
  counts: RequestCounts = emptyCounts(),
): HTTPReceiver {
  const { warn, ready } = options;
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: [EVENTS_PATH],
    logger: options.logger,
    bodyLimit: MAX_BODY_BYTES,
    customRoutes: [
      {
        path: "/health",
        method: ["GET"],
        handler: (_req, res) => {
          const ok = ready();
          res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
          res.end(JSON.stringify({ status: ok ? "ok" : "stopping", ...options.health?.() }));
        },
      },
    ],
    // Replayed commands and interactions are recognised by their (verified) signature.
    customPropertiesExtractor: (req) => ({ requestSignature: req.headers["x-slack-signature"] }),
    dispatchErrorHandler: ({ request, response }) => {
      options.logger.debug(`no route for ${request.method} ${request.url}`);
      if (!response.headersSent) response.writeHead(404);
      response.end();
    },
  });
  const boltListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== EVENTS_PATH) return boltListener(req, res);
    if (!ready()) {
      res.writeHead(503, { connection: "close" }).end();
      return;
    }
    counts.received++;
    res.once("close", () => {
      if (!res.writableFinished) counts.unanswered++;
    });
    checkThenDispatch(req, res).catch((error: unknown) => {
      options.logger.error(`Slack request failed: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };

  async function checkThenDispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === "aborted") return;
    const address = req.socket.remoteAddress ?? "unknown";
    if (body === "too large") {
      warn.warn(`too-large:${address}`, { address }, "rejected a Slack request over 1 MB");
      res.writeHead(413, { connection: "close" }).end();
      return;
    }
    const reason = malformedReason(req.headers["content-type"], body.toString("utf8"));
    if (reason) {
      warn.warn(`malformed:${address}`, { address, reason }, "rejected a malformed Slack request");
      res.writeHead(400).end();
      return;
    }
    // Only a request whose body has arrived holds up shutdown: a stalled upload must not.
    options.track(new Promise((resolve) => res.once("close", resolve)));
    res.once("finish", () => {
      if (res.statusCode === 401) {
        warn.warn(`signature:${address}`, { address }, "rejected a Slack request with a bad signature");
      }
    });
    // Bolt takes an already-read body from rawBody (its BufferedIncomingMessage) and verifies it.
    Object.assign(req, { rawBody: body });
    boltListener(req, res);
  }
  return receiver;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too large" | "aborted"> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return "too large";
      chunks.push(chunk as Buffer);
    }
  } catch {
    // The client went away, or Node cut a stalled upload (requestTimeout); nothing to answer.
    return "aborted";
  }
  return Buffer.concat(chunks);
}

/**
 * Stops listening but answers every request on a connection already accepted: those under way get
 * their answer, new ones on open connections a 503, and idle connections are closed once nothing is
 * in flight. http.Server's close() closes idle connections at once, and a connection accepted a
 * moment ago whose request has not been read yet counts as idle: bench:sigterm saw one such
 * connection reset in each run. Stalled clients are cut sooner while stopping.
 */
export async function closeGracefully(server: Server, settled: () => Promise<unknown>): Promise<void> {
  server.headersTimeout = 1_000;
  server.requestTimeout = 2_000;
  let closed = false;
  // net.Server's close() only stops listening; it resolves once every connection has ended.
  const done = new Promise<void>((resolve) =>
    NetServer.prototype.close.call(server, () => {
      closed = true;
      resolve();
    }),
  );
  while (!closed) {
    await settled();
    server.closeIdleConnections();
    // A request may have arrived on an open connection meanwhile: look again shortly.
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 20))]);
  }
  // http.Server's own close() also stops its timeout checks; the port is already closed.
  server.close(() => {});
}

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
