import { describe, expect, it } from "vitest";
import { DiscordAdapter } from "../src/adapters/discord/discord-adapter";
import { ConfigError, loadConfig } from "../src/config";
import { appFor, bundledContext, silentLogger } from "./helpers/corpus";
import { startFakeDiscord, testDiscordConfig } from "./helpers/fake-discord";

/** DISCORD_SHARDS: discord.js's own sharding; each shard identifies with its [id, count]. */

const context = await bundledContext();

async function identifiedShards(shards: "auto" | number | undefined, recommended = 1) {
  const fake = await startFakeDiscord({ shards: recommended });
  const discord = new DiscordAdapter({
    config: testDiscordConfig(fake.apiUrl, { DISCORD_SHARDS: shards }),
    app: appFor(context),
    logger: silentLogger,
    readyTimeoutMs: 20_000,
  });
  try {
    await discord.start();
    return fake.identify.map((d) => d.shard).sort();
  } finally {
    await discord.stop();
    await fake.close();
  }
}

describe("DISCORD_SHARDS", () => {
  it("auto: as many shards as Discord recommends, each identifying as [id, count]", async () => {
    expect(await identifiedShards("auto", 2)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  }, 30_000);

  it("a number: that many shards, whatever Discord recommends", async () => {
    expect(await identifiedShards(3, 1)).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
  }, 30_000);

  it("unset: one connection", async () => {
    expect(await identifiedShards(undefined, 2)).toHaveLength(1);
  }, 30_000);

  it("is validated at start-up", () => {
    expect(loadConfig({ DISCORD_SHARDS: "auto" }).DISCORD_SHARDS).toBe("auto");
    expect(loadConfig({ DISCORD_SHARDS: "4" }).DISCORD_SHARDS).toBe(4);
    expect(loadConfig({}).DISCORD_SHARDS).toBeUndefined();
    for (const bad of ["0", "many", "-1", "2.5"]) {
      expect(() => loadConfig({ DISCORD_SHARDS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ DISCORD_SHARDS: bad })).toThrow(
        /DISCORD_SHARDS: must be "auto" or a whole number/,
      );
    }
  });
});
