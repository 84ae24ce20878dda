import { z } from "zod";
import {
  type ConfigSection,
  intInRange,
  optionalString,
  prefixedToken,
  urlString,
} from "../../config-fields";

/** Slack's variables: SLACK_BOT_TOKEN starts the adapter. */

const schema = z.object({
  SLACK_BOT_TOKEN: prefixedToken("xoxb-"),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: prefixedToken("xapp-"),
  PORT: intInRange(0, 65535, 3000),
  SLACK_API_URL: urlString.transform((v) => (v === undefined ? undefined : v.endsWith("/") ? v : `${v}/`)),
  SLACK_REPLY_VISIBILITY: z.enum(["in_channel", "ephemeral"]).default("in_channel"),
  ADMIN_USER_IDS: optionalString.transform((v) =>
    (v ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  ),
});

const hints = {
  SLACK_BOT_TOKEN: "copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page",
  SLACK_APP_TOKEN: "create an app-level token with connections:write under Basic Information",
  SLACK_SIGNING_SECRET: "copy the Signing Secret from your Slack app's Basic Information page",
  SLACK_REPLY_VISIBILITY: "use in_channel (everyone sees answers) or ephemeral (only the asker)",
  SLACK_API_URL: "the Web API base URL, e.g. https://slack.com/api/",
  PORT: "the HTTP port for Slack's requests, e.g. 3000",
  ADMIN_USER_IDS:
    "comma-separated Slack user ids of teachers (report, page, teach, forget), e.g. U012AB3CD,U045EF6GH",
};

export const slackConfig: ConfigSection<typeof schema.shape> = {
  schema,
  secrets: ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"],
  hints,
  check(c) {
    const problems: string[] = [];
    if ((c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) && !c.SLACK_BOT_TOKEN) {
      problems.push(
        `SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set; ${hints.SLACK_BOT_TOKEN}`,
      );
    }
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
      problems.push(
        `SLACK_SIGNING_SECRET: required for Slack's HTTP mode (or set SLACK_APP_TOKEN for Socket Mode); ${hints.SLACK_SIGNING_SECRET}`,
      );
    }
    return problems;
  },
};

/** What the Slack adapter reads: its own section and the shared settings it needs. */
type Section = z.infer<typeof schema>;
export type SlackConfig = Omit<Section, "ADMIN_USER_IDS"> &
  Partial<Pick<Section, "ADMIN_USER_IDS">> & { COMMAND_NAME: string };
