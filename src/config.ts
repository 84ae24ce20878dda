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

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

const intInRange = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: "custom",
          message: `must be a whole number from ${min} to ${max} (got "${v}")`,
        });
        return z.NEVER;
      }
      return n;
    });

const urlString = optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
  message: "must be an http(s) URL",
});

export const ConfigSchema = z.object({
  DATA_DIR: z.string().trim().min(1).default("data"),
  /** unset: "info" for chat platforms, "warn" in the terminal, where JSON logs would clutter the chat */
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  COMMAND_NAME: z
    .string()
    .trim()
    .default("campaign")
    .refine((v) => /^[a-z0-9_-]{1,32}$/.test(v), "must be 1-32 lower-case letters, digits, - or _"),
  RATE_LIMIT_MAX: intInRange(1, 1000, 5),
  RATE_LIMIT_WINDOW_SECONDS: intInRange(1, 3600, 30),
});

export type Config = z.infer<typeof ConfigSchema>;

const HINTS: Record<string, string> = {
  DATA_DIR: "set it to a folder of .txt or .md documents (default: data)",
  LOG_LEVEL: `use one of ${LOG_LEVELS.join(", ")}`,
  COMMAND_NAME: "the slash command's name without the slash, e.g. campaign",
};

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
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "configuration");
      const got = input[name] === undefined ? "" : ` (got "${input[name]}")`;
      const hint = HINTS[name] ? `; ${HINTS[name]}` : "";
      return `${name}: ${issue.message}${issue.message.includes("got") ? "" : got}${hint}`;
    }),
  );
}

export { booleanFlag, intInRange, optionalString, urlString };
