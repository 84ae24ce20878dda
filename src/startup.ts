import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { ChannelScopes, checkChannelFolders, documentSetOf } from "./app/channel-documents";
import { createConversations } from "./app/conversations";
import { FixableStartupError } from "./app/errors";
import { Learning, POLL_MS } from "./app/learning";
import { type BotApp, createApp } from "./app/pipeline";
import type { AppServices } from "./app/services";
import { type Config, ConfigError } from "./config";
import { LiveCorpus } from "./core/live-corpus";
import { CorpusError, loadCorpus } from "./core/load";
import { loadingProgress } from "./core/progress";
import { createLogger, type Logger } from "./logger";
import { type Storage, startStorage } from "./store/storage";
import { hashUser, stateDirSecret } from "./store/user-hash";
import { watchDataDir } from "./watch-data-dir";

/** Start-up shared by the bot and the CLI: environment, configuration, logger, corpus. */

/** Reads `.env` from the working directory if there is one; real environment variables win. */
export function loadDotEnv(path = ".env"): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export interface Started {
  config: Config;
  logger: Logger;
  /** the pipeline every adapter goes through */
  app: BotApp;
  /** what the app was built from (the CLI reads the index and thresholds) */
  context: AppServices;
  corpus: LiveCorpus;
  /** stops watching DATA_DIR (a no-op when not watching) */
  stopWatching: () => void;
  /** the database, when asked for: it opens after indexing and nothing waits for it */
  storage?: Storage;
  /** what classes taught (issue 17), kept in the store: with `storage` */
  learning: Learning;
}

export interface StartOptions {
  /** rebuild the index when DATA_DIR changes or on SIGHUP (the bot; not the one-shot CLI) */
  watch?: boolean;
  /** open the store (question log, feedback); it opens after indexing and is never awaited here */
  storage?: boolean;
}

export { FixableStartupError };

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
  const folderProblems = checkChannelFolders(config.DATA_DIR, config.CHANNEL_DOCUMENTS);
  if (folderProblems.length) throw new ConfigError(folderProblems);
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
  // The app reads `services.index` at each request: it is always the current corpus.
  const services: AppServices = {
    get index() {
      return corpus.index;
    },
    logger,
    commandName: config.COMMAND_NAME,
    thresholds,
    conversations: createConversations(Date.now),
    rateLimit: { max: config.RATE_LIMIT_MAX, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS },
    userKey: logUserKey(config, options.storage === true),
  };
  if (Object.keys(config.CHANNEL_DOCUMENTS).length || config.CHANNEL_DOCUMENTS_STRICT) {
    const scopes = new ChannelScopes(config.CHANNEL_DOCUMENTS, config.CHANNEL_DOCUMENTS_STRICT, () => corpus);
    services.scope = (channel) => scopes.indexFor(channel);
    services.documentSet = (channel) => documentSetOf(config.CHANNEL_DOCUMENTS, channel);
  }
  if (storage)
    Object.assign(services, { questionLog: storage.questionLog, feedback: storage.feedback, storage });
  // Loads once the store is open; with PostgreSQL it polls for other processes' new links. With
  // no store it still answers FAQ documents' questions; it takes no marks.
  const learning = new Learning({
    backend: storage ? storage.learning() : null,
    userHash: storage ? storage.userHash : logUserKey(config, false),
    logger,
    pollMs: storage && config.DATABASE_URL ? POLL_MS : 0,
    offReason: !storage
      ? "nothing is kept in this run (the bot keeps what a class teaches in STATE_DIR or DATABASE_URL)"
      : config.QUESTION_LOG_DAYS === 0
        ? "QUESTION_LOG_DAYS=0 turns it off; whoever runs the bot sets it above 0 to keep what classes teach"
        : "the store is unavailable (see the bot's log)",
  });
  services.learning = learning;
  const app = createApp(services);
  return {
    config,
    logger,
    app,
    context: services,
    corpus,
    stopWatching,
    ...(storage ? { storage } : {}),
    learning,
  };
}

/**
 * Users in logs are the question log's keyed hash (QUESTION_LOG_SECRET, or the embedded store's
 * own secret), so a log line can be matched with the log's rows and with nothing else. With neither,
 * a key made for this process.
 */
function logUserKey(config: Config, storing: boolean): (platform: string, userId: string) => string {
  let secret = config.QUESTION_LOG_SECRET;
  // The same file the embedded store keeps its secret in (store/user-hash.ts); only when it is open.
  if (!secret && storing && !config.DATABASE_URL && config.QUESTION_LOG_DAYS > 0) {
    try {
      secret = stateDirSecret(config.STATE_DIR);
    } catch {}
  }
  const key = secret ?? randomBytes(32).toString("hex");
  return (platform, userId) => hashUser(key, platform, userId);
}
