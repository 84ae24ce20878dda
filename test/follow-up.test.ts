import { beforeAll, describe, expect, it } from "vitest";
import { conversationKey, createConversations, FOLLOW_UP_MINUTES } from "../src/app/conversations";
import type { AppServices } from "../src/app/services";
import { answerQuestion } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { appFor, silentLogger, tempCorpus } from "./helpers/corpus";

// Two facts about 2000, and two teachers: a follow-up is only answered right
// when it is read against the question before it.
const CHOIR = `# Riverside Choir

The Riverside Choir was founded in 1985 by Ana Silva, a music teacher at Hill School.
Tom Reed teaches art at Hill School and designs the choir's posters.
In 1999 the choir had 40 singers.
In 2000 the town library opened a new wing.
In 2000 the choir had 55 singers.
The choir rehearses on Tuesdays at the town library.
`;

let index: CorpusIndex;
beforeAll(async () => {
  index = (await loadCorpus(tempCorpus({ "choir.md": CHOIR }))).index;
});

describe("follow-up questions", () => {
  it('reads "and in 2000?" as the last question asked about 2000', () => {
    const first = answerQuestion(index, "how many singers were there in 1999");
    expect(first.answer?.highlight).toBe("40 singers");
    const next = answerQuestion(index, "and in 2000?", { previous: first.context });
    expect(next.tier).toBe("answer");
    expect(next.answer?.text).toBe("In 2000 the choir had 55 singers.");
    expect(next.answer?.highlight).toBe("55 singers");
    expect(next.followUp).toBe("how many singers were there in 1999");
    // Alone, it asks about whatever happened in 2000, not how many of anything.
    const alone = answerQuestion(index, "and in 2000?");
    expect(alone.followUp).toBeNull();
    expect(alone.type).toBe("what");
    expect(alone.closest?.highlight).not.toBe("55 singers");
  });

  it("reads a pronoun for a person as the one just asked about", () => {
    const first = answerQuestion(index, "who founded the choir");
    const next = answerQuestion(index, "what does she teach", { previous: first.context });
    expect(next.closest?.text).toContain("Ana Silva, a music teacher");
    expect(answerQuestion(index, "what does she teach").closest?.text).toContain("Tom Reed");
  });

  it("leaves a question with words of its own alone, and carries the subject through a chain", () => {
    const first = answerQuestion(index, "how many singers in 1999");
    const own = answerQuestion(index, "when does the choir rehearse", { previous: first.context });
    expect(own.followUp).toBeNull();
    expect(own.answer?.highlight).toBe("Tuesdays");
    // "and in 2000?" then "and in 1999?": the second follows what the first was read as.
    const second = answerQuestion(index, "and in 2000?", { previous: first.context });
    const third = answerQuestion(index, "and in 1999?", { previous: second.context });
    expect(third.answer?.highlight).toBe("40 singers");
    expect(third.followUp).toBe("how many singers in 1999");
  });

  it("reads a question of common words as new, however it starts, but a bare cue as a follow-up", () => {
    const first = answerQuestion(index, "how many singers in 1999");
    // Eight words, none of them a term: a question of its own, not "how many singers" again.
    const own = answerQuestion(index, "wat % do i need to get an A", { previous: first.context });
    expect(own.followUp).toBeNull();
    expect(own.tier).not.toBe("answer");
    const cue = answerQuestion(index, "when?", {
      previous: answerQuestion(index, "who founded the choir").context,
    });
    expect(cue.followUp).toBe("who founded the choir");
    expect(cue.answer?.highlight ?? cue.closest?.highlight).toBe("1985");
  });

  it("forgets after a while, and keeps people and channels apart", () => {
    let now = 0;
    const conversations = createConversations(() => now);
    const context = answerQuestion(index, "how many singers in 1999").context;
    if (!context) throw new Error("no context");
    const ana = conversationKey({ platform: "slack", channel: "C1", user: { id: "U1" } });
    conversations.remember(ana, context);
    expect(conversations.previous(ana)).toBe(context);
    expect(
      conversations.previous(conversationKey({ platform: "slack", channel: "C1", user: { id: "U2" } })),
    ).toBeNull();
    expect(
      conversations.previous(conversationKey({ platform: "slack", channel: "C2", user: { id: "U1" } })),
    ).toBeNull();
    now += FOLLOW_UP_MINUTES * 60_000;
    expect(conversations.previous(ana)).toBeNull();
  });

  it("keeps at most so many people, forgetting whoever asked longest ago", () => {
    const conversations = createConversations(() => 0, 2);
    const context = answerQuestion(index, "how many singers in 1999").context;
    if (!context) throw new Error("no context");
    for (const id of ["a", "b", "c"]) conversations.remember(id, context);
    expect(conversations.previous("a")).toBeNull();
    expect(conversations.previous("c")).toBe(context);
  });

  it("follows up in a chat: the same person in the same channel, with the question it was read after", async () => {
    const ctx: AppServices = {
      index,
      logger: silentLogger,
      commandName: "choir",
      conversations: createConversations(Date.now),
    };
    const app = appFor(ctx);
    const ask = (user: string, text: string) => app.text({ user, platform: "test", channel: "C1" }, text);
    await ask("U1", "how many singers were there in 1999");
    const next = await ask("U1", "and in 2000?");
    expect(next).toMatchObject({
      kind: "answer",
      title: "and in 2000? (after: how many singers were there in 1999)",
      followUp: "how many singers were there in 1999",
    });
    expect(next).toMatchObject({ main: { highlight: "55 singers" } });
    const other = await ask("U2", "and in 2000?");
    expect(other.followUp).toBeUndefined();
  });
});
