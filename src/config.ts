import { z } from "zod";

/**
 * All configuration, parsed once at start-up from the environment. Nothing else reads process.env.
 * Every error names the variable and says how to fix it.
 */

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

// zod's own string booleans: true/false, 1/0, yes/no, on/off (any case).
const booleanFlag = z.stringbool({ error: "must be true or false" }).default(false);

// zod's own coercion from the environment's strings, with the range in the message.
const intInRange = (min: number, max: number, fallback: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
};

/** "C0123=class-a,shared;987654321098765432=class-b": channel ids to subfolders of DATA_DIR. */
const channelDocuments = optionalString.transform((v, ctx) => {
  const map: Record<string, string[]> = {};
  for (const entry of (v ?? "").split(/[;\s]+/).filter(Boolean)) {
    const m = /^([A-Za-z0-9_-]+)=(.+)$/.exec(entry);
    const folders = (m?.[2] ?? "")
      .split(",")
      .map((f) => f.trim().replace(/^\.?\/+|\/+$/g, ""))
      .filter(Boolean);
    if (!m || folders.length === 0 || folders.some((f) => f.split("/").includes(".."))) {
      ctx.addIssue({ code: "custom", message: `cannot read "${entry}": write channel=folder[,folder]` });
      return z.NEVER;
    }
    map[m[1] as string] = [...(map[m[1] as string] ?? []), ...folders];
  }
  return map;
});

const probabilityError = "must be a number from 0 to 1, e.g. 0.6";
const probability = z.coerce
  .number({ error: probabilityError })
  .min(0, { error: probabilityError })
  .max(1, { error: probabilityError })
  .optional();

const urlString = optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
  message: "must be an http(s) URL",
});

const snowflake = optionalString.refine((v) => v === undefined || /^\d{15,21}$/.test(v), {
  message: "must be a Discord id (15-21 digits)",
});

function token(prefix: string) {
  return optionalString.refine((v) => v === undefined || v.startsWith(prefix), {
    message: `must start with "${prefix}"`,
  });
}

export const ConfigSchema = z.object({
  DATA_DIR: z.string().trim().min(1).default("data"),
  /** unset: "info" for chat platforms, "warn" in the terminal, where JSON logs would clutter the chat */
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  COMMAND_NAME: z
    .string()
    .trim()
    .default("campaign")
    // 24, not Discord's 32: the sibling commands add "-topics" and the like.
    .refine((v) => /^[a-z0-9_-]{1,24}$/.test(v), "must be 1-24 lower-case letters, digits, - or _"),
  /** larger documents are reported and skipped */
  MAX_DOCUMENT_MB: intInRange(1, 1024, 20),
  RATE_LIMIT_MAX: intInRange(1, 1000, 5),
  RATE_LIMIT_WINDOW_SECONDS: intInRange(1, 3600, 30),
  /** unset: the calibrated thresholds in src/core/confidence-model.json */
  CONFIDENCE_ANSWER: probability,
  CONFIDENCE_CLOSEST: probability,
  /** how long SIGTERM waits for replies under way before giving up on them and exiting 1 */
  SHUTDOWN_TIMEOUT_SECONDS: intInRange(1, 600, 10),

  SLACK_BOT_TOKEN: token("xoxb-"),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: token("xapp-"),
  PORT: intInRange(0, 65535, 3000),
  SLACK_API_URL: urlString.transform((v) => (v === undefined ? undefined : v.endsWith("/") ? v : `${v}/`)),
  SLACK_REPLY_VISIBILITY: z.enum(["in_channel", "ephemeral"]).default("in_channel"),

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

  STATE_DIR: z.string().trim().min(1).default(".state"),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\/\S+$/.test(v), {
    message: "must be a postgres:// or postgresql:// URL",
  }),
  QUESTION_LOG_DAYS: intInRange(0, 3650, 30),
  QUESTION_LOG_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: "must be at least 16 characters",
  }),
  CHANNEL_DOCUMENTS: channelDocuments,
  CHANNEL_DOCUMENTS_STRICT: booleanFlag,
  ADMIN_USER_IDS: optionalString.transform((v) =>
    (v ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  ),
});

export type Config = z.infer<typeof ConfigSchema>;

