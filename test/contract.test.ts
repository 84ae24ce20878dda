import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelScopes } from "../src/app/channel-documents";
import { createConversations } from "../src/app/conversations";
import { Learning } from "../src/app/learning";
import { answerQuestion } from "../src/core/answer";
import { loadCorpus } from "../src/core/load";
import { memoryLearningBackend } from "../src/store/learning-backend";
import { memoryBackend } from "../src/store/memory-backend";
import {
  BIOLOGY_DISCORD,
  BIOLOGY_SLACK,
  type Driver,
  type Drivers,
  startDrivers,
} from "./helpers/contract-drivers";
import { classFolders, silentLogger } from "./helpers/corpus";
import { autocomplete } from "./helpers/fake-discord";
import { testStorage } from "./helpers/storage";

/**
 * One contract every adapter passes: the same question gives the same facts, an unknown command
 * is answered (not dropped), the bot never answers itself, a 👎 on an answer reaches the teacher's
 * report, and a class channel answers from its own folder only. Each adapter is driven the way its
 * platform drives it; only what the user reads is compared.
 */

// Two classes' folders (the campaign article and a garden page); the biology channel sees only
// its own. Channels not listed see everything, so the other tests compare with the whole index.
const corpus = await loadCorpus(classFolders());
const scopes = new ChannelScopes(
  { [BIOLOGY_SLACK]: ["biology"], [BIOLOGY_DISCORD]: ["biology"] },
  false,
  () => corpus,
);
const backend = memoryBackend();
const storage = testStorage(backend);
// What the classes teach, kept in memory: each adapter's "This answered it" lands here.
const learning = new Learning({
  backend: memoryLearningBackend(),
  userHash: storage.userHash,
  logger: silentLogger,
});
await learning.ready;
const context = {
  learning,
  index: corpus.index,
  logger: silentLogger,
  commandName: "campaign",
  scope: (channel: string | undefined) => scopes.indexFor(channel),
  questionLog: storage.questionLog,
  feedback: storage.feedback,
  storage,
  conversations: createConversations(Date.now),
};

let started: Drivers;
const drivers: Driver[] = [];
const nextUser = () => started.nextUser();
beforeAll(async () => {
  started = await startDrivers(context);
  drivers.push(...started.drivers);
});
afterAll(() => started?.stop());

