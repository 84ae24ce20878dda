import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Learning } from "../src/app/learning";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { classReportCounts } from "../src/store/class-report";
import { sqlLearningBackend } from "../src/store/learning-backend";
import type { OpenedStore } from "../src/store/open";
import { sqlBackend } from "../src/store/sql-backend";
import { teacherDb } from "../src/store/teacher-schema";
import { type TeacherStore, teacherStore } from "../src/store/teacher-store";
import { createWebApp } from "../src/web/app";
import { channelOf, makeSignInLink } from "../src/web/sign-in";
import { classLabel } from "../src/web/teacher-page";
import { silentLogger } from "./helpers/corpus";
import { memoryStore } from "./helpers/storage";

/**
 * Teaching from the teacher's page (over HTTP, Hono's own request function): teach an unanswered
 * question one of its closest passages, reject a learned link, the Try box answering with what the
 * class taught; only in the session's class, only with its CSRF token, each change audited.
 */

const ORIGIN = "http://teacher.test";
const GARDEN = "test/eval/corpora/community-garden";
const ASKED = "who gets the veg";
const FOOD_BANK = "riverside-garden#1.0";
const SEEDS = "who pays for the seeds";

let opened: OpenedStore;
let store: TeacherStore;
let learning: Learning;
let index: CorpusIndex;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  opened = await memoryStore();
  store = teacherStore(teacherDb(opened.db));
  ({ index } = await loadCorpus(GARDEN));
  learning = new Learning({
    backend: sqlLearningBackend(opened.db),
    userHash: (p, u) => `hash(${p}:${u})`,
    logger: silentLogger,
  });
  await learning.ready;
  // Students of two classes asked what the garden page does not answer for sure.
  const asked = (channel: string, n: number, question = ASKED) => ({
    id: randomUUID(),
    askedAt: new Date(),
    platform: "slack",
    workspace: "T1",
    channel,
    userHash: `student-${n}`,
    question,
    tier: "closest" as const,
    confidence: 0.3,
    factId: null,
    documents: null,
  });
  await sqlBackend(opened.db).insertQuestions([
    asked("C-T", 1, SEEDS),
    asked("C-T", 2, SEEDS),
    asked("C-T", 3),
    asked("C-U", 4, SEEDS),
  ]);
  app = createWebApp({
    store,
    publicUrl: `${ORIGIN}/`,
    commandName: "campaign",
    maxDocumentMb: 20,
    classIndex: () => index,
    baseIndex: () => index,
    refresh: async () => {},
    reportCounts: (k, from, until) => classReportCounts(opened.db, channelOf(k), from, until),
    classLabel,
    learning,
    logger: silentLogger,
  });
}, 60_000);
afterAll(() => opened?.close());

