import type { AdapterModule } from "../adapter";
import { discordConfig } from "./config";

export const discord: AdapterModule<typeof discordConfig.schema.shape> = {
  name: "discord",
  config: discordConfig,
  enabled: (config) => config.DISCORD_TOKEN !== undefined,
  async create({ config, app, logger, onFatal }) {
    // discord.js takes about a second to import: only when Discord is configured.
    const { DiscordAdapter } = await import("./discord-adapter");
    return new DiscordAdapter({ config, app, logger, onFatal });
  },
};
