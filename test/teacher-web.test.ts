import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/core/answer";
import type { CorpusIndex } from "../src/core/corpus-index";
import { loadCorpus } from "../src/core/load";
import { classReportCounts } from "../src/store/class-report";
import type { OpenedStore } from "../src/store/open";
import { teacherDb } from "../src/store/teacher-schema";
import { type TeacherStore, teacherStore } from "../src/store/teacher-store";
import { createWebApp, SIGN_IN_ATTEMPTS } from "../src/web/app";
import { ClassLibrary, withClassUploads } from "../src/web/class-library";
import { readUpload } from "../src/web/read-upload";
import { channelOf, classKeyOf, makeSignInLink } from "../src/web/sign-in";
import { classLabel } from "../src/web/teacher-page";
import { silentLogger } from "./helpers/corpus";
import { memoryStore } from "./helpers/storage";

/**
 * The teacher's page over HTTP (Hono's own request function, no browser): sign-in, the class check
 * on every request, CSRF, uploads into the class's index, escaping and the security headers.
 */

const ORIGIN = "http://teacher.test";
const pdf = readFileSync("test/fixtures/handout-pdf/microscope-handout.pdf");
const docx = readFileSync("test/fixtures/syllabus-docx/bio101-syllabus.docx");
const XSS = "<img src=x onerror=alert(1)>";

let opened: OpenedStore;
let store: TeacherStore;
let library: ClassLibrary;
let app: ReturnType<typeof createWebApp>;
let scope: (channel: string | undefined) => CorpusIndex | null;

beforeAll(async () => {
  opened = await memoryStore();
  store = teacherStore(teacherDb(opened.db));
  const base = await loadCorpus("data");
  library = new ClassLibrary(store, async (n, b) => (await readUpload(n, b, 20)).document, silentLogger);
  scope = withClassUploads(
    library,
    () => base.index,
    () => base.documents,
    classKeyOf,
  );
  app = createWebApp({
    store,
    publicUrl: `${ORIGIN}/`,
    commandName: "campaign",
    maxDocumentMb: 20,
    classIndex: (k) => scope(channelOf(k) ?? undefined),
    baseIndex: () => base.index,
    refresh: () => library.refresh(),
    reportCounts: (k, from, until) => classReportCounts(opened.db, channelOf(k), from, until),
    classLabel,
    logger: process.env.DEBUG_WEB ? (await import("pino")).default() : silentLogger,
  });
}, 60_000);
afterAll(() => opened?.close());

