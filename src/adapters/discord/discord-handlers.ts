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
import { errorReply, newReference } from "../../app/errors";
import { buildLayout, type ReplyLayout } from "../../app/layout";
import type { BotApp, Incoming } from "../../app/pipeline";
import type { Deduper } from "../../dedupe";
import type { Logger } from "../../logger";
import { answerInTime } from "./answer-in-time";
import { registryCommandFor } from "./discord-commands";
import { parseCustomId, renderDiscord } from "./render";

/**
 * The Discord listeners: slash commands, autocomplete, buttons (one branch, through the app's
 * control table) and, optionally, @bot messages. They only translate; the app answers its own
 * errors, and a failure to send becomes a short ephemeral apology with a reference id, logged with
 * context, never a crash.
 */

export interface DiscordHandlerDeps {
  app: BotApp;
  logger: Logger;
  answerMentions: boolean;
  track: <T>(work: Promise<T>) => Promise<T>;
  /** answers each interaction once, even if the gateway delivers it again */
  deduper: Deduper;
  /** notes when each interaction arrived, for its callback window */
  arrived: (interactionId: string) => void;
  /** defer when the answer is not ready within this long (default about 2 s) */
  deferAfterMs?: number;
  /** answers are private too (DISCORD_REPLY_VISIBILITY=ephemeral) */
  privateAnswers: boolean;
}

const AUTOCOMPLETE_LIMIT = 25;

async function autocomplete(interaction: AutocompleteInteraction, app: BotApp): Promise<void> {
  const typed = interaction.options.getFocused();
  const choices = app
    .suggest(interaction.channelId ?? undefined, typed, AUTOCOMPLETE_LIMIT)
    .map((q) => ({ name: q.slice(0, 100), value: q.slice(0, 100) }));
  await interaction.respond(choices);
}

function from(interaction: Interaction): Incoming {
  return {
    platform: "discord",
    user: interaction.user.id,
    workspace: interaction.guildId,
    channel: interaction.channelId,
    // Discord hides /campaign-report from members without Manage Server (the command's default
    // member permissions); a server can change that, so the permission is checked here too.
    teacher: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true,
    teacherHint: "it needs the Manage Server permission",
  };
}

async function answer(interaction: Interaction, deps: DiscordHandlerDeps): Promise<ReplyLayout | null> {
  const { app } = deps;
  if (interaction.isChatInputCommand()) {
    const command = registryCommandFor(app.commandName, app.commands, interaction.commandName);
    // A command registered by an older deploy: say so rather than leave Discord's "did not respond".
    if (!command) return app.command(from(interaction), interaction.commandName, "");
    // The question box also takes "help", "topics" and "source", like the other platforms.
    if (command.freeText) return app.text(from(interaction), interaction.options.getString("question") ?? "");
    const values = Object.fromEntries(
      command.options.map((o) => [o.name, interaction.options.getString(o.name) ?? ""]),
    );
    const text = command.fromOptions?.(values) ?? Object.values(values).join(" ");
    return app.command(from(interaction), command.name, text);
  }
  if (interaction.isButton()) {
    const { name, payload } = parseCustomId(interaction.customId);
    return app.control(from(interaction), name, payload);
  }
  return null;
}

async function apologise(interaction: RepliableInteraction, reference: string): Promise<void> {
  const message = renderDiscord(buildLayout(errorReply(reference)), true);
  if (interaction.replied || interaction.deferred) await interaction.followUp(message);
  else await interaction.reply(message);
}

export function registerDiscordHandlers(client: Client, deps: DiscordHandlerDeps): void {
  const { logger, app } = deps;
  const visible = (layout: ReplyLayout) =>
    deps.privateAnswers ? { ...layout, visibility: "private" as const } : layout;

  client.on(Events.InteractionCreate, (interaction) => {
    deps.arrived(interaction.id);
    const work = (async () => {
      try {
        if (!(await deps.deduper.claim(`discord:${interaction.id}`))) {
          logger.info({ interactionId: interaction.id }, "duplicate Discord interaction ignored");
          return;
        }
        if (interaction.isAutocomplete()) return await autocomplete(interaction, app);
        if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
        const message = answer(interaction, deps).then((found) => {
          const layout = visible(found as ReplyLayout);
          return renderDiscord(layout, layout.visibility === "private");
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
            user: app.userKey("discord", interaction.user.id),
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
          const layout = await app.text(
            {
              platform: "discord",
              user: message.author.id,
              workspace: message.guildId,
              channel: message.channelId,
            },
            text,
          );
          const { embeds, components } = renderDiscord(layout, false);
          await message.reply({ embeds, components, allowedMentions: { parse: [], repliedUser: false } });
        } catch (error) {
          logger.error(
            { err: error, messageId: message.id, user: app.userKey("discord", message.author.id) },
            "discord mention failed",
          );
        }
      })();
      void deps.track(work);
    });
  }
}
