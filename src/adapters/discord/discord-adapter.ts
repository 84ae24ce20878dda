import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { type CommandContext, commands } from "../../../commands";
import type { Config } from "../../config";
import type { Logger } from "../../logger";
import { FixableStartupError } from "../../startup";
import type { Adapter } from "../adapter";
import { createResponder } from "../responder";
import { registerDiscordHandlers } from "./discord-handlers";

/** Discord through discord.js: a gateway Client with only the intents the configuration needs. */

export type DiscordConfig = Pick<
  Config,
  | "DISCORD_TOKEN"
  | "DISCORD_API_URL"
  | "DISCORD_REPLY_VISIBILITY"
  | "DISCORD_MESSAGE_CONTENT"
  | "RATE_LIMIT_MAX"
  | "RATE_LIMIT_WINDOW_SECONDS"
  | "COMMAND_NAME"
> &
  Partial<Pick<Config, "DISCORD_SHARDS">>;

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  context: CommandContext;
  logger: Logger;
  now?: () => number;
  readyTimeoutMs?: number;
}

export class DiscordAdapter implements Adapter {
  readonly name = "discord";
  readonly client: Client;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: DiscordAdapterOptions) {
    const { config, logger, context } = options;
    const intents = [GatewayIntentBits.Guilds];
    // Message content is a privileged intent: requested only when the owner opted in.
    if (config.DISCORD_MESSAGE_CONTENT) {
      intents.push(
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.MessageContent,
        GatewayIntentBits.DirectMessages,
      );
    }
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
      ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
    });
    this.client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
    this.client.on(Events.ShardError, (error) => logger.error({ err: error }, "discord gateway error"));
    this.client.on(Events.Warn, (message) => logger.warn({ component: "discord.js" }, message));
    registerDiscordHandlers(this.client, {
      commandName: config.COMMAND_NAME,
      commands,
      suggestions: context.index.suggestions,
      logger,
      answerMentions: config.DISCORD_MESSAGE_CONTENT,
      track: (work) => this.track(work),
      responder: createResponder({
        context,
        platform: "discord",
        rateLimit: { max: config.RATE_LIMIT_MAX, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
        privateAnswers: config.DISCORD_REPLY_VISIBILITY === "ephemeral",
        ...(options.now ? { now: options.now } : {}),
      }),
    });
  }

  async start(): Promise<void> {
    const token = this.options.config.DISCORD_TOKEN;
    if (!token) throw new Error("DiscordAdapter needs DISCORD_TOKEN");
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("Discord did not become ready in time")),
        this.options.readyTimeoutMs ?? 30_000,
      );
      this.client.once(Events.ClientReady, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await this.client.login(token);
    } catch (error) {
      if ((error as { code?: string }).code === "TokenInvalid") {
        throw new FixableStartupError(
          "DISCORD_TOKEN was rejected by Discord: copy the bot token again from the Bot page.",
        );
      }
      throw error;
    }
    await ready;
    this.options.logger.info({ user: this.client.user?.tag }, "discord connected");
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
