import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerInTime } from "../src/adapters/discord/answer-in-time";
import { InteractionWindows } from "../src/adapters/discord/interaction-window";
import { MemoryDeduper } from "../src/dedupe";
import { createLogThrottle } from "../src/log-throttle";
import { createShutdown } from "../src/shutdown";

/** The pieces that bound waits and floods, with injected clocks and fake timers: no sleeps. */

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "trace" }, { write: (l: string) => lines.push(JSON.parse(l)) });
  return { logger, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("log throttle", () => {
  it("logs the first of a kind, counts the rest, and summarises them after the window", () => {
    let now = 0;
    const { logger, lines } = captureLogger();
    const throttle = createLogThrottle(logger, { windowMs: 10_000, now: () => now });
    for (let i = 0; i < 413; i++) throttle.warn("sig:1.2.3.4", { address: "1.2.3.4" }, "bad signature");
    throttle.warn("sig:5.6.7.8", { address: "5.6.7.8" }, "bad signature");
    expect(lines.map((l) => l.address)).toEqual(["1.2.3.4", "5.6.7.8"]);
    now = 10_000;
    throttle.warn("sig:1.2.3.4", { address: "1.2.3.4" }, "bad signature");
    expect(lines[2]).toMatchObject({ suppressed: 412, msg: "bad signature (412 more in the last 10 s)" });
    expect(lines[3]).toMatchObject({ msg: "bad signature" });
    throttle.warn("sig:1.2.3.4", {}, "bad signature");
    throttle.flush();
    expect(lines.at(-1)).toMatchObject({ suppressed: 1 });
  });
});

describe("deduper", () => {
  it("claims a key once within the window, again after it, and stays bounded", async () => {
    let now = 0;
    const dedupe = new MemoryDeduper({ windowMs: 1000, capacity: 3, now: () => now });
    expect(await dedupe.claim("a")).toBe(true);
    expect(await dedupe.claim("a")).toBe(false);
    now = 1000;
    expect(await dedupe.claim("a")).toBe(true);
    for (const k of ["b", "c", "d"]) await dedupe.claim(k);
    // "a" was the oldest of four keys with room for three: forgotten.
    expect(await dedupe.claim("a")).toBe(true);
  });
});

describe("Discord's interaction window", () => {
  it("refuses to wait out a rate limit that ends after the 3-second callback window", () => {
    let now = 1_000_000;
    const windows = new InteractionWindows(() => now);
    windows.arrive("42");
    const url = "http://x/api/v10/interactions/42/token/callback";
    expect(windows.rejectRateLimited({ url, retryAfter: 500 })).toBe(false);
    expect(windows.rejectRateLimited({ url, retryAfter: 5000 })).toBe(true);
    now += 2900;
    expect(windows.rejectRateLimited({ url, retryAfter: 500 })).toBe(true);
    expect(windows.rejectRateLimited({ url: "http://x/api/v10/webhooks/1/t", retryAfter: 5000 })).toBe(false);
  });
});

describe("answering an interaction in time", () => {
  const fakeInteraction = () => {
    const calls: string[] = [];
    return {
      calls,
      interaction: {
        reply: async (m: string) => calls.push(`reply:${m}`),
        deferReply: async ({ ephemeral }: { ephemeral: boolean }) => calls.push(`defer:${ephemeral}`),
        editReply: async (m: string) => calls.push(`edit:${m}`),
      },
    };
  };

  it("replies directly when the answer is ready in time", async () => {
    const { calls, interaction } = fakeInteraction();
    expect(await answerInTime(interaction, Promise.resolve("hi"), { ephemeral: false })).toBe("replied");
    expect(calls).toEqual(["reply:hi"]);
  });

  it("defers after about 2 s and edits when the answer arrives", async () => {
    vi.useFakeTimers();
    const { calls, interaction } = fakeInteraction();
    let finish: (m: string) => void = () => {};
    const slow = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const done = answerInTime(interaction, slow, { ephemeral: true, deferAfterMs: 2000 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(["defer:true"]);
    finish("late answer");
    expect(await done).toBe("deferred");
    expect(calls).toEqual(["defer:true", "edit:late answer"]);
  });
});

describe("shutdown", () => {
  const adapter = (stop: () => Promise<void>, pending = 0) => ({
    name: "fake",
    start: async () => {},
    stop,
    pending: () => pending,
  });

  it("exits 0 once every adapter has stopped", async () => {
    const exits: number[] = [];
    const { logger } = captureLogger();
    const shutdown = createShutdown({
      adapters: [adapter(async () => {})],
      logger,
      timeoutMs: 1000,
      exit: (c) => exits.push(c),
      tell: () => {},
      setTimer: () => undefined,
    });
    await shutdown.stop("SIGTERM");
    expect(exits).toEqual([0]);
  });

  it("at the deadline logs what it abandoned and exits 1", async () => {
    const exits: number[] = [];
    const { logger, lines } = captureLogger();
    let fire: () => void = () => {};
    const shutdown = createShutdown({
      adapters: [adapter(() => new Promise(() => {}), 2)],
      logger,
      timeoutMs: 1000,
      exit: (c) => exits.push(c),
      tell: () => {},
      setTimer: (run) => {
        fire = run;
      },
    });
    const stopping = shutdown.stop("SIGTERM");
    expect(exits).toEqual([]);
    fire();
    await stopping;
    expect(exits).toEqual([1]);
    expect(lines.find((l) => /abandoning/.test(String(l.msg)))).toMatchObject({ abandoned: { fake: 2 } });
  });

  it("a fatal error tells the person, stops the adapters and exits 1", async () => {
    const exits: number[] = [];
    const told: string[] = [];
    let stopped = false;
    const { logger } = captureLogger();
    const shutdown = createShutdown({
      adapters: [
        adapter(async () => {
          stopped = true;
        }),
      ],
      logger,
      timeoutMs: 1000,
      exit: (c) => exits.push(c),
      tell: (m) => told.push(m),
      setTimer: () => undefined,
    });
    await shutdown.fatal("DISCORD_TOKEN was rejected");
    expect({ exits, told, stopped }).toEqual({
      exits: [1],
      told: ["DISCORD_TOKEN was rejected"],
      stopped: true,
    });
  });
});
