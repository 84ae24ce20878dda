import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { slackManifest } from "../src/adapters/slack/manifest";
import { commands } from "../src/app/commands";
import { loadConfig } from "../src/config";
import { loadDotEnv } from "../src/startup";

/**
 * `npm run slack:manifest` prints the app manifest (YAML) for Socket Mode;
 * `npm run slack:manifest -- --url https://host/slack/events` for HTTP mode.
 */

loadDotEnv();
const { values } = parseArgs({ options: { url: { type: "string" } } });
const config = loadConfig(process.env);
if (values.url !== undefined && !/^https:\/\/\S+\/slack\/events$/.test(values.url)) {
  process.stderr.write("--url must be your public https URL ending in /slack/events\n");
  process.exit(2);
}
process.stdout.write(
  stringify(slackManifest({ commandName: config.COMMAND_NAME, commands, requestUrl: values.url })),
);
