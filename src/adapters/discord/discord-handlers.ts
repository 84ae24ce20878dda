import {
  type AutocompleteInteraction,
  type Client,
  Events,
  type Interaction,
  type Message,
  MessageFlags,
  PermissionFlagsBits,
  RateLimitError,
  type RepliableInteraction,
} from "discord.js";
import type { Command, CommandReply } from "../../../commands";
import { notice } from "../../core/reply";
import type { SuggestionIndex } from "../../core/suggestions";
import type { Deduper } from "../../dedupe";
import { errorReply, newReference } from "../../dispatch";
import type { Logger } from "../../logger";
import { parseFeedbackId } from "../feedback";
import type { Responder } from "../responder";
import { staleButtonReply } from "../stale-button";
import { answerInTime } from "./answer-in-time";
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
  /** the suggestions for a channel's documents; null where it has none */
  suggestions: (channel: string | undefined) => SuggestionIndex | null;
  logger: Logger;
  answerMentions: boolean;
  track: <T>(work: Promise<T>) => Promise<T>;
  /** answers each interaction once, even if the gateway delivers it again */
  deduper: Deduper;
  /** notes when each interaction arrived, for its callback window */
  arrived: (interactionId: string) => void;
  /** defer when the answer is not ready within this long (default about 2 s) */
  deferAfterMs?: number;
  /** deferred replies are private when answers are (DISCORD_REPLY_VISIBILITY=ephemeral) */
  privateAnswers: boolean;
}

const AUTOCOMPLETE_LIMIT = 25;

async function autocomplete(
  interaction: AutocompleteInteraction,
  suggestionsFor: DiscordHandlerDeps["suggestions"],
): Promise<void> {
  const typed = interaction.options.getFocused();
  const choices = (
    suggestionsFor(interaction.channelId ?? undefined)?.search(typed, AUTOCOMPLETE_LIMIT) ?? []
  ).map((s) => ({ name: s.question.slice(0, 100), value: s.question.slice(0, 100) }));
  await interaction.respond(choices);
}

async function answer(interaction: Interaction, deps: DiscordHandlerDeps): Promise<CommandReply | null> {
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
  if (interaction.isButton()) {
    if (interaction.customId.startsWith(SUGGESTION_PREFIX)) {
      return deps.responder.reply(userId, interaction.customId.slice(SUGGESTION_PREFIX.length), where);
    }
    deps.logger.info(
      { customId: interaction.customId.slice(0, 100), user: userId },
      "unknown Discord button",
    );
    return staleButtonReply(deps.commandName);
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
    deps.arrived(interaction.id);
    const work = (async () => {
      try {
        if (!(await deps.deduper.claim(`discord:${interaction.id}`))) {
          logger.info({ interactionId: interaction.id }, "duplicate Discord interaction ignored");
          return;
        }
        if (interaction.isAutocomplete()) return await autocomplete(interaction, deps.suggestions);
        if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
        const vote = interaction.isButton() ? parseFeedbackId(interaction.customId) : null;
        if (vote && interaction.isButton()) {
          const text = await deps.responder.rate(interaction.user.id, vote.questionId, vote.vote);
          return void (await interaction.reply(renderDiscord(notice(text), true)));
        }
        const message = answer(interaction, deps).then((found) => {
          const reply = found ?? staleButtonReply(deps.commandName);
          return withChart(
            withFeedbackButtons(renderDiscord(reply, reply.visibility === "private"), reply),
            reply,
          );
        });
        await answerInTime(
          {
            reply: (m) => interaction.reply(m),
            deferReply: ({ ephemeral }) =>
              interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
            editReply: ({ flags: _flags, ...m }) => interaction.editReply(m),
          },
          message,
          {
            ephemeral: deps.privateAnswers,
            ...(deps.deferAfterMs ? { deferAfterMs: deps.deferAfterMs } : {}),
          },
        );
      } catch (error) {
        if (error instanceof RateLimitError) {
          // The callback window passed while rate-limited: Discord would refuse any answer now.
          logger.warn(
            { interactionId: interaction.id, retryAfterMs: error.retryAfter, route: error.route },
            "Discord interaction not answered: rate-limited past its 3-second window",
          );
          return;
        }
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
