import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, ConfigSchema, loadConfig } from "../src/config";

describe("configuration", () => {
  it("has defaults for everything optional", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATA_DIR: "data",
      COMMAND_NAME: "campaign",
      RATE_LIMIT_MAX: 5,
      RATE_LIMIT_WINDOW_SECONDS: 30,
    });
    // Unset means "info" for chat platforms and "warn" in the terminal; decided at start-up.
    expect(config.LOG_LEVEL).toBeUndefined();
    expect(loadConfig({ LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
  });

  it("names every bad variable, what it got and how to fix it", () => {
    let error: unknown;
    try {
      loadConfig({ LOG_LEVEL: "loud", RATE_LIMIT_MAX: "many", COMMAND_NAME: "Campaign Bot" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/LOG_LEVEL.*"loud".*use one of fatal, error/);
    expect(message).toMatch(/RATE_LIMIT_MAX: must be a whole number from 1 to 1000 \(got "many"\)/);
    expect(message).toMatch(/COMMAND_NAME/);
    expect(message).toMatch(/\.env\.example/);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ DATA_DIR: "", LOG_LEVEL: "" }).DATA_DIR).toBe("data");
  });
});

describe("documentation of configuration", () => {
  it(".env.example and the README list every variable the schema reads", () => {
    const example = readFileSync(".env.example", "utf8");
    const readme = readFileSync("README.md", "utf8");
    for (const key of Object.keys(ConfigSchema.shape)) {
      expect(example, key).toMatch(new RegExp(`^${key}=`, "m"));
      expect(readme, key).toContain(`\`${key}\``);
    }
  });

  it("refuses half a Slack setup and names the missing variable", () => {
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: "s" })).toThrow(/SLACK_BOT_TOKEN: required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET: required/);
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).SLACK_APP_TOKEN).toBe(
      "xapp-1",
    );
    expect(() => loadConfig({ DISCORD_MESSAGE_CONTENT: "maybe" })).toThrow(/DISCORD_MESSAGE_CONTENT/);
    expect(() => loadConfig({ DISCORD_GUILD_ID: "abc" })).toThrow(/DISCORD_GUILD_ID: must be a Discord id/);
  });
});
