import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import pino from "pino";
import { SlackAdapter } from "../src/adapters/slack/slack-adapter";
import { loadCorpus } from "../src/core/load";
import { startFakeSlack } from "../test/helpers/fake-slack";
import { SIGNING_SECRET } from "../test/helpers/slack-requests";

/**
 * The two servers the Slack benchmark loads, in their own process so the load generator does not
 * share their event loop: the bot, and a bare Bolt app whose command handler only acknowledges.
 * Prints their ports as one JSON line, then runs until killed.
 */

const logger = pino({ level: "silent" });
const fake = await startFakeSlack();
const { index } = await loadCorpus("data");

const bot = new SlackAdapter({
  config: {
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: undefined,
    PORT: 0,
    SLACK_API_URL: fake.apiUrl,
    SLACK_REPLY_VISIBILITY: "in_channel",
    RATE_LIMIT_MAX: 5,
    RATE_LIMIT_WINDOW_SECONDS: 30,
    COMMAND_NAME: "campaign",
  },
  context: { index, logger, commandName: "campaign" },
  logger,
  host: "127.0.0.1",
});
await bot.start();

const bare = new App({
  token: "xoxb-bench",
  receiver: new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: "/slack/events",
    logger: undefined,
  }),
  clientOptions: { slackApiUrl: fake.apiUrl },
});
bare.command("/campaign", async ({ ack }) => {
  await ack();
});
const server = (await bare.start({ port: 0, host: "127.0.0.1" })) as { address(): AddressInfo };

process.stdout.write(`${JSON.stringify({ bot: bot.port, bare: server.address().port })}\n`);
