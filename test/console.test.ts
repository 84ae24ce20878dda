import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { ConsoleAdapter } from "../src/adapters/console/console-adapter";
import { route } from "../src/app/pipeline";
import { appFor, bundledContext } from "./helpers/corpus";

const context = await bundledContext();

function harness() {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.on("data", (c) => {
    written += String(c);
  });
  const adapter = new ConsoleAdapter({ app: appFor(context), input, output, interactive: false });
  return { adapter, input, output: () => written };
}

describe("console adapter as a test harness", () => {
  const { adapter } = harness();

  it("answers a question with the fact and its source", async () => {
    const out = await adapter.say("how many trained");
    expect(out).toMatch(/30 million women/);
    expect(out).toMatch(
      /Source: Women Making Achievements Campaign — Chinese Women's Research Network, 2010-07-29/,
    );
    expect(out).toMatch(/Related:\n {2}- .*5\.86 million/);
  });

  it("says it does not know, lists what it covers and suggests questions", async () => {
    const out = await adapter.say("who wrote Hamlet");
    expect(out).toMatch(/^I don't know/);
    expect(out).toMatch(/What I can answer about:\n {2}- Women Making Achievements Campaign/);
  });

  it("routes help, topics and source, and shows help for an empty question", async () => {
    expect(await adapter.say("help")).toMatch(/^ {2}- topics: /m);
    expect(await adapter.say("topics")).toMatch(/Helping women start their own careers.*\(\d+ facts\)/);
    expect(await adapter.say("source")).toMatch(
      /Source: Chinese Women's Research Network\n {2}- Released: 2010-07-29/,
    );
    expect(await adapter.say("   ")).toMatch(/Ask me a question/);
  });

  it("runs /help and /topics, and names a slash command it does not have", async () => {
    expect(await adapter.say("/help")).toMatch(/Commands:/);
    expect(await adapter.say("/topics")).toMatch(/facts\)/);
    expect(await adapter.say("/weather today")).toMatch(/I don't know the command "weather"/);
  });

  it("keeps a command word inside a question as part of the question", async () => {
    expect(route("help me find how many trained").command.name).toBe("ask");
    expect(route("/campaign topics").command.name).toBe("topics");
    expect(route("ask how many trained")).toMatchObject({ text: "how many trained" });
  });

  it("replies to huge, binary and injected input without throwing", async () => {
    expect(await adapter.say("a".repeat(10_000))).toMatch(/keep it under 500/);
    expect(await adapter.say("\u0000\u0001\u0002")).toMatch(/Ask me a question/);
    expect(await adapter.say("@everyone <!channel> how many trained")).toMatch(/30 million/);
  });

  it("answers piped lines and ends at end of input, not before", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = "";
    output.on("data", (c) => {
      written += String(c);
    });
    let ends = 0;
    const piped = new ConsoleAdapter({
      app: appFor(context),
      input,
      output,
      interactive: false,
      onEnd: () => ends++,
    });
    await piped.start();
    input.write("how many trained\n\n");
    await vi.waitFor(() => expect(written).toMatch(/30 million/));
    expect(ends).toBe(0);
    input.end("when did it start\n");
    await vi.waitFor(() => expect(ends).toBe(1));
    expect(written).toMatch(/30 million[\s\S]*1991/);
  });
});
