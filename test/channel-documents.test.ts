import { describe, expect, it } from "vitest";
import { ChannelScopes, checkChannelFolders } from "../src/app/channel-documents";
import { loadConfig } from "../src/config";
import { loadCorpus } from "../src/core/load";
import { appFor, classFolders, silentLogger } from "./helpers/corpus";

const dir = classFolders();
const loaded = await loadCorpus(dir);
const map = { CHIST: ["history"], CBIO: ["biology"] };
const run = (scopes: ChannelScopes, channel: string | undefined, name: string, text: string) =>
  appFor({
    index: loaded.index,
    logger: silentLogger,
    commandName: "campaign",
    scope: (c) => scopes.indexFor(c),
  }).command({ user: "U1", platform: "test", channel }, name, text);
const ask = (scopes: ChannelScopes, channel: string | undefined, text: string) =>
  run(scopes, channel, "ask", text);

describe("per-class documents (CHANNEL_DOCUMENTS)", () => {
  const scopes = new ChannelScopes(map, false, () => loaded);

  it("answers each channel from its own folders only", async () => {
    expect((await ask(scopes, "CHIST", "how many trained")).text).toMatch(/30 million/);
    expect((await ask(scopes, "CBIO", "how many trained")).kind).not.toBe("answer");
    const topics = await run(scopes, "CBIO", "topics", "");
    expect(JSON.stringify(topics)).not.toMatch(/Women Making Achievements/);
    expect(
      scopes
        .indexFor("CBIO")
        ?.suggestions.starters(20)
        .map((s) => s.question)
        .join(" "),
    ).not.toMatch(/1991|ministries/);
  });

  it("lets a channel not listed see everything, or nothing when strict", async () => {
    expect((await ask(scopes, "COTHER", "how many trained")).text).toMatch(/30 million/);
    const strict = new ChannelScopes(map, true, () => loaded);
    const reply = await ask(strict, "COTHER", "how many trained");
    expect(reply).toMatchObject({ kind: "notice", visibility: "private" });
    expect(reply.text).toMatch(/CHANNEL_DOCUMENTS/);
    // The terminal has no channel: whoever runs the bot sees every document.
    expect((await ask(strict, undefined, "how many trained")).text).toMatch(/30 million/);
  });

  it("names the channel and the folder when a mapping points at a missing folder", () => {
    expect(checkChannelFolders(dir, { CBIO: ["biology", "chemistry"] }).join("\n")).toMatch(
      /CHANNEL_DOCUMENTS: channel CBIO is mapped to "chemistry", which is not a folder in DATA_DIR/,
    );
    expect(checkChannelFolders(dir, map)).toEqual([]);
  });

  it("reads the variable as channel=folder[,folder] entries and rejects anything else", () => {
    const config = loadConfig({ CHANNEL_DOCUMENTS: "CHIST=history; CBIO=biology,shared/ " });
    expect(config.CHANNEL_DOCUMENTS).toEqual({ CHIST: ["history"], CBIO: ["biology", "shared"] });
    expect(() => loadConfig({ CHANNEL_DOCUMENTS: "CHIST" })).toThrow(
      /CHANNEL_DOCUMENTS: cannot read "CHIST"/,
    );
    expect(() => loadConfig({ CHANNEL_DOCUMENTS: "C1=../secrets" })).toThrow(/CHANNEL_DOCUMENTS/);
    // A channel's name instead of its id gets a hint saying where the id is (#20.12).
    for (const name of ["#chem-11", "chem-11"]) {
      expect(() => loadConfig({ CHANNEL_DOCUMENTS: `${name}=chemistry` })).toThrow(
        new RegExp(`"${name}" looks like a channel's name; use its id .*Copy Channel ID`),
      );
    }
  });
});