const HINTS: Record<string, string> = {
  DATA_DIR: "set it to a folder of documents: .txt, .md, .html, .pdf, .docx (default: data)",
  MAX_DOCUMENT_MB: "the largest document to read, in megabytes (default 20)",
  LOG_LEVEL: `use one of ${LOG_LEVELS.join(", ")}`,
  COMMAND_NAME: "the slash command's name without the slash, e.g. campaign",
  SHUTDOWN_TIMEOUT_SECONDS: "seconds to finish replies under way on SIGTERM, e.g. 10",
  SLACK_BOT_TOKEN: "copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page",
  SLACK_APP_TOKEN: "create an app-level token with connections:write under Basic Information",
  SLACK_SIGNING_SECRET: "copy the Signing Secret from your Slack app's Basic Information page",
  SLACK_REPLY_VISIBILITY: "use in_channel (everyone sees answers) or ephemeral (only the asker)",
  SLACK_API_URL: "the Web API base URL, e.g. https://slack.com/api/",
  PORT: "the HTTP port for Slack's requests, e.g. 3000",
  DISCORD_TOKEN: "copy the bot token from the Bot page of your Discord application",
  DISCORD_APP_ID: "copy the Application ID from the General Information page",
  DISCORD_GUILD_ID: "right-click your server with Developer Mode on and choose Copy Server ID",
  DISCORD_API_URL: "the REST base URL, e.g. https://discord.com/api",
  DISCORD_REPLY_VISIBILITY: "use public (everyone sees answers) or ephemeral (only the asker)",
  DISCORD_MESSAGE_CONTENT: "use true or false; true needs the Message Content intent enabled on the Bot page",
  DISCORD_SHARDS: "use auto (Discord's recommended count, needed past 2,500 servers) or a number, e.g. 2",
  STATE_DIR: "a folder the bot may write its embedded database to (default: .state)",
  DATABASE_URL: "e.g. postgres://bot:password@db.example.org:5432/bot, or leave empty for the embedded store",
  QUESTION_LOG_DAYS: "how many days questions are kept; 0 turns the question log off",
  QUESTION_LOG_SECRET: "a long random string, e.g. the output of: openssl rand -hex 32",
  ADMIN_USER_IDS: "comma-separated Slack user ids allowed to see the report, e.g. U012AB3CD,U045EF6GH",
  CHANNEL_DOCUMENTS:
    "channel ids and the subfolders of DATA_DIR they see, e.g. C0123ABCD=bio101;C0456EFGH=chem201,shared",
  CHANNEL_DOCUMENTS_STRICT: "true or false",
};

// Never echoed back in an error message: it may be a real token pasted into the wrong variable.
const SECRETS = new Set([
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "DISCORD_TOKEN",
  "DATABASE_URL",
  "QUESTION_LOG_SECRET",
]);

/** Settings that only make sense together: say which one is missing. */
function crossCheck(c: Config): string[] {
  const problems: string[] = [];
  const slackPieces = c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN;
  if (slackPieces && !c.SLACK_BOT_TOKEN) {
    problems.push(
      `SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set; ${HINTS.SLACK_BOT_TOKEN}`,
    );
  }
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_SIGNING_SECRET: required for Slack's HTTP mode (or set SLACK_APP_TOKEN for Socket Mode); " +
        HINTS.SLACK_SIGNING_SECRET,
    );
  }
  // Processes sharing a server must hash users alike, so the secret cannot be made up per process.
  if (c.DATABASE_URL && c.QUESTION_LOG_DAYS > 0 && !c.QUESTION_LOG_SECRET) {
    problems.push(
      `QUESTION_LOG_SECRET: required with DATABASE_URL while the question log is on (or set QUESTION_LOG_DAYS=0); ${HINTS.QUESTION_LOG_SECRET}, the same for every process`,
    );
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix these in .env or the environment (see .env.example).`,
    );
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws ConfigError listing every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const parsed = ConfigSchema.safeParse(input);
  if (parsed.success) {
    const problems = crossCheck(parsed.data);
    if (problems.length) throw new ConfigError(problems);
    return parsed.data;
  }
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "configuration");
      const got =
        input[name] === undefined ? "" : SECRETS.has(name) ? " (value not shown)" : ` (got "${input[name]}")`;
      const hint = HINTS[name] ? `; ${HINTS[name]}` : "";
      return `${name}: ${issue.message}${issue.message.includes("got") ? "" : got}${hint}`;
    }),
  );
}
