import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { ConsoleAdapter } from "../../src/adapters/console/console-adapter";
import { appFor, bundledContext, tempCorpus } from "../helpers/corpus";
import { PROCESS_START_MS, spawnBot } from "../helpers/spawn-bot";

/** Defects 8 and 9: the terminal and the first minutes with a fresh clone. */

describe("the terminal (defect 8)", () => {
  it("ends quietly when its output is closed early (npm start | head -3)", async () => {
    const bot = spawnBot({}, "src/main.ts", { stdin: "pipe" });
    bot.child.stdin?.write("how many trained\n".repeat(200));
    await vi.waitFor(() => expect(bot.stdout().length).toBeGreaterThan(0), { timeout: PROCESS_START_MS });
    bot.child.stdout?.destroy();
    bot.child.stdin?.write("how many trained\n".repeat(200));
    bot.child.stdin?.end();
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).not.toMatch(/EPIPE|Unhandled/);
  });

  it("exits when both output streams close early with LOG_LEVEL=info (npm start 2>&1 | head -7)", async () => {
    const bot = spawnBot({ LOG_LEVEL: "info" }, "src/main.ts", { stdin: "pipe" });
    bot.child.stdin?.write("how many trained\n");
    await vi.waitFor(() => expect(bot.stdout().length).toBeGreaterThan(0), { timeout: PROCESS_START_MS });
    bot.child.stdout?.destroy();
    bot.child.stderr?.destroy();
    bot.child.stdin?.end("how many trained\n".repeat(200));
    expect(await bot.exited).toBe(0);
  });

  it("ask --json --data DIR 'question' answers the question without waiting on stdin", async () => {
    const dir = tempCorpus({ "bees.md": "# Bees\n\nA healthy hive holds about 50,000 bees in midsummer.\n" });
    // stdin stays open and empty: reading it would wait forever.
    const cli = spawnBot({}, "src/cli.ts", {
      stdin: "pipe",
      args: ["--json", "--data", dir, "how many bees in a hive"],
    });
    expect(await cli.exited).toBe(0);
    const lines = cli.stdout().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      question: "how many bees in a hive",
      answered: true,
    });
    cli.child.stdin?.destroy();
  });

  it("shows help for an empty line in the chat, and its help does not say /campaign", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (c) => {
      written += String(c);
    });
    const chat = new ConsoleAdapter({
      app: appFor(await bundledContext()),
      input,
      output,
      interactive: true,
    });
    await chat.start();
    const greeting = written.length;
    input.write("\n");
    await vi.waitFor(() => expect(written.slice(greeting)).toMatch(/Ask me a question|Commands:/));
    const help = await chat.say("help");
    expect(help).toMatch(/^ {2}- <question>: /m);
    expect(help).toMatch(/^ {2}- topics: /m);
    expect(help).not.toMatch(/\/campaign/);
    await chat.stop();
  });
});

describe("set-up (defect 9)", () => {
  it("package-lock.json records the same engines as package.json, so npm install leaves it unchanged", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
    expect(lock.packages[""].engines).toEqual(pkg.engines);
  });

  it("the README's manifest command keeps npm's banner out of the file", () => {
    const readme = readFileSync("README.md", "utf8");
    const commands = readme.match(/npm run [^`\n]*slack:manifest[^`\n]*>[^`\n]*/g) ?? [];
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).toContain("--silent");
  });
});
