import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { Learning } from "../src/app/learning";
import type { CorpusIndex } from "../src/core/corpus-index";
import type { Fact } from "../src/core/facts";
import { loadCorpus } from "../src/core/load";
import { buildReport, type TeacherReport } from "../src/report/build";
import { reportHtml } from "../src/report/html";
import { type LearnedReport, learnedReport } from "../src/report/learned";
import { learnedHtml } from "../src/report/learned-html";
import { loadLearned } from "../src/report/learned-load";
import { closestLines, learnedChatSections, learnedSections } from "../src/report/learned-text";
import { findQuoted, uniqueQuote } from "../src/report/passage-quote";
import { reportText } from "../src/report/text";
import { type LearningBackend, memoryLearningBackend } from "../src/store/learning-backend";
import { memoryBackend } from "../src/store/memory-backend";
import { quietChat } from "./helpers/console";
import { tempCorpus } from "./helpers/corpus";
import { testStorage } from "./helpers/storage";

/**
 * The report's learning sections (chat, `npm run report`, `--html`): what the class taught with each
 * link's id to forget, links dropped with their passage, and beside each unanswered question its
 * closest passages, each with the teach that links it.
 */

const GARDEN = "test/eval/corpora/community-garden";
const ASKED = "who gets the veg";
const SEEDS = "who pays for the seeds";
const XSS = "<img src=x onerror=alert(1)>";
const NOW = Date.UTC(2026, 10, 28, 15);
const CLASS = "C1";

let index: CorpusIndex;
let backend: LearningBackend;
let learning: Learning;
let report: TeacherReport;
let learned: LearnedReport;

beforeAll(async () => {
  ({ index } = await loadCorpus(GARDEN));
  backend = memoryLearningBackend();
  learning = new Learning({
    backend,
    userHash: (p, u) => `${p}:${u}`,
    logger: pino({ level: "silent" }),
    now: () => NOW,
  });
  await learning.ready;
  const at = { platform: "slack", classKey: CLASS, index };
  await learning.teach({ ...at, userId: "T1", question: ASKED, quote: "food bank" });
  await learning.helpful({ ...at, userId: "S1", question: XSS, factId: "riverside-garden#1.2" });
  await learning.teach({ ...at, classKey: "C2", userId: "T2", question: "any bees", quote: "12 hives" });
  await backend.drop(
    CLASS,
    [{ question: "when is the fair", passage: "The fair is in June." }],
    new Date(NOW),
  );
  const row = (question: string, n: number) => ({
    id: `r${n}`,
    askedAt: new Date(NOW),
    question,
    tier: "closest" as const,
    factId: null,
    documents: null,
    good: 0,
    bad: 0,
  });
  report = buildReport([row(SEEDS, 1), row(SEEDS, 2), row(XSS, 3)], NOW);
  learned = learnedReport({
    links: learning.links(CLASS),
    dropped: (await learning.dropped(new Date(0))).filter((d) => d.classKey === CLASS),
    unanswered: report.unanswered,
    index,
  });
});

