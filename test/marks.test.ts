import { beforeAll, describe, expect, it } from "vitest";
import { createConversations } from "../src/app/conversations";
import type { PassageView, ReplyLayout } from "../src/app/layout";
import { Learning } from "../src/app/learning";
import { MARK_TEXT } from "../src/app/marks";
import { RecentOffers } from "../src/app/offers";
import { createApp, type Incoming } from "../src/app/pipeline";
import type { AppServices } from "../src/app/services";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { memoryLearningBackend } from "../src/store/learning-backend";
import { memoryBackend } from "../src/store/memory-backend";
import { silentLogger } from "./helpers/corpus";
import { testStorage } from "./helpers/storage";

/**
 * Students' marks through the chat (issue 17, items 1 and 3): "This answered it" on an unsure
 * reply's passages, 👍 / 👎 on a confident answer, and the trust rule end to end — what one student
 * marks does not make another's answer confident, a second student's does, 👎 from others takes it
 * back, and a class's marks never answer in another class. The app is driven as every adapter
 * drives it (test/contract.test.ts drives the adapters themselves).
 */

const GARDEN = "test/eval/corpora/community-garden";
const RAINWATER = "A rainwater system collects";

let index: CorpusIndex;
beforeAll(async () => {
  ({ index } = await loadCorpus(GARDEN));
});

function chat(overrides: Partial<AppServices> = {}) {
  const storage = testStorage(memoryBackend());
  const learning = new Learning({
    backend: memoryLearningBackend(),
    userHash: storage.userHash,
    logger: silentLogger,
  });
  const services: AppServices = {
    index,
    logger: silentLogger,
    commandName: "campaign",
    questionLog: storage.questionLog,
    feedback: storage.feedback,
    storage,
    learning,
    rateLimit: { max: 1000, windowSeconds: 30 },
    ...overrides,
  };
  const app = createApp(services);
  const from = (user: string, channel = "CGARDEN"): Incoming => ({ platform: "slack", user, channel });
  const ask = (user: string, question: string, channel?: string) => app.text(from(user, channel), question);
  const offered = (layout: ReplyLayout): PassageView[] =>
    [layout.main, ...(layout.others?.passages ?? [])].filter((p) => p !== undefined);
  /** clicks "This answered it" on the offered passage holding `quote` */
  const mark = async (user: string, reply: ReplyLayout, quote: string, channel?: string) => {
    const passage = offered(reply).find((p) => p.text.includes(quote));
    const control = passage?.controls.find((c) => c.name === "answered");
    if (!control) throw new Error(`no "This answered it" on a passage with "${quote}"`);
    return (await app.control(from(user, channel), control.name, control.payload)).text;
  };
  const vote = async (user: string, reply: ReplyLayout, which: "👍" | "👎", channel?: string) => {
    const control = reply.feedback.find((c) => c.label === which);
    if (!control) throw new Error(`no ${which} on the reply`);
    return (await app.control(from(user, channel), control.name, control.payload)).text;
  };
  return { app, services, learning, storage, ask, mark, vote, offered, from };
}

