import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  MessageFlags,
} from "discord.js";
import type { CommandReply } from "../../../commands";
import {
  formatCitation,
  type Reply,
  type ReplyFact,
  relatedHeading,
  splitHighlight,
  titleText,
} from "../../core/reply";

/**
 * Reply -> a Discord embed with buttons. Text from users and documents is markdown-escaped, every
 * length stays inside Discord's limits, and mentions never ping (allowed_mentions parses nothing).
 */

export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  total: 6000,
  buttonLabel: 80,
  customId: 100,
};
export const SUGGESTION_PREFIX = "ask:";
const COLOR = {
  answer: 0x2b8a3e,
  closest: 0xf59f00,
  unknown: 0xe8590c,
  info: 0x1c7ed6,
  error: 0xc92a2a,
} as const;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function factText(fact: Pick<ReplyFact, "text" | "highlight">): string {
  const [before, mid, after] = splitHighlight(fact.text, fact.highlight);
  return escapeMarkdown(before) + (mid ? `**${escapeMarkdown(mid)}**` : "") + escapeMarkdown(after);
}

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  flags?: MessageFlags.Ephemeral;
  files?: Array<{ attachment: Buffer; name: string; description: string }>;
}

/** Keeps a whole embed within Discord's 6,000-character total by dropping trailing fields. */
function withinTotal(embed: APIEmbed): APIEmbed {
  const size = (e: APIEmbed) =>
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  const out = { ...embed, fields: [...(embed.fields ?? [])] };
  while (size(out) > LIMITS.total && out.fields.length > 0) out.fields.pop();
  if (size(out) > LIMITS.total && out.description) {
    out.description = clip(out.description, Math.max(1, LIMITS.total - size({ ...out, description: "" })));
  }
  return out;
}

export function renderDiscord(reply: Reply, ephemeral: boolean): DiscordMessage {
  const embed: APIEmbed = {};
  const fields: NonNullable<APIEmbed["fields"]> = [];
  const title = titleText(reply);
  if (title) embed.title = clip(escapeMarkdown(title), LIMITS.title);
  if (reply.answer) {
    embed.color = COLOR.answer;
    embed.description = clip(factText(reply.answer), LIMITS.description);
    embed.footer = { text: clip(`Source: ${formatCitation(reply.answer.citation)}`, LIMITS.footer) };
  } else if (reply.passage) {
    embed.color = COLOR.closest;
    embed.description = clip(
      `*${escapeMarkdown(reply.text)}*\n> ${factText(reply.passage)}`,
      LIMITS.description,
    );
    embed.footer = { text: clip(`Source: ${formatCitation(reply.passage.citation)}`, LIMITS.footer) };
  } else {
    embed.color =
      reply.kind === "unknown" ? COLOR.unknown : reply.kind === "error" ? COLOR.error : COLOR.info;
    embed.description = clip(escapeMarkdown(reply.text), LIMITS.description);
  }
  if (reply.related?.length) {
    fields.push({
      name: relatedHeading(reply),
      value: clip(reply.related.map((r) => `• ${factText(r)}`).join("\n"), LIMITS.fieldValue),
    });
  }
  for (const s of reply.sections ?? []) {
    fields.push({
      name: clip(escapeMarkdown(s.heading), LIMITS.fieldName),
      value: clip(s.lines.map((l) => `• ${escapeMarkdown(l)}`).join("\n") || "—", LIMITS.fieldValue),
    });
  }
  if (fields.length) embed.fields = fields.slice(0, LIMITS.fields);
  const buttons: APIButtonComponent[] = (reply.suggestions ?? [])
    .map((q) => `${SUGGESTION_PREFIX}${q}`)
    .filter((id) => id.length <= LIMITS.customId)
    .slice(0, 5)
    .map((customId) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: customId,
      label: clip(customId.slice(SUGGESTION_PREFIX.length), LIMITS.buttonLabel),
    }));
  return {
    embeds: [withinTotal(embed)],
    components: buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowedMentions: { parse: [] },
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** A reply's chart goes with the message as a PNG file, shown as the embed's image. */
export function withChart(message: DiscordMessage, reply: CommandReply): DiscordMessage {
  if (!reply.chart) return message;
  const { name, png, alt } = reply.chart;
  const [first, ...rest] = message.embeds;
  return {
    ...message,
    embeds: [{ ...first, image: { url: `attachment://${name}` } }, ...rest],
    files: [{ attachment: Buffer.from(png), name, description: alt }],
  };
}
