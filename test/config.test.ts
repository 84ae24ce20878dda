import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
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

  it("a .env copied from .env.example keeps the defaults (no info logs between terminal answers)", () => {
    const fromExample = loadConfig(parseEnv(readFileSync(".env.example", "utf8")));
    expect(fromExample.LOG_LEVEL).toBeUndefined();
    expect(fromExample).toMatchObject(loadConfig({}));
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

describe("storage configuration", () => {
  it("defaults to the embedded store, a 30-day log and no admins", () => {
    expect(loadConfig({})).toMatchObject({ STATE_DIR: ".state", QUESTION_LOG_DAYS: 30, ADMIN_USER_IDS: [] });
    expect(loadConfig({ ADMIN_USER_IDS: " U1, U2 ,," }).ADMIN_USER_IDS).toEqual(["U1", "U2"]);
  });

  it("needs a shared secret with a server, and never echoes the URL or the secret", () => {
    const url = "postgres://bot:hunter2-password@db.example.org/bot";
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(
      /QUESTION_LOG_SECRET: required with DATABASE_URL/,
    );
    expect(loadConfig({ DATABASE_URL: url, QUESTION_LOG_DAYS: "0" }).QUESTION_LOG_DAYS).toBe(0);
    const bad = () => loadConfig({ DATABASE_URL: "mysql://x:hunter2@h/db", QUESTION_LOG_SECRET: "short" });
    expect(bad).toThrow(/DATABASE_URL: must be a postgres:\/\/ .*QUESTION_LOG_SECRET: must be at least 16/s);
    expect(bad).not.toThrow(/hunter2|short/);
    expect(() => loadConfig({ QUESTION_LOG_DAYS: "-1" })).toThrow(
      /QUESTION_LOG_DAYS: must be a whole number from 0/,
    );
  });
});
