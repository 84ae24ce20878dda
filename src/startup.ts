import { existsSync } from "node:fs";
import type { CommandContext } from "../commands";
import { ChannelScopes, checkChannelFolders, documentSetOf } from "./channel-documents";
import { type Config, ConfigError } from "./config";
import { createConversations } from "./conversations";
import { LiveCorpus } from "./core/live-corpus";
import { CorpusError, loadCorpus } from "./core/load";
import { loadingProgress } from "./core/progress";
import { Learning, POLL_MS } from "./learning";
import { createLogger, type Logger } from "./logger";
import { type Storage, startStorage } from "./store/storage";
import { watchDataDir } from "./watch-data-dir";

/** Start-up shared by the bot and the CLI: environment, configuration, logger, corpus. */

/** Reads `.env` from the working directory if there is one; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export interface Started {
  config: Config;
  logger: Logger;
  context: CommandContext;
  corpus: LiveCorpus;
  /** stops watching DATA_DIR (a no-op when not watching) */
  stopWatching: () => void;
  /** the database, when asked for: it opens after indexing and nothing waits for it */
  storage?: Storage;
  /** what classes taught (issue 17), kept in the store: with `storage` */
  learning?: Learning;
}

export interface StartOptions {
  /** rebuild the index when DATA_DIR changes or on SIGHUP (the bot; not the one-shot CLI) */
  watch?: boolean;
  /** open the store (question log, feedback); it opens after indexing and is never awaited here */
  storage?: boolean;
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
export async function startCore(
  config: Config,
  terminal: boolean,
  options: StartOptions = {},
): Promise<Started> {
  const logger = createLogger(config.LOG_LEVEL ?? (terminal ? "warn" : "info"));
  checkChannelFolders(config.DATA_DIR, config.CHANNEL_DOCUMENTS);
  const started = performance.now();
  const progress = terminal ? loadingProgress({ write: (t) => process.stderr.write(t) }) : null;
  const loadOptions = { maxDocumentMb: config.MAX_DOCUMENT_MB };
  const loaded = await loadCorpus(config.DATA_DIR, { ...loadOptions, onProgress: progress?.update });
  const { index, problems } = loaded;
  progress?.finish(index.documents.length, index.size);
  for (const p of problems) logger.warn({ file: p.file }, `document ${p.file} ${p.reason}`);
  logger.info(
    { documents: index.documents.length, facts: index.size, ms: Math.round(performance.now() - started) },
    "corpus indexed",
  );
  // The store opens once the documents are indexed: loading its database code (kysely, PGlite)
  // beside indexing only delayed the first answer, and answers never wait for it.
  const storage = options.storage
    ? startStorage({
        databaseUrl: config.DATABASE_URL,
        stateDir: config.STATE_DIR,
        logDays: config.QUESTION_LOG_DAYS,
        secret: config.QUESTION_LOG_SECRET,
        logger,
      })
    : undefined;
  const corpus = new LiveCorpus(loaded, config.DATA_DIR, logger, loadOptions);
  let stopWatching = () => {};
  if (options.watch) {
    // The terminal chat logs at warn: it says on stderr that the documents changed under it.
    let announced = corpus.index;
    const reload = (reason: string) =>
      void corpus.reload(reason).then(() => {
        if (!terminal || corpus.index === announced) return;
        announced = corpus.index;
        process.stderr.write(
          `documents reloaded: ${announced.size} facts from ${announced.documents.length} documents\n`,
        );
      });
    const close = watchDataDir(config.DATA_DIR, () => reload("DATA_DIR changed"), {
      onError: (err) => logger.warn({ err }, "cannot watch DATA_DIR for changes; send SIGHUP to reload"),
    });
    const onHup = () => reload("SIGHUP");
    process.on("SIGHUP", onHup);
    stopWatching = () => {
      close();
      process.off("SIGHUP", onHup);
    };
  }
  const thresholds = {
    ...(config.CONFIDENCE_ANSWER !== undefined ? { answer: config.CONFIDENCE_ANSWER } : {}),
    ...(config.CONFIDENCE_CLOSEST !== undefined ? { closest: config.CONFIDENCE_CLOSEST } : {}),
  };
  // Handlers and adapters read `context.index` as before; it is always the current corpus.
  const context: CommandContext = {
    get index() {
      return corpus.index;
    },
    logger,
    commandName: config.COMMAND_NAME,
    thresholds,
    conversations: createConversations(Date.now),
  };
  if (Object.keys(config.CHANNEL_DOCUMENTS).length || config.CHANNEL_DOCUMENTS_STRICT) {
    const scopes = new ChannelScopes(config.CHANNEL_DOCUMENTS, config.CHANNEL_DOCUMENTS_STRICT, () => corpus);
    context.scope = (channel) => scopes.indexFor(channel);
    context.documentSet = (channel) => documentSetOf(config.CHANNEL_DOCUMENTS, channel);
  }
  if (storage)
    Object.assign(context, { questionLog: storage.questionLog, feedback: storage.feedback, storage });
  // Loads once the store is open; with PostgreSQL it polls for other processes' new links.
  const learning = storage
    ? new Learning({
        backend: storage.learning(),
        userHash: storage.userHash,
        logger,
        pollMs: config.DATABASE_URL ? POLL_MS : 0,
      })
    : undefined;
  return {
    config,
    logger,
    context,
    corpus,
    stopWatching,
    ...(storage ? { storage } : {}),
    ...(learning ? { learning } : {}),
  };
}
