import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  MessageFlags,
} from "discord.js";
import {
  type ControlView,
  controlId,
  type PassageView,
  parseControlId,
  type ReplyLayout,
  splitHighlight,
} from "../../app/layout";

/**
 * A reply's layout -> a Discord embed with buttons. Text from users and documents is markdown-escaped, every
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

function factText(fact: Pick<PassageView, "text" | "highlight">): string {
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

const MAX_ROWS = 5;
const ROW_SIZE = 5;

/** A row of buttons; a control whose id would pass Discord's 100 characters is left out. */
function row(list: ControlView[]): APIActionRowComponent<APIButtonComponent> | null {
  const buttons: APIButtonComponent[] = list
    .map((control) => ({ control, id: customId(control) }))
    .filter(({ id }) => id.length <= LIMITS.customId)
    .slice(0, ROW_SIZE)
    .map(({ control, id }) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: id,
      ...(control.emoji
        ? { emoji: { name: control.label } }
        : { label: clip(control.label, LIMITS.buttonLabel) }),
    }));
  return buttons.length ? { type: ComponentType.ActionRow, components: buttons } : null;
}

/** A passage the user can mark, with its number, which its button names: "(2) text". */
function numbered(p: PassageView): string {
  return p.number ? `(${p.number}) ${factText(p)}` : factText(p);
}

export function renderDiscord(layout: ReplyLayout, ephemeral: boolean): DiscordMessage {
  const embed: APIEmbed = {};
  const fields: NonNullable<APIEmbed["fields"]> = [];
  if (layout.title) embed.title = clip(escapeMarkdown(layout.title), LIMITS.title);
  const main = layout.main;
  if (main) {
    embed.color = layout.lead ? COLOR.closest : COLOR.answer;
    embed.description = clip(
      layout.lead ? `*${escapeMarkdown(layout.lead)}*\n> ${numbered(main)}` : factText(main),
      LIMITS.description,
    );
    embed.footer = { text: clip(`Source: ${main.citation}`, LIMITS.footer) };
  } else {
    embed.color =
      layout.kind === "unknown" ? COLOR.unknown : layout.kind === "error" ? COLOR.error : COLOR.info;
    embed.description = clip(escapeMarkdown(layout.text), LIMITS.description);
  }
  if (layout.others) {
    fields.push({
      name: layout.others.heading,
      value: clip(
        layout.others.passages.map((r) => (r.number ? numbered(r) : `• ${factText(r)}`)).join("\n"),
        LIMITS.fieldValue,
      ),
    });
  }
  for (const s of layout.sections) {
    fields.push({
      name: clip(escapeMarkdown(s.heading), LIMITS.fieldName),
      value: clip(s.lines.map((l) => `• ${escapeMarkdown(l)}`).join("\n") || "—", LIMITS.fieldValue),
    });
  }
  if (fields.length) embed.fields = fields.slice(0, LIMITS.fields);
  // Suggestions first, then the passages' own controls (one button each, labelled with the
  // passage's number, five to a row), then 👍 / 👎: at most five rows.
  const offered = [main, ...(layout.others?.passages ?? [])].flatMap((p) =>
    (p?.controls ?? []).map((c) => (p?.number ? { ...c, label: `${c.label} (${p.number})` } : c)),
  );
  const passageRows: ControlView[][] = [];
  for (let i = 0; i < offered.length; i += ROW_SIZE) passageRows.push(offered.slice(i, i + ROW_SIZE));
  const rows = [
    row(layout.suggestions?.controls ?? []),
    ...passageRows.map(row),
    row(layout.feedback),
  ].filter((r) => r !== null);
  const feedback = rows.length > MAX_ROWS && layout.feedback.length ? [rows[rows.length - 1]] : [];
  return {
    embeds: [withinTotal(withChart(embed, layout))],
    components: [...rows.slice(0, MAX_ROWS - feedback.length), ...feedback].filter((r) => r !== undefined),
    allowedMentions: { parse: [] },
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...(layout.chart
      ? {
          files: [
            {
              attachment: Buffer.from(layout.chart.png),
              name: layout.chart.name,
              description: layout.chart.alt,
            },
          ],
        }
      : {}),
  };
}

/** A reply's chart goes with the message as a PNG file, shown as the embed's image. */
function withChart(embed: APIEmbed, layout: ReplyLayout): APIEmbed {
  return layout.chart ? { ...embed, image: { url: `attachment://${layout.chart.name}` } } : embed;
}

/**
 * Discord's side of the control table: a button's custom_id is "name:payload" (at most 100
 * characters; the renderer leaves out a control that would not fit), and one branch routes every
 * click through `parseCustomId`. The ids of older messages ("ask:…", "feedback:good:…") are the same.
 */

export const customId = (control: ControlView): string => controlId(control);

export const parseCustomId = parseControlId;
