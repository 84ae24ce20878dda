import type { Command } from "../../app/commands";

/**
 * The Slack app manifest, generated from the command registry: one slash command (the others are
 * reached as `/campaign help|topics|source`), the events and the scopes the bot needs, no more.
 */

export const BOT_SCOPES = [
  "commands", // the slash command
  "app_mentions:read", // @bot questions in channels
  "chat:write", // answering mentions, DMs and suggestion clicks
  "im:history", // receiving direct messages (message.im)
] as const;

export function slackManifest(options: {
  commandName: string;
  commands: readonly Command[];
  requestUrl?: string;
}) {
  const { commandName, commands, requestUrl } = options;
  const ask = commands.find((c) => c.freeText);
  const others = commands.filter((c) => !c.freeText).map((c) => c.name);
  const socketMode = requestUrl === undefined;
  const url = requestUrl ? { url: requestUrl } : {};
  return {
    display_information: {
      name: `${commandName.charAt(0).toUpperCase()}${commandName.slice(1)} Bot`,
      description: "Answers questions about your documents, with sources.",
      background_color: "#2c2d30",
    },
    features: {
      app_home: {
        home_tab_enabled: false,
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: false,
      },
      bot_user: { display_name: commandName, always_online: true },
      slash_commands: [
        {
          command: `/${commandName}`,
          description: ask?.description ?? "Ask a question",
          usage_hint: `[question] or ${others.join(" | ")}`,
          should_escape: false,
          ...url,
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: {
        ...(requestUrl ? { request_url: requestUrl } : {}),
        bot_events: ["app_mention", "message.im"],
      },
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: socketMode,
      token_rotation_enabled: false,
    },
  };
}
