import { deployCommands, inviteUrl } from "../src/adapters/discord/deploy";
import { commands } from "../src/app/commands";
import { loadConfig } from "../src/config";
import { isUserFacingStartupError, loadDotEnv } from "../src/startup";

/** `npm run discord:deploy`: registers the slash commands (guild-scoped when DISCORD_GUILD_ID is set). */

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const missing = (["DISCORD_TOKEN", "DISCORD_APP_ID"] as const).filter((k) => !config[k]);
  if (missing.length) {
    process.stderr.write(
      `Set ${missing.join(" and ")} first (see .env.example and the README's Discord section).\n`,
    );
    return 2;
  }
  const result = await deployCommands({
    token: config.DISCORD_TOKEN as string,
    appId: config.DISCORD_APP_ID as string,
    guildId: config.DISCORD_GUILD_ID,
    apiUrl: config.DISCORD_API_URL,
    commandName: config.COMMAND_NAME,
    commands,
  });
  process.stdout.write(`Registered in ${result.scope}:\n${result.names.map((n) => `  /${n}`).join("\n")}\n`);
  process.stdout.write(
    `Invite the bot: ${inviteUrl(config.DISCORD_APP_ID as string, config.DISCORD_MESSAGE_CONTENT)}\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = isUserFacingStartupError(error)
      ? error.message
      : `Registration failed: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
