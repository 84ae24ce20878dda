import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { Command } from "../../app/commands";

/**
 * The registry as Discord application commands. `/campaign question:` is the ask command (Discord
 * does not allow a top-level option beside subcommands), and the others are siblings,
 * `/campaign-topics`, `/campaign-source`, `/campaign-help`, which sort together in the command picker.
 */

export function discordCommandName(commandName: string, command: Command): string {
  return command.freeText ? commandName : `${commandName}-${command.name}`;
}

export function discordCommands(
  commandName: string,
  commands: readonly Command[],
): RESTPutAPIApplicationCommandsJSONBody {
  return commands.map((command) => ({
    name: discordCommandName(commandName, command),
    description: command.description.slice(0, 100),
    // Teacher-only commands (the report): shown only to members with Manage Server, and not in DMs,
    // where nobody manages a server. Server admins can still widen this in their settings.
    ...(command.access === "teacher"
      ? { default_member_permissions: PermissionFlagsBits.ManageGuild.toString(), dm_permission: false }
      : { dm_permission: true }),
    options: command.options.map((o) => ({
      type: ApplicationCommandOptionType.String as const,
      name: o.name,
      description: o.description.slice(0, 100),
      required: o.required,
      ...(o.maxLength ? { max_length: o.maxLength } : {}),
      ...(o.autocomplete ? { autocomplete: true } : {}),
    })),
  }));
}

/** Which registry command a Discord command name stands for, if any. */
export function registryCommandFor(
  commandName: string,
  commands: readonly Command[],
  name: string,
): Command | undefined {
  return commands.find((c) => discordCommandName(commandName, c) === name);
}
