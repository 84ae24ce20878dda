import { existsSync } from "node:fs";
import type { CommandContext } from "../commands";
import { type Config, ConfigError } from "./config";
import { CorpusError, loadCorpus } from "./core/load";
import { createLogger, type Logger } from "./logger";
import { type Storage, startStorage } from "./store/storage";

/** Start-up shared by the bot and the CLI: environment, configuration, logger, corpus. */

/** Reads `.env` from the working directory if there is one; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export interface Started {
  config: Config;
  logger: Logger;
  context: CommandContext;
  /** the database, when asked for: opening runs beside indexing and nothing waits for it */
  storage?: Storage;
}

/** Something the person running the bot can fix: a rejected token, a port already in use. */
export class FixableStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FixableStartupError";
  }
}

/** A failure a person can fix (bad configuration, no documents, a rejected token): no stack. */
export function isUserFacingStartupError(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof CorpusError || error instanceof FixableStartupError;
}

/**
 * Loads the corpus named by the configuration; the terminal gets quieter logs by default. With
 * `storage`, the store (question log, feedback) starts opening first and is never awaited here.
 */
export async function startCore(
  config: Config,
  terminal: boolean,
  options: { storage?: boolean } = {},
): Promise<Started> {
  const logger = createLogger(config.LOG_LEVEL ?? (terminal ? "warn" : "info"));
  const storage = options.storage
    ? startStorage({
        databaseUrl: config.DATABASE_URL,
        stateDir: config.STATE_DIR,
        logDays: config.QUESTION_LOG_DAYS,
        secret: config.QUESTION_LOG_SECRET,
        logger,
      })
    : undefined;
  const started = performance.now();
  const { index, problems } = await loadCorpus(config.DATA_DIR);
  for (const p of problems) logger.warn({ file: p.file }, `document ${p.file} ${p.reason}`);
  logger.info(
    { documents: index.documents.length, facts: index.size, ms: Math.round(performance.now() - started) },
    "corpus indexed",
  );
  const context: CommandContext = { index, logger, commandName: config.COMMAND_NAME };
  if (storage)
    Object.assign(context, { questionLog: storage.questionLog, feedback: storage.feedback, storage });
  return { config, logger, context, ...(storage ? { storage } : {}) };
}
