import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The logger is created once in main and passed to whatever needs it. It writes JSON to stderr so
 * stdout stays clean for the CLI's output, and it scrubs secrets wherever they appear.
 */

// Slack tokens, Discord bot tokens, signing secrets in headers, and interaction tokens inside URLs.
const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
  /(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9_.-]{20,}/g,
  /(Bot |Bearer )[A-Za-z0-9._-]{10,}/g,
  // The password in a DATABASE_URL, should a driver's error quote it.
  /(postgres(?:ql)?:\/\/[^:\s/@]+:)[^@\s]+(?=@)/g,
];

export function scrubSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_PATTERNS) {
    out = out.replace(re, (_m, prefix?: string) =>
      typeof prefix === "string" && prefix ? `${prefix}[redacted]` : "[redacted]",
    );
  }
  return out;
}

/**
 * pino's standard error serializer (type, message and stack with their causes, code, data and any
 * other field the error carries), then the same scrubbing as everything else.
 */
function serializeError(error: Error, depth: number): unknown {
  return scrubValue({ ...pino.stdSerializers.err(error) }, depth);
}

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return serializeError(value, depth + 1);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, depth + 1);
  return out;
}

export const REDACT_PATHS = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "appToken",
  "signingSecret",
  "*.signingSecret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "config.SLACK_BOT_TOKEN",
  "config.SLACK_APP_TOKEN",
  "config.SLACK_SIGNING_SECRET",
  "config.DISCORD_TOKEN",
  "config.DATABASE_URL",
  "config.QUESTION_LOG_SECRET",
];

/**
 * Standard error, written synchronously (pipes and files are on Linux), that goes quiet instead of
 * throwing or spinning when the reader has gone (`npm start 2>&1 | head -7`).
 */
function stderrDestination(): DestinationStream {
  let broken = false;
  process.stderr.on("error", () => {
    broken = true;
  });
  return {
    write(line: string) {
      if (!broken) process.stderr.write(line);
    },
  };
}

export function createLogger(level: string, destination: DestinationStream = stderrDestination()): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      // Errors anywhere in a line are serialized (and scrubbed) by the formatter below, which runs
      // before serializers: pino's own `err` serializer would take the result for an error again.
      serializers: { err: (value: unknown) => value },
      formatters: { log: (obj) => scrubValue(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === "string" ? scrubSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}

export type { Logger };
