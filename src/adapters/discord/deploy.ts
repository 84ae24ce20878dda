import { DiscordAPIError, REST, Routes } from "discord.js";
import type { Command } from "../../app/commands";
import { FixableStartupError } from "../../app/errors";
import { discordCommands } from "./discord-commands";

/** Registers the registry's commands with Discord (a bulk overwrite) and says where it put them. */

// Permissions for answering "@bot" messages in channels (View Channel, Send Messages, Embed Links,
// Read Message History). Slash commands themselves need none: Discord delivers the interaction.
export const MESSAGE_PERMISSIONS = 1024n + 2048n + 16384n + 65536n;

export function inviteUrl(appId: string, messageContent: boolean): string {
  const permissions = messageContent ? MESSAGE_PERMISSIONS : 0n;
  return `https://discord.com/oauth2/authorize?client_id=${appId}&scope=bot+applications.commands&permissions=${permissions}`;
}

export interface DeployOptions {
  token: string;
  appId: string;
  guildId?: string | undefined;
  apiUrl?: string | undefined;
  commandName: string;
  commands: readonly Command[];
}

export async function deployCommands(options: DeployOptions): Promise<{ scope: string; names: string[] }> {
  const rest = new REST({ version: "10", ...(options.apiUrl ? { api: options.apiUrl } : {}) }).setToken(
    options.token,
  );
  const body = discordCommands(options.commandName, options.commands);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.appId, options.guildId)
    : Routes.applicationCommands(options.appId);
  let registered: Array<{ name: string }>;
  try {
    registered = (await rest.put(route, { body })) as Array<{ name: string }>;
  } catch (error) {
    throw deployError(error);
  }
  return {
    scope: options.guildId
      ? `server ${options.guildId} (available now)`
      : "all servers (global; may take up to an hour to appear)",
    names: registered.map((c) => c.name),
  };
}

/** What went wrong, naming the variable to fix; anything else is passed on as it is. */
export function deployError(error: unknown): unknown {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) {
      return new FixableStartupError(
        "DISCORD_TOKEN was rejected by Discord (401 Unauthorized): copy the bot token again from the Bot page of your Discord application.",
      );
    }
    if (error.status === 403 || error.status === 404) {
      return new FixableStartupError(
        `Discord refused to register the commands (${error.status}: ${error.message}): check that DISCORD_APP_ID is this bot's Application ID, and DISCORD_GUILD_ID, if set, a server the bot has joined.`,
      );
    }
    return error;
  }
  const reason = networkReason(error);
  if (reason) {
    return new FixableStartupError(
      `Discord could not be reached (${reason}): check the network, or DISCORD_API_URL if set.`,
    );
  }
  return error;
}

/** "getaddrinfo ENOTFOUND discord.com" for a failure to connect, from the error or its cause. */
export function networkReason(error: unknown): string | null {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (
      typeof e.code === "string" &&
      /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)$/.test(
        e.code,
      )
    ) {
      return typeof e.message === "string" && e.message ? e.message : e.code;
    }
  }
  return null;
}
