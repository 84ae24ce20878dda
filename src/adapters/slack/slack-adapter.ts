import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import { FixableStartupError } from "../../app/errors";
import { privately } from "../../app/layout";
import type { BotApp } from "../../app/pipeline";
import type { Deduper } from "../../dedupe";
import { createLogThrottle, type LogThrottle } from "../../log-throttle";
import type { Logger } from "../../logger";
import type { Adapter } from "../adapter";
import { boltLogger } from "./bolt-logger";
import type { SlackConfig } from "./config";
import {
  closeGracefully,
  countConnections,
  createSlackReceiver,
  emptyCounts,
  SERVER_LIMITS,
} from "./http-receiver";
import { FIRST_TIME, registerHandlers } from "./slack-handlers";
import {
  type CallLimits,
  DEFAULT_CALL_LIMITS,
  REJECTED_TOKEN_CODES,
  webClientOptions,
} from "./web-client-options";

/**
 * Slack through Bolt: Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise
 * Bolt's HTTPReceiver with POST /slack/events and GET /health (see http-receiver.ts). Every call to
 * Slack is bounded (web-client-options.ts); a token Slack rejects, at start-up or later, is fatal.
 */

export type { SlackConfig } from "./config";

export interface SlackAdapterOptions {
  config: SlackConfig;
  app: BotApp;
  logger: Logger;
  /** interface to listen on in HTTP mode; tests use 127.0.0.1 */
  host?: string;
  now?: () => number;
  /** timeouts and retries for calls to Slack */
  callLimits?: CallLimits;
  /** remembers requests already answered; the app's (shared with DATABASE_URL) by default */
  deduper?: Deduper;
  /** called once when Slack rejects the bot token after start-up: the process should stop */
  onFatal?: (message: string) => void;
}

const BOT_TOKEN_HINT =
  "copy the Bot User OAuth Token again from your Slack app's OAuth & Permissions page (reinstall the app if it was revoked)";