/** Words only: what a reader sees, whatever the platform's escaping and markup. */
function plain(text: string): string {
  return (
    text
      .replace(/\\[nrt"]/g, " ")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(" ");
}

const questions = [
  "how many trained",
  "wen did it begin",
  "how mnay ministries",
  "who published this",
  "who wrote Hamlet",
  // two documents: "it" is unsure, so the closest passage comes with another nearly as close
  "when did it start",
];

describe.each(["console", "slack", "discord"])("adapter contract: %s", (name) => {
  const driver = () => drivers.find((d) => d.name === name) as Driver;

  it.each(questions)("gives the core's facts for %j", async (question) => {
    const expected = answerQuestion(context.index, question);
    const out = plain(await driver().ask(question));
    if (expected.answer) {
      for (const fact of [expected.answer, ...expected.related])
        expect(out).toContain(plain(fact.text.slice(0, 60)));
    } else if (expected.tier === "closest" && expected.closest) {
      // The middle tier: the passage, marked as not vouched for, and those nearly as close.
      expect(out).toContain("i m not sure");
      for (const fact of [expected.closest, ...expected.related])
        expect(out).toContain(plain(fact.text.slice(0, 60)));
      if (expected.related.length) expect(out).toContain("also close");
    } else {
      expect(out).toContain("i don t know");
    }
  });

  it("reads a follow-up against the same person's last question, and nobody else's", async () => {
    const first = "who launched the community service program";
    const askAs = driver().askAs;
    const person = nextUser();
    const ask = (q: string) => (askAs ? askAs(person, q) : driver().ask(q));
    expect(plain(await ask(first))).toContain("1999");
    const next = plain(await ask("when?"));
    expect(next).toContain(plain(`after: ${first}`));
    expect(next).toContain("1999");
    if (askAs) expect(plain(await askAs(nextUser(), "when?"))).not.toContain("1999");
  });

  it("answers an unknown command instead of dropping it", async () => {
    expect(await driver().unknownCommand()).toMatch(/I don't know the command|Ask me a question/);
  });
});

// A question each, so each platform's 👎 is its own line in the one report they share.
const disliked: Record<string, string> = {
  console: "how many ministries",
  slack: "how many trained",
  discord: "how many model groups",
};

describe.each(["console", "slack", "discord"])("adapter contract (teachers): %s", (name) => {
  const driver = () => drivers.find((d) => d.name === name) as Driver;

  it("takes a 👎 on an answer, and the teacher's report shows it", async () => {
    const question = disliked[name] as string;
    expect(await driver().askAndMarkBad(question)).toMatch(/marked the (last )?answer as bad/);
    const report = await driver().report();
    expect(report).toMatch(/Questions per day/);
    expect(report).toMatch(new RegExp(`👎 1 👍 0 [^\\n]*\\(asked as: ${question}\\)`));
  });

  it("answers a class channel from its own folder only", async () => {
    const askIn = driver().askIn;
    if (!askIn) {
      // The terminal has no channel: the person running the bot sees every document.
      expect(plain(await driver().ask("how many trained"))).toContain("30 million");
      return;
    }
    expect(
      plain(await askIn(name === "slack" ? BIOLOGY_SLACK : BIOLOGY_DISCORD, "how many trained")),
    ).not.toContain("30 million");
    expect(
      plain(await askIn(name === "slack" ? "CHIST" : "300000000000000066", "how many trained")),
    ).toContain("30 million");
  });
});

describe("adapter contract (teachers): discord autocomplete", () => {
  it("suggests questions from the channel's own folder only", async () => {
    const suggest = async (channel: string) => {
      const payload = autocomplete("campaign", "how many", nextUser());
      const inChannel = { ...payload, channel_id: channel, channel: { ...payload.channel, id: channel } };
      started.fakeDiscord.dispatch("INTERACTION_CREATE", inChannel);
      const call = await started.fakeDiscord.waitFor(
        () => started.fakeDiscord.calls.find((c) => c.path.startsWith(`/interactions/${payload.id}/`)),
        "suggestions",
      );
      return (call.body as { data: { choices: Array<{ name: string }> } }).data.choices.map((c) => c.name);
    };
    const everywhere = await suggest("300000000000000066");
    const biology = await suggest(BIOLOGY_DISCORD);
    expect(everywhere.join(" ")).toMatch(/women|ministries|model/i);
    expect(biology.length).toBeGreaterThan(0);
    expect(biology.join(" ")).not.toMatch(/women|ministries|model/i);
  });
});

describe.each(["http", "socket"] as const)("adapter contract: a Slack click over %s", (mode) => {
  it("gets exactly one response, and is acknowledged once", async () => {
    const click = await started.slackClickBad(mode, "how many model groups were there");
    expect(click.responses).toHaveLength(1);
    expect(JSON.stringify(click.responses[0])).toMatch(/marked the answer as bad/);
    expect(click.acks).toBe(1);
    expect(click.errors).toEqual([]);
  });
});

// The terminal has no bot messages of its own to ignore, so only the chat platforms run this.
describe.each(["slack", "discord"])("adapter contract: %s", (name) => {
  it("never answers itself", async () => {
    const self = drivers.find((d) => d.name === name)?.selfMessage;
    expect(self).toBeTypeOf("function");
    expect(await (self as () => Promise<boolean>)()).toBe(false);
  });
});

// Last: the marks change what later questions in these channels are offered.
const UNSURE = "when did it start";

describe.each(["console", "slack", "discord"])("adapter contract (marks): %s", (name) => {
  const driver = () => drivers.find((d) => d.name === name) as Driver;

  it('renders "This answered it" on each passage an unsure reply offers, and a click marks that passage', async () => {
    const expected = answerQuestion(context.index, UNSURE);
    expect(expected.tier).toBe("closest");
    const second = expected.related[0];
    if (!second) throw new Error(`"${UNSURE}" offers a single passage`);
    const { reply, ack } = await driver().askAndMarkPassage(UNSURE, 2, nextUser());
    expect(reply).toMatch(name === "console" ? /type its number \(1-\d\)/ : /This answered it/);
    expect(ack).toMatch(/Thanks: noted that this answered/);
    const links = learning.links(driver().classKey);
    expect(links.map((l) => [l.question, l.passage])).toEqual([[UNSURE, second.text]]);
  });
});

describe.each(["http", "socket"] as const)(
  'adapter contract (marks): a Slack "This answered it" over %s',
  (mode) => {
    it("gets exactly one response, and is acknowledged once", async () => {
      // Its own question each: two students marking one passage would make it an answer, unmarkable.
      const question = mode === "http" ? "how do they water things" : "how do they water the plots";
      expect(answerQuestion(context.index, question).tier).toBe("closest");
      const click = await started.slackClick(mode, question, /^answered:/);
      expect(click.responses).toHaveLength(1);
      expect(JSON.stringify(click.responses[0])).toMatch(/noted that this answered/);
      expect(click.acks).toBe(1);
      expect(click.errors).toEqual([]);
    });
  },
);

describe('adapter contract (marks): a Discord "This answered it"', () => {
  it("gets exactly one response", async () => {
    const responses = await started.discordClick("how much to rent a plot", /^answered:/);
    expect(responses).toHaveLength(1);
    expect(JSON.stringify(responses[0])).toMatch(/noted that this answered/);
  });
});
