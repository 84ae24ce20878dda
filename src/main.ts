import type { Adapter } from "./adapters/adapter";
import { ConsoleAdapter } from "./adapters/console/console-adapter";
import { loadConfig } from "./config";
import { createShutdown } from "./shutdown";
import { isUserFacingStartupError, loadDotEnv, startCore } from "./startup";
import { attachTeacherPage } from "./web/for-bot";

/** Starts the bot: every platform adapter whose tokens are configured, or a local chat when none is. */

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const platforms = [config.SLACK_BOT_TOKEN ? "slack" : null, config.DISCORD_TOKEN ? "discord" : null].filter(
    (p) => p !== null,
  );
  const started = await startCore(config, platforms.length === 0, { watch: true, storage: true });
  const { logger, context, storage } = started;
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
      return storage?.close(remainingMs);
    },
  });
  // One platform's fatal error stops the whole process, so a supervisor restarts it.
  const onFatal = (message: string) => void shutdown.fatal(message);
  // Bolt and discord.js take about a second to import: a local chat should not wait for them.
  if (config.SLACK_BOT_TOKEN) {
    const { SlackAdapter } = await import("./adapters/slack/slack-adapter");
    adapters.push(new SlackAdapter({ config, context, logger, onFatal }));
  }
  if (config.DISCORD_TOKEN) {
    const { DiscordAdapter } = await import("./adapters/discord/discord-adapter");
    adapters.push(new DiscordAdapter({ config, context, logger, onFatal }));
  }

  if (adapters.length === 0) {
    adapters.push(
      new ConsoleAdapter({
        context,
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
      if (isUserFacingStartupError(error)) return shutdown.fatal(error.message);
      throw error;
    }
    logger.info({ adapter: adapter.name }, "adapter started");
  }
}

main().catch((error: unknown) => {
  if (isUserFacingStartupError(error)) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
