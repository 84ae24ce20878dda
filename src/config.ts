import { z } from "zod";
import { ADAPTERS } from "./adapters";
import { booleanFlag, intInRange, optionalString, urlString } from "./config-fields";

/**
 * All configuration, parsed once at start-up from the environment. Nothing else reads process.env.
 * Every error names the variable and says how to fix it. The settings every part shares are here;
 * each platform brings its own section (src/adapters/<platform>/config.ts), listed in ADAPTERS.
 */

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** "C0123=class-a,shared;987654321098765432=class-b": channel ids to subfolders of DATA_DIR. */
const channelDocuments = optionalString.transform((v, ctx) => {
  const map: Record<string, string[]> = {};
  for (const entry of (v ?? "").split(/[;\s]+/).filter(Boolean)) {
    const channel = entry.split("=")[0] ?? "";
    // A channel's name ("#chem-11") where its id belongs: say how to find the id.
    if (/^#|[a-z]/.test(channel)) {
      ctx.addIssue({
        code: "custom",
        message: `"${channel}" looks like a channel's name; use its id instead: in Slack, open the channel's details (click its name) and copy the Channel ID at the bottom (C0123ABCD); in Discord, turn on Developer Mode (Settings > Advanced), right-click the channel and choose Copy Channel ID`,
      });
      return z.NEVER;
    }
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

const SharedSchema = z.object({
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
  /** the teacher's page: the address teachers open (unset: the page is off) and its port */
  PUBLIC_URL: urlString.transform((v) => v?.replace(/\/+$/, "")),
  WEB_PORT: intInRange(0, 65535, 8080),
});

/** The whole schema: the shared settings, then each adapter's section. */
export const ConfigSchema = ADAPTERS.reduce(
  (schema, adapter) => schema.extend(adapter.config.schema.shape),
  SharedSchema,
) as unknown as z.ZodObject<typeof SharedSchema.shape & AdapterShapes<typeof ADAPTERS>>;

type AdapterShapes<T> = T extends readonly [infer Head, ...infer Rest]
  ? (Head extends { config: { schema: z.ZodObject<infer S> } } ? S : never) & AdapterShapes<Rest>
  : unknown;

export type Config = z.infer<typeof ConfigSchema>;

const SHARED_HINTS: Record<string, string> = {
  DATA_DIR: "set it to a folder of documents: .txt, .md, .html, .pdf, .docx (default: data)",
  MAX_DOCUMENT_MB: "the largest document to read, in megabytes (default 20)",
  LOG_LEVEL: `use one of ${LOG_LEVELS.join(", ")}`,
  COMMAND_NAME: "the slash command's name without the slash, e.g. campaign",
  SHUTDOWN_TIMEOUT_SECONDS: "seconds to finish replies under way on SIGTERM, e.g. 10",
  STATE_DIR: "a folder the bot may write its embedded database to (default: .state)",
  DATABASE_URL: "e.g. postgres://bot:password@db.example.org:5432/bot, or leave empty for the embedded store",
  QUESTION_LOG_DAYS: "how many days questions are kept; 0 turns the question log off",
  QUESTION_LOG_SECRET: "a long random string, e.g. the output of: openssl rand -hex 32",
  CHANNEL_DOCUMENTS:
    "channel ids and the subfolders of DATA_DIR they see, e.g. C0123ABCD=bio101;C0456EFGH=chem201,shared",
  CHANNEL_DOCUMENTS_STRICT: "true or false",
  PUBLIC_URL: "the address teachers open the page at, e.g. https://bot.example.org (proxied to WEB_PORT)",
  WEB_PORT: "the teacher's page's HTTP port, e.g. 8080",
};

const HINTS: Record<string, string> = Object.assign({}, SHARED_HINTS, ...ADAPTERS.map((a) => a.config.hints));

// Never echoed back in an error message: it may be a real token pasted into the wrong variable.
const SECRETS = new Set([
  "DATABASE_URL",
  "QUESTION_LOG_SECRET",
  ...ADAPTERS.flatMap((a) => a.config.secrets),
]);

/** Settings that only make sense together: say which one is missing. */
function crossCheck(c: Config): string[] {
  const problems: string[] = ADAPTERS.flatMap(
    (a) => (a.config.check as ((c: Config) => string[]) | undefined)?.(c) ?? [],
  );
  // Processes sharing a server must hash users alike, so the secret cannot be made up per process.
  if (c.DATABASE_URL && c.QUESTION_LOG_DAYS > 0 && !c.QUESTION_LOG_SECRET) {
    problems.push(
      `QUESTION_LOG_SECRET: required with DATABASE_URL while the question log is on (or set QUESTION_LOG_DAYS=0); ${HINTS.QUESTION_LOG_SECRET}, the same for every process`,
    );
  }
  if (c.PUBLIC_URL && c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && c.WEB_PORT === c.PORT && c.PORT !== 0) {
    problems.push(
      `WEB_PORT: the teacher's page needs a port of its own, not Slack's PORT (${c.PORT}); ${HINTS.WEB_PORT}`,
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
