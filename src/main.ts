import { parseArgs } from "node:util";
import { ADAPTERS } from "./adapters";
import type { Adapter } from "./adapters/adapter";
import { ConsoleAdapter } from "./adapters/console/console-adapter";
import { loadConfig } from "./config";
import { createShutdown } from "./shutdown";
import { isUserFacingStartupError, loadDotEnv, startCore } from "./startup";
import { attachTeacherPage } from "./web/for-bot";

/** Starts the bot: every platform adapter whose variables are set (src/adapters/index.ts), or a local chat. */

export const USAGE = `Usage: npm start [-- --data DIR]
  --data DIR   answer from the documents in DIR (default: DATA_DIR or ./data)
  --help       this text
Platforms start when their tokens are set (see .env.example); with none, a chat in the terminal.`;

async function main(): Promise<number | undefined> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  loadDotEnv();
  const config = loadConfig(process.env);
  if (args.values.data) config.DATA_DIR = args.values.data;
  const enabled = ADAPTERS.filter((a) => a.enabled(config));
  const started = await startCore(config, enabled.length === 0, { watch: true, storage: true });
  const { logger, app, storage, corpus } = started;
  const teacherPage = attachTeacherPage(config, started);

  const adapters: Adapter[] = [];
  const shutdown = createShutdown({
    adapters,
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    exit: (code) => process.exit(code),
    tell: (message) => process.stderr.write(`${message}\n`),
    afterAdapters: async (remainingMs) => {
      await teacherPage?.close();
      started.learning?.close();
      return storage?.close(remainingMs);
    },
  });
  // One platform's fatal error stops the whole process, so a supervisor restarts it.
  const onFatal = (message: string) => void shutdown.fatal(message);
  for (const adapter of enabled) {
    adapters.push(await adapter.create({ config, app, logger, onFatal }));
  }
  if (adapters.length === 0) {
    adapters.push(
      new ConsoleAdapter({
        app,
        size: () => ({ documents: corpus.index.documents.length, facts: corpus.index.size }),
        input: process.stdin,
        output: process.stdout,
        interactive: process.stdin.isTTY === true,
        onEnd: () => void shutdown.stop("end of input"),
      }),
    );
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown.stop(signal));
  process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled rejection"));
  for (const adapter of adapters) {
    try {
      await adapter.start();
    } catch (error) {
      // The adapters already started (Slack, when Discord's token is rejected) stop first.
      if (isUserFacingStartupError(error)) {
        await shutdown.fatal(error.message);
        return undefined;
      }
      throw error;
    }
    logger.info({ adapter: adapter.name }, "adapter started");
  }
  return undefined;
}

// Unknown arguments are refused with the usage, rather than silently ignored.
function parse() {
  return parseArgs({
    allowPositionals: false,
    options: { data: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error: unknown) => {
    if (isUserFacingStartupError(error)) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`Failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
