import type { Adapter } from "./adapters/adapter";
import { ConsoleAdapter } from "./adapters/console/console-adapter";
import { DiscordAdapter } from "./adapters/discord/discord-adapter";
import { SlackAdapter } from "./adapters/slack/slack-adapter";
import { loadConfig } from "./config";
import { isUserFacingStartupError, loadDotEnv, startCore } from "./startup";

/** Starts the bot: every platform adapter whose tokens are configured, or a local chat when none is. */

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const platforms = [config.SLACK_BOT_TOKEN ? "slack" : null, config.DISCORD_TOKEN ? "discord" : null].filter(
    (p) => p !== null,
  );
  const { logger, context, storage } = await startCore(config, platforms.length === 0, { storage: true });

  const adapters: Adapter[] = [];
  if (config.SLACK_BOT_TOKEN) adapters.push(new SlackAdapter({ config, context, logger }));
  if (config.DISCORD_TOKEN) adapters.push(new DiscordAdapter({ config, context, logger }));
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "shutting down");
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await storage?.close();
    logger.info("stopped");
    logger.flush();
    process.exit(0);
  };

  if (adapters.length === 0) {
    adapters.push(
      new ConsoleAdapter({
        context,
        input: process.stdin,
        output: process.stdout,
        interactive: process.stdin.isTTY === true,
        onEnd: () => void stop("end of input"),
      }),
    );
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));
  process.on("unhandledRejection", (error) => logger.error({ err: error }, "unhandled rejection"));
  for (const adapter of adapters) {
    await adapter.start();
    logger.info({ adapter: adapter.name }, "adapter started");
  }
}

main().catch((error: unknown) => {
  if (isUserFacingStartupError(error)) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
