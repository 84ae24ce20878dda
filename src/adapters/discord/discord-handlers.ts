import {
  type AutocompleteInteraction,
  type Client,
  Events,
  type Interaction,
  type Message,
  MessageFlags,
  RateLimitError,
  type RepliableInteraction,
} from "discord.js";
import type { Command } from "../../../commands";
import type { Reply } from "../../core/reply";
import type { SuggestionIndex } from "../../core/suggestions";
import type { Deduper } from "../../dedupe";
import { errorReply, newReference } from "../../dispatch";
import type { Logger } from "../../logger";
import type { Responder } from "../responder";
import { staleButtonReply } from "../stale-button";
import { answerInTime } from "./answer-in-time";
import { registryCommandFor } from "./discord-commands";
import { renderDiscord, SUGGESTION_PREFIX } from "./render";

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
  suggestions: SuggestionIndex,
): Promise<void> {
  const typed = interaction.options.getFocused();
  const choices = suggestions
    .search(typed, AUTOCOMPLETE_LIMIT)
    .map((s) => ({ name: s.question.slice(0, 100), value: s.question.slice(0, 100) }));
  await interaction.respond(choices);
}

function answer(interaction: Interaction, deps: DiscordHandlerDeps): Reply | null {
  const userId = interaction.user.id;
  if (interaction.isChatInputCommand()) {
    const command = registryCommandFor(deps.commandName, deps.commands, interaction.commandName);
    // A command registered by an older deploy: say so rather than leave Discord's "did not respond".
    if (!command) return deps.responder.command(userId, interaction.commandName, "");
    const text = interaction.options.getString("question") ?? "";
    // The question box also takes "help", "topics" and "source", like the other platforms.
    return command.name === "ask"
      ? deps.responder.reply(userId, text)
      : deps.responder.command(userId, command.name, text);
  }
  if (interaction.isButton()) {
    if (interaction.customId.startsWith(SUGGESTION_PREFIX)) {
      return deps.responder.reply(userId, interaction.customId.slice(SUGGESTION_PREFIX.length));
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
        const message = Promise.resolve().then(() => {
          const reply = answer(interaction, deps) ?? staleButtonReply(deps.commandName);
          return renderDiscord(reply, reply.visibility === "private");
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
          const reply = deps.responder.reply(message.author.id, text);
          const { embeds, components } = renderDiscord(reply, false);
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
