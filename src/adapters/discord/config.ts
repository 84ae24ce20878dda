import { z } from "zod";
import { booleanFlag, type ConfigSection, optionalString, urlString } from "../../config-fields";

/** Discord's variables: DISCORD_TOKEN starts the adapter. */

const snowflake = optionalString.refine((v) => v === undefined || /^\d{15,21}$/.test(v), {
  message: "must be a Discord id (15-21 digits)",
});

const schema = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: urlString.transform((v) => v?.replace(/\/+$/, "")),
  DISCORD_REPLY_VISIBILITY: z.enum(["public", "ephemeral"]).default("public"),
  DISCORD_MESSAGE_CONTENT: booleanFlag,
  /** unset: one shard; "auto": as many as Discord recommends; a number: that many */
  DISCORD_SHARDS: optionalString
    .refine((v) => v === undefined || /^(auto|[1-9]\d{0,3})$/.test(v), {
      message: 'must be "auto" or a whole number of shards from 1 to 9999',
    })
    .transform((v) => (v === undefined || v === "auto" ? v : Number(v))),
});

export const discordConfig: ConfigSection<typeof schema.shape> = {
  schema,
  secrets: ["DISCORD_TOKEN"],
  hints: {
    DISCORD_TOKEN: "copy the bot token from the Bot page of your Discord application",
    DISCORD_APP_ID: "copy the Application ID from the General Information page",
    DISCORD_GUILD_ID: "right-click your server with Developer Mode on and choose Copy Server ID",
    DISCORD_API_URL: "the REST base URL, e.g. https://discord.com/api",
    DISCORD_REPLY_VISIBILITY: "use public (everyone sees answers) or ephemeral (only the asker)",
    DISCORD_MESSAGE_CONTENT:
      "use true or false; true needs the Message Content intent enabled on the Bot page",
    DISCORD_SHARDS: "use auto (Discord's recommended count, needed past 2,500 servers) or a number, e.g. 2",
  },
};

/** What the Discord adapter reads: its own section and the shared settings it needs. */
export type DiscordConfig = Omit<
  z.infer<typeof schema>,
  "DISCORD_APP_ID" | "DISCORD_GUILD_ID" | "DISCORD_SHARDS"
> &
  Partial<Pick<z.infer<typeof schema>, "DISCORD_APP_ID" | "DISCORD_GUILD_ID" | "DISCORD_SHARDS">> & {
    COMMAND_NAME: string;
  };
