import { describe, expect, it } from "vitest";
import { escapeMrkdwn, renderSlack } from "../src/adapters/slack/render";
import { buildLayout } from "../src/app/layout";
import type { Reply } from "../src/core/reply";
import { createRateLimiter } from "../src/rate-limit";
import { signSlackRequest } from "./helpers/slack-requests";

describe("the tests' Slack request signer", () => {
  // Slack's worked example from its "Verifying requests from Slack" documentation: the requests the
  // tests sign are the ones Slack would send (Bolt verifies them in the adapter).
  it("reproduces Slack's published example", () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signSlackRequest("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });
});

describe("rate limiter", () => {
  it("allows max requests per window per user and says when to retry", () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 2, windowMs: 30_000, now: () => now });
    expect(limiter.check("a").allowed).toBe(true);
    now = 1000;
    expect(limiter.check("a").allowed).toBe(true);
    now = 2000;
    expect(limiter.check("a")).toEqual({ allowed: false, retryAfterMs: 28_000 });
    expect(limiter.check("b").allowed).toBe(true);
    now = 30_001;
    expect(limiter.check("a").allowed).toBe(true);
  });
});

describe("Block Kit rendering", () => {
  const citation = { title: "T", source: "S", published: "2020-01-01", section: null, page: null };

  it("escapes mrkdwn markup characters", () => {
    expect(escapeMrkdwn("<!channel> & <@U1>")).toBe("&lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it("clips huge documents' facts to Slack's limits", () => {
    const big = "word ".repeat(2000);
    const reply: Reply = {
      kind: "topics",
      visibility: "private",
      text: big,
      sections: Array.from({ length: 80 }, (_, i) => ({ heading: `S${i}`, lines: [big] })),
      answer: { text: big, highlight: "word", factId: "x#0.0", citation, confidence: 1 },
    };
    const message = renderSlack(buildLayout(reply));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const b of message.blocks) {
      const text = (b as { text?: { text: string } }).text?.text;
      if (text) expect(text.length).toBeLessThanOrEqual(3000);
    }
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });
});

describe("rate limiter memory", () => {
  it("forgets users idle for a whole window, and is capped", () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 1, windowMs: 1000, now: () => now });
    for (let i = 0; i < 1000; i++) limiter.check(`u${i}`);
    expect(limiter.check("u999").allowed).toBe(false);
    now = 5000;
    // Everyone above was idle for a whole window: they start afresh.
    expect(limiter.check("u0").allowed).toBe(true);
    expect(limiter.check("u500").allowed).toBe(true);
    expect(limiter.check("u0").allowed).toBe(false);
  });
});
