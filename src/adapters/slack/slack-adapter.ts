import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { CommandContext } from "../../../commands";
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import { FixableStartupError } from "../../startup";
import type { Adapter } from "../adapter";
import { createResponder } from "../responder";
import { boltLogger } from "./bolt-logger";
import { RecentIds } from "./recent-ids";
import { verifySlackSignature } from "./signature";
import { registerHandlers } from "./slack-handlers";

/**
 * Slack through Bolt: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise an
 * HTTP server with Bolt's endpoint POST /slack/events and GET /health. Requests are checked by our
 * own signature function (pure, with the clock injected) before Bolt's receiver sees them.
 */

export type SlackConfig = Pick<
  Config,
  | "SLACK_BOT_TOKEN"
  | "SLACK_SIGNING_SECRET"
  | "SLACK_APP_TOKEN"
  | "PORT"
  | "SLACK_API_URL"
  | "SLACK_REPLY_VISIBILITY"
  | "RATE_LIMIT_MAX"
  | "RATE_LIMIT_WINDOW_SECONDS"
  | "COMMAND_NAME"
> &
  Partial<Pick<Config, "ADMIN_USER_IDS">>;

export interface SlackAdapterOptions {
  config: SlackConfig;
  context: CommandContext;
  logger: Logger;
  /** interface to listen on in HTTP mode; tests use 127.0.0.1 */
  host?: string;
  now?: () => number;
}

const EVENTS_PATH = "/slack/events";
const MAX_BODY_BYTES = 1024 * 1024;

export class SlackAdapter implements Adapter {
  readonly name = "slack";
  readonly mode: "socket" | "http";
  private readonly app: App;
  private readonly receiver: HTTPReceiver | SocketModeReceiver;
  private server: Server | null = null;
  private ready = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly options: SlackAdapterOptions) {
    const { config, logger } = options;
    if (!config.SLACK_BOT_TOKEN) throw new Error("SlackAdapter needs SLACK_BOT_TOKEN");
    this.now = options.now ?? Date.now;
    this.mode = config.SLACK_APP_TOKEN ? "socket" : "http";
    const clientOptions = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
    const log = boltLogger(logger);
    this.receiver =
      this.mode === "socket"
        ? new SocketModeReceiver({
            appToken: config.SLACK_APP_TOKEN as string,
            logger: log,
            installerOptions: { clientOptions },
          })
        : new HTTPReceiver({
            signingSecret: config.SLACK_SIGNING_SECRET ?? "",
            // Checked in handleHttp with verifySlackSignature before Bolt sees the request.
            signatureVerification: false,
            endpoints: [EVENTS_PATH],
            logger: log,
          });
    this.app = new App({
      token: config.SLACK_BOT_TOKEN,
      receiver: this.receiver,
      socketMode: this.mode === "socket",
      logger: log,
      clientOptions,
    });

    const admins = new Set(config.ADMIN_USER_IDS ?? []);
    const seenEvents = new RecentIds();
    // Slack retries an event it thinks went unanswered (X-Slack-Retry-Num); answer each event once,
    // across processes when the database is shared (DATABASE_URL).
    const shared = options.context.storage?.shared ?? null;
    this.app.use(async ({ body, next }) => {
      const eventId = (body as { event_id?: unknown }).event_id;
      const first =
        typeof eventId !== "string" ||
        ((shared ? await shared.firstSeen(`slack:${eventId}`) : null) ?? seenEvents.add(eventId));
      if (!first) {
        logger.info({ eventId }, "duplicate Slack event ignored");
        return;
      }
      await next();
    });
    this.app.error(async (error) => {
      logger.error({ err: error }, "slack error");
    });
    registerHandlers(this.app, {
      commandName: config.COMMAND_NAME,
      logger,
      track: (work) => this.track(work),
      responder: createResponder({
        context: options.context,
        platform: "slack",
        rateLimit: { max: config.RATE_LIMIT_MAX, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
        privateAnswers: config.SLACK_REPLY_VISIBILITY === "ephemeral",
        now: this.now,
        // Slack has no per-command permissions: the report is for the user ids the owner listed.
        isAdmin: (userId) => admins.has(userId),
      }),
    });
  }

  /** The HTTP port actually bound (useful with PORT=0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(): Promise<void> {
    if (this.mode === "socket") {
      try {
        await this.app.start();
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code === "invalid_auth" || code === "not_authed") {
          throw new FixableStartupError(
            `SLACK_APP_TOKEN was rejected by Slack (${code}): create a new app-level token with connections:write.`,
          );
        }
        throw error;
      }
      this.ready = true;
      this.options.logger.info("slack connected in socket mode");
      return;
    }
    const server = createServer((req, res) => {
      this.handleHttp(req, res).catch((error: unknown) => {
        this.options.logger.error({ err: error }, "slack http handler failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(
          error.code === "EADDRINUSE" || error.code === "EACCES"
            ? new FixableStartupError(
                `PORT ${this.options.config.PORT} cannot be used (${error.code}): set PORT to a free port.`,
              )
            : error,
        ),
      );
      server.listen(this.options.config.PORT, this.options.host ?? "0.0.0.0", () => resolve());
    });
    this.ready = true;
    this.options.logger.info({ port: this.port }, "slack listening over HTTP");
  }

  async stop(): Promise<void> {
    this.ready = false;
    const closing = this.server
      ? new Promise<void>((resolve) => this.server?.close(() => resolve()))
      : this.mode === "socket"
        ? this.app.stop().then(() => undefined)
        : Promise.resolve();
    // Replies already under way finish; keep-alive sockets are closed once idle.
    await Promise.allSettled([...this.inFlight]);
    this.server?.closeIdleConnections();
    await closing;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    work.finally(() => this.inFlight.delete(work)).catch(() => {});
    return work;
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method === "GET" && path === "/health") {
      res.writeHead(this.ready ? 200 : 503, { "content-type": "application/json" });
      // The store's state too: the bot answers without it, and this is where that shows.
      const store = this.options.context.storage?.status();
      res.end(JSON.stringify({ status: this.ready ? "ok" : "stopping", ...(store ? { store } : {}) }));
      return;
    }
    if (path !== EVENTS_PATH || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    if (!this.ready) {
      res.writeHead(503).end();
      return;
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const check = verifySlackSignature({
      signingSecret: this.options.config.SLACK_SIGNING_SECRET ?? "",
      body: body.toString("utf8"),
      timestamp: header(req, "x-slack-request-timestamp"),
      signature: header(req, "x-slack-signature"),
      nowSeconds: Math.floor(this.now() / 1000),
    });
    if (!check.ok) {
      this.options.logger.warn({ reason: check.reason }, "rejected Slack request");
      res.writeHead(401).end();
      return;
    }
    // Bolt reads an already-buffered body from rawBody instead of the (consumed) stream.
    Object.assign(req, { rawBody: body });
    (this.receiver as HTTPReceiver).requestListener(req, res);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
