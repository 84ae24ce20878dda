import { existsSync } from "node:fs";
import type { CommandContext } from "../commands";
import { type Config, ConfigError } from "./config";
import { CorpusError, loadCorpus } from "./core/load";
import { createLogger, type Logger } from "./logger";

/** Start-up shared by the bot and the CLI: environment, configuration, logger, corpus. */

/** Reads `.env` from the working directory if there is one; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export interface Started {
  config: Config;
  logger: Logger;
  context: CommandContext;
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

/** Loads the corpus named by the configuration; the terminal gets quieter logs by default. */
export async function startCore(config: Config, terminal: boolean): Promise<Started> {
  const logger = createLogger(config.LOG_LEVEL ?? (terminal ? "warn" : "info"));
  const started = performance.now();
  const { index, problems } = await loadCorpus(config.DATA_DIR);
  for (const p of problems) logger.warn({ file: p.file }, `document ${p.file} ${p.reason}`);
  logger.info(
    { documents: index.documents.length, facts: index.size, ms: Math.round(performance.now() - started) },
    "corpus indexed",
  );
  const thresholds = {
    ...(config.CONFIDENCE_ANSWER !== undefined ? { answer: config.CONFIDENCE_ANSWER } : {}),
    ...(config.CONFIDENCE_CLOSEST !== undefined ? { closest: config.CONFIDENCE_CLOSEST } : {}),
  };
  return { config, logger, context: { index, logger, commandName: config.COMMAND_NAME, thresholds } };
}
