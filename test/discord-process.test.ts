import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, slashCommand, startFakeDiscord } from "./helpers/fake-discord";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});

// Shaped like a real bot token, built at run time so no such literal sits in the repository.
const token = ["MTAwMDAwMDAwMDAwMDAwMDAx", "GabcdE", "x".repeat(38)].join(".");

describe("npm start with Discord configured", () => {
  it("answers over the gateway, closes it cleanly on SIGTERM, exits 0, and never logs a token", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: "debug" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c) => {
      stderr += String(c);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await fake.waitFor(
      () => (stderr.includes("discord connected") ? true : undefined),
      "the bot to connect",
      15_000,
    );

    const question = slashCommand("campaign", "how many trained");
    fake.dispatch("INTERACTION_CREATE", question);
    await fake.waitFor(
      () => fake.calls.find((c) => c.path.startsWith(`/interactions/${question.id}/`)),
      "the answer",
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(fake.closes()).toBeGreaterThanOrEqual(1);
    expect(stderr).toContain("shutting down");
    expect(stderr).not.toContain(token);
    expect(stderr).not.toContain(question.token);
  });

  it("stops with a clear message when Discord rejects the token", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, DISCORD_TOKEN: "a-rejected-token", DISCORD_API_URL: fake.apiUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c) => {
      stderr += String(c);
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/DISCORD_TOKEN/);
    expect(stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
