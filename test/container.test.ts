import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type FakeSlack, startFakeSlack } from "./helpers/fake-slack";
import { SIGNING_SECRET } from "./helpers/slack-requests";
import { PROCESS_START_MS, spawnBot } from "./helpers/spawn-bot";

/**
 * No Docker engine runs here, so the container files are checked as far as processes can: the
 * image runs what `npm start` runs, as a non-root user, and its HEALTHCHECK command (run as is)
 * passes against a live bot and fails against nothing; compose runs two bots on one PostgreSQL.
 */

const dockerfile = readFileSync("Dockerfile", "utf8").replace(/\\\n\s*/g, "");
const instruction = (name: string) =>
  dockerfile
    .split("\n")
    .filter((l) => l.startsWith(`${name} `))
    .map((l) => l.slice(name.length + 1));

describe("Dockerfile", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("builds in stages and runs npm start's command as a non-root user", () => {
    expect(instruction("FROM").length).toBeGreaterThanOrEqual(2);
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } };
    const cmd = JSON.parse(instruction("CMD").at(-1) ?? "[]") as string[];
    expect(cmd.join(" ")).toBe(pkg.scripts.start);
    const lines = dockerfile.split("\n");
    const lastFrom = lines.findLastIndex((l) => l.startsWith("FROM "));
    const user = lines.findIndex((l, i) => i > lastFrom && l.startsWith("USER "));
    expect(lines[user]).toBe("USER node");
    expect(user).toBeLessThan(lines.findIndex((l) => l.startsWith("CMD ")));
  });

  it("HEALTHCHECK passes against a running bot and fails when nothing answers", async () => {
    const check = instruction("HEALTHCHECK")[0] ?? "";
    const command = JSON.parse(check.slice(check.indexOf("CMD ") + 4)) as string[];
    expect(command[0]).toBe("node");
    const bot = spawnBot({
      SLACK_BOT_TOKEN: "xoxb-container-test",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: "0",
      LOG_LEVEL: "info",
    });
    try {
      const port = await fake.waitFor(
        () => /"port":(\d+)[^\n]*slack listening/.exec(bot.stderr())?.[1],
        "the bot to listen",
        PROCESS_START_MS,
      );
      const run = (p: string) =>
        spawnSync(process.execPath, command.slice(1), {
          env: { ...process.env, PORT: p },
          timeout: PROCESS_START_MS,
        });
      expect(run(port).status).toBe(0);
      bot.child.kill("SIGTERM");
      expect(await bot.exited).toBe(0);
      expect(run(port).status).toBe(1);
    } finally {
      bot.child.kill("SIGKILL");
    }
  }, 60_000);
});

describe("compose.yaml", () => {
  it("runs two bot replicas on one PostgreSQL server, the bot waiting for it", () => {
    interface Service {
      image?: string;
      deploy?: unknown;
      environment?: Record<string, string>;
      depends_on?: unknown;
    }
    const compose = parse(readFileSync("compose.yaml", "utf8")) as { services: Record<string, Service> };
    const bot = compose.services.bot ?? {};
    const db = compose.services.db ?? {};
    expect(bot.deploy).toMatchObject({ replicas: 2 });
    expect(bot.environment?.DATABASE_URL).toMatch(/^postgres:\/\/bot:.*@db:5432\/bot$/);
    expect(bot.depends_on).toMatchObject({ db: { condition: "service_healthy" } });
    expect(String(db.image)).toMatch(/^postgres:15/);
  });

  it("mounts the teacher's documents folder where the bot reads them", () => {
    const compose = parse(readFileSync("compose.yaml", "utf8")) as {
      services: { bot: { environment: Record<string, string>; volumes: string[] } };
    };
    const bot = compose.services.bot;
    // DOCUMENTS_DIR in .env names the folder on the host; the bundled article by default.
    expect(bot.volumes).toContainEqual(
      expect.stringMatching(/^\$\{DOCUMENTS_DIR:-\.\/data\}:\/app\/documents:ro$/),
    );
    expect(bot.environment.DATA_DIR).toBe("/app/documents");
    // The image reads the same folder when run alone (the bundled article until one is mounted).
    expect(instruction("ENV").join(" ")).toContain("DATA_DIR=/app/documents");
    expect(instruction("COPY")).toContain("data ./documents");
  });
});
