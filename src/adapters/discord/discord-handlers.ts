import {
  type AutocompleteInteraction,
  type Client,
  Events,
  type Interaction,
  type Message,
  PermissionFlagsBits,
  type RepliableInteraction,
} from "discord.js";
import type { Command } from "../../../commands";
import { notice } from "../../core/reply";
import type { SuggestionIndex } from "../../core/suggestions";
import { errorReply, newReference } from "../../dispatch";
import type { Logger } from "../../logger";
import { parseFeedbackId } from "../feedback";
import type { Responder } from "../responder";
import { registryCommandFor } from "./discord-commands";
import { withFeedbackButtons } from "./feedback";
import { renderDiscord, SUGGESTION_PREFIX, withChart } from "./render";

/**
 * The Discord listeners: slash commands, autocomplete, suggestion buttons and (optionally) @bot
 * messages. They only translate; one boundary per interaction turns any failure into a short
 * ephemeral apology with a reference id, logged with context, and never into a crash.
 */

export interface DiscordHandlerDeps {
  commandName: string;
  commands: readonly Command[];
  responder: Responder;
  suggestions: SuggestionIndex;
  logger: Logger;
  answerMentions: boolean;
  track: <T>(work: Promise<T>) => Promise<T>;
}

const AUTOCOMPLETE_LIMIT = 25;

async function autocomplete(
  interaction: AutocompleteInteraction,
  suggestions: SuggestionIndex,
): Promise<void> {
  const typed = interaction.options.getFocused();
  const choices = suggestions
    .search(typed, AUTOCOMPLETE_LIMIT)
    .map((s) => ({ name: s.question.slice(0, 100), value: s.question.slice(0, 100) }));
  await interaction.respond(choices);
}

async function answer(interaction: Interaction, deps: DiscordHandlerDeps) {
  const userId = interaction.user.id;
  const where = {
    workspace: interaction.guildId,
    channel: interaction.channelId,
    // Discord hides /campaign-report from members without Manage Server (the command's default
    // member permissions); a server can change that, so the permission is checked here too.
    admin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true,
  };
  if (interaction.isChatInputCommand()) {
    const command = registryCommandFor(deps.commandName, deps.commands, interaction.commandName);
    // A command registered by an older deploy: say so rather than leave Discord's "did not respond".
    if (!command) return deps.responder.command(userId, interaction.commandName, "");
    const text = interaction.options.getString("question") ?? "";
    // The question box also takes "help", "topics" and "source", like the other platforms.
    return command.name === "ask"
      ? deps.responder.reply(userId, text, where)
      : deps.responder.command(userId, command.name, text, where);
  }
  if (interaction.isButton() && interaction.customId.startsWith(SUGGESTION_PREFIX)) {
    return deps.responder.reply(userId, interaction.customId.slice(SUGGESTION_PREFIX.length), where);
  }
  return null;
}

async function apologise(interaction: RepliableInteraction, reference: string): Promise<void> {
  const message = renderDiscord(errorReply(reference), true);
  if (interaction.replied || interaction.deferred) await interaction.followUp(message);
  else await interaction.reply(message);
}

export function registerDiscordHandlers(client: Client, deps: DiscordHandlerDeps): void {
  const { logger } = deps;

  client.on(Events.InteractionCreate, (interaction) => {
    const work = (async () => {
      try {
        if (interaction.isAutocomplete()) return await autocomplete(interaction, deps.suggestions);
        const vote = interaction.isButton() ? parseFeedbackId(interaction.customId) : null;
        if (vote && interaction.isButton()) {
          const text = await deps.responder.rate(interaction.user.id, vote.questionId, vote.vote);
          return void (await interaction.reply(renderDiscord(notice(text), true)));
        }
        const reply = await answer(interaction, deps);
        if (!reply || !interaction.isRepliable()) return;
        await interaction.reply(
          withChart(withFeedbackButtons(renderDiscord(reply, reply.visibility === "private"), reply), reply),
        );
      } catch (error) {
        const reference = newReference();
        logger.error(
          {
            err: error,
            reference,
            interactionId: interaction.id,
            type: interaction.type,
            command: interaction.isCommand() ? interaction.commandName : undefined,
            user: interaction.user.id,
          },
          "discord interaction failed",
        );
        if (interaction.isRepliable()) {
          await apologise(interaction, reference).catch((e: unknown) =>
            logger.error({ err: e, reference }, "apology failed"),
          );
        }
      }
    })();
    void deps.track(work);
  });

  if (deps.answerMentions) {
    client.on(Events.MessageCreate, (message: Message) => {
      if (message.author.bot || !client.user || !message.mentions.users.has(client.user.id)) return;
      const work = (async () => {
        try {
          const text = message.content.replace(/<@!?\d+>/g, " ").trim();
          const where = { workspace: message.guildId, channel: message.channelId };
          const reply = await deps.responder.reply(message.author.id, text, where);
          const { embeds, components } = withFeedbackButtons(renderDiscord(reply, false), reply);
          await message.reply({ embeds, components, allowedMentions: { parse: [], repliedUser: false } });
        } catch (error) {
          logger.error(
            { err: error, messageId: message.id, user: message.author.id },
            "discord mention failed",
          );
        }
      })();
      void deps.track(work);
    });
  }
}
