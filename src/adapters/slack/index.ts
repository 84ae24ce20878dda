import type { AdapterModule } from "../adapter";
import { slackConfig } from "./config";

export const slack: AdapterModule<typeof slackConfig.schema.shape> = {
  name: "slack",
  config: slackConfig,
  enabled: (config) => config.SLACK_BOT_TOKEN !== undefined,
  async create({ config, app, logger, onFatal }) {
    // Bolt takes about a second to import: only when Slack is configured.
    const { SlackAdapter } = await import("./slack-adapter");
    return new SlackAdapter({ config, app, logger, onFatal });
  },
};