export class SlackAdapter implements Adapter {
  readonly name = "slack";
  readonly mode: "socket" | "http";
  private readonly app: App;
  private readonly receiver: HTTPReceiver | SocketModeReceiver;
  private readonly warn: LogThrottle;
  private server: Server | null = null;
  private readonly requests = emptyCounts();
  private countClosed = () => {};
  private ready = false;
  private started = false;
  private fatalReported = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: SlackAdapterOptions) {
    const { config, logger } = options;
    if (!config.SLACK_BOT_TOKEN) throw new Error("SlackAdapter needs SLACK_BOT_TOKEN");
    const now = options.now ?? Date.now;
    this.mode = config.SLACK_APP_TOKEN ? "socket" : "http";
    this.warn = createLogThrottle(logger, { now });
    const clientOptions = webClientOptions({
      slackApiUrl: config.SLACK_API_URL,
      limits: options.callLimits ?? DEFAULT_CALL_LIMITS,
      warn: this.warn,
      onRejectedToken: (code) => this.tokenRejected(code),
    });
    const log = boltLogger(logger);
    this.receiver =
      this.mode === "socket"
        ? new SocketModeReceiver({
            appToken: config.SLACK_APP_TOKEN as string,
            logger: log,
            installerOptions: { clientOptions },
          })
        : createSlackReceiver(
            {
              signingSecret: config.SLACK_SIGNING_SECRET ?? "",
              logger: log,
              warn: this.warn,
              ready: () => this.ready,
              // The store's state too: the bot answers without it, and this is where that shows.
              health: () => {
                const app = options.app.health();
                const store = app.store as { state?: string } | undefined;
                // Answering, but not recording (the store is down and retried): degraded, still 200.
                const degraded = store?.state === "unavailable" && this.ready;
                return { ...(degraded ? { status: "degraded" } : {}), ...app };
              },
              track: (work) => void this.track(work),
            },
            this.requests,
          );
    this.app = new App({
      token: config.SLACK_BOT_TOKEN,
      receiver: this.receiver,
      socketMode: this.mode === "socket",
      logger: log,
      clientOptions,
      // auth.test runs in start(), where a rejected token can stop the process with a clear message.
      deferInitialization: true,
    });

    // With DATABASE_URL the database remembers for every process (the app falls back to memory).
    const deduper: Deduper = options.deduper ?? { claim: (key) => options.app.claim(`slack:${key}`) };
    const admins = new Set(config.ADMIN_USER_IDS ?? []);
    // Slack retries an event it thinks went unanswered (same event_id); a replayed command or
    // click arrives with the same signature. Each is answered once.
    this.app.use(async (args) => {
      const { body, context, next } = args;
      const eventId = (body as { event_id?: unknown }).event_id;
      const signature = context.requestSignature;
      const key =
        typeof eventId === "string"
          ? `event:${eventId}`
          : typeof signature === "string"
            ? `sig:${signature}`
            : null;
      // A slash command's answer is its acknowledgement: its claim runs beside the rate limit
      // and the answering (one database round trip instead of two with DATABASE_URL), and the
      // command handler answers only if the claim is the first (FIRST_TIME in the context).
      if (key && typeof (body as { command?: unknown }).command === "string") {
        const first = deduper.claim(key);
        context[FIRST_TIME] = first;
        void first.then((yes) => yes || logger.info({ key }, "duplicate Slack request ignored"));
        await next();
        return;
      }
      if (key && !(await deduper.claim(key))) {
        logger.info({ key }, "duplicate Slack request ignored");
        await (args as { ack?: () => Promise<void> }).ack?.();
        return;
      }
      await next();
    });
    this.app.error(async (error) => {
      logger.error({ err: error }, "slack error");
    });
    const privateAnswers = config.SLACK_REPLY_VISIBILITY === "ephemeral";
    registerHandlers(this.app, {
      app: options.app,
      logger,
      track: (work) => this.track(work),
      from: (user, where) => ({
        platform: "slack",
        user,
        workspace: where.workspace,
        channel: where.channel,
        // Slack has no per-command permissions: the report is for the user ids the owner listed.
        teacher: admins.has(user),
        teacherHint: "whoever runs the bot adds your user id to ADMIN_USER_IDS",
      }),
      visible: (layout) => privately(layout, privateAnswers),
    });
  }

  /** The HTTP port actually bound (useful with PORT=0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  pending(): number {
    return this.inFlight.size;
  }

  async start(): Promise<void> {
    try {
      await this.app.init();
    } catch (error) {
      const code = slackErrorCode(error);
      if (code && REJECTED_TOKEN_CODES.has(code)) {
        throw new FixableStartupError(`SLACK_BOT_TOKEN was rejected by Slack (${code}): ${BOT_TOKEN_HINT}.`);
      }
      throw new FixableStartupError(
        `Slack could not be reached to check SLACK_BOT_TOKEN (${(error as Error).message}): check the network, or SLACK_API_URL if set.`,
      );
    }
    if (this.mode === "socket") {
      try {
        await this.app.start();
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === "invalid_auth" || code === "not_authed") {
          throw new FixableStartupError(
            `SLACK_APP_TOKEN was rejected by Slack (${code}): create a new app-level token with connections:write.`,
          );
        }
        throw error;
      }
      this.ready = true;
      this.started = true;
      this.options.logger.info("slack connected in socket mode");
      return;
    }
    const { PORT } = this.options.config;
    try {
      this.server = (await this.app.start(
        { port: PORT, host: this.options.host ?? "0.0.0.0" },
        SERVER_LIMITS,
      )) as Server;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES") {
        throw new FixableStartupError(`PORT ${PORT} cannot be used (${code}): set PORT to a free port.`);
      }
      throw error;
    }
    this.countClosed = countConnections(this.server, this.requests);
    this.ready = true;
    this.started = true;
    this.options.logger.info({ port: this.port }, "slack listening over HTTP");
  }

  /** Refuses new requests (health 503), finishes those under way, then releases connections. */
  async stop(): Promise<void> {
    this.ready = false;
    if (this.server) {
      await closeGracefully(this.server, () => Promise.allSettled([...this.inFlight]));
      this.countClosed();
      this.options.logger.info({ requests: this.requests }, "slack http server closed");
    } else {
      if (this.mode === "socket" && this.started) await this.app.stop();
      await Promise.allSettled([...this.inFlight]);
    }
    this.warn.flush();
  }

  private tokenRejected(code: string): void {
    if (!this.started || this.fatalReported) return;
    this.fatalReported = true;
    this.ready = false;
    this.options.onFatal?.(`SLACK_BOT_TOKEN was rejected by Slack (${code}): ${BOT_TOKEN_HINT}.`);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    work.finally(() => this.inFlight.delete(work)).catch(() => {});
    return work;
  }
}

function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}