describe('"This answered it" through the chat', () => {
  it("is on every passage an unsure reply offers, and not on a confident answer's", async () => {
    const { ask, offered, learning } = chat();
    await learning.ready;
    const unsure = await ask("s1", "how do they water things");
    expect(unsure.tier).toBe("closest");
    expect(offered(unsure).length).toBeGreaterThan(1);
    for (const [i, p] of offered(unsure).entries()) {
      expect(p.controls.map((c) => c.label)).toEqual(["This answered it"]);
      expect(p.number).toBe(i + 1);
      // Short whatever the fact's id: Discord's custom ids stop at 100 characters.
      expect(`${p.controls[0]?.name}:${p.controls[0]?.payload}`.length).toBeLessThanOrEqual(50);
    }
    const sure = await ask("s1", "where does the harvest go");
    expect(sure.tier).toBe("answer");
    expect(offered(sure).every((p) => p.controls.length === 0)).toBe(true);
    expect(sure.feedback.map((c) => c.label)).toEqual(["👍", "👎"]);
  });

  it("one student's mark does not make another's answer confident; a second student's does; 👎 from others takes it back", async () => {
    const { ask, mark, vote, learning } = chat();
    await learning.ready;
    const first = await ask("s1", "how do plants get water");
    expect(first.main?.text).not.toContain(RAINWATER);
    expect(await mark("s1", first, RAINWATER)).toMatch(/Thanks: noted that this answered/);

    // One student: the passage is offered first, not vouched for.
    const second = await ask("s2", "wat waters the plants");
    expect(second.tier).toBe("closest");
    expect(second.main?.text).toContain(RAINWATER);
    expect(await mark("s2", second, RAINWATER)).toMatch(/confirmed now/);

    // Two students: the next student gets a confident answer, the passage's own text.
    const third = await ask("s3", "how do the plants get watered");
    expect(third.tier).toBe("answer");
    expect(third.main?.text).toContain(RAINWATER);
    // 👎 from a student who did not mark it takes it back.
    expect(await vote("s3", third, "👎")).toMatch(/marked the answer as bad/);
    expect((await ask("s4", "how do the plants get watered")).tier).not.toBe("answer");
  });

  it("👍 on a confident answer marks its passage for that question; one mark per user per question, changeable", async () => {
    const { ask, vote, mark, learning } = chat();
    await learning.ready;
    const answer = await ask("s1", "where does the harvest go");
    expect(await vote("s1", answer, "👍")).toMatch(/marked the answer as good/);
    expect(learning.links("CGARDEN").map((l) => [l.question, l.passage.slice(0, 30), l.students])).toEqual([
      ["where does the harvest go", "Most of the harvest goes to th", 1],
    ]);
    // A second click by the same student on another passage of the same question replaces the first.
    const unsure = await ask("s2", "how do they water things");
    await mark("s2", unsure, RAINWATER);
    await mark("s2", unsure, "The Riverside Community Garden opened");
    const mine = learning.links("CGARDEN").filter((l) => l.question === "how do they water things");
    expect(mine.map((l) => l.passage.slice(0, 30))).toEqual(["The Riverside Community Garden"]);
  });

  it("a follow-up teaches nothing: its words alone do not say what was asked", async () => {
    const { ask, vote, learning } = chat({ conversations: createConversations(Date.now) });
    await learning.ready;
    await ask("s1", "when did the garden open");
    const next = await ask("s1", "and the second garden?");
    expect(next.followUp).toBe("when did the garden open");
    expect(next.tier).toBe("answer");
    expect(await vote("s1", next, "👍")).toMatch(/marked the answer as good/);
    expect(learning.links("CGARDEN")).toEqual([]);
  });

  it("a class's marks never answer in another class, and a click from another class is refused", async () => {
    const { ask, mark, learning } = chat();
    await learning.ready;
    for (const s of ["s1", "s2"])
      await mark(s, await ask(s, "how do plants get water", "CA"), RAINWATER, "CA");
    expect((await ask("s3", "how do the plants get watered", "CA")).tier).toBe("answer");
    const elsewhere = await ask("s3", "how do the plants get watered", "CB");
    expect(elsewhere.tier).not.toBe("answer");
    // A reply from class A clicked in class B: no mark in either.
    const reply = await ask("s4", "how much to rent a plot", "CA");
    expect(await mark("s4", reply, "Plot holders pay", "CB")).toBe(MARK_TEXT.otherClass);
    expect(learning.links("CB")).toEqual([]);
    expect(learning.links("CA").some((l) => l.question === "how much to rent a plot")).toBe(false);
  });

  it("a stale, a malformed or a foreign click, and a passage no longer in the documents, get a clear private message", async () => {
    const { ask, mark, app, from, services, learning } = chat();
    await learning.ready;
    const reply = await ask("s1", "how much to rent a plot");
    const stale = await app.control(from("s1"), "answered", "00000000-0000-4000-8000-000000000000:0");
    expect(stale).toMatchObject({ visibility: "private", text: MARK_TEXT.stale });
    expect((await app.control(from("s1"), "answered", "nonsense")).text).toMatch(/no longer works/);
    // The documents change under the reply: the passage is gone.
    const { index: other } = await loadCorpus("data");
    services.index = other;
    expect(await mark("s1", reply, "Plot holders pay")).toBe(MARK_TEXT.gone);
    expect(learning.links("CGARDEN")).toEqual([]);
  });

  it("a click this process no longer remembers is found in the question log: its main passage, not the others", async () => {
    const first = chat();
    await first.learning.ready;
    const reply = await first.ask("s1", "how do they water things");
    await first.storage.questionLog.flush();
    // Another process over the same store (a replica, or after a restart): nothing in memory.
    const replica = createApp({ ...first.services });
    const main = reply.main?.controls[0];
    const other = reply.others?.passages.find((p) => p.text.includes(RAINWATER))?.controls[0];
    if (!main || !other) throw new Error("the reply offered no passages to mark");
    expect((await replica.control(first.from("s1"), main.name, main.payload)).text).toMatch(/Thanks/);
    expect((await replica.control(first.from("s2"), other.name, other.payload)).text).toBe(
      MARK_TEXT.unknownPosition,
    );
    expect(first.learning.links("CGARDEN").map((l) => l.passage)).toEqual([reply.main?.text]);
  });

  it("with learning off (QUESTION_LOG_DAYS=0, no store) offers no control and says so when clicked", async () => {
    const off = new Learning({ backend: null, userHash: (p, u) => `${p}:${u}`, logger: silentLogger });
    const { ask, app, from } = chat({ learning: off });
    await off.ready;
    const reply = await ask("s1", "how do they water things");
    expect(reply.main?.controls).toEqual([]);
    expect(reply.main?.number).toBeUndefined();
    const id = reply.questionId as string;
    expect((await app.control(from("s1"), "answered", `${id}:0`)).text).toBe(MARK_TEXT.off);
  });
});

describe("the replies a process remembers", () => {
  it("keeps the most recent ones, up to its bound", () => {
    const offers = new RecentOffers(2);
    const offer = (question: string) => ({ question, classKey: "C", tier: "closest" as const, passages: [] });
    for (const id of ["a", "b", "c"]) offers.remember(id, offer(id));
    expect(offers.get("a")).toBeUndefined();
    expect(offers.get("c")?.question).toBe("c");
  });
});