let clients = 0;
async function signedIn(channel: string): Promise<{ cookie: string; csrf: string }> {
  const { url } = await makeSignInLink(
    store,
    ORIGIN,
    { platform: "slack", workspace: "T1", channel, userHash: `teacher-of-${channel}` },
    Date.now(),
  );
  const res = await post("/sign-in", { link: url.split("/sign-in/")[1] as string }, "");
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const page = await get(`/class/${channel}/report`, cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
  return { cookie, csrf };
}

function post(path: string, fields: Record<string, string>, cookie: string) {
  return app.request(
    path,
    { method: "POST", body: new URLSearchParams(fields), headers: { cookie, origin: ORIGIN } },
    { incoming: { socket: { remoteAddress: `client-${++clients}` } } },
  );
}
const get = async (path: string, cookie: string) => (await app.request(path, { headers: { cookie } })).text();

const tried = async (channel: string, who: { cookie: string; csrf: string }, q = `${ASKED}?`) =>
  (await post(`/class/${channel}/try`, { _csrf: who.csrf, q }, who.cookie)).text();
const CONFIDENT = "Answered: the bot is confident";

describe("teaching from the teacher's page", { timeout: 60_000 }, () => {
  it("teaches an unanswered question one of its closest passages; the Try box then answers it, in that class only", async () => {
    const t = await signedIn("C-T");
    const u = await signedIn("C-U");
    const fee = index.facts.find((f) => f.text.startsWith("Plot holders pay"))?.id as string;
    const page = await get("/class/C-T/report", t.cookie);
    // The question, its closest passages, and a form per passage that teaches it.
    expect(page).toContain(SEEDS);
    expect(page).toContain("<blockquote>Plot holders pay a yearly fee of £30");
    expect(page).toContain(`name="factId" value="${fee}"`);
    expect(page).toMatch(/action="\/class\/C-T\/teach"/);
    expect(await tried("C-T", t, `${SEEDS}?`)).not.toContain(CONFIDENT);

    const taught = await post("/class/C-T/teach", { _csrf: t.csrf, question: SEEDS, factId: fee }, t.cookie);
    expect(taught.status).toBe(303);
    const link = learning.links("C-T")[0];
    expect(link).toMatchObject({ question: SEEDS, factId: fee, source: "teacher", trusted: true });
    expect(taught.headers.get("location")).toBe(`/class/C-T/report?taught=${link?.id}#learned`);
    const after = await get(`/class/C-T/report?taught=${link?.id}`, t.cookie);
    expect(after).toContain(`Taught: “${SEEDS}” now leads to “Plot holders pay`);
    expect(after).toContain(`action="/class/C-T/links/${link?.id}/reject"`);
    expect(after).toMatch(
      /Taught <strong>“who pays for the seeds” → Plot holders pay[^<]*<\/strong>, by\s*you/,
    );

    const answered = await tried("C-T", t, `${SEEDS}?`);
    expect(answered).toContain(CONFIDENT);
    expect(answered).toContain("Plot holders pay");
    expect(await tried("C-U", u, `${SEEDS}?`)).not.toContain(CONFIDENT);
    expect(learning.links("C-U")).toEqual([]);
  });

  it("teaches a question whose passage is not among the closest, by a quote of it", async () => {
    const t = await signedIn("C-T");
    const page = await get("/class/C-T/report", t.cookie);
    expect(page).toContain(ASKED);
    expect(page).not.toContain(`value="${FOOD_BANK}"`);
    expect(await tried("C-T", t)).not.toContain(CONFIDENT);
    const none = await post(
      "/class/C-T/teach",
      { _csrf: t.csrf, question: ASKED, quote: "free ice cream" },
      t.cookie,
    );
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Nothing was taught: &quot;free ice cream&quot; is in no passage");
    const taught = await post(
      "/class/C-T/teach",
      { _csrf: t.csrf, question: ASKED, quote: "Millbrook food bank" },
      t.cookie,
    );
    expect(taught.status).toBe(303);
    expect(await tried("C-T", t)).toContain(CONFIDENT);
  });

  it("rejects a learned link: its question no longer leads there, and the audit says who", async () => {
    const t = await signedIn("C-R");
    await post("/class/C-R/teach", { _csrf: t.csrf, question: ASKED, factId: FOOD_BANK }, t.cookie);
    const id = learning.links("C-R")[0]?.id as string;
    expect(await tried("C-R", t)).toContain(CONFIDENT);
    const rejected = await post(`/class/C-R/links/${id}/reject`, { _csrf: t.csrf }, t.cookie);
    expect(rejected.status).toBe(303);
    expect(rejected.headers.get("location")).toBe(`/class/C-R/report?rejected=${id}#learned`);
    expect(learning.links("C-R")).toEqual([]);
    expect(await tried("C-R", t)).not.toContain(CONFIDENT);
    expect((await store.audit("C-R")).map((a) => [a.action, a.userHash])).toEqual([
      ["reject", "teacher-of-C-R"],
      ["teach", "teacher-of-C-R"],
    ]);
  });

  it("a teacher of another class can neither teach nor reject this class's links (403, or 404 by id)", async () => {
    const a = await signedIn("C-A");
    const b = await signedIn("C-B");
    await post("/class/C-A/teach", { _csrf: a.csrf, question: ASKED, factId: FOOD_BANK }, a.cookie);
    const id = learning.links("C-A")[0]?.id as string;
    expect(id).toBeTruthy();
    expect(
      (await post("/class/C-A/teach", { _csrf: b.csrf, question: "any bees", factId: FOOD_BANK }, b.cookie))
        .status,
    ).toBe(403);
    expect((await post(`/class/C-A/links/${id}/reject`, { _csrf: b.csrf }, b.cookie)).status).toBe(403);
    // Class A's link id, in class B's own pages: not found there.
    expect((await post(`/class/C-B/links/${id}/reject`, { _csrf: b.csrf }, b.cookie)).status).toBe(404);
    expect(learning.links("C-A").map((l) => l.id)).toEqual([id]);
    expect(learning.links("C-B")).toEqual([]);
    expect(await store.audit("C-A")).toHaveLength(1);
  });

  it("refuses a teach or a reject without the session's CSRF token, and changes nothing", async () => {
    const c = await signedIn("C-CSRF");
    const noToken = await post("/class/C-CSRF/teach", { question: ASKED, factId: FOOD_BANK }, c.cookie);
    expect(noToken.status).toBe(403);
    const wrong = await post(
      "/class/C-CSRF/teach",
      { _csrf: "wrong", question: ASKED, factId: FOOD_BANK },
      c.cookie,
    );
    expect(wrong.status).toBe(403);
    expect(learning.links("C-CSRF")).toEqual([]);
    await post("/class/C-CSRF/teach", { _csrf: c.csrf, question: ASKED, factId: FOOD_BANK }, c.cookie);
    const id = learning.links("C-CSRF")[0]?.id as string;
    expect((await post(`/class/C-CSRF/links/${id}/reject`, {}, c.cookie)).status).toBe(403);
    expect(learning.links("C-CSRF").map((l) => l.id)).toEqual([id]);
  });

  it("says why a passage cannot be taught (not in the class's documents), and changes nothing", async () => {
    const c = await signedIn("C-GONE");
    const res = await post(
      "/class/C-GONE/teach",
      { _csrf: c.csrf, question: ASKED, factId: "no-such#9.9" },
      c.cookie,
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Nothing was taught: no passage no-such#9.9 in this class");
    expect(learning.links("C-GONE")).toEqual([]);
  });
});
