import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

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