describe("the report's learning sections", () => {
  it("as text: each link with its id, who taught it and when; the drops; the closest passages beside each question", () => {
    const taught = learning.links(CLASS).find((l) => l.question === ASKED);
    const text = reportText(report, {
      beside: closestLines(learned, "/campaign "),
      sections: learnedSections(learned, "/campaign "),
    });
    expect(text).toContain("What the class taught (2; take one back with /campaign forget ID):");
    expect(text).toContain(
      `[${taught?.id}] "${ASKED}" → "Most of the harvest goes to the Millbrook food bank, which feeds around 600 families each week." — teacher, 2026-11-28`,
    );
    expect(text).toMatch(
      /"<img src=x onerror=alert\(1\)>" → ".*" — 1 student \(a suggestion until a second confirms it\)/,
    );
    // Another class's link is not this class's report.
    expect(text).not.toContain("any bees");
    expect(text).toContain('"when is the fair" → "The fair is in June." (dropped 2026-11-28)');
    // Under the unanswered question, its closest passage and the teach that links it.
    expect(text).toMatch(
      /2× who pays for the seeds \[unsure\]\n +closest: 1\. "Plot holders pay a yearly fee of £30[^\n]*\n +\/campaign teach who pays for the seeds => Plot holders pay\n/,
    );
  });

  it("each suggested teach picks the passage it is shown beside", () => {
    const passages = learned.closest.get(SEEDS) ?? [];
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) {
      const found = findQuoted(index, SEEDS, p.quote);
      expect(found.ok && found.fact.id).toBe(p.factId);
    }
  });

  it("as HTML: the same, escaped", () => {
    const html = reportHtml(report, learnedHtml(learned, "/campaign "));
    expect(html).toContain("<h2>What the class taught</h2>");
    expect(html).toContain(`<code>${learning.links(CLASS).find((l) => l.question === ASKED)?.id}</code>`);
    expect(html).toContain("<td>teacher</td>");
    expect(html).toContain("<h2>Learned links dropped</h2>");
    expect(html).toContain("<td>when is the fair</td>");
    expect(html).toContain("<code>/campaign teach who pays for the seeds =&gt; Plot holders pay</code>");
    expect(html).not.toContain(XSS);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("from the store outside the bot (npm run report): one class, or every class with its name", async () => {
    const one = await loadLearned(backend, NOW, { classKey: "C2", unanswered: [], index: null });
    expect(one.links.map((l) => l.question)).toEqual(["any bees"]);
    expect(one.dropped).toEqual([]);
    const all = await loadLearned(backend, NOW, { unanswered: report.unanswered, index });
    expect(all.totalLinks).toBe(3);
    const text = learnedSections(all, "/campaign ")[0]?.lines.join("\n") ?? "";
    expect(text).toMatch(/\] \(class C2\) "any bees"/);
    expect(all.closest.get(SEEDS)?.[0]?.text).toMatch(/^Plot holders pay/);
  });

  it("in the chat's report: the terminal's class, what it was taught and its closest passages", async () => {
    const storage = testStorage(memoryBackend());
    const chatBackend = memoryLearningBackend();
    await chatBackend.drop(
      "terminal",
      [{ question: "when is the fair", passage: "The fair is in June." }],
      new Date(),
    );
    await chatBackend.drop(
      "C9",
      [{ question: "where is the shed", passage: "The shed is by the gate." }],
      new Date(),
    );
    const chatLearning = new Learning({
      backend: chatBackend,
      userHash: (p, u) => `${p}:${u}`,
      logger: pino({ level: "silent" }),
    });
    const chat = quietChat({
      index,
      logger: pino({ level: "silent" }),
      commandName: "campaign",
      questionLog: storage.questionLog,
      storage,
      learning: chatLearning,
    });
    const taught = await chat.say(`teach ${ASKED} => food bank`);
    const id = /forget ([0-9a-f]{10})/.exec(taught)?.[1];
    await chat.say(SEEDS);
    await storage.questionLog.flush();
    const text = await chat.say("report");
    expect(text).toContain("What the class taught (1; take one back with forget ID)");
    expect(text).toContain(`[${id}] "${ASKED}" → "Most of the harvest`);
    expect(text).toContain(`teach ${SEEDS} => Plot holders pay`);
    // Drops of this class only.
    expect(text).toContain('"when is the fair" → "The fair is in June."');
    expect(text).not.toContain("where is the shed");
  });

  it("in a chat reply, fewer of each (Discord bounds a reply to 6,000 characters)", () => {
    const link = learning.links(CLASS)[0] as LearnedReport["links"][number];
    const many: LearnedReport = {
      ...learned,
      links: Array.from({ length: 30 }, (_, i) => ({ ...link, id: `id${i}` })),
      totalLinks: 40,
      closest: new Map(
        Array.from({ length: 10 }, (_, i) => [`question ${i}`, learned.closest.get(SEEDS) ?? []]),
      ),
    };
    const [teach, links] = learnedChatSections(many, "/campaign ");
    expect(teach?.lines).toHaveLength(6);
    expect(teach?.lines[0]).toMatch(
      /^\/campaign teach question 0 => Plot holders pay {2}← "Plot holders pay/,
    );
    expect(links?.lines).toHaveLength(6);
    expect(links?.lines[5]).toBe("… and 35 older: the teacher's page and npm run report list them all");
  });

  it("suggests the fewest leading words no other passage holds", async () => {
    const dir = tempCorpus({
      "fees.md":
        "# Fees\n\nThe yearly fee is £30 for each plot.\n\nThe yearly fee is waived for pupils of local schools.\n",
    });
    const { index: fees } = await loadCorpus(dir);
    const [paid, waived] = [...fees.facts].sort((a, b) => a.text.localeCompare(b.text));
    expect(uniqueQuote(fees, paid as Fact)).toBe("The yearly fee is £30");
    expect(uniqueQuote(fees, waived as Fact)).toBe("The yearly fee is waived");
    const found = findQuoted(fees, "how much is the fee", uniqueQuote(fees, waived as Fact));
    expect(found.ok && found.fact.id).toBe(waived?.id);
  });
});
