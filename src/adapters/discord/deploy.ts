import { REST, Routes } from "discord.js";
import type { Command } from "../../../commands";
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
  const registered = (await rest.put(route, { body })) as Array<{ name: string }>;
  return {
    scope: options.guildId
      ? `server ${options.guildId} (available now)`
      : "all servers (global; may take up to an hour to appear)",
    names: registered.map((c) => c.name),
  };
}
