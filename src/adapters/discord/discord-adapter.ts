import { Client, Events, GatewayCloseCodes, GatewayIntentBits, Partials } from "discord.js";
import { FixableStartupError } from "../../app/errors";
import type { BotApp } from "../../app/pipeline";
import { type Deduper, MemoryDeduper } from "../../dedupe";
import type { Logger } from "../../logger";
import type { Adapter } from "../adapter";
import type { DiscordConfig } from "./config";
import { networkReason } from "./deploy";
import { registerDiscordHandlers } from "./discord-handlers";
import { InteractionWindows } from "./interaction-window";

/**
 * Discord through discord.js: a gateway Client with only the intents the configuration needs. REST
 * calls are bounded (a timeout, one retry, no waiting out a rate limit past an interaction's
 * window); a gateway close that discord.js will not recover from (4004: the token was rejected) is
 * fatal, at start-up or later.
 */

// Close codes after which discord.js stops reconnecting: only a person can fix these.
const FATAL_CLOSE_CODES: Record<number, string> = {
  [GatewayCloseCodes.AuthenticationFailed]:
    "DISCORD_TOKEN was rejected by Discord (gateway close 4004): copy the bot token again from the Bot page of your Discord application.",
  [GatewayCloseCodes.InvalidIntents]: "Discord refused the gateway intents (close 4013); please report this.",
  [GatewayCloseCodes.DisallowedIntents]:
    "DISCORD_MESSAGE_CONTENT=true needs the Message Content intent (gateway close 4014): enable it on the Bot page, or set DISCORD_MESSAGE_CONTENT=false.",
  [GatewayCloseCodes.InvalidShard]: "Discord refused the shard (gateway close 4010); please report this.",
  [GatewayCloseCodes.ShardingRequired]: "Discord requires sharding (gateway close 4011); please report this.",
  [GatewayCloseCodes.InvalidAPIVersion]:
    "Discord refused the API version (gateway close 4012); please report this.",
};

export type { DiscordConfig } from "./config";

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  app: BotApp;
  logger: Logger;
  now?: () => number;
  readyTimeoutMs?: number;
  deduper?: Deduper;
  /** defer an interaction whose answer is not ready within this long (default about 2 s) */
  deferAfterMs?: number;
  /** called once when Discord ends the session for good after start-up: the process should stop */
  onFatal?: (message: string) => void;
}

export class DiscordAdapter implements Adapter {
  readonly name = "discord";
  readonly client: Client;
  private readonly inFlight = new Set<Promise<unknown>>();
  private started = false;
  private fatalReported = false;
  private failStart: ((error: Error) => void) | null = null;

  constructor(private readonly options: DiscordAdapterOptions) {
    const { config, logger } = options;
    const intents = [GatewayIntentBits.Guilds];
    // Message content is a privileged intent: requested only when the owner opted in.
    if (config.DISCORD_MESSAGE_CONTENT) {
      intents.push(
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.MessageContent,
        GatewayIntentBits.DirectMessages,
      );
    }
    const windows = new InteractionWindows(options.now);
    this.client = new Client({
      intents,
      // Direct-message channels are not cached until used; without this, DMs would be dropped.
      partials: config.DISCORD_MESSAGE_CONTENT ? [Partials.Channel] : [],
      allowedMentions: { parse: [] },
      // discord.js's own sharding, in this process: "auto" asks Discord (GET /gateway/bot) how many.
      ...(config.DISCORD_SHARDS === "auto"
        ? { shards: "auto" as const }
        : config.DISCORD_SHARDS
          ? { shardCount: config.DISCORD_SHARDS }
          : {}),
      rest: {
        ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
        timeout: 5_000,
        retries: 1,
        rejectOnRateLimit: windows.rejectRateLimited,
      },
    });
    this.client.on(Events.ShardDisconnect, ({ code }) => {
      const message = FATAL_CLOSE_CODES[code];
      if (message) this.fatal(message);
    });
    this.client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
    this.client.on(Events.ShardError, (error) => logger.error({ err: error }, "discord gateway error"));
    this.client.on(Events.Warn, (message) => logger.warn({ component: "discord.js" }, message));
    registerDiscordHandlers(this.client, {
      app: options.app,
      logger,
      answerMentions: config.DISCORD_MESSAGE_CONTENT,
      track: (work) => this.track(work),
      deduper: options.deduper ?? new MemoryDeduper(options.now ? { now: options.now } : {}),
      arrived: (id) => windows.arrive(id),
      privateAnswers: config.DISCORD_REPLY_VISIBILITY === "ephemeral",
      ...(options.deferAfterMs ? { deferAfterMs: options.deferAfterMs } : {}),
    });
  }

  async start(): Promise<void> {
    const token = this.options.config.DISCORD_TOKEN;
    if (!token) throw new Error("DiscordAdapter needs DISCORD_TOKEN");
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new FixableStartupError(
              "Discord did not become ready within 30 s: check the network, or DISCORD_API_URL if set.",
            ),
          ),
        this.options.readyTimeoutMs ?? 30_000,
      );
      this.failStart = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.client.once(Events.ClientReady, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    ready.catch(() => {});
    const login = this.client.login(token).catch((error: unknown) => {
      if ((error as { code?: string }).code === "TokenInvalid") {
        throw new FixableStartupError(
          "DISCORD_TOKEN was rejected by Discord: copy the bot token again from the Bot page.",
        );
      }
      const reason = networkReason(error);
      if (reason) {
        throw new FixableStartupError(
          `Discord could not be reached (${reason}): check the network, or DISCORD_API_URL if set.`,
        );
      }
      throw error;
    });
    // A fatal gateway close (4004) may come while login is still waiting: whichever ends first.
    await Promise.race([login.then(() => ready), ready]);
    this.failStart = null;
    this.started = true;
    this.options.logger.info({ user: this.client.user?.tag }, "discord connected");
  }

  pending(): number {
    return this.inFlight.size;
  }

  private fatal(message: string): void {
    if (this.failStart) {
      this.failStart(new FixableStartupError(message));
      return;
    }
    if (!this.started || this.fatalReported) return;
    this.fatalReported = true;
    this.options.onFatal?.(message);
  }

  async stop(): Promise<void> {
    // Answers already under way finish before the gateway closes.
    await Promise.allSettled([...this.inFlight]);
    await this.client.destroy();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    work.finally(() => this.inFlight.delete(work)).catch(() => {});
    return work;
  }
}