async function signedIn(channel: string): Promise<{ cookie: string; csrf: string }> {
  const { url } = await makeSignInLink(
    store,
    ORIGIN,
    { platform: "slack", workspace: "T1", channel, userHash: `teacher-of-${channel}` },
    Date.now(),
  );
  const res = await post(
    "/sign-in",
    new URLSearchParams({ link: url.split("/sign-in/")[1] as string }),
    "",
    ORIGIN,
    `client-${++clients}`,
  );
  expect(res.status).toBe(303);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const page = await (await app.request(`/class/${channel}/documents`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
  return { cookie, csrf };
}

// Each sign-in as if from its own client address, so the per-address attempt limit is not shared.
let clients = 0;
const fromClient = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

function post(
  path: string,
  body: URLSearchParams | FormData,
  cookie = "",
  origin = ORIGIN,
  client = "client-0",
) {
  return app.request(path, { method: "POST", body, headers: { cookie, origin } }, fromClient(client));
}

function files(csrf: string | null, ...list: Array<[string, Buffer | string]>): FormData {
  const form = new FormData();
  if (csrf !== null) form.set("_csrf", csrf);
  for (const [name, bytes] of list) form.append("files", new File([bytes], name));
  return form;
}

describe("the teacher's page", { timeout: 60_000 }, () => {
  it("shows a link's button without using it up, then signs in once with a session cookie", async () => {
    const { url } = await makeSignInLink(
      store,
      ORIGIN,
      { platform: "slack", channel: "C-SIGN", userHash: "t" },
      Date.now(),
    );
    const path = new URL(url).pathname;
    const confirm = await app.request(path);
    expect(await confirm.text()).toContain("Open my class&#39;s page");
    const secret = path.split("/").pop() as string;
    const first = await post("/sign-in", new URLSearchParams({ link: secret }));
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/class/C-SIGN/documents");
    expect(first.headers.get("set-cookie")).toMatch(
      /^teacher_session=[\w-]+; Max-Age=28800; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const again = await post("/sign-in", new URLSearchParams({ link: secret }));
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("already used");
    const forged = await (await post("/sign-in", new URLSearchParams({ link: "forged" }))).text();
    expect(forged).toContain("not valid");
    expect(forged).toContain("/campaign page");
  });

  it("refuses a page without a session (401) and another class's pages and forms (403)", async () => {
    expect((await app.request("/class/C-A/documents")).status).toBe(401);
    const a = await signedIn("C-A");
    expect((await app.request("/class/C-A/documents", { headers: { cookie: a.cookie } })).status).toBe(200);
    for (const path of ["documents", "report", "try"])
      expect((await app.request(`/class/C-B/${path}`, { headers: { cookie: a.cookie } })).status).toBe(403);
    const upload = await post("/class/C-B/documents", files(a.csrf, ["s.docx", docx]), a.cookie);
    expect(upload.status).toBe(403);
    expect(await store.listDocuments("C-B")).toEqual([]);
  });

  it("refuses a POST without the session's CSRF token, or from another origin, and changes nothing", async () => {
    const a = await signedIn("C-CSRF");
    expect((await post("/class/C-CSRF/documents", files(null, ["s.docx", docx]), a.cookie)).status).toBe(403);
    expect((await post("/class/C-CSRF/documents", files("wrong", ["s.docx", docx]), a.cookie)).status).toBe(
      403,
    );
    const elsewhere = await post(
      "/class/C-CSRF/documents",
      files(a.csrf, ["s.docx", docx]),
      a.cookie,
      "https://evil.test",
    );
    expect(elsewhere.status).toBe(403);
    expect(await store.listDocuments("C-CSRF")).toEqual([]);
  });

  it("uploads a PDF and a Word file at once into the class's answers, and removes one", async () => {
    const a = await signedIn("C-UP");
    const question = "who is the teaching assistant?";
    expect(answerQuestion(scope("C-UP") as CorpusIndex, question).answer?.text ?? "").not.toContain(
      "Lindqvist",
    );
    const res = await post(
      "/class/C-UP/documents",
      files(a.csrf, ["handout.pdf", pdf], ["syllabus.docx", docx]),
      a.cookie,
    );
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<strong>handout.pdf</strong> added");
    expect(page).toContain("<strong>syllabus.docx</strong> added");
    const listed = await store.listDocuments("C-UP");
    expect(listed.map((d) => [d.fileName, d.format])).toEqual([
      ["handout.pdf", "pdf"],
      ["syllabus.docx", "docx"],
    ]);
    expect(answerQuestion(scope("C-UP") as CorpusIndex, question).answer?.text).toContain("Lindqvist");
    // Other classes still answer from the folder alone.
    expect(answerQuestion(scope("C-OTHER") as CorpusIndex, question).answer?.text ?? "").not.toContain(
      "Lindqvist",
    );

    const id = listed.find((d) => d.fileName === "syllabus.docx")?.id as string;
    const removed = await post(
      `/class/C-UP/documents/${id}/remove`,
      new URLSearchParams({ _csrf: a.csrf }),
      a.cookie,
    );
    expect(removed.status).toBe(303);
    expect(answerQuestion(scope("C-UP") as CorpusIndex, question).answer?.text ?? "").not.toContain(
      "Lindqvist",
    );
    expect((await store.audit("C-UP")).map((e) => e.action)).toEqual(["remove", "upload", "upload"]);
  });

  it("replaces a document with a new version, under its new name, and audits it", async () => {
    const a = await signedIn("C-REPL");
    await post(
      "/class/C-REPL/documents",
      files(a.csrf, ["notes.md", "# Notes\n\nThe quiz is on Monday."]),
      a.cookie,
    );
    const [old] = await store.listDocuments("C-REPL");
    const res = await post(
      `/class/C-REPL/documents/${old?.id}/replace`,
      files(a.csrf, ["notes-v2.md", "# Notes\n\nThe quiz moved to Wednesday. Bring a pencil."]),
      a.cookie,
    );
    expect(await res.text()).toContain("<strong>notes-v2.md</strong> replaced");
    expect((await store.listDocuments("C-REPL")).map((d) => d.fileName)).toEqual(["notes-v2.md"]);
    expect(answerQuestion(scope("C-REPL") as CorpusIndex, "when is the quiz?").answer?.text ?? "").toContain(
      "Wednesday",
    );
    expect((await store.audit("C-REPL")).map((e) => [e.action, e.detail])).toEqual([
      ["remove", "notes.md"],
      ["upload", "notes-v2.md"],
      ["upload", "notes.md"],
    ]);
    // Another class's document id is not found in this class, and stays.
    const [current] = await store.listDocuments("C-REPL");
    const b = await signedIn("C-REPL-B");
    const cross = await post(
      `/class/C-REPL-B/documents/${current?.id}/replace`,
      files(b.csrf, ["x.md", "# X\n\nY."]),
      b.cookie,
    );
    expect(cross.status).toBe(404);
    expect((await store.listDocuments("C-REPL")).map((d) => d.fileName)).toEqual(["notes-v2.md"]);
  });

  it("refuses a file the readers cannot use, or whose content is not what its name says, and changes nothing", async () => {
    const a = await signedIn("C-BAD");
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const res = await post(
      "/class/C-BAD/documents",
      files(a.csrf, ["photo.png", png], ["notes.pdf", "just some text, not a PDF"], ["empty.txt", ""]),
      a.cookie,
    );
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain("<strong>photo.png</strong> was not added: is not a document the bot reads");
    expect(page).toContain(
      "<strong>notes.pdf</strong> was not added: is called .pdf but its content is text",
    );
    expect(await store.listDocuments("C-BAD")).toEqual([]);
    expect((await store.versions()).has("C-BAD")).toBe(false);
  });

  it("shows what users wrote as text: a question and a file name that are HTML", async () => {
    const a = await signedIn("C-XSS");
    const upload = await post(
      "/class/C-XSS/documents",
      files(a.csrf, [`${XSS}.md`, "# Notes\n\nThe field trip is on Friday the 12th at the museum."]),
      a.cookie,
    );
    const page = await upload.text();
    expect(page).not.toContain(XSS);
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;.md");
    const tried = await (
      await post("/class/C-XSS/try", new URLSearchParams({ _csrf: a.csrf, q: XSS }), a.cookie)
    ).text();
    expect(tried).not.toContain(XSS);
    expect(tried).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  // That a tried question is not logged is checked where a question log runs: the browser test.
  it("answers a tried question with its tier, passages and confidence", async () => {
    const a = await signedIn("C-TRY");
    const res = await post(
      "/class/C-TRY/try",
      new URLSearchParams({ _csrf: a.csrf, q: "how many women were trained?" }),
      a.cookie,
    );
    const page = await res.text();
    expect(page).toMatch(/Answered: the bot is confident|Closest passage/);
    expect(page).toMatch(/Confidence: \d+%/);
    expect(page).toContain("<blockquote>");
  });

  it("limits sign-in attempts from one address", async () => {
    const attempt = () => post("/sign-in", new URLSearchParams({ link: "guess" }), "", ORIGIN, "guesser");
    for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) expect((await attempt()).status).toBe(403);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Too many sign-in attempts");
    expect(
      (await post("/sign-in", new URLSearchParams({ link: "guess" }), "", ORIGIN, "someone-else")).status,
    ).toBe(403);
  });

  it("signs out: the session ends on the server, not only in the browser", async () => {
    const a = await signedIn("C-OUT");
    expect((await post("/sign-out", new URLSearchParams({ _csrf: a.csrf }), a.cookie)).status).toBe(200);
    expect((await app.request("/class/C-OUT/documents", { headers: { cookie: a.cookie } })).status).toBe(401);
  });

  it("sends a Content-Security-Policy without inline scripts, and no caching", async () => {
    const res = await app.request("/sign-in/anything");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\son[a-z]+="/);
  });
});
